// The lookup port, with duplicate deliveries collapsed: the same eventID never yields two
// candidates (spec §4.8 #4), so it can never produce two hops.

import type { TrailEvent } from './model.js';
import type { TimeWindow, TraceLookups } from './lookups.js';

function unique(events: TrailEvent[]): TrailEvent[] {
  const seen = new Map<string, TrailEvent>();
  for (const e of events) if (!seen.has(e.eventId)) seen.set(e.eventId, e);
  return [...seen.values()].sort((a, b) => a.eventTime.localeCompare(b.eventTime) || a.eventId.localeCompare(b.eventId));
}

export function dedupedLookups(inner: TraceLookups): TraceLookups {
  return {
    issuancesByAccessKey: async (k) => unique(await inner.issuancesByAccessKey(k)),
    issuancesByPrincipalId: async (p, w: TimeWindow) => unique(await inner.issuancesByPrincipalId(p, w)),
    issuancesByArn: async (a, w) => unique(await inner.issuancesByArn(a, w)),
    assumeRootsForAccount: async (a, w) => unique(await inner.assumeRootsForAccount(a, w)),
    copiesOfSharedEvent: async (s) => unique(await inner.copiesOfSharedEvent(s)),
    signInEvents: async (w, arn) => unique(await inner.signInEvents(w, arn)),
    identityCenterCredentialEvents: async (a, w) => unique(await inner.identityCenterCredentialEvents(a, w)),
    mcpToolCalls: async (w) => unique(await inner.mcpToolCalls(w)),
    accessKeyCreations: async (k, b) => unique(await inner.accessKeyCreations(k, b)),
    passwordChanges: async (a, u, w) => unique(await inner.passwordChanges(a, u, w)),
    credentialUsage: (request) => inner.credentialUsage(request),
    addressUsers: (ips, exceptArns) => inner.addressUsers(ips, exceptArns),
  };
}
