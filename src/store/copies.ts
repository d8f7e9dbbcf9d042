// Other copies of an event (same eventID) that differ from the copy the store uses (issue 17,
// point 4; migration 011 event_copies): read for the records a trace, a report or the terminal UI
// shows, so each says "another copy of this event differs" with where that copy came from and how.

import type { CopyDifference, DifferingCopy, Trace } from '../trace/model.js';
import { recordDifferences } from './copy-diff.js';
import { rawRecordOf } from './events.js';
import { sql } from './queries.js';
import type { Store } from './store.js';

/**
 * The differing copies of each of the events, by eventID (absent: none). Each recorded copy is
 * compared with the copy used over the whole record, read from both kept files (copy-diff.ts): the
 * store compares only what it keeps columns of at ingest, a trace shows more. When a record cannot
 * be read back (its kept copy changed or gone), the fields compared at ingest say it.
 */
export async function differingCopiesOf(store: Store, eventIds: string[]): Promise<Map<string, DifferingCopy[]>> {
  const out = new Map<string, DifferingCopy[]>();
  type Row = {
    event_id: string; source: string; record_index: number; sha256: string; kept_path: string; container: string;
    used_kept_path: string; used_container: string; used_source: string; used_record_index: number;
    differences: { field: string; other: string | null; used: string | null }[];
  };
  const rows: Row[] = [];
  // One lookup per event, by a constant hash (the index is skipped past, not read whole); in turn.
  // Most events have no other copy: a cheap look first spares the comparison's planning.
  for (const id of new Set(eventIds)) {
    const [has] = await store.all<{ has_copies: boolean }>(sql('trace/has-copies'), { event_id: id });
    if (has?.has_copies === true) rows.push(...(await store.all<Row>(sql('trace/event-copies'), { event_id: id })));
  }
  for (const r of rows) {
    const read = (keptPath: string, container: string, source: string, index: number) =>
      rawRecordOf(store, { event_id: r.event_id, record: null, kept_path: keptPath, container, source, record_index: index });
    let differences: CopyDifference[];
    try {
      const [used, other] = [await read(r.used_kept_path, r.used_container, r.used_source, Number(r.used_record_index)), await read(r.kept_path, r.container, r.source, Number(r.record_index))];
      if (used === undefined || other === undefined) throw new Error('record not found');
      // Records ingest athena rebuilt from the table's columns may leave fields out.
      const lossy = { used: r.used_source.startsWith('athena://'), other: r.source.startsWith('athena://') };
      differences = recordDifferences(JSON.parse(used), JSON.parse(other), 20, lossy);
    } catch {
      differences = r.differences.map((d) => ({ field: d.field, used: d.used, other: d.other }));
    }
    if (differences.length === 0) continue;
    const copy: DifferingCopy = { location: r.source, index: Number(r.record_index), sha256: r.sha256, differences };
    out.set(r.event_id, [...(out.get(r.event_id) ?? []), copy]);
  }
  return out;
}

/** Where the copy used of a shown event was loaded from, and what else is known of it (shown-event.sql). */
export type ShownEvent = {
  file_id: number;
  kept_path: string;
  container: string;
  source: string;
  record_index: number;
  untracked: boolean;
  has_copies: boolean;
};

/** The shown events' rows, by eventID: one lookup each, in turn (absent: not stored), but for those `known` already. */
export async function shownEvents(store: Store, eventIds: string[], known?: ReadonlyMap<string, ShownEvent>): Promise<Map<string, ShownEvent>> {
  const out = new Map<string, ShownEvent>();
  for (const id of new Set(eventIds)) {
    const already = known?.get(id);
    if (already) {
      out.set(id, already);
      continue;
    }
    const [row] = await store.all<ShownEvent>(sql('trace/shown-event'), { event_id: id });
    if (row) out.set(id, { ...row, record_index: Number(row.record_index) });
  }
  return out;
}

/** Said by a trace resting on a record loaded before the store compared copies (migration 011). */
export const UNTRACKED = 'records of this trace were loaded before trail-trace compared copies of an event: another copy loaded then was not compared, '
  + 'and which copy is used may depend on the order they were loaded in; load the logs into a new store (--db) to compare them';

/**
 * Sets `differingCopies` on the trace's target and on each hop's issuing event that has any.
 * `known`: shown events already looked up (the target's, with its lookup by eventID).
 */
export async function addDifferingCopies(store: Store, trace: Trace, known?: ReadonlyMap<string, ShownEvent>): Promise<Map<string, ShownEvent>> {
  const issuing = trace.hops.flatMap((h) => (h.issuedBy ? [h.issuedBy] : []));
  const origin = trace.origin?.event ?? undefined;
  const shown = [trace.target.eventId, ...issuing.map((i) => i.eventId), ...(origin ? [origin.eventId] : [])];
  const rows = await shownEvents(store, shown, known);
  if ([...rows.values()].some((r) => r.untracked)) trace.warnings.push(UNTRACKED);
  const copies = await differingCopiesOf(store, shown.filter((id) => rows.get(id)?.has_copies === true));
  if (copies.size === 0) return rows;
  const target = copies.get(trace.target.eventId);
  if (target) trace.target.differingCopies = target;
  // Said once: the origin's record may be the target or an issuing event already shown.
  const shownAlready = origin !== undefined && (origin.eventId === trace.target.eventId || issuing.some((i) => i.eventId === origin.eventId));
  const originCopies = origin && !shownAlready ? copies.get(origin.eventId) : undefined;
  if (origin && originCopies) origin.differingCopies = originCopies;
  for (const ref of issuing) {
    const found = copies.get(ref.eventId);
    if (found) ref.differingCopies = found;
  }
  return rows;
}
