// Bulk load of one batch of files in ONE transaction: the files' rows in source_files and their
// events commit together or not at all, so a killed ingest (SIGINT or SIGKILL) never leaves a
// half-loaded file, and running it again loads exactly what is missing (DESIGN.md "Store").

import { existsSync } from 'node:fs';
import { totalmem } from 'node:os';
import path from 'node:path';
import { sql, statements } from './queries.js';
import { BULK_THREADS, type Store } from './store.js';
import type { LayoutKind, LayoutRoot } from '../ingest/source.js';

/**
 * How DuckDB reads a batch: trail files ('records') or top-level arrays ('array') from their kept
 * copies; the record lines their scan wrote ('lines'); or records parsed in Node ('staged').
 */
export type BatchReader = 'records' | 'array' | 'lines' | 'staged';

export interface BatchFile {
  fileId: number;
  sha256: string;
  source: string;
  localPath: string;
  keptPath: string;
  container: string;
  bytes: number;
  /** The S3 ETag of the object the file came from. */
  etag?: string;
  /** Its decompressed size. */
  contentBytes?: number;
  /** Records parsed in Node, for the 'staged' reader. */
  staged?: { index: number; json: string }[];
  /** The file of record lines its scan wrote, for the 'lines' reader. */
  linesPath?: string;
  /**
   * Its records were read (and unwrapped) in Node, though DuckDB reads the lines they were written
   * to: source_files.read_by_duckdb is false, so that verify and traces read the file as Node did.
   */
  readInNode?: boolean;
  /** What the file looks like when it is not a trail file (normalize.ts describeFile), for the summary. */
  shape?: string;
}

export interface RecordProblemCount {
  problem: string;
  count: number;
  examples: { localPath: string; index: number; eventId: string | null }[];
}

/** One field in which two copies of an event differ, as CloudTrail names it (migration 011 copy_fields). */
export interface CopyDifference {
  field: string;
  /** Its value in the copy the store does not use, and in the one it uses (null: absent). */
  other: string | null;
  used: string | null;
}

/** A copy of an event (same eventID) that differs from the copy the store uses: where each was loaded from. */
export interface ConflictingCopy {
  eventId: string;
  source: string;
  index: number;
  usedSource: string;
  usedIndex: number;
  differences: CopyDifference[];
}

export interface BatchResult {
  /** Records that are valid CloudTrail events (with eventID and eventTime). */
  valid: number;
  /** Of those, how many were new to the store (a copy that took a stored copy's place is not). */
  inserted: number;
  problems: RecordProblemCount[];
  /** Copies that differ from the copy the store uses, brought to light by this batch: how many, the first few. */
  conflicts: { count: number; examples: ConflictingCopy[] };
  /** Files that held no CloudTrail event, with how many records they held: not stored unless keepEmpty. */
  empty: { source: string; records: number }[];
}

const MB = 1024 * 1024;
const DEFAULT_MAX_OBJECT = 16 * MB;
// DuckDB holds a whole-file JSON value many times over while it parses it (measured: a 28 MB
// trail file needs about 250 MB, 128 MB more than 820 MB, 320 MB more than 1.8 GB; a 23 MB
// top-level array, read whole then cast to a list, more than 460 MB; it varies with the records).
// A batch with such files gets a memory limit of a base plus this many times their size, for its
// load only: a ceiling, not a reservation, so generous costs nothing; too low and DuckDB refuses
// the batch, and the file is parsed in Node instead, which takes even more.
const MEMORY_BASE_MB = 128;
const MEMORY_PER_OBJECT_BYTE: Record<BatchReader, number> = { records: 16, staged: 16, array: 32, lines: 16 };
/** Never above DuckDB's own default: 80% of the machine's memory. */
const MAX_MEMORY_MB = Math.floor((totalmem() * 0.8) / MB);
const LARGEST_MAX_OBJECT = 2 ** 32 - 1;

/** DuckDB's maximum_object_size for a batch: above the largest whole-file JSON value in it. */
export function maxObjectSizeFor(decompressedBytes: number[]): number {
  const largest = Math.max(0, ...decompressedBytes);
  return Math.min(LARGEST_MAX_OBJECT, Math.max(DEFAULT_MAX_OBJECT, Math.ceil(largest * 1.05) + 1024 * 1024));
}

const SOURCE_SQL: Record<BatchReader, string> = {
  records: 'ingest/source-json-records',
  array: 'ingest/source-json-array',
  lines: 'ingest/source-json-lines',
  staged: 'ingest/source-staged',
};

/** The record's declared type (record-type.sql), as one line for a string literal. */
function recordType(): string {
  return sql('ingest/record-type').split('\n').filter((line) => !line.startsWith('--')).join(' ').replace(/\s+/g, ' ').trim();
}

/** WITH batch_records …, shaped … for the reader: the relation extract-events.sql reads. */
function sourceSql(reader: BatchReader, maxObjectSize: number): string {
  const source = sql(SOURCE_SQL[reader]);
  const shaped = reader === 'records' || reader === 'lines' ? '' : sql('ingest/shape-json-records');
  // A number computed here and a type from a query file, never user input.
  return `${source}\n${shaped}`.replaceAll('__MAX_OBJECT_SIZE__', String(Math.floor(maxObjectSize))).replaceAll('__RECORD_TYPE__', recordType());
}


/** The statement that reads a batch into the temp table `staged` (for the 'staged' reader, from staged_records; else from $paths). */
export function stagedBatchSql(reader: BatchReader, maxObjectSize: number): string {
  return `CREATE OR REPLACE TEMP TABLE staged AS ${sourceSql(reader, maxObjectSize)}\n${sql('ingest/extract-events')}`;
}

type Appender = Awaited<ReturnType<ReturnType<Store['connection']>['createAppender']>>;

/** (Re)creates the temp table `table` with `columns` and appends one row per item. */
async function stageRows<T>(store: Store, table: string, columns: string, items: Iterable<T>, append: (a: Appender, item: T) => void): Promise<void> {
  await store.run(`CREATE OR REPLACE TEMP TABLE ${table} (${columns})`);
  const appender = await store.connection().createAppender(table, 'main', 'temp');
  try {
    for (const item of items) {
      append(appender, item);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function stageNodeRecords(store: Store, files: BatchFile[]): Promise<void> {
  const records = files.flatMap((f) => (f.staged ?? []).map((r) => ({ path: f.localPath, ...r })));
  return stageRows(store, 'staged_records', 'file_path VARCHAR, record_index INTEGER, record VARCHAR', records, (a, r) => {
    a.appendVarchar(r.path);
    a.appendInteger(r.index);
    a.appendVarchar(r.json);
  });
}

function stageBatchFiles(store: Store, files: BatchFile[], reader: BatchReader): Promise<void> {
  const columns = 'file_id INTEGER, sha256 VARCHAR, source VARCHAR, kept_path VARCHAR, container VARCHAR, bytes BIGINT, local_path VARCHAR, etag VARCHAR, read_by_duckdb BOOLEAN, content_bytes BIGINT, lines_path VARCHAR';
  return stageRows(store, 'batch_files', columns, files, (a, f) => {
    a.appendInteger(f.fileId);
    a.appendVarchar(f.sha256);
    a.appendVarchar(f.source);
    a.appendVarchar(f.keptPath);
    a.appendVarchar(f.container);
    a.appendBigInt(BigInt(f.bytes));
    a.appendVarchar(f.localPath);
    if (f.etag === undefined) a.appendNull();
    else a.appendVarchar(f.etag);
    a.appendBoolean(reader !== 'staged' && f.readInNode !== true);
    if (f.contentBytes === undefined) a.appendNull();
    else a.appendBigInt(BigInt(f.contentBytes));
    if (f.linesPath === undefined) a.appendNull();
    else a.appendVarchar(f.linesPath);
  });
}

/** A batch that brings no differing copy to light. */
const NO_CONFLICTS: BatchResult['conflicts'] = { count: 0, examples: [] };

const BATCH_TEMP_TABLES = ['replaced_events', 'staged_dropped', 'staged_copies', 'staged_involved', 'staged', 'staged_records', 'batch_files'];

/**
 * Undoes what a batch set up: drops its temp tables, each on its own, and sets a raised memory
 * limit and raised threads back. Never throws: the batch has committed or failed by now, and that
 * is what the caller must hear (a drop failing after a commit would make a stored batch look
 * refused). A table left behind is replaced by the next batch and goes with the connection; a
 * limit left high only lets DuckDB take more, and threads left at two only cost CPU.
 */
async function endBatch(store: Store, raisedMb: number | undefined, threads: number | undefined): Promise<void> {
  for (const table of BATCH_TEMP_TABLES) {
    await store.run(`DROP TABLE IF EXISTS temp.${table}`).catch(() => undefined);
  }
  if (raisedMb !== undefined) await store.run(`SET memory_limit = '${store.memoryLimitMb}MB'`).catch(() => undefined);
  if (threads !== undefined) await store.run(`SET threads = ${store.threads}`).catch(() => undefined);
}

/** From this many bytes of JSON a batch is read and stored on BULK_THREADS (DuckDB parses files, and large tables, in parallel). */
const PARALLEL_BATCH_BYTES = 1024 * 1024;

/** The threads a batch needs for its load, if more than the store's: a large batch's. */
export function batchThreads(files: BatchFile[], objectSizes: number[], storeThreads: number): number | undefined {
  const bytes = Math.max(
    objectSizes.reduce((sum, n) => sum + n, 0),
    files.reduce((sum, f) => sum + (f.contentBytes ?? f.bytes) + (f.staged ?? []).reduce((n, r) => n + r.json.length, 0), 0),
  );
  return bytes >= PARALLEL_BATCH_BYTES && BULK_THREADS > storeThreads ? BULK_THREADS : undefined;
}

/**
 * The memory limit a batch needs for its whole-file JSON values (their decompressed sizes), if above
 * the store's: DuckDB parses as many files at once as it has threads (two), so the two largest.
 */
export function batchMemoryLimitMb(objectSizes: number[], storeLimitMb: number, reader: BatchReader = 'records'): number | undefined {
  const [largest = 0, second = 0] = [...objectSizes].sort((a, b) => b - a);
  if (largest <= DEFAULT_MAX_OBJECT) return undefined;
  const needed = Math.min(MAX_MEMORY_MB, MEMORY_BASE_MB + Math.ceil(((largest + second) * MEMORY_PER_OBJECT_BYTE[reader]) / MB));
  return needed > storeLimitMb ? needed : undefined;
}

/**
 * Loads one batch; objectSizes are the decompressed sizes of its files (a trail file is one JSON
 * value), which set DuckDB's maximum object size and, for big ones, its memory for the batch.
 */
export async function loadBatch(
  store: Store,
  files: BatchFile[],
  reader: BatchReader,
  objectSizes: number[] = [],
  /** Remember a file without events as stored (an API window with none); else it is read again next time. */
  keepEmpty = false,
): Promise<BatchResult> {
  return withStagedBatch(store, files, reader, objectSizes, async () => {
    // What the batch holds, counted in one pass; each query below that would find nothing is left
    // out (DuckDB takes a few ms to run even an empty one, and many batches are small: an API
    // window, a fetched question, a trail's five-minute file).
    const [counts] = await store.all<{ valid: number; problems: number; files_with_events: number; identity: number }>(sql('ingest/staged-counts'));
    const valid = Number(counts?.valid ?? 0);
    const problems = Number(counts?.problems ?? 0) === 0 ? [] : (await store.all<{ problem: string; n: number; examples: { file: string; index: number; eventId: string | null }[] }>(
      sql('ingest/staged-problems'),
    )).map((p) => ({
      problem: p.problem,
      count: Number(p.n),
      examples: p.examples.map((e) => ({ localPath: e.file, index: Number(e.index), eventId: e.eventId })),
    }));
    // An API window without events is kept as such (keepEmpty): no file that gave nothing.
    const empty = keepEmpty || Number(counts?.files_with_events ?? 0) === files.length
      ? []
      : (await store.all<{ source: string; records: number }>(sql('ingest/staged-empty-files'))).map((r) => ({ source: r.source, records: Number(r.records) }));
    if (valid === 0) {
      // No event to store: only the files, when an API window without events is kept as such.
      if (keepEmpty) await store.run(sql('ingest/insert-source-files'), { keep_empty: true });
      return { valid, inserted: 0, problems, conflicts: NO_CONFLICTS, empty };
    }

    // The files' rows and their events commit together or not at all.
    return await store.transaction(async () => {
      const copies = await storeCopies(store);
      await store.run(sql('ingest/insert-events'));
      await store.run(sql('ingest/insert-event-id-index'));
      if (Number(counts?.identity ?? 0) > 0) await store.run(sql('ingest/insert-identity-events'));
      await store.run(sql('ingest/insert-credential-contexts'));
      await store.run(sql('ingest/insert-iam-credential-events'));
      if (copies.recount) await runScript(store, 'ingest/recount-credential-contexts');
      await store.run(sql('ingest/insert-source-files'), { keep_empty: keepEmpty });
      return { valid, inserted: valid - copies.dropped - copies.replaced, problems, conflicts: copies.conflicts, empty };
    });
  });
}

async function runScript(store: Store, name: string): Promise<void> {
  for (const statement of statements(sql(name))) await store.run(statement);
}

/**
 * Sorts out the batch's copies of eventIDs held twice, in the batch or in the store (issue 17,
 * point 4), inside the batch's transaction: which copy the store uses (queries/ingest/staged-copies.sql:
 * a rule on the copies themselves, so the load order never changes it), the batch's copies it does
 * not use (staged_dropped), the stored ones a batch copy goes before (deleted here: the inserts then
 * store the batch's copy in their place), and every copy not used recorded in event_copies. Set
 * based, on the keys of the batch: a batch without copies costs one query on its keys.
 */
async function storeCopies(store: Store): Promise<{ dropped: number; replaced: number; recount: boolean; conflicts: BatchResult['conflicts'] }> {
  await store.run(sql('ingest/staged-involved'));
  const [involved] = await store.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM staged_involved`);
  if (Number(involved?.n ?? 0) === 0) {
    // Ranking copies takes DuckDB some 60 ms to plan, even with none to rank.
    await runScript(store, 'ingest/no-copies');
    return { dropped: 0, replaced: 0, recount: false, conflicts: NO_CONFLICTS };
  }
  await store.run(sql('ingest/staged-copies'));
  await store.run(sql('ingest/staged-dropped'));
  await store.run(sql('ingest/replaced-events'));
  const [sizes] = await store.all<{ copies: number; differing: number; dropped: number; replaced: number; recount: number }>(
    `SELECT (SELECT count(*) FROM staged_copies)::INTEGER AS copies,
            (SELECT count(*) FROM staged_copies WHERE content IS DISTINCT FROM used_content)::INTEGER AS differing,
            (SELECT count(*) FROM staged_dropped)::INTEGER AS dropped,
            (SELECT count(*) FROM replaced_events)::INTEGER AS replaced, (SELECT count(*) FROM replaced_events WHERE NOT same_context)::INTEGER AS recount`);
  if (!sizes || sizes.copies === 0) return { dropped: 0, replaced: 0, recount: false, conflicts: NO_CONFLICTS };
  await runScript(store, 'ingest/event-copies');
  if (sizes.replaced > 0) await runScript(store, 'ingest/delete-replaced');
  const counts = { dropped: Number(sizes.dropped), replaced: Number(sizes.replaced), recount: Number(sizes.recount) > 0 };
  // No copy of the batch's eventIDs differs from the one used, and the one used did not change content: nothing new to warn.
  if (Number(sizes.differing) === 0) return { ...counts, conflicts: NO_CONFLICTS };
  const [found] = await store.all<{ n: number; examples: (Omit<ConflictingCopy, 'index' | 'usedIndex'> & { index: number | bigint; usedIndex: number | bigint })[] | null }>(
    sql('ingest/copy-conflicts'));
  const conflicts = {
    count: Number(found?.n ?? 0),
    examples: (found?.examples ?? []).map((e) => ({
      eventId: e.eventId, source: e.source, index: Number(e.index), usedSource: e.usedSource, usedIndex: Number(e.usedIndex),
      differences: e.differences.map((d) => ({ field: d.field, other: d.other, used: d.used })),
    })),
  };
  return { ...counts, conflicts };
}

/**
 * Reads a batch of files into the temp tables batch_files and staged (one row per record, with
 * the columns extract-events.sql gives and the problem that keeps a record out), runs `use` on
 * them, and drops them. Ingest stores from them; verify compares the store with them.
 */
export async function withStagedBatch<T>(
  store: Store,
  files: BatchFile[],
  reader: BatchReader,
  objectSizes: number[],
  use: () => Promise<T>,
): Promise<T> {
  const maxObjectSize = maxObjectSizeFor(objectSizes);
  const raisedMb = batchMemoryLimitMb(objectSizes, store.memoryLimitMb, reader);
  if (raisedMb !== undefined) await store.run(`SET memory_limit = '${raisedMb}MB'`);
  const threads = batchThreads(files, objectSizes, store.threads);
  try {
    if (threads !== undefined) await store.run(`SET threads = ${threads}`);
    // The batch is read into temp tables BEFORE the transaction: they hold nothing of the store,
    // and DuckDB reads a temp table made in the running transaction back at about half the speed
    // (its rows are still transaction-local), which was a quarter of the ingest's time.
    await stageBatchFiles(store, files, reader);
    if (reader === 'staged') await stageNodeRecords(store, files);
    const params: Record<string, string[]> = reader === 'staged' ? {} : { paths: files.map((f) => (reader === 'lines' ? f.linesPath! : f.localPath)) };
    await store.run(stagedBatchSql(reader, maxObjectSize), params);
    return await use();
  } finally {
    await endBatch(store, raisedMb, threads);
  }
}

/** How an S3 object is recognised as loaded: its s3:// location and its ETag. */
export function loadedObjectKey(source: string, etag: string): string {
  return `${source}\0${etag}`;
}

/**
 * Sources under a prefix already loaded with a marker, as loadedObjectKey() spells them: objects of
 * a bucket by key and ETag ('s3://bucket/'), LookupEvents slices fetched completely ('lookup-events://').
 * Ingest commands skip them without fetching.
 */
export async function loadedSourceKeys(store: Store, prefix: string): Promise<Set<string>> {
  const rows = await store.all<{ source: string; etag: string; kept_path: string }>(sql('ingest/loaded-sources'), { prefix });
  // One whose kept copy is gone is fetched again, so that its copy is restored (the advice after a
  // deleted or changed evidence file); its events are already stored and count as duplicates.
  return new Set(rows.filter((r) => existsSync(path.join(store.evidenceDir, r.kept_path))).map((r) => loadedObjectKey(r.source, r.etag)));
}

/** SHA-256 of every file already loaded, to skip them (idempotent ingest). */
export async function loadedFileHashes(store: Store): Promise<Set<string>> {
  const rows = await store.all<{ sha256: string }>(`SELECT sha256 FROM source_files`);
  return new Set(rows.map((r) => r.sha256));
}

export async function nextFileId(store: Store): Promise<number> {
  const rows = await store.all<{ n: number | null }>(`SELECT max(file_id) AS n FROM source_files`);
  return Number(rows[0]?.n ?? 0) + 1;
}

export async function rememberLayoutRoots(
  store: Store,
  kind: LayoutKind,
  roots: LayoutRoot[],
): Promise<void> {
  if (roots.length === 0) return;
  const known = new Map(
    (await store.all<{ root: string; endpoint_url: string | null }>(`SELECT root, endpoint_url FROM layout_roots WHERE kind = $1`, [kind]))
      .map((r) => [r.root, r.endpoint_url]),
  );
  for (const r of roots) {
    // Remembered already, read through the same endpoint: nothing to write (DuckDB takes some ms to plan an upsert).
    if (known.get(r.root) === (r.endpointUrl ?? null)) continue;
    // The latest endpoint a location was read through is the one a gap's command should use.
    await store.run(
      `INSERT INTO layout_roots (kind, root, org_id, endpoint_url) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO UPDATE SET endpoint_url = excluded.endpoint_url`,
      [kind, r.root, r.orgId, r.endpointUrl ?? null],
    );
    known.set(r.root, r.endpointUrl ?? null);
  }
}
