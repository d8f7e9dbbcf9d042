// `trail-trace scope` through the real store:
// - the leaked-key incident of the fixtures, checked against the answer its author wrote from the
//   story (fixtures/scopes.json), not against what the code produced;
// - agreement with the backward walk over every fixture scenario and over a generated org: for
//   every credential found forwards, the trace of any call it made passes through the scope's
//   start, and its chain up to the start is made of the scope's own credentials.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { openStore, type Store } from '../../src/store/store.js';
import { traceEventById } from '../../src/app/trace-event.js';
import { scopeInStore } from '../../src/app/scope.js';
import { createScopeLookups } from '../../src/store/scope-lookups.js';
import { matchOf } from '../../src/trace/scope.js';
import { renderScopeJson } from '../../src/report/scope-json.js';
import { renderScopeText } from '../../src/report/scope-text.js';
import type { Trace } from '../../src/trace/model.js';
import type { CallSummary, Scope, ScopeCredential } from '../../src/trace/scope-model.js';
import { FIXTURES, removeDir, suiteDir } from '../helpers/temp.js';
import { expectedScopes } from '../helpers/scopes.js';

const scenarios: { name: string; target: string; expect: { status: string; hops: { issuedBy: string | null; link: string | null; confidence: string | null }[] } }[] = JSON.parse(readFileSync(path.join(FIXTURES, 'scenarios.json'), 'utf8')).scenarios;

let store: Store;
let dir: string;
beforeAll(async () => {
  dir = suiteDir();
  store = await openStore(path.join(dir, 'scope.duckdb'));
  await ingestPaths(store, [path.join(FIXTURES, 'org-trail')]);
});
afterAll(async () => {
  await store.close();
  removeDir(dir);
});

async function trace(eventId: string): Promise<Trace> {
  const t = await traceEventById(store, eventId);
  if (!t) throw new Error(`${eventId} is not in the store`);
  return t;
}

/** Every call of one scope credential, paged `pageSize` at a time as the views page them. */
async function callsOf(scope: Scope, cred: ScopeCredential, pageSize = 4): Promise<CallSummary[]> {
  const lookups = createScopeLookups(store);
  const match = matchOf(cred, scope.window);
  const out: CallSummary[] = [];
  let after: { time: string; eventId: string } | null = null;
  for (;;) {
    const page = await lookups.callsPage([match], scope.window, after, pageSize);
    out.push(...page);
    if (page.length < pageSize) return out;
    after = { time: page.at(-1)!.eventTime, eventId: page.at(-1)!.eventId };
  }
}

describe.each(expectedScopes)('scope $name', (s) => {
  let scope: Scope;
  const byLabel = new Map<string, ScopeCredential>();
  beforeAll(async () => {
    scope = await scopeInStore(store, s.start, { from: new Date(s.window.from), to: new Date(s.window.to) }, trace);
    for (const e of s.expect.credentials) {
      const found = scope.credentials.find((c) => e.accessKeyId ? c.accessKeyId === e.accessKeyId : c.kind === e.kind && c.arn === e.arn);
      if (found) byLabel.set(e.label, found);
    }
  });

  it('finds every credential of the tree, and no other', () => {
    expect(scope.credentials.length).toBe(s.expect.credentials.length);
    expect([...byLabel.keys()]).toEqual(s.expect.credentials.map((e) => e.label));
  });

  it('links each credential to the one that made it, by the call that made it, as sure as the rules allow', () => {
    for (const e of s.expect.credentials) {
      const c = byLabel.get(e.label)!;
      const parent = e.parent === null ? null : byLabel.get(e.parent)!.id;
      expect({ label: e.label, parent: c.parent, kind: c.kind, arn: c.arn }).toEqual({ label: e.label, parent, kind: e.kind, arn: e.arn });
      expect(c.issuedBy?.eventId ?? null).toBe(e.issuedBy ?? null);
      expect(c.issuedBy?.copies ?? []).toEqual(e.copies ?? []);
      expect(c.passwordSetBy?.eventId ?? null).toBe(e.passwordSetBy ?? null);
      expect(c.link).toBe(e.link ?? null);
      expect(c.confidence).toBe(e.confidence ?? null);
      if (e.accessKeyIds) expect([...(c.accessKeyIds ?? [])].sort()).toEqual([...e.accessKeyIds].sort());
    }
  });

  it('counts each credential\'s calls and failures, and pages through exactly those calls', async () => {
    for (const [label, calls] of Object.entries(s.expect.calls)) {
      const c = byLabel.get(label)!;
      expect({ label, calls: c.activity?.calls, failed: c.activity?.failed }).toEqual({ label, calls, failed: s.expect.failed[label] });
      expect((await callsOf(scope, c)).length).toBe(calls);
    }
  });

  it('lists every change, refused ones apart, with its resource and the credential that made it', () => {
    const labelOf = new Map([...byLabel].map(([label, c]) => [c.id, label]));
    const byEventId = (a: { eventId: string }, b: { eventId: string }) => a.eventId.localeCompare(b.eventId);
    const found = scope.changes.map((c) => ({ eventId: c.eventId, call: c.call, by: labelOf.get(c.by), succeeded: c.succeeded, resourceId: c.resource.id }));
    expect(found.sort(byEventId)).toEqual([...s.expect.changes].sort(byEventId));
    expect(scope.changes.map((c) => c.eventTime)).toEqual(scope.changes.map((c) => c.eventTime).sort());
  });

  it('leaves out every decoy: the same role and session name assumed by another, the user\'s other key, another admin', async () => {
    const inScope = new Set<string>();
    for (const c of scope.credentials) {
      for (const call of await callsOf(scope, c, 100)) inScope.add(call.eventId);
      if (c.issuedBy) [c.issuedBy.eventId, ...c.issuedBy.copies].forEach((id) => inScope.add(id));
    }
    scope.changes.forEach((c) => inScope.add(c.eventId));
    expect(s.expect.notInScope.filter((id) => inScope.has(id))).toEqual([]);
  });

  it('writes, as JSON, only keys docs/scope-json.md names (the trace contract\'s for findings and origins)', () => {
    const docs = readFileSync(path.resolve(import.meta.dirname, '../../docs/scope-json.md'), 'utf8');
    const keys = new Set<string>();
    const collect = (value: unknown, under: string) => {
      if (Array.isArray(value)) value.forEach((v) => collect(v, under));
      else if (value !== null && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          if (under !== 'findings' && under !== 'origin') keys.add(k);
          collect(v, k === 'findings' || k === 'origin' ? k : under);
        }
      }
    };
    collect(JSON.parse(renderScopeJson(scope)), '');
    // Named as a field: "key", `key`, `a.key`, `{ key, …`, `key?`.
    expect([...keys].filter((k) => !new RegExp(`["\`.{,] ?${k}\\b`).test(docs))).toEqual([]);
  });

  it('renders the same text and JSON as the reviewed goldens (test/golden/scope/)', async () => {
    const golden = path.resolve(import.meta.dirname, '../golden/scope');
    await expect(renderScopeJson(scope)).toMatchFileSnapshot(path.join(golden, `${s.name}.json`));
    await expect(renderScopeText(scope, { color: false, width: 120 })).toMatchFileSnapshot(path.join(golden, `${s.name}.txt`));
  });

  it('ends with an eviction list that deactivates the leaked and the backdoor keys first and turns logging back on last', () => {
    const keys = s.expect.credentials.filter((e) => e.kind === 'long-term-key').map((e) => e.accessKeyId);
    expect(scope.eviction.slice(0, keys.length).map((e) => [e.action, e.target])).toEqual(keys.map((k) => ['deactivate-access-key', k]));
    expect(scope.eviction.at(-1)!.action).toBe('start-logging');
    expect(scope.eviction.map((e) => e.step)).toEqual(scope.eviction.map((_, i) => i + 1));
  });
});

/** The ids of the calls that made a credential: its issuing call, that call's copies, the password change behind a sign-in. */
function makingIds(c: ScopeCredential): string[] {
  return [...(c.issuedBy ? [c.issuedBy.eventId, ...c.issuedBy.copies] : []), ...(c.passwordSetBy ? [c.passwordSetBy.eventId] : [])];
}

/** Up to `n` calls spread over a credential's calls: the first, the last and some between. */
function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, i) => items[Math.round((i * (items.length - 1)) / (n - 1))]!);
}

/**
 * Whether the trace of a call made by `cred` agrees with the scope: its first hops are the
 * makings of `cred` and its ancestors, in order, up to the start, and then the chain passes
 * through the start (the origin's key, or the start's own making).
 */
function agreement(scope: Scope, cred: ScopeCredential, t: Trace): string | undefined {
  const byId = new Map(scope.credentials.map((c) => [c.id, c]));
  const ancestors: ScopeCredential[] = [];
  for (let c: ScopeCredential | undefined = cred; c && c.parent !== null; c = byId.get(c.parent)) ancestors.push(c);
  for (const [i, a] of ancestors.entries()) {
    const hop = t.hops[i];
    const ids = makingIds(a);
    if (!hop?.issuedBy || !ids.some((id) => id === hop.issuedBy!.eventId || hop.issuedBy!.copies.includes(id))) {
      return `hop ${i} of the trace of ${t.target.eventId} is ${hop?.issuedBy?.eventId ?? 'missing'}, not the making of ${a.id} (${ids.join(', ')})`;
    }
  }
  const root = byId.get(ancestors.at(-1)?.parent ?? cred.id)!;
  // The start is in the chain: as a hop's session or its making, as the caller of one, or as the origin.
  const hops = t.hops;
  const through =
    (!!root.accessKeyId && (t.origin?.accessKeyId === root.accessKeyId || t.target.identity.accessKeyId === root.accessKeyId ||
      hops.some((h) => h.session.accessKeyId === root.accessKeyId || h.issuedBy?.caller.accessKeyId === root.accessKeyId))) ||
    (makingIds(root).length > 0 && hops.some((h) => makingIds(root).some((id) => id === h.issuedBy?.eventId || h.issuedBy?.copies.includes(id)))) ||
    (!!root.principalId && (t.target.identity.principalId === root.principalId ||
      hops.some((h) => h.session.principalId === root.principalId || h.issuedBy?.caller.principalId === root.principalId)));
  return through ? undefined : `the trace of ${t.target.eventId} does not pass through the start ${root.id} (${root.kind} ${root.accessKeyId ?? root.arn})`;
}

async function checkAgreement(scope: Scope, perCredential: number): Promise<{ traced: number; problems: string[] }> {
  const problems: string[] = [];
  let traced = 0;
  for (const cred of scope.credentials) {
    for (const call of spread(await callsOf(scope, cred, 50), perCredential)) {
      const t = await trace(call.eventId);
      traced++;
      const problem = agreement(scope, cred, t);
      if (problem) problems.push(`${cred.id} ${cred.kind}: ${problem}`);
    }
  }
  return { traced, problems };
}

describe('scope of a principal or a session ARN', () => {
  const leaked = expectedScopes.find((s) => s.name === 'leaked-key-scope')!;
  const ops = leaked.expect.credentials.find((c) => c.label === 'ops-session')!;
  const underOps = leaked.expect.credentials.filter((c) => c.parent === 'ops-session').map((c) => c.issuedBy).sort();

  it('a session ARN: every session of that name (the attacker\'s and the one the scheduler assumed), each with what it minted', async () => {
    const scope = await scopeInStore(store, ops.arn, {}, trace);
    const roots = scope.credentials.filter((c) => c.parent === null);
    // The decoy: the same role and session name, assumed by reporting-scheduler (fixtures/scopes.json notInScope).
    expect(roots.map((r) => r.issuedBy?.eventId).sort()).toEqual([ops.issuedBy!, '8114e653-12be-4482-a203-ff4b850bc7ec'].sort());
    const attacker = roots.find((r) => r.issuedBy?.eventId === ops.issuedBy)!;
    expect(attacker.issuedBy!.copies).toEqual(ops.copies);
    expect(scope.credentials.filter((c) => c.parent === attacker.id).map((c) => c.issuedBy?.eventId).sort()).toEqual(underOps);
  });

  it('a role ARN: the sessions of the role in the window are the starts', async () => {
    const scope = await scopeInStore(store, 'arn:aws:iam::222222222222:role/ReportingOpsRole', {}, trace);
    expect(scope.credentials.filter((c) => c.parent === null).map((c) => c.accessKeyId).sort()).toEqual([ops.accessKeyId, 'ASIAIZYGFSUT77SHCYPH'].sort());
  });

  it('an IAM user ARN: its console session, and the role it switched to from the console (linked by principal and creation time)', async () => {
    const scope = await scopeInStore(store, 'arn:aws:iam::111111111111:user/bob', {}, trace);
    expect(scope.credentials.map((c) => [c.id, c.parent, c.kind, c.link, c.confidence])).toEqual([
      ['c1', null, 'console-session', null, null],
      ['c2', 'c1', 'role-session', 'principal-and-creation-time', 'strong'],
    ]);
    expect(scope.credentials[1]!.arn).toBe('arn:aws:sts::222222222222:assumed-role/Admin/bob');
  });

  it('an event traced to an Identity Center user: the role sessions the portal handed that user are the starts', async () => {
    for (const name of ['identity-center', 'sso-login-member-mint-missing']) {
      const s = scenarios.find((x) => x.name === name)!;
      const scope = await scopeInStore(store, s.target, {}, trace);
      const [root] = scope.credentials;
      const hop = s.expect.hops.at(-1)!;
      expect({ kind: root!.kind, issuedBy: root!.issuedBy?.eventId, link: root!.link, confidence: root!.confidence })
        .toEqual({ kind: 'identity-center-session', issuedBy: hop.issuedBy, link: hop.link, confidence: hop.confidence });
      expect(root!.activity!.calls).toBeGreaterThan(0);
    }
  });

  it('a start the store does not hold is a clear error', async () => {
    await expect(scopeInStore(store, 'AKIAAAAAAAAAAAAAAAAA', {}, trace)).rejects.toThrow(/made no call in the store/);
  });
});

describe('scope of a stolen session key', () => {
  it('says who used it, as its trace does: the Lambda function\'s key used from a laptop', async () => {
    const scope = await scopeInStore(store, 'ASIA5K2GEG677ZCWUDSN', {}, trace);
    expect(scope.credentials).toHaveLength(1);
    const [finding] = scope.credentials[0]!.findings;
    expect(finding).toMatchObject({ kind: 'credential-used-elsewhere', strength: 'strong', accessKeyId: 'ASIA5K2GEG677ZCWUDSN', hop: 0 });
    expect(finding!.observed.ip).toBe('198.51.100.201');
  });
});

describe('agreement with the backward walk', () => {
  const traceable = scenarios.filter((s) => s.expect.status === 'complete');

  it.each(traceable)('scope of $name (from its target event) agrees with the trace of every call it holds', async (s) => {
    const scope = await scopeInStore(store, s.target, {}, trace);
    expect(scope.credentials.length).toBeGreaterThan(0);
    const { traced, problems } = await checkAgreement(scope, 6);
    expect(problems).toEqual([]);
    expect(traced).toBeGreaterThan(0);
  });
});

describe('a store made before the scope (schema 8)', () => {
  it('learns who made each stored credential-making call when it is upgraded, and scopes as a new store does', async () => {
    const old = suiteDir();
    try {
      const dbPath = path.join(old, 'old.duckdb');
      const made = await openStore(dbPath);
      await ingestPaths(made, [path.join(FIXTURES, 'org-trail')]);
      // As migration 008 left it: no caller columns.
      const indexed = ['issued_access_key_id', 'issued_principal_id', 'issued_arn', 'shared_event_id'];
      for (const column of [...indexed, 'identity_access_key_id']) await made.run(`DROP INDEX identity_events_${column}`);
      for (const table of ['identity_events', 'iam_credential_events']) {
        for (const column of ['identity_access_key_id', 'identity_principal_id', 'session_creation_date']) await made.run(`ALTER TABLE ${table} DROP COLUMN ${column}`);
      }
      for (const column of indexed) await made.run(`CREATE INDEX identity_events_${column} ON identity_events (${column})`);
      await made.run(`DELETE FROM schema_migrations WHERE version >= 9`);
      await made.close();

      const upgraded = await openStore(dbPath);
      try {
        const [row] = await upgraded.all<{ n: bigint; keyed: bigint }>(
          `SELECT count(*) AS n, count(identity_access_key_id) AS keyed FROM iam_credential_events`);
        expect(Number(row!.n)).toBeGreaterThan(0);
        expect(Number(row!.keyed)).toBe(Number(row!.n));
        const s = expectedScopes[0]!;
        const window = { from: new Date(s.window.from), to: new Date(s.window.to) };
        const before = await scopeInStore(store, s.start, window, trace);
        const after = await scopeInStore(upgraded, s.start, window, (id) => traceEventById(upgraded, id).then((t) => t!));
        expect(after.credentials.map((c) => [c.kind, c.accessKeyId, c.issuedBy?.eventId])).toEqual(before.credentials.map((c) => [c.kind, c.accessKeyId, c.issuedBy?.eventId]));
        expect(after.credentials.length).toBe(s.expect.credentials.length);
      } finally {
        await upgraded.close();
      }
    } finally {
      removeDir(old);
    }
  });
});

describe('agreement with the backward walk on a generated organisation', () => {
  let generated: Store;
  let genDir: string;
  beforeAll(async () => {
    genDir = suiteDir();
    // The bench's generator (scripts/bench): a week of an organisation's trail, scaled down.
    const generator = pathToFileURL(path.resolve(import.meta.dirname, '../../scripts/bench/generate.js')).href;
    const { generateCorpus } = (await import(generator)) as { generateCorpus: (o: object) => Promise<unknown> };
    await generateCorpus({ dir: path.join(genDir, 'corpus'), events: 15_000, seed: 11, quiet: true });
    generated = await openStore(path.join(genDir, 'g.duckdb'));
    await ingestPaths(generated, [path.join(genDir, 'corpus')]);
  }, 120_000);
  afterAll(async () => {
    await generated.close();
    removeDir(genDir);
  });

  it('for the long-term keys that minted most sessions, every credential found forwards traces back through the key', async () => {
    // The keys whose calls minted most credentials: people and automation with role chains.
    const keys = await generated.all<{ key: string }>(`
      SELECT identity_access_key_id AS key FROM identity_events
      WHERE identity_access_key_id LIKE 'AKIA%' AND issued_access_key_id IS NOT NULL
      GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 3`);
    expect(keys.length).toBe(3);
    const traceIn = async (id: string) => (await traceEventById(generated, id))!;
    let credentials = 0;
    let grandchildren = 0;
    for (const { key } of keys) {
      const scope = await scopeInStore(generated, key, {}, traceIn);
      credentials += scope.credentials.length;
      grandchildren += scope.credentials.filter((c) => c.parent !== null && c.parent !== 'c1').length;
      const problems: string[] = [];
      for (const cred of scope.credentials) {
        const lookups = createScopeLookups(generated);
        const calls = await lookups.callsPage([matchOf(cred, scope.window)], scope.window, null, 200);
        for (const call of spread(calls, 2)) {
          const problem = agreement(scope, cred, await traceIn(call.eventId));
          if (problem) problems.push(`${key} ${cred.id}: ${problem}`);
        }
      }
      expect(problems).toEqual([]);
    }
    // Role chains: the three keys minted sessions that minted more.
    expect(credentials).toBeGreaterThan(10);
    expect(grandchildren).toBeGreaterThan(0);
  }, 180_000);
});
