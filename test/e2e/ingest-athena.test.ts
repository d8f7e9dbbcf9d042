// `ingest athena`: the built CLI against the loopback Athena stand-in, which speaks the real AWS
// JSON protocol and runs the query on DuckDB over a table seeded from the fixture trail.

import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, runCliAsync, runInProcess, runInProcessAws, startCli } from '../helpers/cli.js';
import { PROJECTED } from '../helpers/athena-table.js';
import {
  CLOUDTRAIL_COLUMNS_AWS, startAwsServer, type AthenaTableOptions, type AwsTestServer, type AwsTestServerOptions,
} from '../helpers/aws-json-server.js';
import { KEY_ACCOUNTS, ORG_TRAIL, awsEnv, sourceFreeTrace } from '../helpers/org-trail.js';
import { tempDir } from '../helpers/temp.js';
import { EXIT } from '../../src/errors.js';

const TARGET = '0485349d-f4ab-436c-84b9-5675842530e8';
const ORG = 'o-7rt3xq2k9p';
const WINDOW = ['--from', '2026-03-09', '--to', '2026-03-10T23:59:59Z'];
const ALL_EVENTS = 676; // the fixture trail: 677 records, one delivered twice

let server: AwsTestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function serve(table: Partial<AthenaTableOptions> = {}, extra: Partial<AwsTestServerOptions> = {}): Promise<AwsTestServer> {
  server = await startAwsServer({ accounts: KEY_ACCOUNTS, athena: { ...PROJECTED, seedDir: ORG_TRAIL, pollsBeforeDone: 2, ...table }, ...extra });
  return server;
}

const athena = (db: string, ...more: string[]) => ['ingest', 'athena', '--db', db, '--database', 'security', '--table', 'org_trail', ...WINDOW, ...more];
const env = (s: AwsTestServer) => awsEnv(s.endpoint, '111111111111');
const calls = (s: AwsTestServer, action: string) => s.requests().filter((r) => r.action === action);

async function trace(db: string) {
  const r = await runInProcess(['from-event', TARGET, '--format', 'json', '--db', db]);
  expect(r.code, r.stderr).toBe(0);
  return sourceFreeTrace(r.stdout);
}

describe('ingest athena', () => {
  it('runs one partition-pruned query and rebuilds records that trace like the files', async () => {
    const s = await serve();
    const db = path.join(tempDir(), 'athena.duckdb');
    const r = await runCliAsync(athena(db), env(s));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Athena query [0-9a-f-]+: (queued|running)/);
    expect(r.stderr).toMatch(/: succeeded/);
    expect(r.stdout).toContain(`${ALL_EVENTS} new, 1 duplicate`);
    const [start] = calls(s, 'StartQueryExecution');
    const sql = (start!.body as { QueryString: string }).QueryString;
    expect(sql).toContain(`"date" BETWEEN '2026/03/09' AND '2026/03/11'`);
    expect(sql).toContain(`FROM "security"."org_trail"`);
    expect(calls(s, 'GetQueryExecution').length).toBeGreaterThanOrEqual(3); // polled until done

    const filesDb = path.join(tempDir(), 'files.duckdb');
    expect(runCli(['ingest', 'files', ORG_TRAIL, '--db', filesDb]).code).toBe(0);
    expect(await trace(db)).toEqual(await trace(filesDb));

    // Again: the request token brings back the finished query; its pages are already stored.
    const again = await runCliAsync(athena(db), env(s));
    expect(again.code, again.stderr).toBe(0);
    const ids = calls(s, 'GetQueryExecution').map((q) => (q.body as { QueryExecutionId: string }).QueryExecutionId);
    expect(new Set(ids).size).toBe(1);
    expect(again.stdout).toMatch(/0 loaded, 1 already in the store/);
  });

  it('turns a gap into an `ingest athena` command on the same table', async () => {
    const s = await serve();
    const db = path.join(tempDir(), 'gaps.duckdb');
    expect((await runInProcessAws(athena(db, '--accounts', '333333333333'), env(s))).code).toBe(0);
    const hints: string[] = [];
    for (let round = 0; round < 4; round++) {
      const r = await runInProcessAws(['from-event', TARGET, '--format', 'json', '--db', db]);
      const t = JSON.parse(r.stdout) as { status: string; gaps: { hint: string }[] };
      if (t.status === 'complete') break;
      const hint = t.gaps[0]!.hint;
      hints.push(hint);
      expect(hint).toMatch(/^trail-trace ingest athena --db \S+ --database security --table org_trail --region us-east-1 --accounts \d{12} --regions \S+ --from \S+ --to \S+$/);
      const next = await runInProcessAws(hint.split(' ').slice(1).map((a) => a.replace(/^'(.*)'$/, '$1')), env(s));
      expect(next.code, next.stderr).toBe(0);
    }
    expect(hints.length).toBeGreaterThan(0);
    const filesDb = path.join(tempDir(), 'files.duckdb');
    expect((await runInProcessAws(['ingest', 'files', ORG_TRAIL, '--db', filesDb])).code).toBe(0);
    expect(await trace(db)).toEqual(await trace(filesDb));
  });

  it('a window with no events is done (exit 0), not a failure to read', async () => {
    const s = await serve();
    const db = path.join(tempDir(), 'empty.duckdb');
    const r = await runInProcessAws(['ingest', 'athena', '--db', db, '--database', 'security', '--table', 'org_trail', '--from', '2025-01-01', '--to', '2025-01-02'], env(s));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('0 new');
  });

  it('reads every results page, the header row only on the first', async () => {
    const s = await serve();
    const db = path.join(tempDir(), 'paged.duckdb');
    const r = await runInProcessAws(athena(db, '--page-size', '50'), env(s));
    expect(r.code, r.stderr).toBe(0);
    expect(calls(s, 'GetQueryResults').length).toBe(Math.ceil((ALL_EVENTS + 1 + 1) / 50));
    // A header taken for a record would be a warning; a record taken for a header would be missing.
    expect(r.stdout).toContain(`${ALL_EVENTS} new, 1 duplicate`);
    expect(r.stdout).not.toMatch(/warnings/);
  });

  it('prunes AWS\'s manual region/year/month/day partitions, and says what the plain DDL lacks', async () => {
    const s = await serve({ columns: CLOUDTRAIL_COLUMNS_AWS, partitionKeys: ['region', 'year', 'month', 'day'].map((Name) => ({ Name, Type: 'string' })), parameters: {} });
    const db = path.join(tempDir(), 'manual.duckdb');
    const r = await runInProcessAws(athena(db, '--regions', 'eu-west-1', '--accounts', '333333333333'), env(s));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('does not declare useridentity.sessioncontext.sourceidentity');
    const sql = (calls(s, 'StartQueryExecution')[0]!.body as { QueryString: string }).QueryString;
    expect(sql).toContain(`("year" = '2026' AND "month" = '03' AND "day" IN ('09', '10', '11'))`);
    expect(sql).toContain(`"region" IN ('eu-west-1')`);
    expect(sql).toContain(`recipientaccountid IN ('333333333333')`);
    // Only the data account was loaded: the trace breaks where its caller's account begins.
    const t = await runInProcessAws(['from-event', TARGET, '--format', 'json', '--db', db]);
    expect(t.code, t.stderr).toBe(0);
    expect((JSON.parse(t.stdout) as { status: string }).status).toBe('broken');
  });

  it('warns about a record without eventID and loads the rest', async () => {
    const seed = path.join(tempDir(), 'seed');
    cpSync(ORG_TRAIL, seed, { recursive: true });
    const day = path.join(seed, `AWSLogs/${ORG}/111111111111/CloudTrail/us-east-1/2026/03/09`);
    mkdirSync(day, { recursive: true });
    writeFileSync(path.join(day, '111111111111_CloudTrail_us-east-1_20260309T1200Z_broken.json.gz'),
      gzipSync(JSON.stringify({ Records: [{ eventVersion: '1.08', eventTime: '2026-03-09T12:00:00Z', eventName: 'X', eventSource: 'x.amazonaws.com', awsRegion: 'us-east-1', recipientAccountId: '111111111111' }] })));
    const s = await serve({ seedDir: seed });
    const r = await runInProcessAws(athena(path.join(tempDir(), 'w.duckdb')), env(s));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 × .*\(missing-event-id\)/);
    expect(r.stdout).toContain(`${ALL_EVENTS} new`);
  });

  it('retries when Athena answers TooManyRequests, and loads everything', async () => {
    const s = await serve({}, { throttle: { action: 'athena:GetQueryResults', times: 3 } });
    const r = await runInProcessAws(athena(path.join(tempDir(), 'tmr.duckdb'), '--page-size', '200'), env(s));
    expect(r.code, r.stderr).toBe(0);
    expect(calls(s, 'GetQueryResults').filter((q) => q.status === 400)).toHaveLength(3);
    expect(r.stdout).toContain(`${ALL_EVENTS} new, 1 duplicate`);
  });

  it('reports a failed query with Athena\'s reason', async () => {
    const s = await serve({ failQueriesContaining: { text: 'org_trail', reason: 'HIVE_CURSOR_ERROR: Row is not a valid JSON Object' } });
    const r = await runInProcessAws(athena(path.join(tempDir(), 'f.duckdb')), env(s));
    expect(r.code).toBe(EXIT.aws);
    expect(r.stderr).toMatch(/The Athena query [0-9a-f-]+ failed: HIVE_CURSOR_ERROR: Row is not a valid JSON Object/);
  });

  it('reports a cancelled query', async () => {
    const s = await serve({ cancelQueriesContaining: 'org_trail' });
    const r = await runInProcessAws(athena(path.join(tempDir(), 'c.duckdb')), env(s));
    expect(r.code).toBe(EXIT.aws);
    expect(r.stderr).toMatch(/was cancelled/);
    expect(r.stderr).toContain('data-scanned limit');
  });

  it('stops the query on Ctrl-C, and the same command then runs it afresh and loads everything', async () => {
    const table: AthenaTableOptions = { ...PROJECTED, seedDir: ORG_TRAIL, pollsBeforeDone: 1000 };
    server = await startAwsServer({ accounts: KEY_ACCOUNTS, athena: table });
    const s = server;
    const db = path.join(tempDir(), 'i.duckdb');
    const child = startCli(athena(db), env(s));
    while (calls(s, 'GetQueryExecution').length < 3) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code).toBe(EXIT.interrupted);
    expect(calls(s, 'StopQueryExecution')).toHaveLength(1);
    // Same server, same request token: the cancelled execution comes back and is not reused.
    table.pollsBeforeDone = 2;
    const r = await runInProcessAws(athena(db), env(s));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('(an earlier run of the same query) was cancelled: starting it again');
    expect(r.stdout).toContain(`${ALL_EVENTS} new`);
    // Run again (into a fresh store): the chain of tokens leads to the execution that succeeded,
    // and no second scan is paid for.
    const scans = calls(s, 'StartQueryExecution').length;
    // The earlier execution is told from a new one by having been submitted before the run asked.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const third = await runInProcessAws(athena(path.join(tempDir(), 'i2.duckdb')), env(s));
    expect(third.code, third.stderr).toBe(0);
    expect(third.stderr).toContain('already ran: reusing its results (no new scan)');
    expect(third.stdout).toContain(`${ALL_EVENTS} new`);
    const started = calls(s, 'StartQueryExecution').slice(scans).map((c) => (c.body as { ClientRequestToken?: string }).ClientRequestToken);
    const earlier = calls(s, 'StartQueryExecution').slice(0, scans).map((c) => (c.body as { ClientRequestToken?: string }).ClientRequestToken);
    expect(started.every((t) => earlier.includes(t))).toBe(true);
  });

  it('runs a window that is still open afresh each time, since events keep arriving', async () => {
    const s = await serve();
    const db = path.join(tempDir(), 'open.duckdb');
    for (let i = 0; i < 2; i++) {
      const r = await runInProcessAws(['ingest', 'athena', '--db', db, '--database', 'security', '--table', 'org_trail', '--from', '2026-03-09'], env(s));
      expect(r.code, r.stderr).toBe(0);
    }
    const ids = calls(s, 'StartQueryExecution').map((q) => (q.body as { ClientRequestToken?: string }).ClientRequestToken);
    expect(new Set(ids).size).toBe(2);
  });

  it('says which permission is missing', async () => {
    const s = await serve({}, { deny: [{ action: 'athena:StartQueryExecution' }] });
    const r = await runInProcessAws(athena(path.join(tempDir(), 'd.duckdb')), env(s));
    expect(r.code).toBe(EXIT.aws);
    expect(r.stderr).toContain('Access denied: trail-trace ingest athena needs athena:StartQueryExecution');
  });

  it('names the table it cannot find, and asks for a results location when there is none', async () => {
    const s = await serve({ workgroups: { primary: { outputLocation: null } } });
    const wrong = await runInProcessAws(['ingest', 'athena', '--db', path.join(tempDir(), 't.duckdb'), '--database', 'security', '--table', 'nope', '--from', '1d'], env(s));
    expect(wrong.code).toBe(EXIT.notFound);
    expect(wrong.stderr).toContain('No table nope in database security (catalog AwsDataCatalog) in us-east-1');
    const noOutput = await runInProcessAws(athena(path.join(tempDir(), 'o.duckdb')), env(s));
    expect(noOutput.code).toBe(EXIT.aws);
    expect(noOutput.stderr).toContain('--output s3://');
  });

  it('runs in the workgroup and writes results where it is told', async () => {
    const s = await serve({ workgroups: { primary: { outputLocation: null }, investigations: { outputLocation: null } } });
    const r = await runInProcessAws(athena(path.join(tempDir(), 'wg.duckdb'), '--workgroup', 'investigations', '--output', 's3://athena-results/tt/'), env(s));
    expect(r.code, r.stderr).toBe(0);
    const body = calls(s, 'StartQueryExecution')[0]!.body as { WorkGroup?: string; ResultConfiguration?: { OutputLocation?: string } };
    expect(body.WorkGroup).toBe('investigations');
    expect(body.ResultConfiguration?.OutputLocation).toBe('s3://athena-results/tt/');
  });

  it('asks for --from, since Athena charges by data scanned', async () => {
    const r = await runInProcessAws(['ingest', 'athena', '--db', path.join(tempDir(), 'n.duckdb'), '--database', 'security', '--table', 'org_trail']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain('needs --from');
  });
});
