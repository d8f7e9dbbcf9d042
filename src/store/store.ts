// The store: one DuckDB file (one writer at a time) plus a folder of kept original files.
// Opening translates DuckDB's lock and missing-file errors into errors a user can act on.

import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { totalmem } from 'node:os';
import path from 'node:path';
import type * as DuckDB from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { duckdb } from './duckdb.js';
import { EXIT, UserError } from '../errors.js';
import { removeOrphanTemps } from './evidence.js';
import { migrate } from './migrate.js';
import { announceWaiting } from './waiting.js';

const { DuckDBInstance, listValue } = duckdb;
type DuckDBInstance = DuckDB.DuckDBInstance;

export const DEFAULT_DB = 'trail-trace.duckdb';

export type SqlParam = string | number | boolean | null | bigint | readonly string[];
/** Parameters of a statement: by position ($1, $2…) or, as query files take them, by name ($key, $from…). */
export type SqlParams = SqlParam[] | Record<string, SqlParam>;
export type Row = Record<string, unknown>;

export interface OpenOptions {
  readOnly?: boolean;
  /** DuckDB memory_limit in megabytes (default: DEFAULT_MEMORY_LIMIT_MB). */
  memoryLimitMb?: number;
  /** DuckDB's threads (default: DEFAULT_THREADS); a large batch of an ingest takes BULK_THREADS for its load. */
  threads?: number;
  /**
   * When another process holds the store: wait for it, up to maxMs, instead of failing at once.
   * The wait is announced (src/store/waiting.ts), so a holder that takes turns lets go soon.
   */
  wait?: LockWait;
}

export interface LockWait {
  maxMs: number;
  /** Told once, when the store turns out to be held, by whom. */
  onWait?: (holder: string) => void;
  signal?: AbortSignal;
}

/** The store is held by another process: DuckDB allows one writer, or any number of readers. */
export class StoreBusyError extends UserError {
  constructor(
    dbPath: string,
    /** "PID 1234" with the holder's program when DuckDB names it, or "another process". */
    readonly holder: string,
  ) {
    super(
      `The store ${dbPath} is in use by ${holder}, probably an ingest or a fetch that is still running.`,
      'Wait for it to finish, or use another store with --db FILE. (A command waits TRAIL_TRACE_LOCK_WAIT seconds, 30 by default, for its turn.)',
      EXIT.unreadable,
    );
  }
}

export interface Store {
  readonly path: string;
  /** Folder of kept original files (content-addressed), next to the database file. */
  readonly evidenceDir: string;
  readonly readOnly: boolean;
  /** DuckDB's memory_limit as opened; a step may raise it for a while and set it back. */
  readonly memoryLimitMb: number;
  /** DuckDB's threads as opened; a large batch takes more for its load and sets it back. */
  readonly threads: number;
  run(sqlText: string, params?: SqlParams): Promise<void>;
  all<T extends Row = Row>(sqlText: string, params?: SqlParams): Promise<T[]>;
  /** Runs fn inside one transaction; rolls back if it throws. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  connection(): DuckDBConnection;
  close(): Promise<void>;
  /** What opening had to do to open it (a write-ahead log replayed with more memory, or set aside), for the user. */
  readonly notices: string[];
  /**
   * Lets go of the database file while `whileClosed` runs (another process's turn), then opens it
   * again as it was opened, waiting for that turn to end. Session state (temporary tables and
   * macros, SET values) does not survive: call it only where none is held.
   */
  pause(whileClosed: () => Promise<void>): Promise<void>;
}

/** The store path from --db, then TRAIL_TRACE_DB, then ./trail-trace.duckdb. */
export function resolveStorePath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag || env.TRAIL_TRACE_DB || DEFAULT_DB);
}

export function evidenceDirOf(dbPath: string): string {
  return `${dbPath}.evidence`;
}

/** Where ingest writes record lines for DuckDB to read: emptied as each batch is stored, removed when the ingest ends or, after a crash, by the next writer. */
export function stagingDirOf(dbPath: string): string {
  return `${dbPath}.staging`;
}

/** Marks a staging folder as trail-trace's: only a marked folder is ever removed. */
const STAGING_MARK = '.trail-trace-staging';

/** Makes the store's staging folder, marked (removing the one a crashed ingest left). */
export async function makeStagingDir(dbPath: string): Promise<string> {
  await removeStagingDir(dbPath, 'refuse');
  const dir = stagingDirOf(dbPath);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, STAGING_MARK), 'record lines of a running trail-trace ingest; removed when it ends\n');
  return dir;
}

/**
 * Removes the store's staging folder if it is trail-trace's (it has the mark). A folder of that
 * name that is not is never touched: 'leave' passes over it, 'refuse' says so (an ingest needs the name).
 */
export async function removeStagingDir(dbPath: string, foreign: 'leave' | 'refuse'): Promise<void> {
  const dir = stagingDirOf(dbPath);
  if (!existsSync(dir)) return;
  if (!existsSync(path.join(dir, STAGING_MARK))) {
    if (foreign === 'leave') return;
    throw new UserError(
      `${dir} exists and is not trail-trace's: an ingest writes its record lines there.`,
      'Move or rename that folder, or use another store with --db.',
      EXIT.unreadable,
    );
  }
  await rm(dir, { recursive: true, force: true });
}

function toDuckValues(params: SqlParams): DuckDBValue[] | Record<string, DuckDBValue> {
  return Array.isArray(params) ? params.map(toDuckValue) : Object.fromEntries(Object.entries(params).map(([k, v]) => [k, toDuckValue(v)]));
}

function toDuckValue(p: SqlParam): DuckDBValue {
  if (Array.isArray(p)) return listValue(p as string[]);
  return p as DuckDBValue;
}

function translateOpenError(err: unknown, dbPath: string): Error {
  const message = err instanceof Error ? err.message : String(err);
  const lock = /Conflicting lock is held in (.*?) \(PID (\d+)\)/.exec(message);
  if (lock || message.includes('Could not set lock')) {
    return new StoreBusyError(dbPath, lock ? `another process (${path.basename(lock[1] ?? '')}, PID ${lock[2]})` : 'another process');
  }
  if (/not a valid DuckDB database|database file .* is not valid|Unable to open database/i.test(message)) {
    return new UserError(`${dbPath} is not a trail-trace store (${message.split('\n')[0]}).`, 'Pass --db with the path of a store made by trail-trace ingest.', EXIT.unreadable);
  }
  if (/Is a directory/i.test(message)) {
    return new UserError(`${dbPath} is a folder, not a store file.`, 'Pass --db with a file path, e.g. --db ./incident.duckdb (ingest creates it).', EXIT.unreadable);
  }
  const io = fileSystemWords(message);
  if (io) return new UserError(`Cannot open the store ${dbPath}: ${io}.`, 'Pass --db with a path in a folder you can write to, on a disk with free space.', EXIT.unreadable);
  return err instanceof Error ? err : new Error(message);
}

/** The file-system reason in an error from DuckDB or Node, in words, when it is one a user can act on. */
function fileSystemWords(message: string): string | null {
  if (/No space left on device|ENOSPC/i.test(message)) return 'the disk is full';
  if (/Read-only file system|EROFS/i.test(message)) return 'the file system is read-only';
  if (/Permission denied|EACCES|EPERM/i.test(message)) return 'permission denied';
  if (/EEXIST|ENOTDIR|Not a directory/i.test(message)) return 'part of its path is a file, not a folder';
  if (/No such file or directory|ENOENT/i.test(message)) return 'no such file, and it cannot be created there';
  return null;
}

// DuckDB's buffer pool. It fills up to this during an ingest, and DuckDB's own allocations come on
// top: 384 MB keeps an ingest's peak RSS near 750 MB (512 MB reached 980 MB, close to the 1 GB
// target; 256 MB was slower, npm run bench). Queries spill to disk beyond it rather than fail.
const DEFAULT_MEMORY_LIMIT_MB = 384;
// One thread: a trace, a scope, a report and a fetched question send DuckDB hundreds of small
// statements, which a second thread cannot share but pays for in coordination (measured: 12-15%
// more CPU for the same traces and fetches, and no faster). A batch of an ingest large enough to
// parse in parallel takes BULK_THREADS for its load (src/store/load.ts).
const DEFAULT_THREADS = 1;
export const BULK_THREADS = 2;
/** DuckDB's file format for new stores: readable by DuckDB 1.5 and later (the one trail-trace ships with). */
const STORAGE_VERSION = 'v1.5.0';

const WAL_REPLAY = /Failure while replaying WAL/i;
const OUT_OF_MEMORY = /Out of Memory|could not allocate/i;
/** A log that is damaged, as opposed to one that could not be read now (memory, disk, permissions). */
const WAL_DAMAGED = /Corrupt|checksum|Serializ|deserializ|Invalid|unexpected/i;

/**
 * Opens DuckDB, recovering a store whose write-ahead log will not replay (issue 13: a store must
 * always open). A replay that runs out of memory (a huge value committed but not yet checkpointed)
 * is retried with DuckDB's own default limit, 80% of the machine's memory: nothing is lost. A log
 * that is damaged cannot be replayed at all: a writer sets it aside (renamed, never deleted) and
 * opens the store as of its last checkpoint; the batches committed after it are gone from the
 * store with their files' rows, so running the same ingest again loads them. A reader is told so.
 */
async function openInstance(dbPath: string, config: Record<string, string>, readOnly: boolean, notices: string[]): Promise<DuckDBInstance> {
  try {
    return await DuckDBInstance.create(dbPath, config);
  } catch (first) {
    const message = first instanceof Error ? first.message : String(first);
    if (!WAL_REPLAY.test(message)) throw translateOpenError(first, dbPath);
    if (OUT_OF_MEMORY.test(message)) {
      try {
        const instance = await DuckDBInstance.create(dbPath, { ...config, memory_limit: `${Math.floor((totalmem() * 0.8) / 1024 / 1024)}MB` });
        notices.push(`The store's write-ahead log needed more memory to replay than trail-trace allows by default (${message.split('\n')[0]}); it was replayed with up to 80% of this machine's memory${readOnly ? '' : ' and folded into the store'}. Nothing was lost.`);
        return instance;
      } catch (second) {
        const again = second instanceof Error ? second.message : String(second);
        if (!WAL_REPLAY.test(again)) throw translateOpenError(second, dbPath);
      }
    }
    const wal = `${dbPath}.wal`;
    // Only a damaged log is set aside: one that failed for want of memory or disk stays, for the
    // next open to replay whole once there is room.
    if (!WAL_DAMAGED.test(message) || OUT_OF_MEMORY.test(message)) {
      throw new UserError(
        `The store ${dbPath} cannot be opened: its write-ahead log (${path.basename(wal)}) could not be replayed (${message.split('\n')[0]}).`,
        'Free memory or disk space and run the command again; nothing in the log has been lost.',
        EXIT.unreadable,
      );
    }
    if (readOnly) {
      throw new UserError(
        `The store ${dbPath} cannot be opened: its write-ahead log (${path.basename(wal)}) cannot be replayed (${message.split('\n')[0]}).`,
        'Run an ingest on it (e.g. trail-trace ingest files <the same logs> --db …): it sets the damaged log aside, keeps everything up to the last checkpoint, and loads again what the log held.',
        EXIT.unreadable,
      );
    }
    const aside = `${wal}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      renameSync(wal, aside);
    } catch (err) {
      throw translateOpenError(err, dbPath);
    }
    const instance = await DuckDBInstance.create(dbPath, config).catch((err: unknown) => {
      throw translateOpenError(err, dbPath);
    });
    notices.push(
      `The store's write-ahead log could not be replayed (${message.split('\n')[0]}). It was set aside as ${aside}, and the store opened as of its last checkpoint: ` +
        'batches loaded after it are not in the store. Run the same ingest commands again to load them (files already stored are skipped).',
    );
    return instance;
  }
}

const LOCK_RETRY_MS = 100;

/** Opens, and while another process holds the store, waits (announced) up to wait.maxMs. */
async function openWaiting(dbPath: string, readOnly: boolean, wait: LockWait | undefined, open: () => Promise<DuckDBInstance>): Promise<DuckDBInstance> {
  const deadline = Date.now() + (wait?.maxMs ?? 0);
  let withdraw: (() => void) | null = null;
  try {
    for (;;) {
      try {
        return await open();
      } catch (err) {
        if (!(err instanceof StoreBusyError) || !wait || Date.now() >= deadline || wait.signal?.aborted) throw err;
        if (!withdraw) {
          withdraw = announceWaiting(dbPath, readOnly ? 'read' : 'write');
          wait.onWait?.(err.holder);
        }
        await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
      }
    }
  } finally {
    withdraw?.();
  }
}

export async function openStore(dbPath: string, options: OpenOptions = {}): Promise<Store> {
  const readOnly = options.readOnly ?? false;
  if (readOnly && !existsSync(dbPath)) {
    throw new UserError(
      `No store at ${dbPath}.`,
      'Load logs first, e.g. `trail-trace ingest files ./AWSLogs`, or point --db / TRAIL_TRACE_DB at an existing store.',
      EXIT.notFound,
    );
  }
  if (!readOnly) {
    try {
      mkdirSync(path.dirname(dbPath), { recursive: true });
    } catch (err) {
      throw translateOpenError(err, dbPath);
    }
  }
  const memoryLimitMb = options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB;
  const threads = options.threads ?? DEFAULT_THREADS;
  const config: Record<string, string> = {
    access_mode: readOnly ? 'READ_ONLY' : 'READ_WRITE',
    threads: String(threads),
    memory_limit: `${memoryLimitMb}MB`,
    // Deterministic results for the same input, whatever the thread interleaving.
    preserve_insertion_order: 'true',
    // The file format of a store made now (an existing store keeps its own): v1.5 compresses the
    // working records with zstd (migration 008), a quarter of their size in older formats.
    storage_compatibility_version: STORAGE_VERSION,
  };
  const notices: string[] = [];
  let instance = await openWaiting(dbPath, readOnly, options.wait, () => openInstance(dbPath, config, readOnly, notices));
  let conn = await instance.connect();
  await conn.run(`SET TimeZone = 'UTC'`).catch(() => undefined);

  const store: Store = {
    path: dbPath,
    evidenceDir: evidenceDirOf(dbPath),
    readOnly,
    memoryLimitMb,
    threads,
    async run(sqlText, params = []) {
      await conn.run(sqlText, toDuckValues(params));
    },
    async all<T extends Row = Row>(sqlText: string, params: SqlParams = []) {
      const reader = await conn.runAndReadAll(sqlText, toDuckValues(params));
      return reader.getRowObjectsJS() as T[];
    },
    async transaction<T>(fn: () => Promise<T>) {
      await conn.run('BEGIN TRANSACTION');
      try {
        const result = await fn();
        await conn.run('COMMIT');
        return result;
      } catch (err) {
        await conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    },
    connection: () => conn,
    notices,
    async close() {
      conn.closeSync();
      instance.closeSync();
    },
    async pause(whileClosed) {
      conn.closeSync();
      instance.closeSync();
      try {
        await whileClosed();
      } finally {
        // As long as it takes: the guest is a reader that lets go when done (a verify of a large
        // store can take minutes), and this store's work is half done.
        instance = await openWaiting(dbPath, readOnly, { maxMs: Number.POSITIVE_INFINITY }, () => openInstance(dbPath, config, readOnly, notices));
        conn = await instance.connect();
        await conn.run(`SET TimeZone = 'UTC'`).catch(() => undefined);
      }
    },
  };

  try {
    // What was replayed from the log is folded into the file now, so the next open needs no replay.
    if (notices.length > 0 && !readOnly) await store.run('CHECKPOINT');
    await migrate(store);
    // A writer killed while copying a file left its temporary copy, or record lines: ours to remove now.
    if (!readOnly) {
      await removeOrphanTemps(store.evidenceDir);
      await removeStagingDir(dbPath, 'leave');
    }
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
