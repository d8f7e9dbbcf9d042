// event_id_index (migration 007): where each stored eventID is, in the order of its hash, so that a
// lookup by eventID reads one row group instead of every stored eventID. Ingest appends to
// event_id_index_tail, which lookups read whole; this merges the tail into the ordered index once
// it is big enough to slow them.

import { sql, statements } from './queries.js';
import type { Store } from './store.js';

/**
 * The tail is merged when it holds more than a sixteenth of the index's rows: a small ingest into a
 * big store (one more day) leaves a small tail rather than rewriting the whole index, and a lookup
 * never reads more than about 6% of the stored eventIDs' hashes.
 */
export const TAIL_SHARE = 16;

export interface IndexMerge {
  merged: boolean;
  rows: number;
}

/** Merges event_id_index_tail into event_id_index, in hash order, in one transaction, if it is due. */
export async function mergeEventIdIndex(store: Store, options: { force?: boolean } = {}): Promise<IndexMerge> {
  const [sizes] = await store.all<{ indexed: bigint; tail: bigint }>(
    `SELECT (SELECT count(*) FROM event_id_index) AS indexed, (SELECT count(*) FROM event_id_index_tail) AS tail`,
  );
  const indexed = Number(sizes?.indexed ?? 0);
  const tail = Number(sizes?.tail ?? 0);
  if (tail === 0 || (!options.force && tail * TAIL_SHARE <= indexed)) return { merged: false, rows: indexed + tail };
  // The rows must be written in hash order: a bulk load lets DuckDB reorder inserts (its end resets this).
  await store.run(`SET preserve_insertion_order = true`);
  await store.transaction(async () => {
    for (const statement of statements(sql('store/merge-event-id-index'))) await store.run(statement);
  });
  return { merged: true, rows: indexed + tail };
}
