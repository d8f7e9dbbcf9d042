// The terminal UI's data layer against real DuckDB stores: the fixture org trail, a trail written
// here (a console login without MFA), and one long session for paging. The timeline must list
// exactly the calls the report lists for every fixture scenario (both read chain_members; the
// report folds copies in collapseCopies, the UI in SQL); filters must agree with sensitive.ts.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { chainActivity, otherCredentials } from '../../src/store/report-data.js';
import { openStore, type Store } from '../../src/store/store.js';
import { collapseCopies } from '../../src/trace/activity.js';
import type { Trace } from '../../src/trace/model.js';
import { isWriteCall } from '../../src/trace/sensitive.js';
import { reportFileStem, prepareTuiSession, storeTuiData } from '../../src/app/tui-data.js';
import { heldStore } from '../../src/store/lease.js';
import { NO_FILTERS, type TimelineFilters, type TimelineQuery, type TuiData } from '../../src/tui/data.js';
import { ALL_MEMBERS, type Member } from '../../src/tui/members.js';
import { writeLongSession } from '../helpers/long-session.js';
import { UserError } from '../../src/errors.js';
import { FIXTURES } from '../helpers/temp.js';
import { apiCall, iamUser } from '../helpers/records.js';
import { FIXTURE_NOW, fixtureTui, SCENARIO_NAMES, scenarioTarget, type FixtureTui } from '../helpers/tui-store.js';

const target = scenarioTarget;
const NOW = FIXTURE_NOW;

let fixture: FixtureTui;
let dir: string;
let store: Store;
let data: TuiData;

beforeAll(async () => {
  fixture = await fixtureTui();
  ({ dir, store, data } = fixture);
});
afterAll(() => fixture.close());

async function traced(name: string): Promise<Trace> {
  return (await data.trace(target(name)))!;
}

/** Every call of a timeline, fetched in pages of `size`. */
async function allCalls(query: TimelineQuery, size = 7) {
  const first = await data.timelinePage(query, 0, size);
  const entries = [...first.entries];
  for (let offset = size; offset < first.total; offset += size) entries.push(...(await data.timelinePage(query, offset, size)).entries);
  return { total: first.total, entries };
}

describe('timeline: the same calls as the report', () => {
  it.each(SCENARIO_NAMES)('%s: every call of the chain, copies folded, in time order, page by page', async (name) => {
    const trace = await traced(name);
    const expected = collapseCopies(await chainActivity(store, trace));
    const { total, entries: all } = await allCalls({ trace, member: ALL_MEMBERS, filters: NO_FILTERS });
    // The UI also lists, marked, the calls of other credentials under the chain's names; the report sums them.
    const entries = all.filter((e) => !e.otherCredential);
    const others = (await otherCredentials(store, trace)).reduce((n, c) => n + c.calls, 0);
    expect(total).toBe(expected.length + others);
    expect(all.length - entries.length).toBe(others);
    expect(entries.map((e) => e.event.eventId)).toEqual(expected.map((c) => c.event.eventId));
    expect(entries.map((e) => [...e.callIds].sort())).toEqual(expected.map((c) => [c.event.eventId, ...c.copies.map((x) => x.eventId)].sort()));
  });

  it('cross-account chain: each member\'s calls are its own, and together they are the chain\'s', async () => {
    const trace = await traced('cross-account-chain');
    const members: Member[] = [{ kind: 'hop', index: 0 }, { kind: 'hop', index: 1 }, { kind: 'origin' }];
    const all = (await allCalls({ trace, member: ALL_MEMBERS, filters: NO_FILTERS })).entries;
    const union: string[] = [];
    for (const member of members) {
      const { entries } = await allCalls({ trace, member, filters: NO_FILTERS });
      const actor = member.kind === 'hop' ? `hop ${member.index + 1}` : 'origin';
      for (const e of entries) expect(e.actor, `${e.event.eventName} ${e.event.eventId}`).toBe(actor);
      union.push(...entries.map((e) => e.event.eventId));
    }
    expect(union.sort()).toEqual(all.map((e) => e.event.eventId).sort());
    // The session of hop 2 made the AssumeRole that minted hop 1: both copies are one call of hop 2.
    const hop2 = (await allCalls({ trace, member: { kind: 'hop', index: 1 }, filters: NO_FILTERS })).entries;
    const minted = hop2.find((e) => e.roles.includes('issued hop 1'))!;
    expect(minted.callIds.sort()).toEqual([trace.hops[0]!.issuedBy!.eventId, ...trace.hops[0]!.issuedBy!.copies].sort());
  });
});

describe('timeline filters', () => {
  /** The chain's own calls that pass the filters (calls of other credentials are listed too, marked, and left out here). */
  const filtered = async (trace: Trace, filters: Partial<TimelineFilters>) =>
    (await allCalls({ trace, member: ALL_MEMBERS, filters: { ...NO_FILTERS, ...filters } })).entries.filter((e) => !e.otherCredential).map((e) => e.event.eventId);

  it('writes only, errors only and one service agree with the calls themselves', async () => {
    for (const name of ['cross-account-chain', 'console-switchrole', 'ec2-instance-profile']) {
      const trace = await traced(name);
      const calls = collapseCopies(await chainActivity(store, trace)).map((c) => c.event);
      expect(await filtered(trace, { writesOnly: true })).toEqual(calls.filter(isWriteCall).map((e) => e.eventId));
      expect(await filtered(trace, { errorsOnly: true })).toEqual(calls.filter((e) => e.errorCode).map((e) => e.eventId));
      expect(await filtered(trace, { service: 'iam.amazonaws.com' })).toEqual(calls.filter((e) => e.eventSource === 'iam.amazonaws.com').map((e) => e.eventId));
    }
  });

  it('the EC2 instance\'s denied IAM reads are its only errors', async () => {
    const trace = await traced('ec2-instance-profile');
    const errors = (await allCalls({ trace, member: ALL_MEMBERS, filters: { ...NO_FILTERS, errorsOnly: true } })).entries;
    expect(errors.map((e) => e.event.errorCode)).toEqual(['AccessDenied', 'AccessDenied', 'AccessDenied', 'AccessDenied']);
  });

  it('text search ignores case, looks at every copy of a call, and takes % and _ literally', async () => {
    const trace = await traced('cross-account-chain');
    expect(await filtered(trace, { text: 'stoplogging' })).toEqual([trace.target.eventId]);
    // The role owner's copy of alice's AssumeRole is logged in 222222222222; the call shows her copy.
    const owner = trace.hops[1]!.issuedBy!;
    expect(await filtered(trace, { text: owner.eventId.toUpperCase() })).toEqual(owner.copies);
    expect(await filtered(trace, { text: '%' })).toEqual([]);
    expect(await filtered(trace, { text: 'stop_ogging' })).toEqual([]);
  });

  it('services of a timeline, most calls first', async () => {
    const trace = await traced('cross-account-chain');
    const services = await data.services(trace, { kind: 'hop', index: 0 });
    const calls = collapseCopies(await chainActivity(store, trace)).filter((c) => c.event.accessKeyId === trace.hops[0]!.session.accessKeyId);
    expect(services.reduce((n, s) => n + s.calls, 0)).toBe(calls.length);
    expect(services.map((s) => s.calls)).toEqual([...services.map((s) => s.calls)].sort((a, b) => b - a));
  });
});

describe('start screen', () => {
  it('worth tracing on the fixtures: logging stopped, new key, IAM changes, cross-account roles, a denied burst', async () => {
    const worth = await data.worthTracing();
    const kinds = [...new Set(worth.map((w) => w.kind))];
    expect(kinds).toEqual(['logging', 'access-key', 'iam', 'console-no-mfa', 'cross-account', 'denied-burst']);
    expect(worth[0]).toMatchObject({ kind: 'logging', eventName: 'StopLogging', eventId: target('leaked-key-scope'), why: 'CloudTrail logging stopped', events: 1 });
    // Newest first: the ReportingOpsRole session's key for its backdoor user, the OpsAdmin session's for backup-svc, then DataAdmin/alice's.
    expect(worth.filter((w) => w.kind === 'access-key').map((w) => w.caller)).toEqual([
      'arn:aws:sts::222222222222:assumed-role/ReportingOpsRole/reporting-sync', 'arn:aws:sts::222222222222:assumed-role/OpsAdmin/jo', 'arn:aws:sts::333333333333:assumed-role/DataAdmin/alice',
    ]);
    expect(worth.filter((w) => w.kind === 'iam').map((w) => w.eventName).sort()).toEqual(['AttachUserPolicy', 'CreateLoginProfile', 'CreateLoginProfile', 'CreateRole', 'CreateUser', 'CreateUser', 'PutRolePolicy', 'UpdateAssumeRolePolicy']);
    // alice assumed DeployRole twice: one row, two calls, the latest to trace; one row per call, not per copy.
    const alice = worth.find((w) => w.kind === 'cross-account' && w.caller === 'arn:aws:iam::111111111111:user/alice')!;
    expect(alice).toMatchObject({ events: 2, eventId: '0d7f0ded-129e-45ca-b0c7-684cd77af98e' });
    const burst = worth.find((w) => w.kind === 'denied-burst' && w.caller?.includes('web-app-instance-role'))!;
    expect(burst).toMatchObject({ events: 4, why: '4 access-denied errors within 10 minutes', caller: expect.stringContaining('web-app-instance-role') });
  });

  it('coverage: accounts, regions, time range and events', async () => {
    const coverage = await data.coverage();
    expect(coverage).toMatchObject({ accounts: ['111111111111', '222222222222', '333333333333', '444444444444'], regions: ['eu-west-1', 'us-east-1', 'us-west-2'], events: 676 });
  });

  it('a console login without MFA, read from the sign-in record', async () => {
    const root = path.join(dir, 'signin');
    const folder = path.join(root, 'AWSLogs', '111111111111', 'CloudTrail', 'us-east-1', '2026', '03', '09');
    mkdirSync(folder, { recursive: true });
    const mallory = iamUser('111111111111', 'mallory', 'AKIAMALLORY000000001');
    const login = (id: string, mfa: string) => ({
      ...apiCall({ identity: { ...mallory, accessKeyId: undefined }, time: '2026-03-09T09:00:00Z', account: '111111111111', source: 'signin.amazonaws.com', name: 'ConsoleLogin', region: 'us-east-1', eventId: id }),
      readOnly: false, eventType: 'AwsConsoleSignIn', responseElements: { ConsoleLogin: 'Success' }, additionalEventData: { MFAUsed: mfa, LoginTo: 'https://console.aws.amazon.com/' },
    });
    writeFileSync(path.join(folder, '111111111111_CloudTrail_us-east-1_20260309T0905Z_signin0000000001.json'), JSON.stringify({ Records: [login('5161e000-0000-4000-8000-000000000001', 'No'), login('5161e000-0000-4000-8000-000000000002', 'Yes')] }));
    const own = await openStore(path.join(dir, 'signin.duckdb'));
    try {
      await ingestPaths(own, [root]);
      const worth = await (await storeTuiData(heldStore(own, prepareTuiSession), { reportDir: dir, toolVersion: 'x', now: () => NOW })).worthTracing();
      expect(worth).toEqual([expect.objectContaining({ kind: 'console-no-mfa', why: 'console sign-in without MFA', eventId: '5161e000-0000-4000-8000-000000000001', caller: 'arn:aws:iam::111111111111:user/mallory' })]);
    } finally {
      await own.close();
    }
  });
});

describe('scope', () => {
  const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'scopes.json'), 'utf8')).scopes[0].expect as {
    credentials: { label: string; parent: string | null; kind: string; accessKeyId?: string; arn: string }[];
    calls: Record<string, number>;
    changes: { eventId: string; by: string; succeeded: boolean }[];
  };

  it('the leaked-key incident\'s event: its origin\'s scope, as fixtures/scopes.json expects it', async () => {
    const scope = await data.scope(target('leaked-key-scope'));
    expect(scope.start).toMatchObject({ kind: 'event', value: target('leaked-key-scope') });
    const label = new Map<string, string>();
    for (const e of expected.credentials) {
      const c = scope.credentials.find((x) => x.kind === e.kind && x.arn === e.arn && (!e.accessKeyId || x.accessKeyId === e.accessKeyId))!;
      expect(c, e.label).toBeDefined();
      label.set(c.id, e.label);
      expect(c.activity?.calls, e.label).toBe(expected.calls[e.label]);
    }
    expect(scope.credentials.map((c) => [label.get(c.id), c.parent && label.get(c.parent)])).toEqual(
      expect.arrayContaining(expected.credentials.map((e) => [e.label, e.parent])));
    expect(scope.credentials).toHaveLength(expected.credentials.length);
    expect(scope.changes.map((c) => [c.eventId, label.get(c.by), c.succeeded]).sort()).toEqual(expected.changes.map((c) => [c.eventId, c.by, c.succeeded]).sort());
  });

  it('a credential\'s calls page by page: each after the last of the one before, together its count, in time order', async () => {
    const scope = await data.scope(target('leaked-key-scope'));
    for (const credential of scope.credentials) {
      const all = [];
      let after: { time: string; eventId: string } | null = null;
      for (let guard = 0; guard < 100; guard++) {
        const page = await data.scopeCalls(scope, credential.id, after, 3);
        all.push(...page);
        if (page.length < 3) break;
        after = { time: page.at(-1)!.eventTime, eventId: page.at(-1)!.eventId };
      }
      expect(all.length, credential.id).toBe(credential.activity!.calls);
      expect(new Set(all.map((c) => c.eventId)).size).toBe(all.length);
      expect(all.map((c) => `${c.eventTime} ${c.eventId}`)).toEqual(all.map((c) => `${c.eventTime} ${c.eventId}`).sort());
      expect(all.every((c) => c.cred === credential.id)).toBe(true);
    }
  });

  it('an event the store does not hold is the user\'s to read; an id spelled like a key is an event id still', async () => {
    await expect(data.scope('no-such-event')).rejects.toThrow(UserError);
    await expect(data.scope('no-such-event')).rejects.toThrow('Event no-such-event is not in this store.');
    // Spelled like the leaked key (an eventID is the log's to choose): not scoped as that key.
    await expect(data.scope('AKIAIIPZTGLDVDV6GX7D')).rejects.toThrow('Event AKIAIIPZTGLDVDV6GX7D is not in this store.');
  });
});

describe('records and reports', () => {
  it('the raw record of an event is its verbatim JSON; an unknown id has none', async () => {
    const raw = await data.rawRecord(target('hostile-strings'));
    expect(JSON.parse(raw!).eventID).toBe(target('hostile-strings'));
    expect(raw).toContain('\\u001b[2J');
    expect(await data.rawRecord('no-such-event')).toBeNull();
    expect(await data.trace('no-such-event')).toBeNull();
  });

  it('r writes incident-<eventId>.md, then -2, never over a file, with an eventID made safe for a file name', async () => {
    const trace = await traced('cross-account-chain');
    const first = await data.writeReport(trace);
    const second = await data.writeReport(trace);
    expect(path.basename(first)).toBe(`incident-${trace.target.eventId}.md`);
    expect(path.basename(second)).toBe(`incident-${trace.target.eventId}-2.md`);
    expect(readFileSync(first, 'utf8')).toBe(readFileSync(second, 'utf8'));
    expect(readFileSync(first, 'utf8')).toContain('# Incident report: `cloudtrail:StopLogging`');
    // The same report as `trail-trace report`, Scope and Eviction included.
    expect(readFileSync(first, 'utf8')).toMatch(/\n## Scope\n[\s\S]*\n## Eviction\n/);
    expect(reportFileStem('../../etc/passwd')).toBe('incident-______etc_passwd');
    expect(existsSync(path.join(dir, '..', 'etc'))).toBe(false);
  });
});

describe('a long session', () => {
  let big: Store;
  let bigData: TuiData;
  let lastCall: string;
  beforeAll(async () => {
    const root = path.join(dir, 'long');
    lastCall = writeLongSession(root, 12_000, 3_000).lastCall;
    big = await openStore(path.join(dir, 'long.duckdb'));
    await ingestPaths(big, [root]);
    bigData = await storeTuiData(heldStore(big, prepareTuiSession), { reportDir: dir, toolVersion: 'x', now: () => NOW });
  });
  afterAll(() => big.close());

  it('pages anywhere in 12,001 calls without holding them: first, middle, last, past the end', async () => {
    const trace = (await bigData.trace(lastCall))!;
    const query = { trace, member: ALL_MEMBERS, filters: NO_FILTERS };
    const first = await bigData.timelinePage(query, 0, 200);
    expect(first.total).toBe(12_001);
    expect(first.entries).toHaveLength(200);
    expect(first.entries[0]!).toMatchObject({ actor: 'origin', roles: ['issued hop 1'] });
    const middle = await bigData.timelinePage(query, 6_000, 200);
    expect(middle.entries[0]!.event.eventId).toBe('10a65e55-0000-4000-8000-000000006000');
    const last = await bigData.timelinePage(query, 11_900, 200);
    expect(last.entries).toHaveLength(101);
    expect(last.entries.at(-1)!.event.eventId).toBe(lastCall);
    expect(last.entries.at(-1)!.roles).toEqual(['target']);
    const past = await bigData.timelinePage(query, 20_000, 200);
    expect(past).toMatchObject({ total: 12_001, entries: [] });
    const denied = await bigData.timelinePage({ ...query, filters: { ...NO_FILTERS, errorsOnly: true } }, 0, 200);
    expect(denied.total).toBe(Math.floor(12_000 / 97));
  });
});
