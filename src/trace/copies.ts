// Another copy of an event that differs from the copy a trace uses (issue 17, point 4), in words
// every view shares: the trace's warnings say it for scripts that read the contract's fields only;
// text, report and terminal UI show the copies under the records themselves.

import type { DifferingCopy, Trace } from './model.js';

/** "eventName, sourceIPAddress": the fields a copy differs in. */
export function differingFields(copy: DifferingCopy): string {
  return copy.differences.map((d) => d.field).join(', ');
}

/** One warning per differing copy of the target and of each hop's issuing event. */
export function differingCopyWarnings(trace: Trace): string[] {
  const say = (what: string, eventId: string, copies: DifferingCopy[] | undefined) => (copies ?? []).map((c) =>
    `another copy of ${what} ${eventId} differs from the one traced in ${differingFields(c)}: ${c.location} record ${c.index} (both are kept; see trail-trace's rule for copies in the README)`);
  return [
    ...say('the target event', trace.target.eventId, trace.target.differingCopies),
    ...trace.hops.flatMap((h, i) => (h.issuedBy ? say(`hop ${i + 1}'s issuing event`, h.issuedBy.eventId, h.issuedBy.differingCopies) : [])),
    ...(trace.origin?.event ? say("the origin's event", trace.origin.event.eventId, trace.origin.event.differingCopies) : []),
  ];
}
