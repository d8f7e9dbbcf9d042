// What an incident report needs beyond the trace, answered from DuckDB (queries/report/*.sql):
// the events the chain's members made, where the chain's records came from, and what the store
// holds per account and region. The report itself never queries (STYLE.md "views receive data").

import { chainMatch, type ChainActor, type ChainEvent, type ChainMatch } from '../trace/activity.js';
import type { CoverageCell, Incident, IntegrityReport, OtherCredential, RecordSource } from '../trace/incident.js';
import type { Trace } from '../trace/model.js';
import { listParam, sql } from './queries.js';
import { checkTraceEvidence } from './evidence-check.js';
import { differingCopiesOf } from './copies.js';
import { checkDigests } from './digest-check.js';
import { digestRows, digestSignatureMap, publicKeyInputs, readKeptDigest } from './digests.js';
import { fileIntegrity } from './integrity.js';
import type { SqlParam, Store } from './store.js';
import { storeCoverage } from './trace-lookups.js';
import { fetchedQuestions } from './sources.js';

export interface ChainEventRow extends Record<string, unknown> {
  event_id: string;
  event_time: string;
  event_source: string | null;
  event_name: string | null;
  recipient_account_id: string | null;
  aws_region: string | null;
  error_code: string | null;
  read_only: boolean | null;
  source_ip: string | null;
  user_agent: string | null;
  shared_event_id: string | null;
  identity_type: string;
  identity_arn: string | null;
  identity_principal_id: string | null;
  identity_access_key_id: string | null;
  session_creation_date: string | null;
  session_issuer_arn: string | null;
  issued_role_arn: string | null;
  mfa_used: string | null;
  source: string;
  record_index: number;
  actor: string | null;
  other_credential: boolean;
}

export function toChainEvent(row: ChainEventRow): ChainEvent {
  return {
    eventId: row.event_id,
    eventTime: row.event_time,
    eventSource: row.event_source ?? '',
    eventName: row.event_name ?? '',
    accountId: row.recipient_account_id,
    region: row.aws_region,
    errorCode: row.error_code,
    readOnly: row.read_only,
    sourceIPAddress: row.source_ip,
    userAgent: row.user_agent,
    sharedEventId: row.shared_event_id,
    identityType: row.identity_type,
    identityArn: row.identity_arn,
    principalId: row.identity_principal_id,
    accessKeyId: row.identity_access_key_id,
    sessionCreatedAt: row.session_creation_date,
    sessionRoleArn: row.session_issuer_arn,
    requestedRoleArn: row.issued_role_arn,
    mfaUsed: row.mfa_used,
    location: { source: row.source, index: Number(row.record_index) },
    actor: row.actor as ChainActor | null,
    otherCredential: row.other_credential,
  };
}


/**
 * The parameters $1–$12 of report/chain-events.sql (and of the terminal UI's tui_chain_calls) for
 * a match: lists in step two by two, as chain_members (queries/store/chain-members-macro.sql) reads them.
 */
export function chainMatchParams(match: ChainMatch): Record<string, SqlParam> {
  return {
    key_actors: listParam(match.keys.map((k) => k.actor)),
    keys: listParam(match.keys.map((k) => k.accessKeyId)),
    session_actors: listParam(match.sessions.map((s) => s.actor)),
    sessions: listParam(match.sessions.map((s) => `${s.principalId}|${s.createdAt}`)),
    arn_actors: listParam(match.arns.map((a) => a.actor)),
    arns: listParam(match.arns.map((a) => a.arn)),
    origin_principal: match.originPrincipal?.principalId ?? null,
    origin_type: match.originPrincipal?.identityType ?? null,
    origin_keyed: match.originPrincipal?.keyed ?? null,
    ic_user: match.identityCenterUserId,
    named_actors: listParam(match.named.map((n) => n.actor ?? '')),
    named_ids: listParam(match.named.map((n) => n.eventId)),
  };
}

/** Defines chain_members(…), the one rule of which stored events a chain's members made, for this connection. */
export async function defineChainMembers(store: Store): Promise<void> {
  await store.run(sql('store/chain-members-macro'));
}

/** Every stored event made by a member of the traced chain, oldest first. */
export async function chainActivity(store: Store, trace: Trace): Promise<ChainEvent[]> {
  await defineChainMembers(store);
  const rows = await store.all<ChainEventRow>(sql('report/chain-events'), chainMatchParams(chainMatch(trace)));
  return rows.map(toChainEvent);
}

/** Calls under the chain's names by other credentials, summed per member and credential. */
export async function otherCredentials(store: Store, trace: Trace): Promise<OtherCredential[]> {
  await defineChainMembers(store);
  const rows = await store.all<{
    actor: string | null; access_key_id: string | null; created_at: string | null; calls: bigint; writes: bigint; first_time: string; last_time: string;
    ips: (string | null)[]; ip_count: bigint; user_agents: (string | null)[]; user_agent_count: bigint;
  }>(sql('report/other-credentials'), chainMatchParams(chainMatch(trace)));
  const present = (values: (string | null)[]) => values.filter((v): v is string => v !== null && v !== '');
  return rows.map((r) => ({
    actor: r.actor, accessKeyId: r.access_key_id, createdAt: r.created_at, calls: Number(r.calls), writes: Number(r.writes),
    first: r.first_time, last: r.last_time, ips: present(r.ips), ipCount: Number(r.ip_count),
    userAgents: present(r.user_agents), userAgentCount: Number(r.user_agent_count),
  }));
}

/**
 * The trace's own records (target, issuing events, copies, origin event) and where each was loaded
 * from, each file checked against its SHA-256 now (throws when one was changed or is gone).
 */
export async function recordSources(store: Store, trace: Trace): Promise<RecordSource[]> {
  const checked = await checkTraceEvidence(store, trace);
  const integrity = await fileIntegrity(store, checked);
  const copies = await differingCopiesOf(store, checked.map((r) => r.eventId));
  return checked.map((r) => {
    const i = integrity.get(r.keptPath);
    return {
      eventId: r.eventId, source: r.source, index: r.index, sha256: r.sha256, verified: true, integrity: i?.verdict ?? 'unsigned', digest: i?.digest ?? null,
      differingCopies: copies.get(r.eventId) ?? [],
    };
  });
}

/** Digest chains, logging changes and silent hours for the accounts and regions of the chain's records. */
export async function integrityReport(store: Store, trace: Trace): Promise<IntegrityReport> {
  const rows = await store.all<{ account_id: string | null; region: string | null }>(
    sql('report/record-cells'), { event_ids: listParam(chainMatch(trace).named.map((n) => n.eventId)) });
  const cells = rows.filter((r): r is { account_id: string; region: string } => r.account_id !== null && r.region !== null);
  const accounts = [...new Set(cells.map((c) => c.account_id))];
  const digests = await digestRows(store, 'WHERE list_contains($1::VARCHAR[], account_id)', [listParam(accounts)]);
  const signatures = await digestSignatureMap(store);
  const inputs = await Promise.all(digests.map((d) => readKeptDigest(store, d, signatures)));
  const { chains } = checkDigests(inputs, await publicKeyInputs(store));
  const changes = await store.all<{ event_id: string; event_name: string; event_time: string; account_id: string | null; region: string | null; identity_arn: string | null; error_code: string | null }>(
    sql('report/logging-changes'), { accounts: listParam(accounts) });
  const silent = cells.length === 0 ? [] : await store.all<{ account_id: string; region: string; from_time: string; to_time: string; hours: bigint }>(
    sql('report/silent-hours'), { cells: listParam(cells.map((c) => `${c.account_id}/${c.region}`)) });
  return {
    chains,
    loggingChanges: changes.map((c) => ({ eventId: c.event_id, eventName: c.event_name, eventTime: c.event_time, accountId: c.account_id, region: c.region, actor: c.identity_arn, errorCode: c.error_code })),
    silentHours: silent.map((h) => ({ accountId: h.account_id, region: h.region, from: h.from_time, to: h.to_time, hours: Number(h.hours) })),
  };
}

export async function coverageCells(store: Store): Promise<CoverageCell[]> {
  const rows = await store.all<{ account_id: string | null; region: string | null; first_event: string; last_event: string; events: bigint }>(
    sql('report/coverage-cells'),
  );
  return rows.map((r) => ({ accountId: r.account_id, region: r.region, from: r.first_event, to: r.last_event, events: Number(r.events) }));
}

/** Everything a report renders, for a trace already made from this store. */
export async function incidentOf(
  store: Store,
  trace: Trace,
  meta: { toolVersion: string; generatedAt: string },
): Promise<Incident> {
  return {
    trace,
    integrity: await integrityReport(store, trace),
    activity: await chainActivity(store, trace),
    otherCredentials: await otherCredentials(store, trace),
    records: await recordSources(store, trace),
    coverage: await storeCoverage(store),
    coverageCells: await coverageCells(store),
    fetched: await fetchedQuestions(store),
    storePath: store.path,
    ...meta,
  };
}
