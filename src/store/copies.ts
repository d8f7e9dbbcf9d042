// Other copies of an event (same eventID) that differ from the copy the store uses (issue 17,
// point 4; migration 011 event_copies): read for the records a trace, a report or the terminal UI
// shows, so each says "another copy of this event differs" with where that copy came from and how.

import type { DifferingCopy, Trace } from '../trace/model.js';
import { listParam, sql } from './queries.js';
import type { Store } from './store.js';

/** The differing copies of each of the events, by eventID (absent: none). One query, whatever the number. */
export async function differingCopiesOf(store: Store, eventIds: string[]): Promise<Map<string, DifferingCopy[]>> {
  const out = new Map<string, DifferingCopy[]>();
  const ids = [...new Set(eventIds)];
  if (ids.length === 0) return out;
  const rows = await store.all<{
    event_id: string; source: string; record_index: number; sha256: string;
    differences: { field: string; other: string | null; used: string | null }[];
  }>(sql('trace/differing-copies'), { event_ids: listParam(ids) });
  for (const r of rows) {
    const copy: DifferingCopy = {
      location: r.source, index: Number(r.record_index), sha256: r.sha256,
      differences: r.differences.map((d) => ({ field: d.field, used: d.used, other: d.other })),
    };
    out.set(r.event_id, [...(out.get(r.event_id) ?? []), copy]);
  }
  return out;
}

/** Sets `differingCopies` on the trace's target and on each hop's issuing event that has any. */
export async function addDifferingCopies(store: Store, trace: Trace): Promise<void> {
  const issuing = trace.hops.flatMap((h) => (h.issuedBy ? [h.issuedBy] : []));
  const copies = await differingCopiesOf(store, [trace.target.eventId, ...issuing.map((i) => i.eventId)]);
  if (copies.size === 0) return;
  const target = copies.get(trace.target.eventId);
  if (target) trace.target.differingCopies = target;
  for (const ref of issuing) {
    const found = copies.get(ref.eventId);
    if (found) ref.differingCopies = found;
  }
}
