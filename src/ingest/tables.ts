// Tables (issue 17): Parquet (an Athena CTAS or UNLOAD of the CloudTrail table, a data lake's copy
// with CloudTrail's columns) and CSV with CloudTrail's columns (Athena's "Download results", a
// CloudTrail Lake export), read through DuckDB's own readers, row by row in file order. Each row
// becomes JSON (DuckDB's to_json) and is unwrapped like any other value (shapes.ts: columns in
// lower case, JSON-carrying fields as text). The same function reads a kept file back, so a
// record's index is its row number at ingest and when it is shown.
//
// A DuckDB of its own, in memory, one thread: the store may be in the middle of a load's
// transaction, and reads of kept files happen beside the store's own queries. Reads take turns.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { restoreTimes } from './athena-records.js';
import { scanJson, type JsonLimits } from './json-scan.js';
import type { ParseProblem, StagedRecord } from './normalize.js';
import { unwrap, type Wrapper } from './shapes.js';

const MAGIC = 'PAR1';

export type TableKind = 'parquet' | 'csv';

/** A Parquet file starts and ends with PAR1. */
export function isParquet(bytes: Buffer): boolean {
  return bytes.length >= 12 && bytes.toString('latin1', 0, 4) === MAGIC && bytes.toString('latin1', bytes.length - 4) === MAGIC;
}

/** CSV whose header names CloudTrail's columns: eventID and eventName, eventSource or eventTime. */
export function isCloudTrailCsv(head: Buffer): boolean {
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

/** The statement reading a table's rows in file order, as (i, j): row number and row as JSON. */
const READ_ROWS: Record<TableKind, string> = {
  parquet: 'SELECT file_row_number AS i, to_json(p)::VARCHAR AS j FROM read_parquet($file, file_row_number = true) p ORDER BY i',
  // One thread and insertion order kept: rows come in file order. Every value as text, as CSV has it.
  csv: 'SELECT (row_number() OVER ()) - 1 AS i, to_json(p)::VARCHAR AS j FROM read_csv($file, header = true, all_varchar = true) p',
};

let reader: Promise<DuckDBConnection> | undefined;
let turn: Promise<unknown> = Promise.resolve();

async function connection(): Promise<DuckDBConnection> {
  reader ??= (async () => {
    const instance = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '512MB' });
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
  // The path is a parameter, never text in the statement.
  const result = await conn.stream(READ_ROWS[kind], { file });
  for await (const rows of result.yieldRowObjectJs()) {
    for (const row of rows) {
      const index = Number(row.i);
      const text = String(row.j);
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
      const found = unwrap(value, undefined, limits);
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
  out.wrappers = [...wrappers];
  return out;
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
