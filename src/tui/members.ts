// Whose events a timeline shows: the whole chain, one hop's session, or the origin. The events of
// one member are asked for with the same ChainMatch the report uses for the whole chain
// (src/trace/activity.ts chainMatch), narrowed to that member; nothing here links anything.

import { chainMatch, memberOnly, type ChainMatch } from '../trace/activity.js';
import type { Trace } from '../trace/model.js';

/** Every member of the chain, the session of hop `index` (0 = the target's session), or the origin. */
export type Member = { kind: 'all' } | { kind: 'hop'; index: number } | { kind: 'origin' };

export const ALL_MEMBERS: Member = { kind: 'all' };

/**
 * What to ask the store for to list one member's events (all members: chainMatch itself): the
 * member's own calls, the calls the trace names as its acts (the target for hop 1, the issuing
 * call of the session nearer the target), and calls under its ARN by other credentials, marked.
 */
export function memberMatch(trace: Trace, member: Member): ChainMatch {
  const match = chainMatch(trace);
  if (member.kind === 'all') return match;
  return memberOnly(match, member.kind === 'origin' ? 'origin' : `hop ${member.index + 1}`);
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
