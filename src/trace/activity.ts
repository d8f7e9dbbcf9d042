// What a traced chain's sessions did: which credentials to look for in the store, and, for each
// event found, what part it plays in the chain.
//
// This reads a finished Trace; it never links anything itself (that is walk.ts's job). The store
// answers `chainMatch` and attributes each event to the member whose credential made it
// (queries/store/chain-members-macro.sql); views (the markdown report, the terminal UI) render the
// events with `chainRolesOf` and `collapseCopies`.

import type { Hop, Origin, RecordLocation, Trace } from './model.js';
import { isWriteCall, sensitiveReason } from './sensitive.js';

/** Who in the chain made an event: the origin, or the session of hop N (1 = the target's session). */
export type ChainActor = 'origin' | `hop ${number}`;

/** One stored event made by a member of the chain: the hot columns, as the store keeps them. */
export interface ChainEvent {
  eventId: string;
  /** ISO 8601 UTC. */
  eventTime: string;
  eventSource: string;
  eventName: string;
  /** recipientAccountId: whose log holds this copy. */
  accountId: string | null;
  region: string | null;
  errorCode: string | null;
  readOnly: boolean | null;
  sourceIPAddress: string | null;
  userAgent: string | null;
  sharedEventId: string | null;
  identityType: string;
  identityArn: string | null;
  principalId: string | null;
  accessKeyId: string | null;
  /** sessionContext.attributes.creationDate, ISO 8601 UTC. */
  sessionCreatedAt: string | null;
  /** sessionContext.sessionIssuer.arn: the role the session belongs to. */
  sessionRoleArn: string | null;
  /** requestParameters.roleArn of an STS call: the role asked for (even when refused). */
  requestedRoleArn: string | null;
  /** ConsoleLogin's additionalEventData.MFAUsed. */
  mfaUsed: string | null;
  location: RecordLocation | null;
  /** The member of the chain whose credential made it, as the store attributed it (null: only named by the trace). */
  actor: ChainActor | null;
  /** Made under a member's session ARN (or by the origin principal) with another credential than the member's. */
  otherCredential: boolean;
}

/**
 * What to ask the store for, and how the store attributes each event it finds (the one rule of
 * which calls a member of the chain made: queries/store/chain-members-macro.sql applies it).
 *
 * A member is a credential, not an ARN: EC2 and Lambda refresh credentials under one session ARN
 * and session names are reused, so a call belongs to a hop only when that hop's credential made
 * it. Calls under a hop's ARN by any other credential are found too, and marked as another
 * credential's, never counted as the hop's.
 */
export interface ChainMatch {
  /** Key-signed credentials: every call signed with the key is the member's. */
  keys: { actor: ChainActor; accessKeyId: string }[];
  /**
   * Credentials that sign with per-request keys the issuing call never showed (console and
   * Identity Center sessions, spec §3.7, §3.8): the session's principal id and creation time.
   */
  sessions: { actor: ChainActor; principalId: string; createdAt: string }[];
  /** The hops' session ARNs: calls under one by another credential are shown apart. */
  arns: { actor: ChainActor; arn: string }[];
  /**
   * IAM users and root: the origin principal's calls. When the origin is a known long-term key,
   * its other keys and console sessions are other credentials; without one, all are the origin's.
   */
  originPrincipal: { principalId: string; identityType: string; keyed: boolean } | null;
  /** Identity Center user id (`onBehalfOf.userId` of the portal's events, spec §3.7): the origin's. */
  identityCenterUserId: string | null;
  /** Events the trace names (the target, issuing events and copies, the origin's event) and who made each. */
  named: { eventId: string; actor: ChainActor | null }[];
}

/** Origins that are identities with activity of their own in the logs (spec §2.1). */
const ORIGINS_WITH_ACTIVITY = new Set(['IAMUser', 'Root']);

/** Sessions that sign each request with a key the issuing call never returned (spec §3.7, §3.8). */
const PER_REQUEST_KEY_KINDS = new Set(['console role session', 'Identity Center role session']);
/** Links that say the session's keys are not the issuing call's: console and Identity Center sessions, password sign-ins. */
const PER_REQUEST_KEY_LINKS = new Set(['principal-and-creation-time', 'login-profile', 'identity-center-credentials']);

/**
 * Whether the chain's events include every call of the origin itself (an IAM user or root with no
 * known key: any key, any console session), not only the calls of the credential that started it.
 */
export function originHasOwnActivity(origin: Origin | null): boolean {
  return origin !== null && ORIGINS_WITH_ACTIVITY.has(origin.type) && !present(origin.accessKeyId);
}

function present(value: string | null | undefined): value is string {
  return value !== null && value !== undefined && value !== '';
}

function hopActor(index: number): ChainActor {
  return `hop ${index + 1}`;
}

/**
 * Whether a hop's credential is recognised by principal id and creation time rather than by its
 * key: the link itself says the session signed with another key than the one issued, or the
 * session is of a kind that always does.
 */
export function signsPerRequest(hop: Hop): boolean {
  return (hop.link !== null && PER_REQUEST_KEY_LINKS.has(hop.link)) || PER_REQUEST_KEY_KINDS.has(hop.session.kind);
}

/** Who made each event the trace names: the target (the first hop, or the origin), each issuing call (the next member up). */
function namedEvents(trace: Trace): ChainMatch['named'] {
  const origin = trace.origin;
  const named = new Map<string, ChainActor | null>();
  const add = (eventId: string, actor: ChainActor | null) => {
    if (!named.has(eventId)) named.set(eventId, actor);
  };
  add(trace.target.eventId, trace.hops.length > 0 ? hopActor(0) : trace.status === 'complete' && origin ? 'origin' : null);
  trace.hops.forEach((hop, i) => {
    if (!hop.issuedBy) return;
    // An issuing event (or a copy of it) is the act of the member one step nearer the origin.
    const by: ChainActor | null = i + 1 < trace.hops.length ? hopActor(i + 1) : origin ? 'origin' : null;
    for (const id of [hop.issuedBy.eventId, ...hop.issuedBy.copies]) add(id, by);
  });
  if (origin?.event) add(origin.event.eventId, 'origin');
  return [...named].map(([eventId, actor]) => ({ eventId, actor })).sort((a, b) => a.eventId.localeCompare(b.eventId));
}

/** What to ask the store for, from the trace alone. */
export function chainMatch(trace: Trace): ChainMatch {
  const origin = trace.origin;
  const keys: ChainMatch['keys'] = [];
  const sessions: ChainMatch['sessions'] = [];
  const arns: ChainMatch['arns'] = [];
  trace.hops.forEach((hop, i) => {
    const s = hop.session;
    const actor = hopActor(i);
    if (present(s.accessKeyId) && !keys.some((k) => k.accessKeyId === s.accessKeyId)) keys.push({ actor, accessKeyId: s.accessKeyId });
    // One row per session: the store joins on it.
    if (signsPerRequest(hop) && present(s.principalId) && present(s.createdAt) && !sessions.some((x) => x.principalId === s.principalId && x.createdAt === s.createdAt)) {
      sessions.push({ actor, principalId: s.principalId, createdAt: s.createdAt });
    }
    if (present(s.arn) && !arns.some((a) => a.arn === s.arn)) arns.push({ actor, arn: s.arn });
  });
  if (present(origin?.accessKeyId) && !keys.some((k) => k.accessKeyId === origin.accessKeyId)) {
    keys.push({ actor: 'origin', accessKeyId: origin.accessKeyId });
  }
  return {
    keys,
    sessions,
    arns,
    originPrincipal: origin && ORIGINS_WITH_ACTIVITY.has(origin.type) && present(origin.principalId)
      ? { principalId: origin.principalId, identityType: origin.type, keyed: present(origin.accessKeyId) }
      : null,
    identityCenterUserId: origin?.type === 'IdentityCenterUser' && present(origin.principalId) ? origin.principalId : null,
    named: namedEvents(trace),
  };
}

/** The match narrowed to one member's calls (its own and those of other credentials under its ARN). */
export function memberOnly(match: ChainMatch, actor: ChainActor): ChainMatch {
  return {
    keys: match.keys.filter((k) => k.actor === actor),
    sessions: match.sessions.filter((s) => s.actor === actor),
    arns: match.arns.filter((a) => a.actor === actor),
    originPrincipal: actor === 'origin' ? match.originPrincipal : null,
    identityCenterUserId: actor === 'origin' ? match.identityCenterUserId : null,
    named: match.named.filter((n) => n.actor === actor),
  };
}

/** The parts an event plays in the chain: "target", "issued hop 2", "origin event". */
export function chainRolesOf(eventIds: string[], trace: Trace): string[] {
  const roles: string[] = [];
  if (eventIds.includes(trace.target.eventId)) roles.push('target');
  trace.hops.forEach((h, i) => {
    if (h.issuedBy && (eventIds.includes(h.issuedBy.eventId) || h.issuedBy.copies.some((c) => eventIds.includes(c)))) {
      roles.push(`issued hop ${i + 1}`);
    }
  });
  const originEvent = trace.origin?.event?.eventId;
  if (originEvent && eventIds.includes(originEvent) && !roles.some((r) => r.startsWith('issued'))) roles.push('origin event');
  return roles;
}

/** One logical call: the copy shown first, plus the same call as other accounts logged it (spec §4.6). */
export interface ChainCall {
  event: ChainEvent;
  copies: ChainEvent[];
}

function byTime(a: ChainEvent, b: ChainEvent): number {
  return a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

/**
 * Events in time order (then eventId), one entry per logical call: copies sharing a
 * sharedEventID are folded into the copy that names the caller's credentials (the caller's own
 * log), or else the earliest-sorting one.
 */
export function collapseCopies(events: ChainEvent[]): ChainCall[] {
  const sorted = [...events].sort(byTime);
  const groups = new Map<string, ChainEvent[]>();
  const calls: ChainEvent[][] = [];
  for (const event of sorted) {
    const shared = event.sharedEventId;
    const group = shared ? groups.get(shared) : undefined;
    if (group) {
      group.push(event);
      continue;
    }
    const fresh = [event];
    if (shared) groups.set(shared, fresh);
    calls.push(fresh);
  }
  return calls.map((group) => {
    const shown = group.find((e) => present(e.accessKeyId)) ?? group[0]!;
    return { event: shown, copies: group.filter((e) => e !== shown) };
  });
}

/** A logical call with what it means for the incident. */
export interface ChainActivityEntry extends ChainCall {
  /** The chain member that made it (null: only named by the trace, e.g. an anonymous target). */
  actor: ChainActor | null;
  /** Made under the member's session ARN with another credential: shown apart, never as the member's. */
  otherCredential: boolean;
  /** "target", "issued hop 1", "origin event". */
  roles: string[];
  write: boolean;
  /** Why the call is sensitive (src/trace/sensitive.ts), or null. */
  sensitive: string | null;
}

/** The chain's events as logical calls in time order, each with its actor, roles and risk. */
export function chainActivityEntries(trace: Trace, events: ChainEvent[]): ChainActivityEntry[] {
  return collapseCopies(events).map((call) => {
    const ids = [call.event.eventId, ...call.copies.map((c) => c.eventId)];
    return {
      ...call,
      actor: call.event.actor,
      otherCredential: call.event.otherCredential,
      roles: chainRolesOf(ids, trace),
      write: isWriteCall(call.event),
      sensitive: sensitiveReason(call.event),
    };
  });
}
