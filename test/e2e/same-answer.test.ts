// One scenario, four ways in: the fixture organisation trail loaded from files, from S3, from
// LookupEvents (account by account) and from Athena gives the same trace of every scenario event.
// Only where the events came from differs (`location`, and the gap hints' load commands).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliAsync, runInProcess } from '../helpers/cli.js';
import { startAwsServer, type AwsTestServer } from '../helpers/aws-json-server.js';
import { ACCOUNT_KEYS, KEY_ACCOUNTS, ORG_TRAIL, awsEnv, orgTrailRecords, orgTrailRegions, sourceFreeTrace } from '../helpers/org-trail.js';
import { startS3Server, TEST_AWS_ENV, type S3TestServer } from '../helpers/s3-server.js';
import { FIXTURES, removeDir, suiteDir } from '../helpers/temp.js';
import { PROJECTED } from '../helpers/athena-table.js';

const scenarios = (JSON.parse(readFileSync(path.join(FIXTURES, 'scenarios.json'), 'utf8')) as { scenarios: { name: string; target: string }[] }).scenarios;
/** Data events never reach Event history (spec §6.1): targets that are data events cannot be traced from LookupEvents. */
const dataEvents = new Set(orgTrailRecords().filter((r) => r.eventCategory === 'Data').map((r) => r.eventID));

let dir: string;
let s3: S3TestServer;
let aws: AwsTestServer;
const stores = { files: '', s3: '', lookup: '', athena: '' };

beforeAll(async () => {
  dir = suiteDir();
  for (const k of Object.keys(stores) as (keyof typeof stores)[]) stores[k] = path.join(dir, `${k}.duckdb`);
  s3 = await startS3Server();
  await s3.seed('org-trail', ORG_TRAIL);
  // Event history at 20 requests a second, and the CLI told so: what is compared here is what is
  // loaded, not the pacing (test/e2e/ingest-lookup.test.ts checks that at AWS's 2 a second).
  aws = await startAwsServer({ accounts: KEY_ACCOUNTS, lookupRecords: orgTrailRecords(), athena: { ...PROJECTED, seedDir: ORG_TRAIL }, lookupPerSecond: 20 });

  const files = runCli(['ingest', 'files', ORG_TRAIL, '--db', stores.files]);
  expect(files.code, files.stderr).toBe(0);
  const fromS3 = await runCliAsync(['ingest', 's3', 's3://org-trail', '--db', stores.s3, '--endpoint-url', s3.endpoint], TEST_AWS_ENV);
  expect(fromS3.code, fromS3.stderr).toBe(0);
  // LookupEvents answers for the caller's account only: one run per account, with its credentials.
  for (const account of Object.keys(ACCOUNT_KEYS)) {
    const r = await runCliAsync(
      ['ingest', 'lookup', '--db', stores.lookup, '--regions', orgTrailRegions().join(','), '--from', '2026-03-09T00:00:00Z', '--to', '2026-03-10T23:59:59Z'],
      { ...awsEnv(aws.endpoint, account), TRAIL_TRACE_LOOKUP_RATE: '20' },
    );
    expect(r.code, r.stderr).toBe(0);
  }
  const athena = await runCliAsync(
    ['ingest', 'athena', '--db', stores.athena, '--database', PROJECTED.database, '--table', PROJECTED.table, '--from', '2026-03-09', '--to', '2026-03-10T23:59:59Z'],
    awsEnv(aws.endpoint, '111111111111'),
  );
  expect(athena.code, athena.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await s3?.stop();
  await aws?.stop();
  removeDir(dir);
});

async function traceIn(store: string, id: string) {
  const r = await runInProcess(['from-event', id, '--format', 'json', '--db', store]);
  return { code: r.code, trace: r.code === 0 ? sourceFreeTrace(r.stdout) : r.stderr };
}

describe('the same answer whichever way the events came', () => {
  it.each(scenarios.map((s) => [s.name, s.target] as const))('%s', async (_name, target) => {
    const files = await traceIn(stores.files, target);
    expect(files.code).toBe(0);
    expect(await traceIn(stores.s3, target)).toEqual(files);
    expect(await traceIn(stores.athena, target)).toEqual(files);
    if (dataEvents.has(target)) {
      const lookup = await traceIn(stores.lookup, target);
      expect(lookup.code).not.toBe(0);
      expect(lookup.trace).toMatch(/no event|not in the store|unknown/i);
    } else {
      expect(await traceIn(stores.lookup, target)).toEqual(files);
    }
  });
});

describe('the same events four ways into one store', () => {
  it('are copies that do not differ (another shape is no conflict), and every event is traced from the trail file\'s copy, whichever came first', async () => {
    const db = path.join(dir, 'mixed.duckdb');
    const json = (r: { code: number | null; stdout: string; stderr: string }) => {
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { events: { new: number; duplicate: number }; warnings: { total: number; byKind: Record<string, unknown> } };
    };
    const runs = [
      json(await runCliAsync(
        ['ingest', 'athena', '--db', db, '--database', PROJECTED.database, '--table', PROJECTED.table, '--from', '2026-03-09', '--to', '2026-03-10T23:59:59Z', '--format', 'json'],
        awsEnv(aws.endpoint, '111111111111'))),
      json(await runCliAsync(
        ['ingest', 'lookup', '--db', db, '--regions', orgTrailRegions().join(','), '--from', '2026-03-09T00:00:00Z', '--to', '2026-03-10T23:59:59Z', '--format', 'json'],
        { ...awsEnv(aws.endpoint, '111111111111'), TRAIL_TRACE_LOOKUP_RATE: '20' })),
      json(await runCliAsync(['ingest', 's3', 's3://org-trail', '--db', db, '--endpoint-url', s3.endpoint, '--format', 'json'], TEST_AWS_ENV)),
      json(runCli(['ingest', 'files', ORG_TRAIL, '--db', db, '--format', 'json'])),
    ];
    for (const r of runs) expect(r.warnings.byKind).not.toHaveProperty('conflicting-copy');
    expect(runs[1]!.events.duplicate).toBeGreaterThan(0);
    expect(runs[2]!.events.duplicate).toBeGreaterThan(0);
    for (const name of ['cross-account-chain', 'late-and-duplicate']) {
      const target = scenarios.find((s) => s.name === name)!.target;
      const r = await runInProcess(['from-event', target, '--format', 'json', '--db', db]);
      expect(r.code, r.stderr).toBe(0);
      const trace = JSON.parse(r.stdout) as { target: { integrity: { location: string }; differingCopies?: unknown }; hops: { issuedBy: { location: { source: string } } | null }[] };
      // S3 objects and the folder's files are the same bytes: one kept file, named by the source that brought it first.
      expect(trace.target.integrity.location).toMatch(/^s3:\/\/org-trail\/AWSLogs\//);
      expect(trace.target).not.toHaveProperty('differingCopies');
      for (const hop of trace.hops) expect(hop.issuedBy?.location?.source ?? 's3://org-trail/AWSLogs/').toMatch(/^s3:\/\/org-trail\/AWSLogs\//);
      expect(await traceIn(db, target)).toEqual(await traceIn(stores.files, target));
    }
  });
});
