// Whose events a timeline shows: the whole chain, one hop's session, or the origin. The events of
// one member are asked for with the same ChainMatch the report uses for the whole chain
// (src/trace/activity.ts chainMatch), narrowed to that member; nothing here links anything.

import { chainMatch, type ChainMatch } from '../trace/activity.js';
import type { Trace } from '../trace/model.js';

/** Every member of the chain, the session of hop `index` (0 = the target's session), or the origin. */
export type Member = { kind: 'all' } | { kind: 'hop'; index: number } | { kind: 'origin' };

export const ALL_MEMBERS: Member = { kind: 'all' };

/** eventIDs of an issuing call and its copies in other accounts. */
function issuedIds(trace: Trace, hopIndex: number): string[] {
  const issued = trace.hops[hopIndex]?.issuedBy;
  return issued ? [issued.eventId, ...issued.copies] : [];
}

/**
 * The events a member made that only the trace names: the target (hop 0's act), and the call
 * that minted the session nearer the target, which the member made (the role owner's copy of a
 * cross-account AssumeRole names the caller only as an account, spec §4.6).
 */
function namedActs(trace: Trace, member: Exclude<Member, { kind: 'all' }>): string[] {
  if (member.kind === 'origin') {
    const last = trace.hops.length - 1;
    const ids = last >= 0 ? issuedIds(trace, last) : [trace.target.eventId];
    if (trace.origin?.event) ids.push(trace.origin.event.eventId);
    return [...new Set(ids)].sort();
  }
  const ids = member.index === 0 ? [trace.target.eventId] : issuedIds(trace, member.index - 1);
  return [...new Set(ids)].sort();
}

/** What to ask the store for to list one member's events (all members: chainMatch itself). */
export function memberMatch(trace: Trace, member: Member): ChainMatch {
  if (member.kind === 'all') return chainMatch(trace);
  if (member.kind === 'hop') {
    const hop = trace.hops[member.index];
    const only = chainMatch({ ...trace, hops: hop ? [hop] : [], origin: null });
    return { ...only, eventIds: namedActs(trace, member) };
  }
  const origin = chainMatch({ ...trace, hops: [] });
  return { ...origin, eventIds: namedActs(trace, member) };
}

/** "all sessions", "hop 2", "origin": how the timeline's title names the member. */
export function memberName(member: Member): string {
  switch (member.kind) {
    case 'all': return 'all sessions of the chain';
    case 'hop': return `hop ${member.index + 1}`;
    case 'origin': return 'the origin';
  }
}

export function sameMember(a: Member, b: Member): boolean {
  return a.kind === b.kind && (a.kind !== 'hop' || (b.kind === 'hop' && a.index === b.index));
}
