// What trail-trace had to do to a record it shows (issue 17): a record read from another tool's
// shape may have had its eventTime taken from the wrapper (`@timestamp`, `_time`…: often when the
// SIEM indexed it, not when the call was made), or its nested values read from `{key=value}` text
// that cannot tell every comma apart. The record says so itself (shapes.ts DERIVED_FIELD); a trace
// that rests on it says so too, in its warnings, wherever it is shown.

import { DERIVED_FIELD } from '../ingest/shapes.js';
import type { Trace } from '../trace/model.js';
import { rawRecordOf } from './events.js';
import { listParam, sql } from './queries.js';
import type { Store } from './store.js';

/** The warnings for the records of the trace (target, each hop's issuing event, the origin's event) that trail-trace completed or read approximately. */
export async function derivedRecordWarnings(store: Store, trace: Trace): Promise<string[]> {
  const shown: { what: string; eventId: string }[] = [
    { what: 'the target event', eventId: trace.target.eventId },
    ...trace.hops.flatMap((h, i) => (h.issuedBy ? [{ what: `hop ${i + 1}'s issuing event`, eventId: h.issuedBy.eventId }] : [])),
    ...(trace.origin?.event ? [{ what: "the origin's event", eventId: trace.origin.event.eventId }] : []),
  ];
  const rows = await store.all<{ event_id: string; kept_path: string; container: string; source: string; record_index: number }>(
    sql('trace/shown-records'), { event_ids: listParam([...new Set(shown.map((s) => s.eventId))]) });
  const notes = new Map<string, { eventTimeFrom?: string; approximate?: boolean }>();
  for (const r of rows) {
    try {
      const text = await rawRecordOf(store, { ...r, record: null, record_index: Number(r.record_index) });
      const note = text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>)[DERIVED_FIELD];
      if (note && typeof note === 'object') notes.set(r.event_id, note as { eventTimeFrom?: string; approximate?: boolean });
    } catch {
      // A record that cannot be read back is refused where the trace reads it: nothing to add here.
    }
  }
  const out: string[] = [];
  const said = new Set<string>();
  for (const { what, eventId } of shown) {
    const note = notes.get(eventId);
    if (!note || said.has(eventId)) continue;
    said.add(eventId);
    if (typeof note.eventTimeFrom === 'string') {
      out.push(`${what} ${eventId} has no eventTime of its own: its time is its export's ${JSON.stringify(note.eventTimeFrom)}, `
        + 'which may be when it was exported or indexed rather than when the call was made');
    }
    if (note.approximate === true) {
      out.push(`${what} ${eventId} was read from {key=value} text (CloudTrail Lake results, an Athena CSV), which cannot tell every comma apart: check what matters against the source`);
    }
  }
  return out;
}
