// What a traced chain's sessions did: which identities to look for in the store, and, for each
// event found, which member of the chain made it and what part it plays in the chain.
//
// This reads a finished Trace; it never links anything itself (that is walk.ts's job). The store
// answers `chainMatch` (queries/report/chain-events.sql); views (the markdown report, the
// terminal UI) render the events with `chainRoleOf` and `collapseCopies`.

import type { Origin, RecordLocation, Trace } from './model.js';
import { isWriteCall, sensitiveReason } from './sensitive.js';

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
}

/** The identities whose events belong to the chain, as the store is asked for them. */
export interface ChainMatch {
  /** Session keys (ASIA…) of every hop, and the origin's long-term key (AKIA…) when it used one. */
  accessKeys: string[];
  /**
   * Hop sessions by principal id and creation time: console and Identity Center sessions sign
   * with keys the issuing call never showed (spec §3.7, §3.8), and a session may rotate keys.
   */
  sessions: { principalId: string; createdAt: string }[];
  /** IAM users and root: every event of that principal, under any key or console session. */
  originPrincipal: { principalId: string; identityType: string } | null;
  /** Identity Center user id (`onBehalfOf.userId` of the portal's events, spec §3.7). */
  identityCenterUserId: string | null;
  /** Events named by the trace itself: the target, each issuing event and its copies, the origin's event. */
  eventIds: string[];
}

/** Who in the chain made an event: the origin, or the session of hop N (1 = the target's session). */
export type ChainActor = 'origin' | `hop ${number}`;

/** Origins that are identities with activity of their own in the logs (spec §2.1). */
const ORIGINS_WITH_ACTIVITY = new Set(['IAMUser', 'Root']);

/**
 * Whether the chain's events include every call of the origin itself (an IAM user or root: any
 * key, any console session), not only the calls that started the chain.
 */
export function originHasOwnActivity(origin: Origin | null): boolean {
  return origin !== null && ORIGINS_WITH_ACTIVITY.has(origin.type);
}

function present(value: string | null | undefined): value is string {
  return value !== null && value !== undefined && value !== '';
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/** What to ask the store for, from the trace alone. */
export function chainMatch(trace: Trace): ChainMatch {
  const origin = trace.origin;
  const keys = trace.hops.map((h) => h.session.accessKeyId).filter(present);
  if (present(origin?.accessKeyId)) keys.push(origin.accessKeyId);
  const sessions = trace.hops
    .filter((h) => present(h.session.principalId) && present(h.session.createdAt))
    .map((h) => ({ principalId: h.session.principalId!, createdAt: h.session.createdAt! }));
  const ids = [trace.target.eventId];
  for (const hop of trace.hops) {
    if (hop.issuedBy) ids.push(hop.issuedBy.eventId, ...hop.issuedBy.copies);
  }
  if (origin?.event) ids.push(origin.event.eventId);
  return {
    accessKeys: unique(keys),
    sessions,
    originPrincipal: origin && ORIGINS_WITH_ACTIVITY.has(origin.type) && present(origin.principalId)
      ? { principalId: origin.principalId, identityType: origin.type }
      : null,
    identityCenterUserId: origin?.type === 'IdentityCenterUser' && present(origin.principalId) ? origin.principalId : null,
    eventIds: unique(ids),
  };
}

/** The chain member that made `event`, or null when the event only came in by its id. */
export function actorOf(event: ChainEvent, trace: Trace): ChainActor | null {
  const hopIndex = trace.hops.findIndex((h) =>
    (present(event.accessKeyId) && event.accessKeyId === h.session.accessKeyId) ||
    (present(event.principalId) && event.principalId === h.session.principalId && event.sessionCreatedAt === h.session.createdAt));
  if (hopIndex >= 0) return `hop ${hopIndex + 1}`;
  // An issuing event (or a copy of it) is the act of the session one step nearer the origin.
  const issued = trace.hops.findIndex((h) => h.issuedBy && (h.issuedBy.eventId === event.eventId || h.issuedBy.copies.includes(event.eventId)));
  if (issued >= 0) return issued + 1 < trace.hops.length ? `hop ${issued + 2}` : 'origin';
  const origin = trace.origin;
  if (!origin) return null;
  if (present(origin.accessKeyId) && event.accessKeyId === origin.accessKeyId) return 'origin';
  if (origin.event?.eventId === event.eventId) return 'origin';
  if (ORIGINS_WITH_ACTIVITY.has(origin.type) && present(origin.principalId) && event.principalId === origin.principalId && event.identityType === origin.type) {
    return 'origin';
  }
  if (origin.type === 'IdentityCenterUser' && event.eventSource === 'sso.amazonaws.com') return 'origin';
  return null;
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
      actor: actorOf(call.event, trace),
      roles: chainRolesOf(ids, trace),
      write: isWriteCall(call.event),
      sensitive: sensitiveReason(call.event),
    };
  });
}
