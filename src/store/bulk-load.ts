// A bulk load: how an ingest writes to the store. The settings it needs are set when it begins and
// put back when it ends, whatever happens in between, and the write-ahead log is folded into the
// database file once, at the end, instead of at every batch.

import { mergeEventIdIndex } from './event-id-index.js';
import { loadBatch, type BatchFile, type BatchReader, type BatchResult } from './load.js';
import type { Store } from './store.js';
import { giveTurn, othersWaiting } from './waiting.js';

export interface BulkLoad {
  /** Stores one batch in one transaction (src/store/load.ts). */
  load(files: BatchFile[], reader: BatchReader, objectSizes: number[]): Promise<BatchResult>;
  /**
   * Ends the load's writing: merges the eventID index's tail into the index when it is due
   * (src/store/event-id-index.ts), then folds the write-ahead log into the database file (smaller
   * on disk, faster to open).
   */
  finish(): Promise<void>;
  /** Puts the store's settings back. Never throws: the load's own outcome is what the caller must hear. */
  end(): Promise<void>;
}

const SETTINGS = [
  // Ingest writes rows whose order means nothing (file_id, record_index say where each came
  // from): letting DuckDB insert in parallel saves about a third of a batch's time.
  ['preserve_insertion_order', 'false'],
  // Each batch adds ~20 MB of identity records to the write-ahead log, above DuckDB's 16 MB
  // threshold: every commit would fold the log into the file (~0.5 s a batch). Fold it once at
  // the end instead (and at most every 256 MB, which bounds the log and the memory it holds).
  ['checkpoint_threshold', `'256MB'`],
  // Each batch ends in partly filled row groups; by default every checkpoint rewrites them into
  // full ones (about a third of all events, again). Left as they are, the store is no larger and
  // the ingest ~20% faster (npm run bench).
  ['max_vacuum_tasks', '0'],
] as const;

export interface BulkLoadOptions {
  /**
   * Between two batches, let another process that waits for the store have it (the terminal UI,
   * a trace): DuckDB lets one process write a file or several read it, never both at once.
   */
  takeTurns?: boolean;
  /** Remember files without events as stored (API windows: Event history, Athena pages); files and objects are read again. */
  keepEmpty?: boolean;
  /** Fold the write-ahead log into the file when the load finishes (else when the store closes, or past checkpoint_threshold). */
  checkpoint?: boolean;
}

export async function beginBulkLoad(store: Store, options: BulkLoadOptions = {}): Promise<BulkLoad> {
  const settle = async () => {
    for (const [name, value] of SETTINGS) await store.run(`SET ${name} = ${value}`);
  };
  await settle();
  let stored = false;
  return {
    async load(files, reader, objectSizes) {
      // Readers only: a writer let in would number its files as this load goes on numbering its own.
      if (options.takeTurns && othersWaiting(store.path, 'readers')) {
        await giveTurn(store, 'readers');
        await settle();
      }
      const result = await loadBatch(store, files, reader, objectSizes, options.keepEmpty ?? false);
      stored ||= result.valid > 0;
      return result;
    },
    async finish() {
      // The index's tail grows only when events are stored: a fetched question that stored none
      // (most do) does not look at it. A command's ingest does, to merge what an interrupted one left.
      if (stored || (options.checkpoint ?? true)) await mergeEventIdIndex(store);
      if (options.checkpoint ?? true) await store.run('CHECKPOINT');
    },
    async end() {
      for (const [name] of SETTINGS) await store.run(`RESET ${name}`).catch(() => undefined);
    },
  };
}
