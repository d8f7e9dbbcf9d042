// `trail-trace verify`: every kept file re-hashed against the SHA-256 recorded when it was loaded,
// and every stored row compared with its record as re-read from the kept file by the ingest's own
// extraction (issue 13, point 3). A changed byte in a kept file, or an edited row in the store,
// is reported with the file, the record and the fields that differ.

import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { CEILING_LIMITS } from '../ingest/json-scan.js';
import { orderedReadAhead } from '../ingest/read-ahead.js';
import { cleanForDuckDb, LINES_MIN_BYTES, scanFile, stageRecords, stageRecordsToLines } from '../ingest/scan-file.js';
import { LinesFile } from '../ingest/lines-file.js';
import { jsonContainer } from '../ingest/normalize.js';
import { keptHashMatches } from './evidence.js';
import { withStagedBatch, type BatchFile, type BatchReader } from './load.js';
import { sql } from './queries.js';
import { cannotReReadTable, readTable, tableIn } from '../ingest/tables.js';
import { makeStagingDir, removeStagingDir, type Store } from './store.js';
import { checkDigests, type ChainReport, type CheckedDigest } from './digest-check.js';
import { digestRows, digestSignatureMap, publicKeyInputs, readKeptDigest } from './digests.js';
import { logName } from './integrity.js';

/**
 * validated: a CloudTrail digest whose signature verifies lists the file with this content's
 * SHA-256; unsigned: the kept copy is the file as loaded, but no verified digest covers it (loaded
 * from Event history or Athena, from before validation was on, or the digest's signature is not
 * known); tampered: the kept copy changed since it was loaded, or its content differs from what a
 * verified digest lists; missing: its kept copy is gone, or a verified digest lists a log file the
 * store does not hold (coverage to load).
 */
export type FileVerdict = 'validated' | 'unsigned' | 'tampered' | 'missing';

export interface VerifiedFile {
  fileId: number;
  /** Where the file was loaded from: a path, an s3:// location, an API page. */
  location: string;
  keptPath: string;
  sha256: string;
  verdict: FileVerdict;
  /** The digest file that covers it, when one does. */
  digest: string | null;
  /** Why, in words, when the verdict is not plain. */
  detail?: string;
}

export interface RecordDifference {
  location: string;
  keptPath: string;
  recordIndex: number;
  eventId: string;
  /** The fields whose stored value differs from the kept record's, CloudTrail's names. */
  fields: string[];
}

export interface VerifyResult {
  files: VerifiedFile[];
  /** Each digest's signature check, and each chain of digests (account, region, trail). */
  digests: CheckedDigest[];
  chains: ChainReport[];
  /** Stored rows compared with their kept records, and those that could not be (kept copy gone). */
  records: { compared: number; notCompared: number; differences: RecordDifference[] };
  seconds: number;
}

export interface VerifyProgress {
  filesDone: number;
  filesTotal: number;
}

interface StoredFile {
  file_id: number;
  sha256: string;
  source: string;
  kept_path: string;
  container: string;
  bytes: bigint | number;
  events: bigint | number;
  read_by_duckdb: boolean | null;
  content_bytes: bigint | number | null;
}

/** Compressed bytes of kept files compared in one DuckDB batch, as ingest batches them. */
const BATCH_BYTES = 48 * 1024 * 1024;
const MAX_BATCH_FILES = 400;
const READ_CONCURRENCY = 8;

interface ReadFile {
  stored: StoredFile;
  verdict: FileVerdict;
  /** SHA-256 of its decompressed content, which digests list. */
  contentSha256?: string;
  /** How its records are re-read: by DuckDB from the kept file, split in Node, or not at all (gone). */
  reader: BatchReader | null;
  batchFile?: BatchFile & { decompressedBytes: number };
}

async function readKeptFile(store: Store, stored: StoredFile, listedByDigest: Set<string>, linesPath: string | undefined): Promise<ReadFile> {
  const full = path.join(store.evidenceDir, stored.kept_path);
  let bytes: Buffer;
  try {
    bytes = await readFile(full);
  } catch {
    return { stored, verdict: 'missing', reader: null };
  }
  const verdict: FileVerdict = (await keptHashMatches(bytes, stored.sha256)) ? 'unsigned' : 'tampered';
  const base = {
    fileId: stored.file_id, sha256: stored.sha256, source: stored.source, localPath: full, keptPath: stored.kept_path,
    container: stored.container, bytes: Number(stored.bytes),
  };
  // Unchanged since an ingest whose scan let DuckDB read it, and no digest wants its content hash:
  // DuckDB may read it again as it is (the same bytes pass the same checks).
  // (A large trail file is read as record lines instead, as at ingest: not as one huge value.)
  const large = linesPath !== undefined && stored.container === 'records' && Number(stored.content_bytes ?? 0) >= LINES_MIN_BYTES;
  if (verdict === 'unsigned' && stored.read_by_duckdb === true && stored.content_bytes !== null && !large
    && (stored.container === 'records' || stored.container === 'array') && !listedByDigest.has(logName(stored.source))) {
    return { stored, verdict, reader: stored.container, batchFile: { ...base, decompressedBytes: Number(stored.content_bytes) } };
  }
  // A table's rows (Parquet, CSV), read by DuckDB's reader as at ingest. Failing to read them (a full
  // temporary folder, memory) says nothing of the evidence: an error that says so, never "differs".
  const table = tableIn(bytes, CEILING_LIMITS);
  if (table) {
    const staged: { index: number; json: string }[] = [];
    try {
      await readTable(table.content, table.kind, CEILING_LIMITS, (r) => void staged.push(r));
    } catch (err) {
      throw cannotReReadTable(stored.source, verdict === 'unsigned', err);
    }
    return { stored, verdict, reader: 'staged', batchFile: { ...base, staged, decompressedBytes: table.content.length } };
  }
  // A changed file is hostile input like any other: bounded before a parser sees it. The limits are
  // the most any ingest could have used, so every record stored then is found again.
  // Read as the store recorded it when loaded: the same records at the same indexes.
  const recorded = jsonContainer(stored.container);
  const scanned = await scanFile(bytes, CEILING_LIMITS, { hashContent: true, ...(linesPath ? { linesPath } : {}), ...(recorded ? { container: recorded } : {}) });
  if (scanned.outcome === 'scanned') {
    const { container, scan, lines } = scanned;
    const contentSha256 = scanned.contentSha256;
    if (lines) return { stored, verdict, contentSha256, reader: 'lines', batchFile: { ...base, linesPath: lines.path, decompressedBytes: lines.longest } };
    // (Not a file Node read at ingest: an array's elements were unwrapped there, which DuckDB does not do.)
    if (cleanForDuckDb(container, scan) && stored.read_by_duckdb !== false) {
      return { stored, verdict, contentSha256, reader: container, batchFile: { ...base, decompressedBytes: scan.bytes } };
    }
    // A large export's records, as ingest read them: written to record lines as they stream past.
    if (linesPath && scan.bytes >= LINES_MIN_BYTES) {
      const writer = new LinesFile(linesPath);
      try {
        await stageRecordsToLines(bytes, CEILING_LIMITS, container, scan, writer, recorded !== undefined);
        const written = await writer.finish();
        if (written) return { stored, verdict, contentSha256, reader: 'lines', batchFile: { ...base, linesPath: written.path, decompressedBytes: written.longest } };
      } catch {
        await writer.abandon();
        // Nowhere to write them (a full disk): read into memory, as a small file is.
      }
    }
    const staged = (await stageRecords(bytes, CEILING_LIMITS, container, scan, recorded !== undefined)).records;
    return { stored, verdict, contentSha256, reader: 'staged', batchFile: { ...base, staged, decompressedBytes: scan.bytes } };
  }
  // Nothing readable in it any more: every stored row of the file differs ('record').
  return { stored, verdict, reader: 'staged', batchFile: { ...base, staged: [], decompressedBytes: 0 } };
}

/** A stored row (or a copy the store keeps) that differs from its kept record: verify/compare-*.sql. */
type DifferenceRow = { file_id: number; record_index: number; event_id: string; fields: string[] };

/** `copies`: the store keeps other copies of some event, and those of the batch's files are compared too. */
async function compareBatch(store: Store, files: ReadFile[], reader: BatchReader, copies: boolean): Promise<RecordDifference[]> {
  const members = files.map((f) => f.batchFile!);
  if (members.length === 0) return [];
  let rows: DifferenceRow[];
  try {
    // The rows the store uses, then the other copies it keeps of events (migration 011).
    rows = await withStagedBatch(store, members, reader, members.map((m) => m.decompressedBytes), async () => [
      ...(await store.all<DifferenceRow>(sql('verify/compare-batch'))),
      ...(copies ? await store.all<DifferenceRow>(sql('verify/compare-copies')) : []),
    ]);
  } catch (err) {
    // DuckDB refused a file (a changed one that is no longer JSON): each file alone, and one it
    // still refuses is split in Node, where a record that does not parse is simply not found.
    if (files.length > 1) {
      const out: RecordDifference[] = [];
      for (const f of files) out.push(...(await compareBatch(store, [f], reader, copies)));
      return out;
    }
    const file = files[0]!;
    if (reader !== 'staged') return compareBatch(store, [await splitInNode(store, file)], 'staged', copies);
    // Even its split records were refused: none of them is what was stored.
    if ((file.batchFile?.staged?.length ?? 0) > 0) return compareBatch(store, [{ ...file, batchFile: { ...file.batchFile!, staged: [] } }], 'staged', copies);
    throw err;
  }
  const byId = new Map(files.map((f) => [f.stored.file_id, f.stored]));
  return rows.map((r) => {
    const stored = byId.get(Number(r.file_id))!;
    return { location: stored.source, keptPath: stored.kept_path, recordIndex: Number(r.record_index), eventId: r.event_id, fields: [...r.fields] };
  });
}

/** A file's records split in Node, for DuckDB refused it: those that do not parse are left out. */
async function splitInNode(store: Store, file: ReadFile): Promise<ReadFile> {
  let staged: { index: number; json: string }[] = [];
  try {
    const bytes = await readFile(path.join(store.evidenceDir, file.stored.kept_path));
    const recorded = jsonContainer(file.stored.container);
    const scanned = await scanFile(bytes, CEILING_LIMITS, recorded ? { container: recorded } : {});
    if (scanned.outcome === 'scanned') staged = (await stageRecords(bytes, CEILING_LIMITS, scanned.container, scanned.scan, recorded !== undefined)).records;
  } catch {
    staged = [];
  }
  return { ...file, reader: 'staged', batchFile: { ...file.batchFile!, staged } };
}

/** Reads `items` with at most `limit` reads at once, in order (the ingest's own read-ahead). */
async function mapConcurrent<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for await (const r of orderedReadAhead(items, fn, { ahead: limit })) out.push(r);
  return out;
}

export async function verifyStore(store: Store, onProgress?: (p: VerifyProgress) => void): Promise<VerifyResult> {
  const started = performance.now();
  const stored = await store.all<StoredFile & Record<string, unknown>>(sql('verify/stored-files'));
  const result: VerifyResult = { files: [], digests: [], chains: [], records: { compared: 0, notCompared: 0, differences: [] }, seconds: 0 };
  const contentHashes = new Map<number, string>();
  const progress: VerifyProgress = { filesDone: 0, filesTotal: stored.length };
  onProgress?.(progress);
  const batches: StoredFile[][] = [];
  for (let at = 0; at < stored.length;) {
    // Up to BATCH_BYTES of kept files.
    const batch: StoredFile[] = [];
    let bytes = 0;
    while (at < stored.length && batch.length < MAX_BATCH_FILES && (batch.length === 0 || bytes < BATCH_BYTES)) {
      const f = stored[at++]!;
      batch.push(f);
      bytes += Number(f.bytes);
    }
    batches.push(batch);
  }
  const listedByDigest = new Set((await store.all<{ name: string }>(sql('verify/digest-log-names'))).map((r) => r.name));
  // Record lines of large files, as ingest writes them (scan-file.ts RecordLineWriter). A store on
  // read-only media has nowhere to put them: its large files are then read whole, as before.
  const stagingDir = await makeStagingDir(store.path).catch(() => undefined);
  const linesPathOf = (f: StoredFile) => (stagingDir ? path.join(stagingDir, `${f.file_id}.ndjson`) : undefined);
  const readBatch = (batch: StoredFile[]) => mapConcurrent(batch, READ_CONCURRENCY, (f) => readKeptFile(store, f, listedByDigest, linesPathOf(f)));
  let reading: Promise<ReadFile[]> | undefined;
  try {
    // Rows whose order means nothing, as at ingest: DuckDB stages them in parallel.
    await store.run('SET preserve_insertion_order = false');
    // The copy used of each event the store keeps other copies of, for every batch (compare-copies.sql).
    // A store with none has none to compare: their queries take DuckDB some 60 ms to plan.
    const [kept] = await store.all<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM event_copies) AS any`);
    const copies = kept?.any === true;
    if (copies) {
      await store.run(sql('verify/used-copies'));
      await checkCopyRule(store, stored, result);
    }
    // The next batch is read and hashed in Node while DuckDB compares this one.
    reading = batches.length > 0 ? readBatch(batches[0]!) : undefined;
    for (let b = 0; b < batches.length; b += 1) {
      const read = await reading!;
      reading = b + 1 < batches.length ? readBatch(batches[b + 1]!) : undefined;
      try {
        await compareRead(store, read, result, copies);
      } finally {
        for (const f of read) if (f.batchFile?.linesPath) await rm(f.batchFile.linesPath, { force: true });
      }
      for (const f of read) if (f.contentSha256) contentHashes.set(f.stored.file_id, f.contentSha256);
      progress.filesDone += read.length;
      onProgress?.(progress);
    }
  } finally {
    // Each step on its own: one failing never leaves the others undone.
    await store.run('RESET preserve_insertion_order').catch(() => undefined);
    await store.run('DROP TABLE IF EXISTS verify_used_copies').catch(() => undefined);
    await reading?.catch(() => undefined);
    await removeStagingDir(store.path, 'leave').catch(() => undefined);
  }
  await applyDigests(store, result, contentHashes);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

async function compareRead(store: Store, read: ReadFile[], result: VerifyResult, copies: boolean): Promise<void> {
  for (const f of read) {
    const detail = f.verdict === 'missing' ? 'its kept copy is gone from the evidence folder' : f.verdict === 'tampered' ? 'its kept copy changed after it was loaded' : undefined;
    result.files.push({ fileId: f.stored.file_id, location: f.stored.source, keptPath: f.stored.kept_path, sha256: f.stored.sha256, verdict: f.verdict, digest: null, ...(detail ? { detail } : {}) });
    if (f.reader === null) result.records.notCompared += Number(f.stored.events);
    else result.records.compared += Number(f.stored.events);
  }
  for (const reader of ['records', 'array', 'lines', 'staged'] as const) {
    result.records.differences.push(...(await compareBatch(store, read.filter((f) => f.reader === reader), reader, copies)));
  }
}

/** Each event's copy used is the one the rule picks among the copies kept (verify/copy-rule.sql). */
async function checkCopyRule(store: Store, stored: StoredFile[], result: VerifyResult): Promise<void> {
  const files = new Map(stored.map((f) => [Number(f.file_id), f]));
  for (const r of await store.all<DifferenceRow>(sql('verify/copy-rule'))) {
    const file = files.get(Number(r.file_id));
    result.records.differences.push({
      location: file?.source ?? `file ${r.file_id}`, keptPath: file?.kept_path ?? '', recordIndex: Number(r.record_index), eventId: r.event_id, fields: [...r.fields],
    });
  }
}

/** Digest validation: each digest and chain checked, then each file's verdict from the digests that verify. */
async function applyDigests(store: Store, result: VerifyResult, contentHashes: Map<number, string>): Promise<void> {
  const rows = await digestRows(store);
  if (rows.length === 0) return;
  const signatures = await digestSignatureMap(store);
  const keys = await publicKeyInputs(store);
  const inputs = await mapConcurrent(rows, READ_CONCURRENCY, (r) => readKeptDigest(store, r, signatures));
  const { digests, chains } = checkDigests(inputs, keys);
  result.digests = digests;
  result.chains = chains;

  // What the verified digests say each log file's content is, by file name.
  const listed = new Map<string, { hash: string; digest: string; location: string; matched: boolean }[]>();
  for (const d of digests) {
    if (!d.trusted) continue;
    for (const f of d.input.digest.logFiles) {
      if (!f.hashValue) continue;
      const entry = { hash: f.hashValue.toLowerCase(), digest: d.input.source, location: `s3://${f.s3Bucket ?? d.input.digest.s3Bucket}/${f.s3Object}`, matched: false };
      listed.set(logName(f.s3Object), [...(listed.get(logName(f.s3Object)) ?? []), entry]);
    }
  }
  for (const file of result.files) {
    const entries = listed.get(logName(file.location));
    if (!entries) continue;
    for (const e of entries) e.matched = true;
    if (file.verdict !== 'unsigned') continue;
    const content = contentHashes.get(file.fileId);
    const match = entries.find((e) => e.hash === content);
    if (match) {
      file.verdict = 'validated';
      file.digest = match.digest;
    } else {
      file.verdict = 'tampered';
      file.digest = entries[0]!.digest;
      file.detail = 'its content differs from the SHA-256 a verified CloudTrail digest lists for it';
    }
  }
  for (const entries of listed.values()) {
    for (const e of entries) {
      if (e.matched) continue;
      result.files.push({ fileId: -1, location: e.location, keptPath: '', sha256: '', verdict: 'missing', digest: e.digest, detail: 'listed in a verified CloudTrail digest, not in the store' });
    }
  }
}
