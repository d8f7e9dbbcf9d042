// The tracer's lookup port answered from DuckDB (queries/trace/*.sql).

import type { LoadedRoot, StoreCoverage, TimeWindow, TraceLookups } from '../trace/lookups.js';
import { queryEvents } from './events.js';
import { listParam, sql, sqlTimestamp } from './queries.js';
import type { Store } from './store.js';

const ts = sqlTimestamp;

export function createTraceLookups(store: Store): TraceLookups {
  const q = (name: string, params: Record<string, string | null>) => queryEvents(store, `trace/${name}`, params);
  const w = (window: TimeWindow) => ({ from: ts(window.from), to: ts(window.to) });
  return {
    issuancesByAccessKey: (key) => q('issuances-by-access-key', { key }),
    issuancesByPrincipalId: (principalId, window) => q('issuances-by-principal-id', { principal_id: principalId, ...w(window) }),
    issuancesByArn: (arn, window) => q('issuances-by-arn', { arn, ...w(window) }),
    assumeRootsForAccount: (account, window) => q('assume-roots-for-account', { account, ...w(window) }),
    async copiesOfSharedEvent(shared) {
      // STS copies are all in the small identity_events table; other events need the big scan.
      const issued = await q('issued-copies-of-shared-event', { shared_event_id: shared });
      return issued.length > 1 ? issued : q('copies-of-shared-event', { shared_event_id: shared });
    },
    signInEvents: (window, arn) => q('sign-in-events', { ...w(window), arn: arn ?? null }),
    identityCenterCredentialEvents: (_account, window) => q('identity-center-credential-events', w(window)),
    mcpToolCalls: (window) => q('mcp-tool-calls', w(window)),
    accessKeyCreations: async (key, before) => (await q('access-key-creations', { key, before: ts(before) })).filter((e) => e.keyCreation?.accessKeyId === key),
    passwordChanges: async (account, userName, window) =>
      (await q('password-changes', { account, ...w(window) })).filter((e) => e.passwordSet?.userName === userName),
    async credentialUsage(request) {
      const rows = await store.all<UsageSqlRow>(sql('trace/credential-usage'), {
        keys: listParam(request.accessKeys),
        principal_ids: listParam(request.sessions.map((s) => s.principalId)),
        created_ats: listParam(request.sessions.map((s) => ts(s.createdAt))),
        arns: listParam(request.arns),
      });
      return rows.map((r) => ({
        scope: r.scope,
        accessKeyId: r.access_key_id, principalId: r.principal_id, createdAt: r.created_at, arn: r.arn,
        sourceIp: r.source_ip, userAgent: r.user_agent, vpcEndpointId: r.vpc_endpoint_id,
        calls: Number(r.calls), first: r.first_time, last: r.last_time, firstEventId: r.first_event_id,
      }));
    },
    async addressUsers(ips, exceptArns) {
      if (ips.length === 0) return [];
      const rows = await store.all<AddressSqlRow>(sql('trace/address-users'), { ips, except_arns: listParam(exceptArns) });
      return rows.map((r) => ({
        ip: r.ip, identityType: r.identity_type, arn: r.arn, principalId: r.principal_id, accessKeyId: r.access_key_id,
        calls: Number(r.calls), first: r.first_time,
      }));
    },
  };
}

interface UsageSqlRow extends Record<string, unknown> {
  scope: 'credential' | 'arn';
  access_key_id: string | null;
  principal_id: string | null;
  created_at: string | null;
  arn: string | null;
  source_ip: string | null;
  user_agent: string | null;
  vpc_endpoint_id: string | null;
  calls: bigint;
  first_time: string;
  last_time: string;
  first_event_id: string;
}

interface AddressSqlRow extends Record<string, unknown> {
  ip: string;
  identity_type: string;
  arn: string | null;
  principal_id: string | null;
  access_key_id: string | null;
  calls: bigint;
  first_time: string;
}


export async function storeCoverage(store: Store): Promise<StoreCoverage> {
  const [row] = await store.all<{ accounts: string[] | null; regions: string[] | null; first_event: string | null; last_event: string | null; events: bigint }>(
    sql('store/coverage'),
  );
  const loadedFrom = await allLoadedRoots(store);
  return {
    accounts: row?.accounts ?? [],
    regions: row?.regions ?? [],
    from: row?.first_event ?? null,
    to: row?.last_event ?? null,
    events: Number(row?.events ?? 0),
    loadedFrom,
  };
}

async function allLoadedRoots(store: Store): Promise<LoadedRoot[]> {
  const rows = await store.all<{ kind: string; root: string; org_id: string | null; endpoint_url: string | null }>(sql('store/layout-roots'));
  return rows.map((r) => ({ kind: r.kind, root: r.root, orgId: r.org_id, endpointUrl: r.endpoint_url }));
}

/** Where the store's events came from: local folders and S3 locations holding AWSLogs/, Athena tables, Event history. */
/** A store opened read-only cannot gain roots while open: read them once per store (each trace asks). */
const readOnlyRoots = new WeakMap<Store, Promise<LoadedRoot[]>>();

export async function loadedRoots(store: Store): Promise<LoadedRoot[]> {
  if (!store.readOnly) return allLoadedRoots(store);
  let roots = readOnlyRoots.get(store);
  if (!roots) {
    roots = allLoadedRoots(store);
    readOnlyRoots.set(store, roots);
    // A failed read is not remembered: the next trace asks again.
    roots.catch(() => readOnlyRoots.delete(store));
  }
  return roots;
}
