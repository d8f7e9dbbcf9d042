// What the report reads from a real store beside the trace (queries/report/*.sql): the events of
// the chain's members, where the chain's records came from, and the store's coverage. The
// fixture org trail, loaded into DuckDB; expectations from fixtures/README.md's scenarios.

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { chainActivity, coverageCells, incidentOf, recordSources } from '../../src/store/report-data.js';
import { openStore, type Store } from '../../src/store/store.js';
import { traceEventById } from '../../src/app/trace-event.js';
import type { ChainEvent } from '../../src/trace/activity.js';
import type { Trace } from '../../src/trace/model.js';
import { FIXTURES, removeDir, suiteDir } from '../helpers/temp.js';

const TARGETS = {
  crossAccount: '0485349d-f4ab-436c-84b9-5675842530e8',
  consoleSwitchRole: '5a73bc31-90a3-43fc-be40-ee0aca28c6bf',
  identityCenter: '6c235c95-ebac-4462-b14f-45afeaf885e6',
  broken: 'c5bf639e-4232-4a85-8776-98c52fd9de7a',
  anonymous: 'f10abf69-9716-4e7c-a3aa-2258d4d2f78e',
};

let store: Store;
let dir: string;
beforeAll(async () => {
  dir = suiteDir();
  store = await openStore(path.join(dir, 'fixtures.duckdb'));
  await ingestPaths(store, [path.join(FIXTURES, 'org-trail')]);
});
afterAll(async () => {
  await store.close();
  removeDir(dir);
});

async function traced(id: string): Promise<{ trace: Trace; events: ChainEvent[] }> {
  const trace = (await traceEventById(store, id))!;
  return { trace, events: await chainActivity(store, trace) };
}

async function idsWhere(condition: string, params: string[]): Promise<string[]> {
  const rows = await store.all<{ event_id: string }>(`SELECT event_id FROM events WHERE ${condition} ORDER BY event_id`, params);
  return rows.map((r) => r.event_id);
}

describe('chainActivity', () => {
  it('cross-account chain: every event of alice\'s key, the DeployRole and DataAdmin sessions, and both copies of each AssumeRole', async () => {
    const { trace, events } = await traced(TARGETS.crossAccount);
    const keys = ['AKIAOBHPEXKT25TT27NB', 'ASIAFQHQR3WXIKOEABZD', 'ASIA2DZP25V4TBJCAMSA'];
    const byKey = await idsWhere('identity_access_key_id IN ($1, $2, $3)', keys);
    const ids = events.map((e) => e.eventId);
    for (const id of byKey) expect(ids).toContain(id);
    for (const hop of trace.hops) for (const id of [hop.issuedBy!.eventId, ...hop.issuedBy!.copies]) expect(ids).toContain(id);
    expect(events.find((e) => e.eventName === 'PutBucketPolicy')?.readOnly).toBe(false);
    expect(events.find((e) => e.eventName === 'CreateAccessKey')?.accountId).toBe('333333333333');
    // Nothing of anyone else: each event is alice's, one of the two sessions', or an owner's copy of her calls.
    for (const e of events) {
      const mine = keys.includes(e.accessKeyId ?? '') || (e.identityType === 'AWSAccount' && ids.includes(e.eventId));
      expect(mine, `${e.eventId} ${e.eventName} ${e.identityArn}`).toBe(true);
    }
    const times = events.map((e) => e.eventTime);
    expect(times).toEqual([...times].sort());
    expect(events[0]!.location?.source).toMatch(/\.json\.gz$/);
  });

  it('console SwitchRole: bob\'s console session (by principal) and the role session signed with a key no STS call showed', async () => {
    const { events } = await traced(TARGETS.consoleSwitchRole);
    const login = events.find((e) => e.eventName === 'ConsoleLogin');
    expect(login?.mfaUsed).toBe('Yes');
    const bobConsole = await idsWhere(`identity_principal_id = $1 AND identity_type = 'IAMUser'`, ['AIDAGOCFFBPVSQ5YZRZDX']);
    for (const id of bobConsole) expect(events.map((e) => e.eventId)).toContain(id);
    expect(events.some((e) => e.principalId === 'AROAMPDZEUY7AQQKUJWHU:bob' && e.eventName === 'CreateUser')).toBe(true);
  });

  it('Identity Center: priya\'s portal calls before GetRoleCredentials, not the other user\'s', async () => {
    const { events } = await traced(TARGETS.identityCenter);
    const portal = events.filter((e) => e.eventSource === 'sso.amazonaws.com').map((e) => `${e.eventTime} ${e.eventName}`);
    expect(portal).toEqual([
      '2026-03-09T13:04:10Z ListAccounts',
      '2026-03-09T13:04:11Z ListAccountRoles',
      '2026-03-09T13:04:12Z ListAccountRoles',
      '2026-03-09T13:04:15Z GetRoleCredentials',
    ]);
  });

  it('a broken chain: the session\'s own events, though its issuing event is missing', async () => {
    const { events } = await traced(TARGETS.broken);
    expect(events.length).toBeGreaterThan(1);
    expect(new Set(events.map((e) => e.principalId))).toEqual(new Set(['AROA2F6EXKWDQ3GV2DGVR:legacy-batch-7f3a']));
  });

  it('an anonymous call: the target alone', async () => {
    const { events } = await traced(TARGETS.anonymous);
    expect(events.map((e) => e.eventId)).toEqual([TARGETS.anonymous]);
  });
});

describe('recordSources and coverageCells', () => {
  it('says which file and position each of the trace\'s records came from, with the file\'s SHA-256', async () => {
    const trace = (await traceEventById(store, TARGETS.crossAccount))!;
    const sources = await recordSources(store, trace);
    expect(sources.map((s) => s.eventId).sort()).toEqual([
      '0485349d-f4ab-436c-84b9-5675842530e8', '0d7f0ded-129e-45ca-b0c7-684cd77af98e', '61edf7bf-3cc9-4365-8865-6b5a1544b34c',
      'de7709ef-a896-49b8-844f-54593d2665f7', 'f349c54d-4e28-4090-913a-216f421970dc',
    ]);
    for (const s of sources) {
      expect(s.source.startsWith(path.join(FIXTURES, 'org-trail', 'AWSLogs'))).toBe(true);
      expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(Number.isInteger(s.index)).toBe(true);
    }
    expect(sources.find((s) => s.eventId === trace.hops[0]!.issuedBy!.eventId)?.index).toBe(trace.hops[0]!.issuedBy!.location?.index);
  });

  it('counts the store\'s events per account and region', async () => {
    const cells = await coverageCells(store);
    expect(cells.reduce((n, c) => n + c.events, 0)).toBe(676);
    expect(new Set(cells.map((c) => c.accountId))).toEqual(new Set(['111111111111', '222222222222', '333333333333', '444444444444']));
    for (const c of cells) expect(c.from <= c.to).toBe(true);
  });

  it('assembles the incident with the version and time it is given', async () => {
    const trace = (await traceEventById(store, TARGETS.crossAccount))!;
    const incident = await incidentOf(store, trace, { toolVersion: '1.2.3', generatedAt: '2026-03-11T00:00:00Z' });
    expect(incident).toMatchObject({ toolVersion: '1.2.3', generatedAt: '2026-03-11T00:00:00Z', storePath: store.path });
    expect(incident.coverage.events).toBe(676);
  });
});
