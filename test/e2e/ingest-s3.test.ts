// `trail-trace ingest s3` (the built CLI) against a real S3-protocol server on loopback (s3rver),
// seeded with the fixture organisation trail: the same SDK calls as against AWS, only the
// endpoint differs.

import { gzipSync } from 'node:zlib';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ingestListing } from '../../src/ingest/run-ingest.js';
import { S3Source, parseS3Url } from '../../src/ingest/sources/s3.js';
import { loadedSourceKeys } from '../../src/store/load.js';
import { openStore } from '../../src/store/store.js';
import { runCli, runInProcess, runInProcessAws } from '../helpers/cli.js';
import { startS3Server, TEST_AWS_ENV, type S3TestServer } from '../helpers/s3-server.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';
import { writeSignedTrail } from '../helpers/digests.js';
import { EXIT } from '../../src/errors.js';

const ORG = 'o-7rt3xq2k9p';
const DEMO_EVENT = '0485349d-f4ab-436c-84b9-5675842530e8';
let s3: S3TestServer;
let env: Record<string, string>;
let trailKeys: string[];

beforeAll(async () => {
  s3 = await startS3Server({ deny: ['locked-trail', `denied-object-trail/AWSLogs/${ORG}/222222222222/`] });
  env = { ...TEST_AWS_ENV, AWS_ENDPOINT_URL: s3.endpoint };
  trailKeys = await s3.seed('org-trail', path.join(FIXTURES, 'org-trail'));
  await s3.seed('nested-trail', path.join(FIXTURES, 'org-trail'), 'cloudtrail/prod/');
  await s3.seed('locked-trail', path.join(FIXTURES, 'org-trail'));
  await s3.seed('denied-object-trail', path.join(FIXTURES, 'org-trail'));
}, 60_000);
afterAll(async () => {
  await s3?.stop();
});

function fetchedKeys(stats: { gets: Record<string, number> }, bucket: string): string[] {
  return Object.keys(stats.gets).filter((k) => k.startsWith(`${bucket}/`)).map((k) => k.slice(bucket.length + 1));
}

/** from-event JSON without `location` (it names the file or object each record came from). */
async function traceJson(db: string, id = DEMO_EVENT): Promise<unknown> {
  const r = await runInProcess(['from-event', id, '--format', 'json', '--db', db]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout, (key, value) => (key === 'location' ? undefined : value));
}

describe('ingest s3', () => {
  it('keeps each digest\'s S3 signature (x-amz-meta-signature) with it: verify validates even the newest hour', async () => {
    const dir = tempDir();
    const trail = writeSignedTrail(path.join(dir, 'logs'), { bucket: 'signed-trail' });
    await s3.seed('signed-trail', path.join(dir, 'logs'));
    for (const key of trail.digestKeys) {
      await s3.client.send(new PutObjectCommand({ Bucket: 'signed-trail', Key: key, Body: readFileSync(path.join(dir, 'logs', key)), Metadata: trail.metadata[key]!.Metadata }));
    }
    writeFileSync(path.join(dir, 'keys.json'), JSON.stringify(trail.publicKeys));
    const db = path.join(dir, 's.duckdb');
    const r = runCli(['ingest', 's3', 's3://signed-trail', '--db', db], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/digests: 4 CloudTrail digest files kept/);
    const v = runCli(['verify', '--db', db, '--public-keys', path.join(dir, 'keys.json'), '--format', 'json']);
    expect(v.code, v.stdout).toBe(0);
    const files = (JSON.parse(v.stdout) as { files: { location: string; verdict: string }[] }).files;
    expect(files.map((f) => [f.location, f.verdict])).toEqual(trail.logKeys.map((k) => [`s3://signed-trail/${k}`, 'validated']));

    // A kept copy deleted: the next ingest fetches that object alone and restores it.
    const kept = (JSON.parse(v.stdout) as { files: { keptPath: string }[] }).files[0]!.keptPath;
    rmSync(path.join(`${db}.evidence`, kept));
    const before = await s3.stats();
    const again = runCli(['ingest', 's3', 's3://signed-trail', '--db', db], env);
    expect(again.stdout).toMatch(/kept copies restored: 1 /);
    const after = await s3.stats();
    expect(Object.keys(after.gets).filter((k) => after.gets[k] !== before.gets[k])).toEqual([`signed-trail/${trail.logKeys[0]}`]);
    expect(runCli(['verify', '--db', db]).code).toBe(0);
  });

  it('loads an organisation trail from its bucket, like the same files from disk', async () => {
    const db = path.join(tempDir(), 's3.duckdb');
    const before = await s3.stats();
    const r = await runInProcessAws(['ingest', 's3', 's3://org-trail', '--db', db], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/objects: +58 found, 58 loaded, 0 already in the store/);
    expect(r.stdout).toMatch(/digests: 1 CloudTrail digest files kept/);
    expect(r.stdout).toMatch(/676 new, 1 duplicate/);
    // The CloudTrail/ and CloudTrail-Digest/ folders are listed; Insights sit outside them: never fetched.
    const fetched = fetchedKeys(await s3.stats(), 'org-trail').filter((k) => !(k in before.gets));
    expect(fetched).toHaveLength(58);
    expect(fetched.filter((k) => !k.includes('/CloudTrail/'))).toEqual([trailKeys.find((k) => k.includes('/CloudTrail-Digest/'))]);
    expect(trailKeys.filter((k) => /CloudTrail-(Digest|Insight)/.test(k))).toHaveLength(2);

    const filesDb = path.join(tempDir(), 'files.duckdb');
    expect((await runInProcessAws(['ingest', 'files', path.join(FIXTURES, 'org-trail'), '--db', filesDb])).code).toBe(0);
    expect(await traceJson(db)).toEqual(await traceJson(filesDb));

    // Running it again fetches nothing: every object is known by key and ETag.
    const beforeAgain = await s3.stats();
    const again = await runInProcessAws(['ingest', 's3', 's3://org-trail', '--db', db], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/objects: +58 found, 0 loaded, 58 already in the store/);
    expect((await s3.stats()).gets).toEqual(beforeAgain.gets);
  });

  it('turns a gap into an `ingest s3` command that loads what was missing', async () => {
    const db = path.join(tempDir(), 'gaps.duckdb');
    // The endpoint given with --endpoint-url only: the gap's command must carry it to reach the bucket.
    const { AWS_ENDPOINT_URL: _, ...noEndpoint } = env;
    // Only the data account: the chain breaks where the caller's account begins.
    expect((await runInProcessAws(['ingest', 's3', 's3://org-trail', '--db', db, '--accounts', '333333333333', '--endpoint-url', s3.endpoint], noEndpoint)).code).toBe(0);
    const hints: string[] = [];
    for (let round = 0; round < 4; round++) {
      const trace = await traceJson(db) as { status: string; gaps: { hint: string }[] };
      if (trace.status === 'complete') break;
      const hint = trace.gaps[0]!.hint;
      hints.push(hint);
      expect(hint).toMatch(/^trail-trace ingest s3 --db \S+ s3:\/\/org-trail --accounts \d{12} --regions \S+ --from \S+ --to \S+ --endpoint-url http:\/\/127\.0\.0\.1:\d+$/);
      const args = hint.split(' ').slice(1).map((a) => a.replace(/^'(.*)'$/, '$1'));
      const r = await runInProcessAws(args, noEndpoint);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(hints.length).toBeGreaterThan(0);
    const filesDb = path.join(tempDir(), 'files.duckdb');
    expect((await runInProcessAws(['ingest', 'files', path.join(FIXTURES, 'org-trail'), '--db', filesDb])).code).toBe(0);
    expect(await traceJson(db)).toEqual(await traceJson(filesDb));
  });

  it('lists only the accounts, regions and delivery days asked for', async () => {
    const db = path.join(tempDir(), 'filtered.duckdb');
    const before = await s3.stats();
    const r = await runInProcessAws(
      ['ingest', 's3', 's3://nested-trail/cloudtrail/prod', '--db', db, '--accounts', '111111111111,999999999999',
        '--regions', 'us-east-1', '--from', '2026-03-09T10:00Z', '--to', '2026-03-09T12:00Z'],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('no folder for account 999999999999');
    const fetched = fetchedKeys(await s3.stats(), 'nested-trail').filter((k) => !(k in before.gets));
    expect(fetched.length).toBeGreaterThan(0);
    for (const key of fetched) {
      // The event window is one day; its delivery folders are that day and the next.
      expect(key).toMatch(new RegExp(`^cloudtrail/prod/AWSLogs/${ORG}/111111111111/CloudTrail/us-east-1/2026/03/(09|10)/`));
    }
    const expected = trailKeys.filter((k) => new RegExp(`^AWSLogs/${ORG}/111111111111/CloudTrail/us-east-1/2026/03/(09|10)/`).test(k));
    expect(fetched.sort()).toEqual(expected.map((k) => `cloudtrail/prod/${k}`).sort());
  });

  it('pages through listings and resumes an interrupted load without fetching twice', async () => {
    const dir = tempDir();
    const store = await openStore(path.join(dir, 'resume.duckdb'));
    const client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    try {
      await s3.seed('paged-trail', path.join(FIXTURES, 'org-trail'));
      const before = await s3.stats();
      const abort = new AbortController();
      const source = async (signal?: AbortSignal) => new S3Source(client, {
        location: parseS3Url('s3://paged-trail'), concurrency: 2, downloadDir: path.join(dir, 'incoming'),
        listPageSize: 2, loaded: await loadedSourceKeys(store, 's3://paged-trail/'), ...(signal ? { signal } : {}),
      });
      // First run: stopped after its first batch of files (one file per batch here).
      let batches = 0;
      const first = await ingestListing(store, await (await source(abort.signal)).list(), {
        signal: abort.signal, batchBytes: 1,
        onProgress: (p) => { if (p.filesDone > 0 && ++batches >= 5) abort.abort(); },
      });
      expect(first.interrupted).toBe(true);
      expect(first.files.loaded).toBeGreaterThan(0);
      expect(first.files.loaded).toBeLessThan(58);
      const second = await ingestListing(store, await (await source()).list());
      expect(second.files.alreadyLoaded).toBe(first.files.loaded);
      expect(first.files.loaded + second.files.loaded).toBe(58);
      expect(first.events.new + second.events.new).toBe(676);
      const after = await s3.stats();
      const gets = fetchedKeys(after, 'paged-trail').map((k) => after.gets[`paged-trail/${k}`]! - (before.gets[`paged-trail/${k}`] ?? 0));
      // Objects fetched ahead of the interrupt may be fetched again, but never one already stored.
      expect(gets.filter((n) => n > 0).length).toBe(58);
      expect(gets.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(58 + 2 * 2);
      // 58 objects (57 logs and a digest), 2 per page, over several prefixes: many more list calls than prefixes.
      expect(after.lists - before.lists).toBeGreaterThan(21);
    } finally {
      client.destroy();
      await store.close();
    }
  });

  it('warns about a corrupt object and loads the rest', async () => {
    const key = `AWSLogs/${ORG}/111111111111/CloudTrail/us-east-1/2026/03/09/111111111111_CloudTrail_us-east-1_20260309T2359Z_TRUNCATEDxxxxxxx.json.gz`;
    const whole = gzipSync(readFileSync(path.join(FIXTURES, 'containers', 'array.json')));
    await s3.seed('corrupt-trail', path.join(FIXTURES, 'org-trail'));
    await s3.put('corrupt-trail', key, whole.subarray(0, Math.floor(whole.length / 2)));
    const db = path.join(tempDir(), 'corrupt.duckdb');
    const r = await runInProcessAws(['ingest', 's3', 's3://corrupt-trail', '--db', db], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/objects: +59 found, 58 loaded/);
    expect(r.stdout).toContain('truncated-gzip');
    expect(r.stdout).toContain(`s3://corrupt-trail/${key}`);
  });

  it('reads a CloudWatch Logs export (000000.gz) by its content, and passes over what is not logs', async () => {
    const record = JSON.parse(readFileSync(path.join(FIXTURES, 'containers', 'events.ndjson'), 'utf8').split('\n')[0]!) as { eventID: string; eventTime: string };
    await s3.put('cw-export', 'exportedlogs/4d6b2f0a/111111111111_CloudTrail_us-east-1/000000.gz', gzipSync(`${record.eventTime.replace('Z', '.000Z')} ${JSON.stringify(record)}\n`));
    await s3.put('cw-export', 'exportedlogs/aws-logs-write-test', Buffer.from('Permission Check Successful'));
    await s3.put('cw-export', 'exportedlogs/notes.gz', gzipSync('not logs at all\n'));
    await s3.put('cw-export', 'exportedlogs/bundle.zip', Buffer.from('PK\x03\x04', 'latin1'));
    const r = await runInProcessAws(['ingest', 's3', 's3://cw-export', '--db', path.join(tempDir(), 'cw.duckdb'), '--format', 'json'], env);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.files).toMatchObject({ loaded: 1, failed: 0, empty: 0 });
    expect(json.events.new).toBe(1);
    expect(json.skipped).toEqual({
      'not logs by their names (.json, .json.gz, .gz, .jsonl, .parquet)': 1, 'archives (download them, then ingest files)': 1, 'files whose content is not logs': 1,
    });
    expect(json.readAs.examples[0]).toEqual({ source: 's3://cw-export/exportedlogs/4d6b2f0a/111111111111_CloudTrail_us-east-1/000000.gz', how: 'CloudWatch Logs export lines' });
  });

  it('names the missing permission when listing is denied', async () => {
    const r = await runInProcessAws(['ingest', 's3', 's3://locked-trail', '--db', path.join(tempDir(), 'x.duckdb')], env);
    expect(r.code).toBe(EXIT.aws);
    expect(r.stderr).toContain('Access denied: trail-trace ingest s3 needs s3:ListBucket on s3://locked-trail/AWSLogs/');
    expect(r.stderr).toContain('Permissions');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('warns about objects it may not read and loads the others', async () => {
    const r = await runInProcessAws(['ingest', 's3', 's3://denied-object-trail', '--db', path.join(tempDir(), 'x.duckdb')], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/objects: +58 found, \d+ loaded/);
    expect(r.stdout).toContain('fetch-failed');
    expect(r.stdout).toContain('s3:GetObject');
  });

  it('says which bucket does not exist', async () => {
    const r = await runInProcessAws(['ingest', 's3', 's3://no-such-trail-bucket', '--db', path.join(tempDir(), 'x.duckdb')], env);
    expect(r.code).toBe(EXIT.notFound);
    expect(r.stderr).toContain('There is no bucket');
    expect(r.stderr).toContain('no-such-trail-bucket');
  });

  it('says how to provide credentials when there are none', async () => {
    const noKeys = { ...env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
    const r = await runInProcessAws(['ingest', 's3', 's3://org-trail', '--db', path.join(tempDir(), 'x.duckdb')], noKeys);
    expect(r.code).toBe(EXIT.aws);
    expect(r.stderr).toContain('No AWS credentials found');
    expect(r.stderr).toContain('--profile');
  });

  it('asks for the MFA code of a role profile, and says so when there is no terminal', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'config'), [
      '[profile responder]', 'region = us-east-1', '',
      '[profile investigator]', 'role_arn = arn:aws:iam::111122223333:role/IncidentInvestigator',
      'source_profile = responder', 'mfa_serial = arn:aws:iam::111122223333:mfa/responder', '',
    ].join('\n'));
    writeFileSync(path.join(dir, 'credentials'), '[responder]\naws_access_key_id = AKIAEXAMPLEEXAMPLE01\naws_secret_access_key = not-a-real-secret\n');
    const r = await runInProcessAws(['ingest', 's3', 's3://org-trail', '--profile', 'investigator', '--db', path.join(dir, 'x.duckdb')], {
      ...env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '',
      AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
    });
    expect(r.code).toBe(EXIT.aws);
    expect(r.stderr).toContain('needs an MFA code for arn:aws:iam::111122223333:mfa/responder');
    expect(r.stderr).not.toContain('not-a-real-secret');
  });

  it('says a --profile does not exist instead of "no credentials", exit 2', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'config'), '[profile investigator]\nregion = us-east-1\n');
    writeFileSync(path.join(dir, 'credentials'), '');
    const r = await runInProcessAws(['ingest', 's3', 's3://org-trail', '--profile', 'investigatr', '--db', path.join(dir, 'x.duckdb')], {
      ...env, AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
    });
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain('There is no AWS profile named investigatr');
    expect(r.stderr).toContain('Profiles there: investigator.');
    expect(r.stdout).not.toContain('Listing'); // stopped before any call
  });

  it('retries when S3 asks to slow down, and loads everything', async () => {
    const slow = await startS3Server({ slowDown: 4 }); // the SDK tries 6 times
    try {
      await slow.seed('slow-trail', path.join(FIXTURES, 'org-trail'));
      const db = path.join(tempDir(), 'slow.duckdb');
      const r = await runInProcessAws(['ingest', 's3', 's3://slow-trail', '--db', db], { ...TEST_AWS_ENV, AWS_ENDPOINT_URL: slow.endpoint });
      expect(r.code, r.stderr).toBe(0);
      expect((await slow.stats()).slowedDown).toBe(4);
      expect(r.stdout).toMatch(/objects: +58 found, 58 loaded/);
      expect(r.stdout).toMatch(/676 new, 1 duplicate/);
    } finally {
      await slow.stop();
    }
  });

  it('refuses a window no trail can hold before listing anything (before CloudTrail, or in the future)', async () => {
    const before = await s3.stats();
    const db = path.join(tempDir(), 'x.duckdb');
    const old = await runInProcessAws(['ingest', 's3', 's3://org-trail', '--db', db, '--from', '0001-01-01', '--to', '9999-12-31'], env);
    expect(old.code).toBe(EXIT.usage);
    expect(old.stderr).toContain('--from 0001-01-01 is before CloudTrail existed (November 2013)');
    const future = await runInProcessAws(['ingest', 's3', 's3://org-trail', '--db', db, '--from', '2026-03-09', '--to', '9999-12-31'], env);
    expect(future.code).toBe(EXIT.usage);
    expect(future.stderr).toContain('--to 9999-12-31 is in the future');
    expect(fetchedKeys(await s3.stats(), 'org-trail').length).toBe(fetchedKeys(before, 'org-trail').length);
  });

  it('refuses a location that is not s3://', async () => {
    const r = await runInProcessAws(['ingest', 's3', 'org-trail', '--db', path.join(tempDir(), 'x.duckdb')], env);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain('Not an S3 location');
  });
});
