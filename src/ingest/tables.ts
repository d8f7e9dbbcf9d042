// Tables (issue 17): Parquet (an Athena CTAS or UNLOAD of the CloudTrail table, a data lake's copy
// with CloudTrail's columns) and CSV with CloudTrail's columns (Athena's "Download results", a
// CloudTrail Lake export), read through DuckDB's own readers, row by row in file order. Each row
// becomes JSON (DuckDB's to_json) and is unwrapped like any other value (shapes.ts: columns in
// lower case, JSON-carrying fields as text). The same function reads a kept file back, so a
// record's index is its row number at ingest and when it is shown.
//
// A DuckDB of its own, in memory, one thread: the store may be in the middle of a load's
// transaction, and reads of kept files happen beside the store's own queries. Reads take turns.

import { constants as bufferConstants } from 'node:buffer';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckdb } from '../store/duckdb.js';
import { EXIT, UserError } from '../errors.js';
import { isGzip } from '../store/evidence.js';
import { terminalSafe } from '../text/sanitize.js';
import { restoreTimes } from './athena-records.js';
import { formatBytes, scanJson, type JsonLimits } from './json-scan.js';
import type { ParseProblem, StagedRecord } from './normalize.js';
import { unwrapSafely } from './normalize.js';
import type { Wrapper } from './shapes.js';

const MAGIC = 'PAR1';

export type TableKind = 'parquet' | 'csv';

/** A Parquet file starts and ends with PAR1. */
export function isParquet(bytes: Buffer): boolean {
  return bytes.length >= 12 && bytes.toString('latin1', 0, 4) === MAGIC && bytes.toString('latin1', bytes.length - 4) === MAGIC;
}

/** CSV whose header names CloudTrail's columns: eventID and eventName, eventSource or eventTime. */
export function isCloudTrailCsv(head: Buffer): boolean {
  // JSON, however its first line reads (and most files are: told from one byte, not 64 KB of text).
  const first = head.subarray(0, 64).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (first.startsWith('{') || first.startsWith('[') || first === '') return false;
  const text = head.subarray(0, 64 * 1024).toString('utf8').replace(/^\uFEFF/, '');
  const end = text.indexOf('\n');
  if (end === -1 && text.length >= 64 * 1024) return false;
  const names = new Set((end === -1 ? text : text.slice(0, end)).split(',').map((n) => n.trim().replace(/^"|"$/g, '').toLowerCase()));
  return names.size > 1 && names.has('eventid') && (names.has('eventname') || names.has('eventsource') || names.has('eventtime'));
}

/** Which table a file's (decompressed) content is, if one. */
export function tableOf(content: Buffer): TableKind | undefined {
  if (isParquet(content)) return 'parquet';
  return isCloudTrailCsv(content) ? 'csv' : undefined;
}

/**
 * A table (Parquet, or CSV of CloudTrail's columns), gzipped or not (kept copies are gzipped), and
 * its content, if the file is one. A gzip is looked into a little first: only a table is
 * decompressed whole, bounded by `limits` as any file is; one past them is no table here (the JSON
 * reader then says what it is).
 */
export function tableIn(bytes: Buffer, limits: JsonLimits): { kind: TableKind; content: Buffer } | undefined {
  const plain = tableOf(bytes);
  if (plain) return { kind: plain, content: bytes };
  if (!isGzip(bytes)) return undefined;
  try {
    const peek = gunzipStart(bytes, 1024);
    const start = peek.subarray(0, 64).toString('latin1').trimStart();
    if (start.startsWith('{') || start.startsWith('[')) return undefined;
    const parquet = peek.subarray(0, 4).toString('latin1') === MAGIC;
    if (!parquet && !isCloudTrailCsv(gunzipStart(bytes, 64 * 1024))) return undefined;
    const whole = gunzipSync(bytes, { maxOutputLength: Math.min(limits.fileBytes, bufferConstants.MAX_LENGTH) });
    const kind = tableOf(whole);
    return kind ? { kind, content: whole } : undefined;
  } catch {
    return undefined;
  }
}

/** What the first `compressed` bytes of a gzip decompress to (flushed, not finished: a start is enough to look at). Throws on a damaged gzip. */
export function gunzipStart(bytes: Buffer, compressed: number): Buffer {
  return gunzipSync(bytes.subarray(0, compressed), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
}

/** The statement reading a table's rows in file order, as (i, j): row number and row as JSON. */
const READ_ROWS: Record<TableKind, string> = {
  // No ORDER BY: one thread keeps the file's order, and sorting would hold every row in memory at once.
  parquet: 'SELECT file_row_number AS i, to_json(p)::VARCHAR AS j FROM read_parquet($file, file_row_number = true) p',
  // One thread and insertion order kept: rows come in file order. Every value as text, as CSV has it.
  csv: 'SELECT (row_number() OVER ()) - 1 AS i, to_json(p)::VARCHAR AS j FROM read_csv($file, header = true, all_varchar = true) p',
};

let reader: Promise<DuckDBConnection> | undefined;
let turn: Promise<unknown> = Promise.resolve();

async function connection(): Promise<DuckDBConnection> {
  reader ??= (async () => {
    const instance = await duckdb.DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '512MB' });
    return instance.connect();
  })();
  return reader;
}

/** What reading a table gave. */
export interface TableRead {
  records: number;
  problems: ParseProblem[];
  wrappers: Wrapper[];
  timeFrom?: { field: string; records: number };
  approximate: number;
}

/**
 * Reads each row of a Parquet file (its bytes: kept copies are stored gzipped, which DuckDB's
 * reader does not read, so they are written to a temporary file for it) as a record, calling
 * `onRecord` in file order; rows that are not CloudTrail are problems. Throws when DuckDB cannot
 * read the file.
 */
export function readTable(content: Buffer, kind: TableKind, limits: JsonLimits, onRecord: (record: StagedRecord) => void | Promise<void>): Promise<TableRead> {
  const run = turn.then(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'trail-trace-table-'));
    const file = path.join(dir, `file.${kind}`);
    try {
      await writeFile(file, content);
      return await readRows(file, kind, limits, onRecord);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  turn = run.catch(() => undefined);
  return run;
}

async function readRows(file: string, kind: TableKind, limits: JsonLimits, onRecord: (record: StagedRecord) => void | Promise<void>): Promise<TableRead> {
  const conn = await connection();
  const out: TableRead = { records: 0, problems: [], wrappers: [], approximate: 0 };
  const wrappers = new Set<Wrapper>();
  let produced = 0;
  const finish = () => {
    out.wrappers = [...wrappers];
    return out;
  };
  // The path is a parameter, never text in the statement.
  const result = await conn.stream(READ_ROWS[kind], { file });
  for await (const rows of result.yieldRowObjectJs()) {
    for (const row of rows) {
      const index = Number(row.i);
      const text = String(row.j);
      // A small file can hold a great deal (a Parquet file of repeated values): bounded as a file's
      // decompressed size is, the rest not read.
      produced += text.length;
      if (produced > limits.fileBytes) {
        out.problems.push({ kind: 'file-too-large', detail: `its rows come to more than ${formatBytes(limits.fileBytes)} as JSON: the rest not read` });
        return finish();
      }
      // Bounded like any record before it is parsed: DuckDB made the JSON, the file's author its content.
      const scan = scanJson(Buffer.from(text, 'utf8'), 'values', limits);
      const limit = scan.fileProblems[0] ?? scan.records.find((r) => r.problem)?.problem;
      if (limit) {
        out.problems.push({ kind: limit.kind, index, detail: `row ${index}: ${limit.detail}` });
        continue;
      }
      // Typed copies print times as SQL does (a TIMESTAMP column): CloudTrail's spelling is put back.
      const value = restoreTimes(JSON.parse(text) as Record<string, unknown>);
      delete value.file_row_number;
      const found = unwrapSafely(value, undefined, limits);
      for (const w of found.via) wrappers.add(w);
      if (!found.ok) {
        out.problems.push({ kind: found.kind, index, detail: `row ${index}: ${found.detail}` });
        continue;
      }
      if (found.timeFrom) out.timeFrom = { field: out.timeFrom?.field ?? found.timeFrom, records: (out.timeFrom?.records ?? 0) + 1 };
      if (found.approximate) out.approximate += 1;
      out.records += 1;
      await onRecord({ index, json: found.json });
    }
  }
  return finish();
}

export const TABLE_TEXT: Record<TableKind, string> = { parquet: 'a Parquet file', csv: 'a CSV file' };

/** How a table was read, once per file for the summary. */
export function howTableRead(kind: TableKind, read: TableRead): string {
  const n = (k: number) => `${k.toLocaleString('en-US')} record${k === 1 ? '' : 's'}`;
  const parts = [read.wrappers.includes('columns') ? `${TABLE_TEXT[kind]} of CloudTrail columns` : TABLE_TEXT[kind]];
  if (read.timeFrom) parts.push(`eventTime taken from "${read.timeFrom.field}" for ${n(read.timeFrom.records)} that had none`);
  if (read.approximate > 0) parts.push(`${n(read.approximate)} with nested fields read from text like {key=value, …}: check what matters against the source`);
  return parts.join('; ');
}

/**
 * A kept table whose rows DuckDB could not read again (a full temporary folder, memory): the
 * user's to fix, and said not to be a sign that the evidence changed when its hash still matches.
 */
export function cannotReReadTable(what: string, unchanged: boolean, err: unknown): UserError {
  const reason = ((err as Error).message ?? String(err)).split('\n')[0]!.replace(/ in file '[^']*'/, '');
  return new UserError(
    `Cannot read the rows of ${terminalSafe(what)} again: ${terminalSafe(reason)}.`,
    `${unchanged ? 'The file is unchanged (its SHA-256 matches): this is no sign the evidence changed. ' : ''}`
      + 'trail-trace copies it to the temporary folder (TMPDIR) for DuckDB to read: free space there, or memory, and run the command again.',
    EXIT.unreadable,
  );
}
