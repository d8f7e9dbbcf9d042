// The scope's lookup port answered from DuckDB (queries/scope/*.sql): the trace's lookups, and the
// walk forwards' questions, summed or limited by DuckDB.

import type { TimeWindow } from '../trace/lookups.js';
import { accountOf } from '../trace/arn.js';
import type { CredentialMatch, CredentialSeen, RecordedCall, ScopeLookups } from '../trace/scope-model.js';
import { toTrailEvent } from '../trace/record.js';
import type { TrailEvent } from '../trace/model.js';
import { getEventById, queryEvents, rawRecordOf, type EventRow } from './events.js';
import { listParam, sql, sqlTimestamp } from './queries.js';
import type { SqlParam, Store } from './store.js';
import { createTraceLookups } from './trace-lookups.js';

const ts = sqlTimestamp;

function windowParams(window: TimeWindow) {
  return { from: ts(window.from), to: ts(window.to) };
}

/** The lists scope_calls(…) takes (queries/scope/credential-calls-macro.sql). */
function matchParams(by: CredentialMatch[], window: TimeWindow): Record<string, SqlParam> {
  const keys = by.flatMap((m) => m.keys.map((k) => ({ cred: m.cred, ...k })));
  return {
    key_creds: listParam(keys.map((k) => k.cred)),
    keys: listParam(keys.map((k) => k.key)),
    key_froms: listParam(keys.map((k) => ts(k.from))),
    key_tos: listParam(keys.map((k) => ts(k.to))),
    ...windowParams(window),
  };
}

/** A parsed record, or undefined when the stored text is not JSON. */
function parse(raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

async function recordedEvents(store: Store, rows: (EventRow & { cred?: string })[]): Promise<{ cred: string; event: TrailEvent; record: unknown }[]> {
  // Read file by file (each kept file is read and decompressed once, however many of its records
  // are asked for: a time-ordered walk across files would read a file again for each), then
  // handed back in the rows' order.
  const records = new Map<EventRow, unknown>();
  const byFile = [...rows].sort((a, b) => a.kept_path.localeCompare(b.kept_path) || Number(a.record_index) - Number(b.record_index));
  for (const row of byFile) records.set(row, parse(await rawRecordOf(store, row)));
  const out: RecordedCall[] = [];
  for (const row of rows) {
    const record = records.get(row);
    if (record === undefined) continue;
    const result = toTrailEvent(record, { source: row.source, index: Number(row.record_index), keptPath: row.kept_path });
    if (result.ok) out.push({ cred: row.cred ?? '', event: result.event, record });
  }
  return out;
}

export function createScopeLookups(store: Store): ScopeLookups {
  let macro: Promise<void> | undefined;
  /** scope_calls(…) is a temporary macro: defined once per store connection before its first use. */
  const defined = () => (macro ??= store.run(sql('scope/credential-calls-macro')));
  const all = async <T extends Record<string, unknown>>(name: string, params: Record<string, SqlParam>) => {
    await defined();
    return store.all<T>(sql(`scope/${name}`), params);
  };
  return {
    ...createTraceLookups(store),
    async mintingCalls(by, window, limit) {
      const keys = [...new Set(by.flatMap((m) => m.keys.map((k) => k.key)))];
      return queryEvents(store, 'scope/minting-calls', { keys: listParam(keys), ...windowParams(window), limit });
    },
    async keysOfSessions(sessions) {
      if (sessions.length === 0) return [];
      const rows = await store.all<{ principal_id: string; access_key_id: string; created_at: string; identity_type: string | null; first_event_id: string }>(
        sql('scope/keys-of-sessions'), {
          principal_ids: sessions.map((s) => s.principalId),
          created_froms: sessions.map((s) => ts(s.createdFrom)),
          created_tos: sessions.map((s) => ts(s.createdTo)),
        });
      return rows.map((r) => ({ principalId: r.principal_id, accessKeyId: r.access_key_id, createdAt: r.created_at, identityType: r.identity_type, firstEventId: r.first_event_id }));
    },
    consoleSignIns: (account, user, window) => queryEvents(store, 'scope/console-sign-ins', { account, user, ...windowParams(window) }),
    async activity(by, window) {
      const rows = await all<ActivitySqlRow>('activity', matchParams(by, window));
      return rows.map((r) => ({
        cred: r.cred, calls: Number(r.calls), failed: Number(r.failed), firstUse: r.first_use, lastUse: r.last_use,
        firstEventId: r.first_event_id, accounts: r.accounts ?? [], regions: r.regions ?? [], ips: r.ips ?? [],
        userAgents: r.user_agents ?? [], arn: r.arn, accountId: r.account_id, principalId: r.principal_id,
        accessKeyIds: r.access_key_ids ?? [],
      }));
    },
    async topCalls(by, window) {
      const rows = await all<{ cred: string; event_source: string; event_name: string; calls: bigint; failed: bigint }>('top-calls', matchParams(by, window));
      return rows.map((r) => ({ cred: r.cred, source: r.event_source, name: r.event_name, calls: Number(r.calls), failed: Number(r.failed) }));
    },
    async deniedBursts(by, window, minCalls) {
      const rows = await all<{ cred: string; first_time: string; last_time: string; calls: bigint; actions: string[] }>(
        'denied-bursts', { ...matchParams(by, window), min_calls: minCalls });
      return rows.map((r) => ({ cred: r.cred, from: r.first_time, to: r.last_time, calls: Number(r.calls), actions: r.actions }));
    },
    async callsPage(by, window, after, limit) {
      const rows = await all<CallSqlRow>('calls-page', {
        ...matchParams(by, window), after_time: after ? ts(after.time) : null, after_id: after?.eventId ?? null, limit,
      });
      return rows.map((r) => ({
        cred: r.cred, eventId: r.event_id, eventTime: r.event_time, eventSource: r.event_source, eventName: r.event_name,
        accountId: r.recipient_account_id, region: r.aws_region, errorCode: r.error_code, sourceIp: r.source_ip,
        userAgent: r.user_agent, accessKeyId: r.identity_access_key_id,
      }));
    },
    async changeCalls(by, window, calls, limit) {
      const rows = await all<EventRow & { cred: string } & Record<string, unknown>>('change-calls', {
        ...matchParams(by, window),
        sources: listParam(calls.map((c) => c.source)),
        names: listParam(calls.map((c) => c.name)),
        limit,
      });
      return recordedEvents(store, rows);
    },
    async earlierCalls(source, names, accountId, before) {
      const rows = await store.all<EventRow & Record<string, unknown>>(sql('scope/earlier-calls'), {
        source, names: listParam(names), account: accountId, before: ts(before),
      });
      return recordedEvents(store, rows);
    },
    async credentialsSeen(match, window) {
      const rows = await store.all<SeenSqlRow>(sql('scope/principal-credentials'), {
        arn: 'arn' in match ? match.arn : null,
        key: 'key' in match ? match.key : null,
        ...windowParams(window),
      });
      return rows.map((r): CredentialSeen => ({
        accessKeyId: r.access_key_id, principalId: r.principal_id, createdAt: r.created_at, arn: r.arn,
        identityType: r.identity_type, accountId: accountOf(r.arn) ?? null, calls: Number(r.calls), firstUse: r.first_use,
        firstEventId: r.first_event_id,
      }));
    },
    eventById: (eventId) => getEventById(store, eventId),
    async sharedEventCopies(ids) {
      if (ids.length === 0) return new Map();
      const rows = await store.all<{ shared_event_id: string; event_ids: string[] }>(sql('scope/shared-event-copies'), { shared_event_ids: ids });
      return new Map(rows.map((r) => [r.shared_event_id, r.event_ids]));
    },
    identityCenterCallsOf: (user, window) => queryEvents(store, 'scope/identity-center-calls', { user, ...windowParams(window) }),
    async sessionsSeen(prefix, createdFrom, createdTo) {
      const rows = await store.all<{ principal_id: string; created_at: string; arn: string | null; first_event_id: string }>(
        sql('scope/sessions-seen'), { prefix, created_from: ts(createdFrom), created_to: ts(createdTo) });
      return rows.map((r) => ({ principalId: r.principal_id, createdAt: r.created_at, arn: r.arn, firstEventId: r.first_event_id }));
    },
    sessionsOfRole: (prefix, window) => queryEvents(store, 'scope/role-sessions', { prefix, ...windowParams(window) }),
  };
}

interface ActivitySqlRow extends Record<string, unknown> {
  cred: string;
  calls: bigint;
  failed: bigint;
  first_use: string;
  last_use: string;
  first_event_id: string;
  accounts: string[] | null;
  regions: string[] | null;
  arn: string | null;
  account_id: string | null;
  principal_id: string | null;
  access_key_ids: string[] | null;
  ips: string[] | null;
  user_agents: string[] | null;
}

interface SeenSqlRow extends Record<string, unknown> {
  access_key_id: string | null;
  principal_id: string | null;
  created_at: string | null;
  arn: string | null;
  identity_type: string | null;
  calls: bigint;
  first_use: string;
  first_event_id: string;
}

interface CallSqlRow extends Record<string, unknown> {
  cred: string;
  event_id: string;
  event_time: string;
  event_source: string;
  event_name: string;
  recipient_account_id: string | null;
  aws_region: string | null;
  error_code: string | null;
  source_ip: string | null;
  user_agent: string | null;
  identity_access_key_id: string | null;
}
