// `ingest lookup`: the built CLI against the loopback CloudTrail/STS/Account stand-in, which speaks
// the real AWS protocols and throttles past 2 requests per second per account and region.

import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, runCliAsync, runInProcess, runInProcessAws, startCli } from '../helpers/cli.js';
import { RAW_TEXT, startAwsServer, type AwsTestServer, type AwsTestServerOptions, type RecordedRequest } from '../helpers/aws-json-server.js';
import { KEY_ACCOUNTS, ORG_TRAIL, awsEnv, orgTrailRecords, sourceFreeTrace } from '../helpers/org-trail.js';
import { apiCall, assumeRole, iamUser, plusSeconds, roleSession } from '../helpers/records.js';
import { tempDir } from '../helpers/temp.js';
import { EXIT } from '../../src/errors.js';

const DATA_ACCOUNT = '333333333333';
const CROSS_ACCOUNT_TARGET = '0485349d-f4ab-436c-84b9-5675842530e8'; // StopLogging in the data account
const WINDOW = ['--from', '2026-03-09T00:00:00Z', '--to', '2026-03-10T23:59:59Z']; // 8 six-hour slices

let server: AwsTestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function serve(extra: Partial<AwsTestServerOptions> = {}): Promise<AwsTestServer> {
  server = await startAwsServer({ accounts: KEY_ACCOUNTS, lookupRecords: orgTrailRecords(), ...extra });
  return server;
}

/**
 * A stand-in allowing 20 requests a second, and the CLI told so (TRAIL_TRACE_LOOKUP_RATE), for the
 * tests of what is asked and stored rather than of pacing (Event history's 2 a second: the first,
 * throttling, resuming and failing regions tests keep it).
 */
const FAST = { lookupPerSecond: 20 };
const fastEnv = (endpoint: string, account: string) => ({ ...awsEnv(endpoint, account), TRAIL_TRACE_LOOKUP_RATE: '20' });

const lookups = (s: AwsTestServer) => s.requests().filter((r) => r.action === 'LookupEvents');

/** Management events (Event history holds no data events), one per eventID, of an account in some regions. */
function expectedEvents(account: string, regions: string[]): number {
  const ids = new Set(
    orgTrailRecords()
      .filter((r) => r.recipientAccountId === account && regions.includes(r.awsRegion) && r.eventCategory !== 'Data')
      .filter((r) => r.eventTime >= '2026-03-09T00:00:00Z' && r.eventTime <= '2026-03-10T23:59:59Z')
      .map((r) => r.eventID),
  );
  return ids.size;
}

/**
 * Paced at Event history's 2 requests a second for each account and region, as the stand-in saw them
 * arrive: on average (n requests span at least n - 1 half-seconds, less 100 ms), and within every
 * second but two, which a loaded machine may bunch by delaying one request's arrival.
 */
function expectPaced(requests: RecordedRequest[]) {
  const byKey = new Map<string, number[]>();
  for (const r of requests.filter((q) => q.status === 200)) {
    byKey.set(`${r.account}/${r.region}`, [...(byKey.get(`${r.account}/${r.region}`) ?? []), r.atMs]);
  }
  expect(byKey.size).toBeGreaterThan(0);
  for (const [key, unsorted] of byKey) {
    const times = [...unsorted].sort((a, b) => a - b);
    expect(times.at(-1)! - times[0]!, key).toBeGreaterThanOrEqual((times.length - 1) * 500 - 100);
    const bunched = times.filter((t, i) => i >= 2 && t - times[i - 2]! < 1000).length;
    expect(bunched, key).toBeLessThanOrEqual(2);
  }
}

async function trace(db: string, id = CROSS_ACCOUNT_TARGET) {
  const r = await runInProcess(['from-event', id, '--format', 'json', '--db', db]);
  expect(r.code, r.stderr).toBe(0);
  return sourceFreeTrace(r.stdout);
}

describe('ingest lookup', () => {
  it('loads Event history account by account, paced, into the same trace as the files', async () => {
    // The stand-in allows 20 a second: the first account is loaded at Event history's own 2 a
    // second (the CLI's default), checked on the stand-in's clock; the other two as fast as it allows.
    const s = await serve(FAST);
    const db = path.join(tempDir(), 'lookup.duckdb');
    for (const account of ['111111111111', '222222222222', DATA_ACCOUNT]) {
      const env = account === '111111111111' ? awsEnv(s.endpoint, account) : fastEnv(s.endpoint, account);
      const r = await runCliAsync(['ingest', 'lookup', '--db', db, '--regions', 'us-east-1,us-west-2,eu-west-1', ...WINDOW], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`Event history of account ${account} in 3 regions`);
      expect(r.stdout).toMatch(/slices: +24 found, 24 loaded, 0 already in the store/);
      expect(r.stdout).toContain(`${expectedEvents(account, ['us-east-1', 'us-west-2', 'eu-west-1'])} new`);
    }
    expect(s.requests().filter((r) => r.action === 'GetCallerIdentity')).toHaveLength(3);
    const paced = lookups(s).filter((r) => r.account === '111111111111');
    expect(paced.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(24);
    expectPaced(paced);

    const filesDb = path.join(tempDir(), 'files.duckdb');
    expect(runCli(['ingest', 'files', ORG_TRAIL, '--db', filesDb]).code).toBe(0);
    expect(await trace(db)).toEqual(await trace(filesDb));

    // The same command again: every slice is stored complete, nothing is asked for.
    const before = lookups(s).length;
    const again = await runCliAsync(['ingest', 'lookup', '--db', db, '--regions', 'us-east-1,us-west-2,eu-west-1', ...WINDOW], awsEnv(s.endpoint, DATA_ACCOUNT));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/slices: +24 found, 0 loaded, 24 already in the store/);
    expect(lookups(s)).toHaveLength(before);
  });

  it('turns a gap into an `ingest lookup` command for the account that is missing', async () => {
    // Event history reaches 90 days back: a chain from two days ago, alice in 111111111111 assuming
    // DataAdmin in the data account, which then stops logging.
    const t0 = new Date(Math.floor(Date.now() / 1000) * 1000 - 2 * 86_400_000).toISOString().replace('.000Z', 'Z');
    const alice = iamUser('111111111111', 'alice', 'AKIAALICE0000000GAP1');
    const shared = '5b0c2a61-1d9e-4c1f-9d53-6f0a1c2b3d4e';
    const call = { time: t0, roleAccount: DATA_ACCOUNT, role: 'DataAdmin', roleId: 'AROADATAADMIN0000001', session: 'alice', issuedKey: 'ASIADATAADMIN0000GAP', shared };
    const records = [
      assumeRole({ ...call, caller: alice, recipient: '111111111111' }),
      assumeRole({ ...call, caller: { type: 'AWSAccount', principalId: alice.principalId, accountId: '111111111111' }, recipient: DATA_ACCOUNT }),
      apiCall({ identity: roleSession({ account: DATA_ACCOUNT, role: 'DataAdmin', roleId: 'AROADATAADMIN0000001', session: 'alice', key: 'ASIADATAADMIN0000GAP', created: t0 }),
        time: plusSeconds(t0, 60), account: DATA_ACCOUNT, name: 'StopLogging', source: 'cloudtrail.amazonaws.com', region: 'us-east-1', eventId: 'c0ffee00-0000-4000-8000-00000000a901' }),
    ];
    const s = await serve({ lookupRecords: records, ...FAST });
    const db = path.join(tempDir(), 'gaps.duckdb');
    const first = await runInProcessAws(['ingest', 'lookup', '--db', db, '--regions', 'us-east-1', '--from', '3d'], fastEnv(s.endpoint, DATA_ACCOUNT));
    expect(first.code, first.stderr).toBe(0);
    const target = 'c0ffee00-0000-4000-8000-00000000a901';
    const broken = JSON.parse((await runInProcessAws(['from-event', target, '--format', 'json', '--db', db])).stdout) as { status: string; gaps: { hint: string }[] };
    expect(broken.status).toBe('broken');
    const hint = broken.gaps[0]!.hint;
    expect(hint).toMatch(/^trail-trace ingest lookup --db \S+ --account 111111111111 --regions us-east-1 --from \S+ --to \S+$/);
    const args = hint.split(' ').slice(1).map((a) => a.replace(/^'(.*)'$/, '$1'));
    // With credentials for another account the command refuses and says why.
    const wrong = await runInProcessAws(args, fastEnv(s.endpoint, DATA_ACCOUNT));
    expect(wrong.code).toBe(EXIT.aws);
    expect(wrong.stderr).toContain(`These credentials are for account ${DATA_ACCOUNT}, not 111111111111`);
    // The user runs it with a profile in that account: here, that account's test key.
    const next = await runInProcessAws(args, fastEnv(s.endpoint, '111111111111'));
    expect(next.code, next.stderr).toBe(0);
    const done = JSON.parse((await runInProcessAws(['from-event', target, '--format', 'json', '--db', db])).stdout) as { status: string; origin: { arn?: string } };
    expect(done.status).toBe('complete');
    expect(JSON.stringify(done.origin)).toContain('arn:aws:iam::111111111111:user/alice');
  });

  it('follows NextToken through small pages, and the stand-in checks the token goes with its request', async () => {
    const s = await serve(FAST);
    const db = path.join(tempDir(), 'paged.duckdb');
    const r = await runInProcessAws(['ingest', 'lookup', '--db', db, '--regions', 'us-east-1', ...WINDOW, '--page-size', '3'], fastEnv(s.endpoint, DATA_ACCOUNT));
    expect(r.code, r.stderr).toBe(0);
    const withToken = lookups(s).filter((q) => (q.body as { NextToken?: string }).NextToken);
    expect(withToken.length).toBeGreaterThan(2);
    expect(r.stdout).toContain(`${expectedEvents(DATA_ACCOUNT, ['us-east-1'])} new, 0 duplicate`);
    expect(lookups(s).every((q) => q.status === 200)).toBe(true);
  });

  it('stops with a clear error when the endpoint repeats a NextToken, instead of asking forever', async () => {
    const s = await serve({ lookupRepeatsToken: true, ...FAST });
    const db = path.join(tempDir(), 'stuck.duckdb');
    const r = await runInProcessAws(['ingest', 'lookup', '--db', db, '--regions', 'us-east-1', ...WINDOW, '--page-size', '3'], fastEnv(s.endpoint, DATA_ACCOUNT));
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBe(70);
    expect(r.stderr).toMatch(new RegExp(`Event history of account ${DATA_ACCOUNT} in us-east-1 sent a page that cannot be followed \\(page 2 of .*\\): it repeats a NextToken an earlier page gave`));
    // The first page that hands back the token it was sent ends the ingest.
    expect(lookups(s).filter((q) => (q.body as { NextToken?: string }).NextToken).length).toBeLessThan(10);
  });

  it('backs off and retries when CloudTrail throttles, and still loads everything', async () => {
    // A stricter stand-in than CloudTrail: one request per second, so the 2/s pacing gets throttled.
    const s = await serve({ lookupPerSecond: 1 });
    const db = path.join(tempDir(), 'throttled.duckdb');
    const r = await runInProcessAws(['ingest', 'lookup', '--db', db, '--regions', 'us-east-1', '--from', '2026-03-09T00:00:00Z', '--to', '2026-03-09T23:59:59Z'], awsEnv(s.endpoint, DATA_ACCOUNT));
    expect(r.code, r.stderr).toBe(0);
    expect(lookups(s).some((q) => q.status === 400)).toBe(true);
    expect(r.stdout).toMatch(/slices: +4 found, 4 loaded/);
    const ids = new Set(orgTrailRecords().filter((x) => x.recipientAccountId === DATA_ACCOUNT && x.awsRegion === 'us-east-1' && x.eventTime < '2026-03-10').map((x) => x.eventID));
    expect(r.stdout).toContain(`${ids.size} new`);
  }, 90_000);

  it('resumes an interrupted run without asking again for slices already stored', async () => {
    const s = await serve();
    const db = path.join(tempDir(), 'resume.duckdb');
    const args = ['ingest', 'lookup', '--db', db, '--regions', 'us-east-1', ...WINDOW, '--page-size', '5'];
    // Default batches: what was fetched before Ctrl-C is stored on the way out, not dropped.
    const env = awsEnv(s.endpoint, DATA_ACCOUNT);
    const child = startCli(args, env);
    // Let a few slices through, then Ctrl-C.
    while (lookups(s).filter((q) => q.status === 200 && !(q.body as { NextToken?: string }).NextToken).length < 4) {
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code).toBe(EXIT.interrupted);
    const firstRun = lookups(s).map((q) => JSON.stringify(q.body));

    const r = await runInProcessAws(args, env);
    expect(r.code, r.stderr).toBe(0);
    const already = Number(/(\d+) already in the store/.exec(r.stdout)?.[1]);
    expect(already).toBeGreaterThan(0);
    // First pages asked for again are only those of slices the first run did not finish (each
    // counted once: a first page refused as throttled on a busy machine is asked for again).
    const secondRunFirstPages = lookups(s).slice(firstRun.length).filter((q) => q.status === 200 && !(q.body as { NextToken?: string }).NextToken);
    expect(secondRunFirstPages).toHaveLength(8 - already);
    // Both runs together stored every event once.
    expect(r.stdout).toContain(`store holds ${expectedEvents(DATA_ACCOUNT, ['us-east-1'])}`);
  });

  it('asks LookupEvents for one attribute only, and loads what it answers', async () => {
    const s = await serve(FAST);
    const db = path.join(tempDir(), 'attr.duckdb');
    const r = await runInProcessAws(['ingest', 'lookup', '--db', db, '--regions', 'us-east-1', ...WINDOW, '--attribute', 'EventName=AssumeRole'], fastEnv(s.endpoint, DATA_ACCOUNT));
    expect(r.code, r.stderr).toBe(0);
    expect(lookups(s).every((q) => JSON.stringify((q.body as { LookupAttributes?: unknown }).LookupAttributes) === '[{"AttributeKey":"EventName","AttributeValue":"AssumeRole"}]')).toBe(true);
    const expected = new Set(orgTrailRecords().filter((x) => x.recipientAccountId === DATA_ACCOUNT && x.awsRegion === 'us-east-1' && x.eventName === 'AssumeRole').map((x) => x.eventID));
    expect(expected.size).toBeGreaterThan(0);
    expect(r.stdout).toContain(`${expected.size} new`);
  });

  it('warns about an event whose CloudTrailEvent is not JSON and loads the rest', async () => {
    const broken = { eventID: 'broken-1', eventTime: '2026-03-09T12:00:00Z', awsRegion: 'us-east-1', recipientAccountId: DATA_ACCOUNT, eventName: 'X', [RAW_TEXT]: '{"eventVersion":"1.08","eventID":"broken-1",' };
    const s = await serve({ lookupRecords: [...orgTrailRecords(), broken], ...FAST });
    const db = path.join(tempDir(), 'corrupt.duckdb');
    const r = await runInProcessAws(['ingest', 'lookup', '--db', db, '--regions', 'us-east-1', ...WINDOW], fastEnv(s.endpoint, DATA_ACCOUNT));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 × .*\(invalid-json\)/);
    expect(r.stdout).toContain(`${expectedEvents(DATA_ACCOUNT, ['us-east-1'])} new`);
  });

  it('says which permission is missing when LookupEvents is denied', async () => {
    const s = await serve({ deny: [{ action: 'cloudtrail:LookupEvents' }] });
    const r = await runInProcessAws(['ingest', 'lookup', '--db', path.join(tempDir(), 'd.duckdb'), '--regions', 'us-east-1', ...WINDOW], awsEnv(s.endpoint, DATA_ACCOUNT));
    expect(r.code).toBe(EXIT.aws);
    expect(r.stderr).toContain('Access denied: trail-trace ingest lookup needs cloudtrail:LookupEvents on account 333333333333, region us-east-1');
    expect(r.stderr).toContain('Permissions');
  });

  it('keeps the slices fetched before a region fails: stored, and not asked for again', async () => {
    // us-east-1 is slow; eu-west-1 answers its first slice at once, then refuses. Slices are taken
    // in turn (us-east-1's first, eu-west-1's first, …), four at once: when eu-west-1 fails,
    // us-east-1's first slice is still on its way (and is stopped), and eu-west-1's first, behind
    // it in turn, is fetched: it must be stored all the same.
    const s = await serve({ latency: { region: 'us-east-1', ms: 1500 }, deny: [{ action: 'cloudtrail:LookupEvents', region: 'eu-west-1', afterAccepted: 1 }] });
    const db = path.join(tempDir(), 'kept.duckdb');
    const args = ['ingest', 'lookup', '--db', db, '--regions', 'us-east-1,eu-west-1', ...WINDOW, '--concurrency', '4'];
    const failed = await runInProcessAws(args, awsEnv(s.endpoint, DATA_ACCOUNT));
    expect(failed.code).toBe(EXIT.aws);
    expect(failed.stderr).toContain('region eu-west-1');
    await server!.stop();
    const again = await serve();
    const r = await runInProcessAws(args, awsEnv(again.endpoint, DATA_ACCOUNT));
    expect(r.code, r.stderr).toBe(0);
    // eu-west-1's first slice was stored, not dropped with the failure.
    expect(Number(/(\d+) already in the store/.exec(r.stdout)?.[1])).toBeGreaterThanOrEqual(1);
  });

  it('stops every region when one is denied, and says so of that one, not of the requests it stopped', async () => {
    const s = await serve({ deny: [{ action: 'cloudtrail:LookupEvents', region: 'eu-west-1' }] });
    const r = await runInProcessAws(['ingest', 'lookup', '--db', path.join(tempDir(), 'd2.duckdb'), '--regions', 'us-east-1,eu-west-1', ...WINDOW, '--page-size', '5'], awsEnv(s.endpoint, DATA_ACCOUNT));
    expect(r.code).toBe(EXIT.aws);
    expect(r.stderr).toContain('needs cloudtrail:LookupEvents on account 333333333333, region eu-west-1');
    expect(r.stderr).not.toMatch(/abort/i);
    // us-east-1 stopped too: far fewer of its pages asked for than a whole run of it asks.
    const east = lookups(s).filter((q) => q.region === 'us-east-1' && q.status === 200).length;
    const whole = Math.ceil(expectedEvents(DATA_ACCOUNT, ['us-east-1']) / 5) + 8;
    expect(east).toBeLessThan(whole);
  });

  it('reads every enabled region when --regions is not given', async () => {
    const s = await serve(FAST);
    const r = await runInProcessAws(['ingest', 'lookup', '--db', path.join(tempDir(), 'all.duckdb'), '--from', '2026-03-09T00:00:00Z', '--to', '2026-03-09T05:59:59Z'], fastEnv(s.endpoint, DATA_ACCOUNT));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('in 17 regions');
    const regions = new Set(lookups(s).map((q) => q.region));
    expect(regions.size).toBe(17);
    expect(regions.has('af-south-1')).toBe(false); // opted out: not enabled
  });

  it('asks for --regions when the regions cannot be listed', async () => {
    const s = await serve({ deny: [{ action: 'account:ListRegions' }] });
    const r = await runInProcessAws(['ingest', 'lookup', '--db', path.join(tempDir(), 'x.duckdb'), '--from', '1d'], awsEnv(s.endpoint, DATA_ACCOUNT));
    expect(r.code).toBe(EXIT.aws);
    expect(r.stderr).toContain('account:ListRegions was refused');
    expect(r.stderr).toContain('--regions us-east-1');
  });

  it('explains the 90-day limit of Event history', async () => {
    const s = await serve();
    const r = await runInProcessAws(['ingest', 'lookup', '--db', path.join(tempDir(), 'old.duckdb'), '--regions', 'us-east-1', '--from', '2020-01-01', '--to', '2020-01-01T05:00:00Z'], awsEnv(s.endpoint, DATA_ACCOUNT));
    expect(r.stderr).toMatch(/keeps 90 days: nothing before about \d{4}-\d{2}-\d{2} can come back from it/);
    expect(r.stderr).toContain('ingest s3');
  });

  it('refuses an attribute LookupEvents does not know, before calling AWS', async () => {
    const r = await runInProcessAws(['ingest', 'lookup', '--db', path.join(tempDir(), 'y.duckdb'), '--attribute', 'Colour=blue'], { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain('--attribute Colour=blue is not Key=Value');
    expect(r.stderr).toContain('AccessKeyId');
  });
});
