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
    issuancesByAccessKey: async (k, where) => unique(await inner.issuancesByAccessKey(k, where)),
    issuancesByPrincipalId: async (p, w: TimeWindow, where) => unique(await inner.issuancesByPrincipalId(p, w, where)),
    issuancesByArn: async (a, w, where) => unique(await inner.issuancesByArn(a, w, where)),
    assumeRootsForAccount: async (a, w) => unique(await inner.assumeRootsForAccount(a, w)),
    copiesOfSharedEvent: async (s, where) => unique(await inner.copiesOfSharedEvent(s, where)),
    signInEvents: async (w, arn) => unique(await inner.signInEvents(w, arn)),
    identityCenterCredentialEvents: async (a, w) => unique(await inner.identityCenterCredentialEvents(a, w)),
    mcpToolCalls: async (w, where) => unique(await inner.mcpToolCalls(w, where)),
    accessKeyCreations: async (k, b, where) => unique(await inner.accessKeyCreations(k, b, where)),
    passwordChanges: async (a, u, w, where) => unique(await inner.passwordChanges(a, u, w, where)),
    credentialUsage: (request, where) => inner.credentialUsage(request, where),
    addressUsers: (ips, exceptArns, where) => inner.addressUsers(ips, exceptArns, where),
  };
}
