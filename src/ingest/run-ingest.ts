// Ingest: list the source's files, skip those already loaded (by content hash), keep a copy of
// each, and load them in batches — DuckDB reads trail files itself; other containers are parsed
// in Node. A batch DuckDB refuses is retried in halves down to the file, so one bad file costs only itself.

import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { CONTAINER_TEXT, type Container } from './container.js';
import { DEFAULT_LIMITS, formatBytes, type JsonLimits, type ScanResult } from './json-scan.js';
import { describeFile, howRead, noEventText, splitRecords, whyNothing, type ParsedContainer } from './normalize.js';
import { orderedReadAhead } from './read-ahead.js';
import { cleanForDuckDb, decompressBounded, LINES_MIN_BYTES, scanFile, stageRecords, stageRecordsToLines, type RecordLines } from './scan-file.js';
import { sniff, SNIFF_BYTES } from './sniff.js';
import { howTableRead, readTable, TABLE_TEXT, tableIn, type TableKind, type TableRead } from './tables.js';
import { LinesFile } from './lines-file.js';
import type { SourceFile, SourceListing } from './source.js';
import { FilesSource } from './sources/files.js';
import { IngestTally, StrictModeStop, type IngestProgress, type IngestSummary } from './tally.js';
import { fileErrorText, type WarningKind } from './warnings.js';
import { keepCopy, keptPathOf, restoreKeptCopy, sha256 } from '../store/evidence.js';
import { loadedDigestHashes, storeDigestSignatures, storeDigests, type DigestSignature, type LoadedDigest } from '../store/digests.js';
import { readDigest } from './digest.js';
import {
  loadedFileHashes, nextFileId, rememberLayoutRoots,
  type BatchFile, type BatchReader,
} from '../store/load.js';
import { beginBulkLoad } from '../store/bulk-load.js';
import { makeStagingDir, removeStagingDir, StoreBusyError, type Store } from '../store/store.js';

export interface IngestOptions {
  /** Stop at the first warning. */
  strict?: boolean;
  onProgress?: (p: IngestProgress) => void;
  /** Aborting stops after the batch in flight; what committed stays, a re-run loads the rest. */
  signal?: AbortSignal;
  /** Compressed bytes per DuckDB batch. */
  batchBytes?: number;
  /** Told when DuckDB refused a batch and it is retried in halves (diagnostics). */
  onBatchRetry?: (files: number, error: Error) => void;
  /** Bounds on each file's size, records, nesting and strings (default DEFAULT_LIMITS). */
  limits?: JsonLimits;
  /** Between batches, let a process waiting for the store (the terminal UI, a trace) read it (src/store/bulk-load.ts). */
  takeTurns?: boolean;
  /**
   * Fold the write-ahead log into the store file at the end (default). A trace's fetches do not:
   * it loads one answer after another, and the store folds its log when the trace closes it (or
   * on its own past checkpoint_threshold).
   */
  checkpoint?: boolean;
}

export { StrictModeStop, type IngestProgress, type IngestSummary } from './tally.js';

/** A file read ahead of its turn: what is wrong with it, that it is already stored, or what was read. */
type ReadResult = { file: SourceFile } & (
  | { outcome: 'problem'; kind: WarningKind; detail?: string }
  /** Listed by its content, which is not logs: counted as skipped with the reason. */
  | { outcome: 'skip'; reason: string }
  | { outcome: 'stored'; hash: string; restored: boolean }
  | {
      outcome: 'read'; hash: string; keptPath: string; decompressedBytes: number;
      /**
       * DuckDB reads trail files and arrays from disk when the scan found nothing wrong; other
       * containers, and files with a record past a limit, are split in Node, from these bytes.
       */
      read:
        | { by: 'duckdb'; container: 'records' | 'array'; lines?: RecordLines }
        | { by: 'node'; bytes: Buffer; container: Container; scan: ScanResult }
        /** A table (Parquet, CSV): its rows, as records, written as record lines (none when no row is a record). */
        | { by: 'table'; kind: TableKind; lines?: RecordLines; table: TableRead };
    }
  /** A digest file, read and kept: stored in its own table (src/store/digests.ts), with its S3 signature if the source had it. */
  | { outcome: 'digest'; loaded: LoadedDigest; signature?: DigestSignature }
  /** The store's own folder failed (keeping the copy): the ingest stops when this file's turn comes. */
  | { outcome: 'error'; error: unknown }
);

interface Prepared extends BatchFile {
  reader: BatchReader;
  decompressedBytes: number;
  /** The largest JSON value DuckDB parses for it: the whole file, or its longest record line. */
  objectBytes: number;
  /** What it weighs in its batch: its bytes as listed, or for record lines, what they take on disk. */
  batchBytes: number;
  /** The file as the source gave it (its localPath is the source's download, not the kept copy). */
  given: SourceFile;
  /** Its records' warnings were said when it was read in Node (record lines of a large export). */
  warned?: boolean;
}

// Batches of several DuckDB row groups (~120k rows each) commit cheaply: DuckDB writes them
// straight to the database file instead of through the write-ahead log. 48 MB of gzip is
// ~350k CloudTrail records; peak RSS stays under 1 GB (npm run bench measures it).
const DEFAULT_BATCH_BYTES = 48 * 1024 * 1024;
/** …or this many files: each batch costs a few queries whatever its size, and real trails deliver many small files. */
const MAX_BATCH_FILES = 1500;
/** Files read, hashed and kept at once, ahead of the batch being filled… */
const READ_AHEAD_FILES = 8;
/** …unless they are this big together (a file is in memory while it is read). */
const READ_AHEAD_BYTES = 32 * 1024 * 1024;
/** Files up to this size (as listed) are read synchronously. */
const SYNC_READ_BYTES = 1024 * 1024;
/** A batch waits at most this long for more files before it is stored. */
const MAX_BATCH_WAIT_MS = 5000;
/** The first bytes of a file (fewer if it is shorter). */
function readHead(file: string, bytes: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(bytes);
    return head.subarray(0, readSync(fd, head, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

/** Why a file listed for its content is passed over. */
const NOT_LOGS = 'files whose content is not logs';

export async function ingestPaths(store: Store, paths: string[], options: IngestOptions = {}): Promise<IngestSummary> {
  const listing = await new FilesSource(paths).list();
  return ingestListing(store, listing, options);
}

export async function ingestListing(store: Store, listing: SourceListing, options: IngestOptions = {}): Promise<IngestSummary> {
  const started = performance.now();
  const tally = new IngestTally(listing, options.strict);
  const report = () => options.onProgress?.(tally.progress);
  let interrupted = false;
  let stoppedByStrict = false;

  // Record lines written by the scans (scan-file.ts RecordLineWriter), one file each, for DuckDB.
  const stagingDir = await makeStagingDir(store.path);
  await rememberLayoutRoots(store, listing.layoutKind, listing.layoutRoots);
  // An API window without events is an answer (none happened): remembered. A file or object without
  // one is not loaded: said so, and read again next time.
  const keepEmpty = listing.layoutKind === 'lookup' || listing.layoutKind === 'athena';
  const bulk = await beginBulkLoad(store, { takeTurns: options.takeTurns ?? false, keepEmpty, checkpoint: options.checkpoint ?? true });
  const loaded = await loadedFileHashes(store);
  for (const hash of await loadedDigestHashes(store)) loaded.add(hash);
  let pendingDigests: LoadedDigest[] = [];
  let pendingSignatures: DigestSignature[] = [];
  const queued = new Set<string>(); // identical files met twice in one run (same trail synced twice)
  let fileId = await nextFileId(store);
  const batchBytes = options.batchBytes ?? DEFAULT_BATCH_BYTES;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const pending: Record<BatchReader, Prepared[]> = { records: [], array: [], lines: [], staged: [] };
  const pendingBytes: Record<BatchReader, number> = { records: 0, array: 0, lines: 0, staged: 0 };
  const pendingSince: Record<BatchReader, number> = { records: 0, array: 0, lines: 0, staged: 0 };
  let linesFiles = 0;
  const dropLines = (linesPath: string | undefined) => (linesPath ? rm(linesPath, { force: true }) : Promise.resolve());

  const finishFiles = async (files: SourceFile[]) => {
    tally.done(files);
    if (listing.release) for (const f of files) await listing.release(f);
  };

  const loadFiles = async (files: Prepared[], reader: BatchReader): Promise<void> => {
    try {
      const result = await bulk.load(files, reader, files.map((f) => f.objectBytes));
      for (const f of files) loaded.add(f.sha256);
      tally.batchStored(files, result);
    } catch (err) {
      // Not the batch's fault: the store itself (held by another process) — retrying halves cannot help.
      if (err instanceof StrictModeStop || err instanceof StoreBusyError) throw err;
      options.onBatchRetry?.(files.length, err as Error);
      // One bad file fails its whole batch: retry each half, and so on down to the file (a bad file
      // in a batch of n costs about 2·log2(n) loads, not n).
      if (files.length > 1) {
        const half = Math.ceil(files.length / 2);
        await loadFiles(files.slice(0, half), reader);
        await loadFiles(files.slice(half), reader);
        return;
      }
      await loadAloneInNode(files[0]!, err as Error);
    }
  };

  // One batch loads in DuckDB while the next is read, hashed and kept in Node: the store works on
  // its own threads, so file I/O waits no longer add to the ingest's time. A failed load is held
  // until the loop next looks, so that it is never an unhandled rejection.
  let loading: Promise<void> = Promise.resolve();
  let loadFailure: { error: unknown } | undefined;
  const throwLoadFailure = () => {
    if (loadFailure) throw loadFailure.error;
  };
  const flush = async (reader: BatchReader): Promise<void> => {
    const files = pending[reader];
    if (files.length === 0) return;
    pending[reader] = [];
    pendingBytes[reader] = 0;
    await loading;
    throwLoadFailure();
    loading = (async () => {
      try {
        await loadFiles(files, reader);
      } finally {
        for (const f of files) await dropLines(f.linesPath);
      }
      await finishFiles(files.map((f) => f.given));
      report();
    })().catch((error: unknown) => {
      loadFailure = { error };
    });
  };
  const settle = async () => {
    await loading;
    throwLoadFailure();
  };
  // Digests are few (one an hour per account and region) and small: stored in the same sequence
  // as the batches, a thousand at a time.
  const flushDigests = async (): Promise<void> => {
    const digests = pendingDigests;
    const signatures = pendingSignatures;
    if (digests.length === 0 && signatures.length === 0) return;
    pendingDigests = [];
    pendingSignatures = [];
    await loading;
    throwLoadFailure();
    loading = (async () => {
      await storeDigests(store, digests);
      await storeDigestSignatures(store, signatures);
      for (const d of digests) loaded.add(d.sha256);
      tally.digestsStored(digests.length);
    })().catch((error: unknown) => {
      loadFailure = { error };
    });
  };

  /**
   * Splits a whole file in Node: its records to stage, or undefined (counted and warned) when none.
   * `known` is the scan made when the file was read; without it the file is scanned again.
   */
  const stageInNode = async (
    file: Omit<Prepared, 'reader' | 'container'>, bytes: Buffer, known?: { container: Container; scan: ScanResult }, fallbackDetail?: string,
    /** inMemory: never as record lines (DuckDB refused them); quiet: its warnings were said already. */
    how: { inMemory?: boolean; quiet?: boolean } = {},
  ): Promise<Prepared | undefined> => {
    const failed = (kind: WarningKind, detail?: string) => {
      tally.fileFailed({ kind, source: file.source, detail });
      return undefined;
    };
    let scanned = known;
    if (!scanned) {
      const scan = await scanFile(bytes, limits);
      if (scan.outcome === 'bad-gzip') return failed('truncated-gzip', scan.detail);
      if (scan.outcome === 'too-large') return failed('file-too-large', scan.detail);
      if (scan.outcome === 'empty') return failed('empty-file');
      if (scan.outcome === 'not-json') return failed('invalid-json', 'does not start with { or [');
      scanned = scan;
    }
    // A large file's records are written to record lines as they are read, never all held (a SIEM
    // export of gigabytes); a small one's are staged from memory.
    const large = !how.inMemory && scanned.scan.bytes >= LINES_MIN_BYTES;
    let streamed: { parsed: ParsedContainer; written: number } | undefined;
    let lines: RecordLines | undefined;
    if (large) {
      const writer = new LinesFile(path.join(stagingDir, `${linesFiles++}.ndjson`));
      try {
        streamed = await stageRecordsToLines(bytes, limits, scanned.container, scanned.scan, writer);
        lines = await writer.finish();
      } catch {
        // Nowhere to write them (a full disk): read into memory, as a small file is.
        await writer.abandon();
        streamed = undefined;
        lines = undefined;
      }
    }
    const container = streamed?.parsed ?? (await stageRecords(bytes, limits, scanned.container, scanned.scan));
    const records = streamed?.written ?? container.records.length;
    if (!how.quiet) for (const p of container.problems) tally.warn({ kind: p.kind, source: file.source, index: p.index, detail: p.detail ?? fallbackDetail });
    const shape = describeFile(container);
    // No records and nothing wrong: an empty file (an API window without events) is stored as such.
    if (records === 0 && container.problems.length > 0) {
      if (lines) await dropLines(lines.path);
      // JSON, read whole, with nothing CloudTrail in it: said what it looks like. Anything else failed.
      if (container.problems.every((p) => p.kind === 'not-cloudtrail' || p.kind === 'not-an-object')) {
        // Each record read has its own warning (one about the file as a whole is not a record).
        tally.gaveNothing(file.source, whyNothing(container, container.problems.filter((p) => p.index !== undefined).length));
      } else tally.fileFailed();
      return undefined;
    }
    const read = howRead(container);
    if (read && !how.quiet) tally.readAsShape(file.source, read);
    const { linesPath: _lines, ...rest } = file;
    if (lines) return { ...rest, reader: 'lines', linesPath: lines.path, objectBytes: lines.longest, batchBytes: lines.bytes, container: container.container, shape, warned: true, readInNode: true };
    return { ...rest, reader: 'staged', objectBytes: file.decompressedBytes, container: container.container, staged: container.records, shape };
  };

  // DuckDB refused this file: find out why in Node; load what Node can read.
  const loadAloneInNode = async (file: Prepared, duckError: Error) => {
    // A table's rows are no JSON file: what DuckDB said of loading them is the warning.
    if (file.container === 'parquet' || file.container === 'csv') {
      tally.fileFailed({ kind: 'unreadable', source: file.source, detail: `${TABLE_TEXT[file.container]} whose rows could not be stored: ${duckError.message.split('\n')[0]}` });
      return;
    }
    // In memory (record lines are what DuckDB may have refused), its warnings said once.
    const staged = await stageInNode(file, await readFile(file.localPath), undefined, duckError.message.split('\n')[0], { inMemory: true, quiet: file.warned === true });
    if (!staged) return;
    const result = await bulk.load([staged], 'staged', [staged.objectBytes]);
    loaded.add(file.sha256);
    tally.batchStored([staged], result);
  };

  // Read ahead: several files are read, hashed, looked at and kept at once (each is a few file
  // system round trips); what to do with each is then decided in listing order (admit), so file
  // ids, warnings and which of two identical files counts are the same on every run.
  const readAhead = async (file: SourceFile): Promise<ReadResult> => {
    const problem = (kind: WarningKind, detail?: string): ReadResult => ({ file, outcome: 'problem', kind, detail });
    if (file.failure) return problem(file.failure.kind, file.failure.detail);
    // A file a folder walk listed for its content, which is not logs: passed over, not a warning,
    // from its first bytes (never read whole).
    const notLogs = (): ReadResult => ({ file, outcome: 'skip', reason: NOT_LOGS });
    if (file.byContent && file.kind !== 'digest') {
      try {
        if (sniff(readHead(file.localPath, SNIFF_BYTES)) === undefined) return notLogs();
      } catch (err) {
        return problem('unreadable', fileErrorText(err));
      }
    }
    let bytes: Buffer;
    try {
      // A small file is read with one synchronous call (tens of microseconds) rather than the thread
      // pool's several round trips: real trails are thousands of files of a few KB.
      bytes = file.bytes <= SYNC_READ_BYTES ? readFileSync(file.localPath) : await readFile(file.localPath);
    } catch (err) {
      return problem('unreadable', fileErrorText(err));
    }
    const hash = sha256(bytes);
    // A digest is read even when stored: its S3 signature may be new (a folder copy loaded first).
    if (file.kind === 'digest') return readDigestFile(file, bytes, hash);
    // Already stored: nothing more to read (a file queued in this run is told apart in order), but
    // its kept copy is put back if it was deleted or changed since (the advice after a tampered file).
    if (loaded.has(hash)) {
      try {
        return { file, outcome: 'stored', hash, restored: await restoreKeptCopy(store.evidenceDir, hash, bytes) };
      } catch (error) {
        return { file, outcome: 'error', error };
      }
    }
    // Bounded before any parser sees it: a gzip bomb stops at the size limit, a record nested too
    // deep or too large is found here (json-scan.ts), and DuckDB is handed only files without one.
    if (bytes.length > limits.fileBytes) return problem('file-too-large', `${formatBytes(bytes.length)} on disk, more than ${formatBytes(limits.fileBytes)}`);
    const scanned = await scanFile(bytes, limits, { linesPath: path.join(stagingDir, `${linesFiles++}.ndjson`) });
    // Not JSON: a table, perhaps (Parquet, CSV of CloudTrail's columns); looked for only then, so that
    // the many JSON files of a trail pay nothing for it.
    if (scanned.outcome === 'not-json' || scanned.outcome === 'bad-gzip') {
      const table = tableIn(bytes, limits);
      if (table) return readTableFile(file, bytes, hash, table);
    }
    if (scanned.outcome === 'bad-gzip') return problem('truncated-gzip', scanned.detail);
    if (file.byContent && (scanned.outcome === 'empty' || scanned.outcome === 'not-json')) return notLogs();
    if (scanned.outcome === 'empty') return problem('empty-file');
    if (scanned.outcome === 'not-json') return problem('invalid-json', 'does not start with { or [');
    if (scanned.outcome === 'too-large') return problem('file-too-large', scanned.detail);
    const { container, scan, lines } = scanned;
    let keptPath: string;
    try {
      keptPath = await keepCopy(store.evidenceDir, hash, bytes);
    } catch (error) {
      await dropLines(lines?.path);
      return { file, outcome: 'error', error };
    }
    const decompressedBytes = scan.bytes;
    // Bytes DuckDB reads from disk are not held while the file waits its turn.
    const read = cleanForDuckDb(container, scan)
      ? { by: 'duckdb' as const, container, ...(lines ? { lines } : {}) }
      : { by: 'node' as const, bytes, container, scan };
    return { file, outcome: 'read', hash, keptPath, decompressedBytes, read };
  };

  /** A table: kept, then its rows read by DuckDB's reader and written as record lines for the load. */
  const readTableFile = async (file: SourceFile, bytes: Buffer, hash: string, table: { kind: TableKind; content: Buffer }): Promise<ReadResult> => {
    let keptPath: string;
    try {
      keptPath = await keepCopy(store.evidenceDir, hash, bytes);
    } catch (error) {
      return { file, outcome: 'error', error };
    }
    const linesPath = path.join(stagingDir, `${linesFiles++}.ndjson`);
    const writer = new LinesFile(linesPath);
    try {
      const read = await readTable(table.content, table.kind, limits, (r) => writer.add(r));
      const lines = await writer.finish();
      return { file, outcome: 'read', hash, keptPath, decompressedBytes: table.content.length, read: { by: 'table', kind: table.kind, ...(lines ? { lines } : {}), table: read } };
    } catch (err) {
      await writer.abandon();
      return { file, outcome: 'problem', kind: 'unreadable', detail: `${TABLE_TEXT[table.kind]} DuckDB could not read: ${(err as Error).message.split('\n')[0]!.replace(/ in file '[^']*'/, '')}` };
    }
  };

  const readDigestFile = async (file: SourceFile, bytes: Buffer, hash: string): Promise<ReadResult> => {
    const problem = (kind: WarningKind, detail?: string): ReadResult => ({ file, outcome: 'problem', kind, detail });
    const decompressed = decompressBounded(bytes, limits);
    if ('problem' in decompressed) return problem(decompressed.problem === 'too-large' ? 'file-too-large' : 'truncated-gzip', decompressed.detail);
    const parsed = splitRecords(decompressed.text, limits);
    const [first] = parsed.records;
    if (parsed.container !== 'object' || !first) return problem(parsed.problems[0]?.kind ?? 'invalid-json', parsed.problems[0]?.detail ?? 'not one JSON document');
    const read = readDigest(JSON.parse(first.json));
    if ('problem' in read) return problem('not-a-digest', read.problem);
    let keptPath: string;
    try {
      // A digest already stored gets its kept copy back if it was deleted or changed.
      keptPath = loaded.has(hash)
        ? (await restoreKeptCopy(store.evidenceDir, hash, bytes), keptPathOf(hash))
        : await keepCopy(store.evidenceDir, hash, bytes);
    } catch (error) {
      return { file, outcome: 'error', error };
    }
    const { digest } = read;
    const signature = file.signature
      ? { s3Bucket: digest.s3Bucket, s3Object: digest.s3Object, signature: file.signature.signature, algorithm: file.signature.algorithm, origin: file.source }
      : undefined;
    return { file, outcome: 'digest', loaded: { sha256: hash, contentSha256: sha256(decompressed.text), source: file.source, keptPath, digest, ...(file.etag ? { etag: file.etag } : {}) }, ...(signature ? { signature } : {}) };
  };

  /** The file as a batch member, or undefined when it is not stored (counted and warned). */
  const admit = async (r: ReadResult): Promise<Prepared | undefined> => {
    const { file } = r;
    if (r.outcome === 'error') throw r.error;
    if (r.outcome === 'skip') {
      tally.skip(r.reason);
      return undefined;
    }
    if (r.outcome === 'problem') {
      tally.fileFailed({ kind: r.kind, source: file.source, detail: r.detail });
      return undefined;
    }
    if (r.outcome === 'digest') {
      if (r.signature) pendingSignatures.push(r.signature);
      if (loaded.has(r.loaded.sha256) || queued.has(r.loaded.sha256)) tally.alreadyStored();
      else {
        queued.add(r.loaded.sha256);
        pendingDigests.push(r.loaded);
      }
      return undefined;
    }
    if (r.outcome === 'stored' || loaded.has(r.hash) || queued.has(r.hash)) {
      if (r.outcome === 'read' && r.read.by !== 'node') await dropLines(r.read.lines?.path);
      tally.alreadyStored(r.outcome === 'stored' && r.restored);
      return undefined;
    }
    queued.add(r.hash);
    const base = {
      // DuckDB reads the kept copy, written from the very bytes that were scanned and hashed: never the
      // source again, which could have changed since (a file swapped after its scan).
      fileId: fileId++, sha256: r.hash, source: file.source, localPath: path.join(store.evidenceDir, r.keptPath), keptPath: r.keptPath, given: file,
      bytes: file.bytes, batchBytes: file.bytes, decompressedBytes: r.decompressedBytes, contentBytes: r.decompressedBytes, objectBytes: r.decompressedBytes,
      ...(file.etag !== undefined ? { etag: file.etag } : {}),
    };
    if (r.read.by === 'table') {
      const { table, lines, kind } = r.read;
      const what = TABLE_TEXT[kind];
      for (const p of table.problems) tally.warn({ kind: p.kind, source: file.source, index: p.index, detail: p.detail });
      if (!lines) {
        if (table.problems.length === 0 || table.problems.every((p) => p.kind === 'not-cloudtrail' || p.kind === 'not-an-object')) {
          tally.gaveNothing(file.source, noEventText(what, table.problems.length, 'row'));
        } else tally.fileFailed();
        return undefined;
      }
      tally.readAsShape(file.source, howTableRead(kind, table));
      return { ...base, container: kind, reader: 'lines', linesPath: lines.path, objectBytes: lines.longest, batchBytes: lines.bytes, shape: what };
    }
    if (r.read.by === 'duckdb') {
      const { lines } = r.read;
      // Lines weigh what they take in the staging folder, so that a batch of them (and the disk it
      // holds) is bounded by their decompressed size, not by the few MB of gzip they came from.
      const shape = CONTAINER_TEXT[r.read.container];
      if (lines) return { ...base, container: r.read.container, reader: 'lines', linesPath: lines.path, objectBytes: lines.longest, batchBytes: lines.bytes, shape };
      return { ...base, container: r.read.container, reader: r.read.container, shape };
    }

    return stageInNode(base, r.read.bytes, { container: r.read.container, scan: r.read.scan });
  };

  /** Takes one read file, in listing order, into its batch; stores the batch when it is full. */
  const take = async (r: ReadResult): Promise<void> => {
    tally.taken();
    throwLoadFailure();
    const prepared = await admit(r);
    if (!prepared) {
      if (pendingDigests.length + pendingSignatures.length >= 1000) await flushDigests();
      await finishFiles([r.file]);
      report();
      return;
    }
    if (pending[prepared.reader].length === 0) pendingSince[prepared.reader] = performance.now();
    pending[prepared.reader].push(prepared);
    pendingBytes[prepared.reader] += prepared.batchBytes;
    report();
    // A batch is stored when it is big enough, or when it has waited long enough: API sources
    // deliver a few kilobytes a second, and what they fetched should be stored as it comes.
    const full = pendingBytes[prepared.reader] >= batchBytes || pending[prepared.reader].length >= MAX_BATCH_FILES;
    if (full || performance.now() - pendingSince[prepared.reader] >= MAX_BATCH_WAIT_MS) await flush(prepared.reader);
  };

  let failure: unknown;
  const stopWith = (err: unknown) => {
    if (err instanceof StrictModeStop) stoppedByStrict = true;
    else failure ??= err; // a source failing mid-way (an API refusing), or the store
  };
  try {
    // What the source could not list (a folder it may not read, a FIFO) is warned first, in the
    // order it was met: under --strict the first stops the ingest before any file is read.
    for (const warning of listing.warnings ?? []) tally.warn(warning);
    // The source is asked for one file at a time, so that when the loop stops (Ctrl-C, --strict, a
    // failure) it stops the source too (API sources stop fetching) before it is closed. On Ctrl-C the
    // files already taken from the source are still stored, like the rest of what was read: API
    // sources would fetch them again.
    const reads = orderedReadAhead(listing.files, readAhead, {
      ahead: READ_AHEAD_FILES, size: (file) => file.bytes, maxSize: READ_AHEAD_BYTES, stop: () => options.signal?.aborted === true,
    });
    for await (const read of reads) await take(read);
    await settle();
  } catch (err) {
    stopWith(err);
  }
  // A load still running when the loop stopped (Ctrl-C, a source failing) finishes first.
  await loading;
  if (loadFailure) stopWith(loadFailure.error);
  loadFailure = undefined;
  try {
    // A source may end its files early on Ctrl-C (API sources stop fetching): still an interruption.
    if (options.signal?.aborted) interrupted = true;
    // Files read in full before a stop (Ctrl-C, --strict, a source failing) are stored, not
    // dropped: API pages cost minutes to fetch again, and the summary says they were loaded.
    for (const reader of ['records', 'array', 'lines', 'staged'] as const) await flush(reader);
    await flushDigests();
    await settle();
    await bulk.finish();
  } catch (err) {
    stopWith(err);
  } finally {
    await bulk.end();
    // Lines of files read but never stored (a stop) go with the folder.
    await removeStagingDir(store.path, 'leave').catch(() => undefined);
    await listing.close?.();
  }
  if (failure) throw failure;
  const summary = tally.finish((performance.now() - started) / 1000, { interrupted, stoppedByStrict });
  report();
  return summary;
}
