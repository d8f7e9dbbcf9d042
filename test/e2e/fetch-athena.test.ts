// From an empty store, `from-event <id> --fetch` against an Athena table on the loopback
// AWS-protocol server traces every fixture scenario exactly as a full local copy does, one
// partition-pruned query per question; and what --fetch promises around it: nothing asked twice,
// nothing without --fetch, the budget, what is said before and after (issue "Trace where the
// logs live", points 2-4).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { runInProcess } from '../helpers/cli.js';
import { startAwsServer, type AwsTestServer } from '../helpers/aws-json-server.js';
import { KEY_ACCOUNTS, ORG_TRAIL, awsEnv } from '../helpers/org-trail.js';
import { PROJECTED, type AthenaTableOptions } from '../helpers/athena-table.js';
import { exited, startCli } from '../helpers/cli.js';
import { EXIT } from '../../src/errors.js';
import { alertOf, fetchSuite, fetchedTotals, records, scenarios, traceIn, trailBytes, withAwsEnv } from '../helpers/fetch.js';

let aws: AwsTestServer;
/** The stand-in reads pollsBeforeDone at each look: a test may keep a query running. */
const table: AthenaTableOptions = { ...PROJECTED, seedDir: ORG_TRAIL, pollsBeforeDone: 0 };
beforeAll(async () => {
  aws = await startAwsServer({ accounts: KEY_ACCOUNTS, lookupRecords: records, athena: table });
}, 60_000);
afterAll(async () => aws?.stop());
const suite = fetchSuite();
withAwsEnv(() => awsEnv(aws.endpoint, '111111111111'));

const ATHENA = ['athena', '--database', PROJECTED.database, '--table', PROJECTED.table, '--region', 'us-east-1'];
/** A new store with the Athena table as its source. */
const athenaStore = () => suite.storeWith(ATHENA);

describe('the same trace as a full copy, one partition-pruned query per question', () => {
  const scanned: number[] = [];
  it.each(scenarios.map((s) => [s.name, s.target] as const))('%s', async (_name, target) => {
    const expected = await traceIn(suite.full(), target);
    const store = await athenaStore();
    const fetched = await traceIn(store, target, ['--fetch', ...alertOf(target)]);
    expect(fetched.trace, fetched.stderr).toEqual(expected.trace);
    const totals = await fetchedTotals(store);
    expect(totals.questions).toBeGreaterThan(0);
    scanned.push(...totals.perQuestion);
  });
  it('each query reads only its partitions: never the whole trail, a fifth of it on the median question', () => {
    // The fixture trail is two days of four accounts in three regions, so a day of one account in
    // two regions is already a twelfth of it; what a trace reads falls as the trail grows (docs/scale.md).
    const fractions = scanned.map((s) => s / trailBytes()).sort((a, b) => a - b);
    expect(fractions.length).toBeGreaterThan(scenarios.length);
    expect(fractions.at(-1)).toBeLessThan(1);
    expect(fractions[Math.floor(fractions.length / 2)]).toBeLessThan(0.2);
  });
});

describe('budget, memory and quiet', () => {
  const target = scenarios.find((s) => s.name === 'cross-account-chain')!.target;
  // Each test pays for its own queries: the scenarios above ran the same ones under the same tokens.
  beforeAll(() => void (table.forgetTokens = true));
  afterAll(() => void (table.forgetTokens = false));

  it('asks nothing twice: a second trace of the same event on the same store fetches nothing', async () => {
    const store = await athenaStore();
    const first = await traceIn(store, target, ['--fetch', ...alertOf(target)]);
    expect(first.code, first.stderr).toBe(0);
    const before = aws.requests().length;
    const again = await traceIn(store, target, ['--fetch', ...alertOf(target)]);
    expect(again.trace).toEqual(first.trace);
    expect(again.stderr).toMatch(/fetched: 0 questions/);
    expect(aws.requests().length).toBe(before);
  });

  it('touches no network without --fetch, sources or not', async () => {
    const store = await athenaStore();
    const before = aws.requests().length;
    const r = await traceIn(store, target);
    expect(r.code).toBe(3);
    expect(r.trace).toMatch(/not in the store/);
    expect(aws.requests().length).toBe(before);
  });

  it('stops at --max-scan: the trace says what was not fetched and the command to go on', async () => {
    const store = await athenaStore();
    const r = await traceIn(store, target, ['--fetch', ...alertOf(target), '--max-scan', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/not asking athena-security\.org_trail for .*--max-scan 1B reached/);
    const trace = r.trace as { status: string; warnings: string[] };
    expect(trace.status).toBe('broken');
    expect(trace.warnings.join('\n')).toMatch(/not fetched, the budget being spent: .*To go on with a larger budget: trail-trace from-event/);
  });

  it('stops a running query that scans past --max-scan, counts what it scanned, and says the budget stopped the search', async () => {
    const store = await athenaStore();
    const stops = () => aws.requests().filter((r) => r.action === 'StopQueryExecution').length;
    const before = stops();
    table.pollsBeforeDone = 3;
    try {
      const r = await traceIn(store, target, ['--fetch', ...alertOf(target), '--max-scan', '1KB']);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/stopped: The Athena query [\w-]+ was stopped after scanning [\d.]+ MB, past the 0\.0 MB it was allowed/);
      expect(r.stderr).toMatch(/the fetch budget stopped the search for it \(the event [\w-]+ \(athena-security\.org_trail\)\)/);
      // What the stopped query scanned is billed, and counted.
      expect(r.stderr).toMatch(/^fetched: 1 question asked of 1 source; [\d.]+[KM]B scanned/m);
      expect(stops()).toBe(before + 1);
    } finally {
      table.pollsBeforeDone = 0;
    }
  });

  it('says in the trace how far it looked for a long-term key\'s creation, and what the findings rest on', async () => {
    const store = await athenaStore();
    const r = await runInProcess(['from-event', target, '--format', 'json', '--db', store, '--fetch', ...alertOf(target)]);
    expect(r.code, r.stderr).toBe(0);
    const warnings = (JSON.parse(r.stdout) as { warnings: string[] }).warnings;
    // alice's key was made before the fixture trail begins: not found in the 90 days looked at.
    expect(warnings).toContainEqual(expect.stringMatching(/^fetched: the CreateAccessKey that made AKIAOBHPEXKT25TT27NB was looked for from 2025-12-0\dT[\d:]+Z to 2026-03-09T[\d:]+Z and not found/));
    // No findings here, so nothing said of what they rest on; the stolen Lambda credential has one.
    expect(warnings.join('\n')).not.toMatch(/the findings judge/);
    const stolen = scenarios.find((s) => s.name === 'stolen-lambda-credential')!.target;
    const withFinding = await runInProcess(['from-event', stolen, '--format', 'json', '--db', store, '--fetch', ...alertOf(stolen)]);
    expect(withFinding.code, withFinding.stderr).toBe(0);
    const traced = JSON.parse(withFinding.stdout) as { findings: unknown[]; warnings: string[] };
    expect(traced.findings.length).toBeGreaterThan(0);
    expect(traced.warnings).toContainEqual(expect.stringMatching(/^fetched: the findings judge the credentials' use against what the store holds, which with --fetch is the windows fetched/));
  });

  it('says what it fetches and why before, and what it cost after', async () => {
    const store = await athenaStore();
    const r = await traceIn(store, target, ['--fetch', ...alertOf(target)]);
    expect(r.stderr).toMatch(/^fetch: the call that minted key ASIA\w+ — from athena-security\.org_trail \(athena\): account \d{12}, us-east-1/m);
    expect(r.stderr).toMatch(/^ {2}1 record \(1 new\); [\d.]+KB scanned, \d+ requests?; [\d.]+ s$/m);
    expect(r.stderr).toMatch(/^fetched: \d+ questions asked of 1 source; [\d.]+[KM]B scanned, \d+ requests$/m);
  });

  it('cancels the running Athena query on Ctrl-C, and says what was stored', async () => {
    const store = await athenaStore();
    const looks = () => aws.requests().filter((r) => r.action === 'GetQueryExecution').length;
    const stops = () => aws.requests().filter((r) => r.action === 'StopQueryExecution').length;
    const before = looks();
    const stopsBefore = stops();
    table.pollsBeforeDone = 1000;
    try {
      const child = startCli(['from-event', target, '--fetch', ...alertOf(target), '--db', store], awsEnv(aws.endpoint, '111111111111'));
      while (looks() < before + 2) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGINT');
      expect(await exited(child)).toBe(EXIT.interrupted);
      expect(stops()).toBe(stopsBefore + 1);
      expect(child.output().stderr).toMatch(/Stopping the fetch/);
    } finally {
      table.pollsBeforeDone = 0;
    }
  });

  it('finds an event in Athena only on the day given', async () => {
    const store = await athenaStore();
    const r = await traceIn(store, target, ['--fetch']);
    expect(r.code).toBe(3);
    expect(r.trace).toMatch(/the sources did not return it[\s\S]*--day YYYY-MM-DD/);
  });
});

describe('source add, list, remove', () => {
  it('checks the Athena table when it is added, and keeps no credentials', async () => {
    const store = suite.emptyStore();
    const missing = await runInProcess(['source', 'add', 'athena', '--database', 'security', '--table', 'nope', '--region', 'us-east-1', '--db', store]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/No table nope in database security/);
    const add = ['source', 'add', 'athena', '--database', 'security', '--table', 'org_trail', '--region', 'us-east-1', '--name', 'org', '--db', store];
    const added = await runInProcess(add);
    expect(added.code, added.stderr).toBe(0);
    const again = await runInProcess(add);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already has a source named org/);
    const listed = await runInProcess(['source', 'list', '--format', 'json', '--db', store]);
    expect(JSON.parse(listed.stdout)).toEqual({
      sources: [{ name: 'org', kind: 'athena', settings: { region: 'us-east-1', catalog: 'AwsDataCatalog', database: 'security', table: 'org_trail' }, addedAt: expect.any(String) }],
    });
    expect(listed.stdout).not.toMatch(/AKIA|secret/i);
    // In words, with the command that loads a whole window from it into this store.
    const text = await runInProcess(['source', 'list', '--db', store]);
    expect(text.stdout).toContain(`  load a whole window: trail-trace ingest athena --db ${store} --database security --table org_trail --region us-east-1 --from FROM --to TO\n`);
    expect((await runInProcess(['source', 'remove', 'org', '--db', store])).code).toBe(0);
    expect((await runInProcess(['source', 'list', '--db', store])).stdout).toMatch(/keeps no sources/);
    const fetch = await runInProcess(['from-event', 'x'.repeat(36), '--fetch', '--db', store]);
    expect(fetch.code).toBe(2);
    expect(fetch.stderr).toMatch(/--fetch needs a source/);
  });
});

describe('the management account', () => {
  it.each(['identity-center', 'assume-root'])('%s: told the management account, the source asks only it, with the same answer', async (name) => {
    const target = scenarios.find((s) => s.name === name)!.target;
    const expected = await traceIn(suite.full(), target);
    const store = suite.emptyStore();
    const added = await runInProcess([
      'source', 'add', 'athena', '--database', PROJECTED.database, '--table', PROJECTED.table, '--region', 'us-east-1', '--management-accounts', '444444444444', '--db', store,
    ]);
    expect(added.code, added.stderr).toBe(0);
    const before = aws.requests().length;
    const fetched = await traceIn(store, target, ['--fetch', ...alertOf(target)]);
    expect(fetched.trace, fetched.stderr).toEqual(expected.trace);
    const queries = aws.requests().slice(before).filter((r) => r.action === 'StartQueryExecution').map((r) => (r.body as { QueryString: string }).QueryString);
    // No question reads every account: the one the records do not name reads the management account.
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) expect(q).toMatch(/"account" IN \('\d{12}'/);
    expect(queries.some((q) => q.includes(`"account" IN ('444444444444')`) && /'(AssumeRoot|GetRoleCredentials)'/.test(q))).toBe(true);
  });
});

describe('report --fetch', () => {
  it('fetches what the trace needs, and its Evidence lists the queries that brought the records in', async () => {
    const target = scenarios.find((s) => s.name === 'cross-account-chain')!.target;
    const store = await athenaStore();
    const r = await runInProcess(['report', target, '--fetch', ...alertOf(target), '--db', store, '--no-scope']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('### Fetched from where the logs live');
    expect(r.stdout).toMatch(/- the call that minted key ASIA\w+: asked of `athena-security\.org_trail`/);
    // Coverage says the store holds the windows asked, not a copy of the trail.
    expect(r.stdout).toContain('it holds the windows those questions asked, not every event of the trail between these times');
    expect(r.stdout).toMatch(/ {2}Athena query [\w-]+ in us-east-1:\n {2}SELECT /);
    expect(r.stdout).toMatch(/athena:\/\/us-east-1\/[\w-]+\?rows=/);
    // With its Scope: the store holds what the trace asked, so the report says how to load the window, from this store's source.
    const withScope = await runInProcess(['report', target, '--fetch', ...alertOf(target), '--db', store]);
    expect(withScope.code, withScope.stderr).toBe(0);
    expect(withScope.stdout.replace(/\s+/g, ' ')).toMatch(/load the window \(trail-trace ingest athena --db \S+ --database security --table org\\?_trail --region us-east-1 --from 2026-03-09 --to 2026-03-10\)/);

    // Another event's report on the same store lists its own questions, not this one's. The same
    // report again finds the hops in the store (their records name the query that brought them);
    // the questions it puts to the sources first were answered in the earlier run: not asked again.
    const other = scenarios.find((s) => s.name !== 'cross-account-chain' && alertOf(s.target)[1] !== alertOf(target)[1])!.target;
    const second = await runInProcess(['report', other, '--fetch', ...alertOf(other), '--db', store, '--no-scope']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).not.toContain(`the event ${target}`);
    const again = await runInProcess(['report', target, '--fetch', ...alertOf(target), '--db', store, '--no-scope']);
    expect(again.code, again.stderr).toBe(0);
    const fetchedPart = (md: string) => md.slice(md.indexOf('### Fetched from where the logs live'), md.indexOf('### Gaps'));
    const questions = (md: string) => fetchedPart(md).split('\n').filter((l) => l.startsWith('- ')).map((l) => l.split(':')[0]);
    expect(questions(again.stdout).length).toBeGreaterThan(0);
    for (const q of questions(again.stdout)) expect(questions(r.stdout)).toContain(q);
    expect(fetchedPart(again.stdout)).toMatch(/: answered by `athena-security\.org_trail` at `[\dT:Z-]+`, in an earlier run \(not asked again\)/);
    expect(fetchedPart(again.stdout)).not.toMatch(/: asked of /);
  });
});

describe('two sources over the same trail', () => {
  it('asks the second only for what the first did not find', async () => {
    const target = scenarios.find((s) => s.name === 'cross-account-chain')!.target;
    const store = await athenaStore();
    expect((await runInProcess(['source', 'add', 'files', ORG_TRAIL, '--db', store])).code).toBe(0);
    const expected = await traceIn(suite.full(), target);
    const r = await traceIn(store, target, ['--fetch', ...alertOf(target)]);
    expect(r.trace, r.stderr).toEqual(expected.trace);
    const asked = r.stderr.split('\n').filter((l) => l.startsWith('fetch: '));
    const ofAthena = asked.filter((l) => l.includes('(athena)')).map((l) => l.split(' — ')[0]!);
    const ofFiles = asked.filter((l) => l.includes('(files)')).map((l) => l.split(' — ')[0]!);
    expect(ofAthena.length).toBeGreaterThan(0);
    // The event and each hop's STS call were found in Athena: the folder was never asked for them.
    expect(ofFiles).not.toContain(`fetch: the event ${target}`);
    expect(ofFiles.filter((q) => q.startsWith('fetch: the call that minted'))).toEqual([]);
  });
});

describe('two folders over the same trail', () => {
  it('the second is asked only what the first found nothing for, even when a question comes again', async () => {
    const target = scenarios.find((s) => s.name === 'cross-account-chain')!.target;
    const store = suite.emptyStore();
    expect((await runInProcess(['source', 'add', 'files', ORG_TRAIL, '--name', 'first', '--db', store])).code).toBe(0);
    expect((await runInProcess(['source', 'add', 'files', ORG_TRAIL, '--name', 'second', '--db', store])).code).toBe(0);
    const r = await traceIn(store, target, ['--fetch', ...alertOf(target)]);
    expect(r.code, r.stderr).toBe(0);
    const asked = r.stderr.split('\n').filter((l) => l.startsWith('fetch: '));
    const first = asked.filter((l) => l.includes('— from first ')).map((l) => l.split(' — ')[0]);
    const second = asked.filter((l) => l.includes('— from second ')).map((l) => l.split(' — ')[0]);
    expect(first.length).toBeGreaterThan(2);
    // A folder reads whole files: every question it was asked found records there.
    expect(second).toEqual([]);
  });
});

describe('scope --fetch', () => {
  const KEY = 'AKIAIIPZTGLDVDV6GX7D'; // the leaked-key-scope scenario's origin
  const WINDOW = ['--from', '2026-03-09', '--to', '2026-03-12'];

  it('scopes a leaked key from an empty store as a full copy does over the window, asking round by round for each credential\'s calls', async () => {
    const full = await runInProcess(['scope', KEY, '--format', 'json', '--db', suite.full(), ...WINDOW]);
    expect(full.code, full.stderr).toBe(0);
    const store = await athenaStore();
    // The responder knows whose key leaked: --account keeps the first question to that account.
    const fetched = await runInProcess(['scope', KEY, '--format', 'json', '--db', store, '--fetch', '--account', '111111111111', ...WINDOW]);
    expect(fetched.code, fetched.stderr).toBe(0);
    const expected = JSON.parse(full.stdout);
    const got = JSON.parse(fetched.stdout);
    expect(got.credentials.length).toBe(7);
    expect(got.warnings).toEqual([expect.stringMatching(/^fetched with --fetch: the calls made with the scope's 7 credentials from 2026-03-09T00:00:00Z to 2026-03-12T00:00:00Z/)]);
    expect({ ...got, warnings: expected.warnings }).toEqual(expected);
    // The key's own calls first, then the credentials it minted, by account.
    expect(fetched.stderr).toMatch(new RegExp(`fetch: the calls made with ${KEY} — from athena-\\S+ \\(athena\\): account 111111111111, any region`));
    expect(fetched.stderr).toMatch(/fetch: the calls made with ASIA\w+.* — from athena-\S+ \(athena\): account \d{12}, any region/);
    // Every question is confined to the accounts that log its answer, and scans a part of the trail.
    const asked = fetched.stderr.split('\n').filter((l) => l.startsWith('fetch: '));
    expect(asked.length).toBeGreaterThan(3);
    for (const line of asked) expect(line).toMatch(/\(athena\): accounts? \d{12}/);
    const totals = await fetchedTotals(store);
    expect(Math.max(...totals.perQuestion)).toBeLessThan(trailBytes());
  });

  it('a role ARN: its console switch-role session\'s calls and the cross-account copies, as a full copy; in the account the ARN names; a second run asks nothing', async () => {
    const role = 'arn:aws:iam::222222222222:role/Admin';
    const full = await runInProcess(['scope', role, '--format', 'json', '--db', suite.full(), ...WINDOW]);
    expect(full.code, full.stderr).toBe(0);
    const store = await athenaStore();
    const fetched = await runInProcess(['scope', role, '--format', 'json', '--db', store, '--fetch', ...WINDOW]);
    expect(fetched.code, fetched.stderr).toBe(0);
    const expected = JSON.parse(full.stdout);
    const got = JSON.parse(fetched.stdout);
    expect(expected.credentials.length).toBeGreaterThan(0);
    expect({ ...got, warnings: expected.warnings }).toEqual(expected);
    for (const line of fetched.stderr.split('\n').filter((l) => l.startsWith('fetch: '))) expect(line).toMatch(/\(athena\): accounts? \d{12}/);
    const again = await runInProcess(['scope', role, '--format', 'json', '--db', store, '--fetch', ...WINDOW]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^fetched: 0 questions asked of 1 source; 0 requests$/m);
    expect({ ...JSON.parse(again.stdout), warnings: expected.warnings }).toEqual(expected);
  });

  it('needs --from, and --account only with --fetch', async () => {
    const noFrom = await runInProcess(['scope', KEY, '--fetch', '--db', suite.emptyStore()]);
    expect(noFrom.code).toBe(2);
    expect(noFrom.stderr).toMatch(/scope --fetch needs --from/);
    const noFetch = await runInProcess(['scope', KEY, '--account', '111111111111', '--db', suite.emptyStore()]);
    expect(noFetch.code).toBe(2);
    expect(noFetch.stderr).toMatch(/--account says where to fetch the calls from, and works only with --fetch/);
  });
});

describe('what a user can get wrong', () => {
  it('says --account, --region and --day need --fetch', async () => {
    const r = await runInProcess(['from-event', 'x'.repeat(36), '--day', '2026-03-09', '--db', suite.emptyStore()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--day says where to fetch the event from, and works only with --fetch/);
  });

  it('reads a stored source whose settings are damaged as one to remove, not as a bug', async () => {
    const store = await athenaStore();
    const instance = await DuckDBInstance.create(store);
    const c = await instance.connect();
    await c.run(`UPDATE sources SET settings = '{not json'`);
    c.closeSync();
    instance.closeSync();
    const listed = await runInProcess(['source', 'list', '--db', store]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/settings this version cannot use: remove the source and add it again/);
    const fetched = await runInProcess(['from-event', 'x'.repeat(36), '--fetch', '--db', store]);
    expect(fetched.code).toBe(2);
    expect(fetched.stderr).toMatch(/is not one this version of trail-trace can use[\s\S]*source remove/);
  });
});
