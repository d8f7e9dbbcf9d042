// What trail-trace had to do to a record it shows (issue 17): a record read from another tool's
// shape may have had its eventTime taken from the wrapper (`@timestamp`, `_time`…: often when the
// SIEM indexed it, not when the call was made), or its nested values read from `{key=value}` text
// that cannot tell every comma apart. The record says so itself (shapes.ts DERIVED_FIELD); a trace
// that rests on it says so too, in its warnings, wherever it is shown.

import { DERIVED_FIELD } from '../ingest/shapes.js';
import type { Trace } from '../trace/model.js';
import { rawRecordOf } from './events.js';
import { shownEvents, type ShownEvent } from './copies.js';
import type { Store } from './store.js';

/** The warnings for the records of the trace (target, each hop's issuing event, the origin's event) that trail-trace completed or read approximately. */
export async function derivedRecordWarnings(store: Store, trace: Trace, known?: Map<string, ShownEvent>): Promise<string[]> {
  const shown: { what: string; eventId: string }[] = [
    { what: 'the target event', eventId: trace.target.eventId },
    ...trace.hops.flatMap((h, i) => (h.issuedBy ? [{ what: `hop ${i + 1}'s issuing event`, eventId: h.issuedBy.eventId }] : [])),
    ...(trace.origin?.event ? [{ what: "the origin's event", eventId: trace.origin.event.eventId }] : []),
  ];
  const rows = known ?? (await shownEvents(store, shown.map((s) => s.eventId)));
  const notes = new Map<string, { eventTimeFrom?: string; approximate?: boolean }>();
  for (const [eventId, r] of rows) {
    // Records in CloudTrail's own shape, or Event history's, are as CloudTrail wrote them.
    if (r.container === 'records' || r.container === 'lookup') continue;
    try {
      const text = await rawRecordOf(store, { event_id: eventId, record: null, kept_path: r.kept_path, container: r.container, source: r.source, record_index: r.record_index });
      const note = text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>)[DERIVED_FIELD];
      if (note && typeof note === 'object') notes.set(eventId, note as { eventTimeFrom?: string; approximate?: boolean });
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
