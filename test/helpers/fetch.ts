// What the --fetch end-to-end tests share (test/e2e/fetch-*.test.ts): the organisation trail's
// scenarios, a full local copy to compare with, empty stores, the environment a source's SDK
// client reads, and what a store says it fetched.

import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { runCli, runInProcess, setProcessEnv } from './cli.js';
import { filesUnder } from './files.js';
import { ORG_TRAIL, orgTrailRecords, sourceFreeTrace } from './org-trail.js';
import { FIXTURES, removeDir, suiteDir } from './temp.js';

export const scenarios = (JSON.parse(readFileSync(path.join(FIXTURES, 'scenarios.json'), 'utf8')) as { scenarios: { name: string; target: string }[] }).scenarios;
export const records = orgTrailRecords();
const byId = new Map(records.map((r) => [r.eventID, r]));
export const dataEvents = new Set(records.filter((r) => r.eventCategory === 'Data').map((r) => r.eventID));

export interface FetchSuite {
  dir: () => string;
  /** The full local copy of the trail. */
  full: () => string;
  /** A path for a new store. */
  emptyStore: () => string;
  /**
   * A new store holding the sources `adds` declare (each a `source add` argv without --db): a copy
   * of one made with them once per file, since making a store and adding its sources is the same
   * work every time (and tested as such the first time).
   */
  storeWith: (...adds: string[][]) => Promise<string>;
}

/** Makes the store `db` with the sources `adds` declare (each a `source add` argv without --db), to be copied. */
export async function makeStoreWith(db: string, adds: string[][]): Promise<string> {
  for (const add of adds) {
    const added = await runInProcess(['source', 'add', ...add, '--db', db]);
    expect(added.code, added.stderr).toBe(0);
  }
  // Closed cleanly, the store is one file: nothing in a log beside it.
  expect(existsSync(`${db}.wal`)).toBe(false);
  return db;
}

/** A folder for the file's stores and a full local copy of the trail, made once per file. */
export function fetchSuite(): FetchSuite {
  let dir = '';
  let n = 0;
  const templates = new Map<string, string>();
  beforeAll(() => {
    dir = suiteDir();
    const r = runCli(['ingest', 'files', ORG_TRAIL, '--db', path.join(dir, 'full.duckdb')]);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);
  afterAll(() => removeDir(dir));
  const emptyStore = () => path.join(dir, `empty-${++n}.duckdb`);
  return {
    dir: () => dir,
    full: () => path.join(dir, 'full.duckdb'),
    emptyStore,
    async storeWith(...adds) {
      const key = JSON.stringify(adds);
      let template = templates.get(key);
      if (template === undefined) {
        template = await makeStoreWith(emptyStore(), adds);
        templates.set(key, template);
      }
      const store = emptyStore();
      copyFileSync(template, store);
      return store;
    },
  };
}

export async function traceIn(store: string, id: string, extra: string[] = []) {
  const r = await runInProcess(['from-event', id, '--format', 'json', '--db', store, ...extra]);
  return { code: r.code, trace: r.code === 0 ? sourceFreeTrace(r.stdout) : r.stderr, stderr: r.stderr };
}

/** What the store remembers fetching: questions, Athena bytes scanned (in all, and by each question), S3 objects, requests. */
export async function fetchedTotals(store: string) {
  const instance = await DuckDBInstance.create(store, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    const reader = await c.runAndReadAll(
      'SELECT count(*)::INTEGER AS questions, coalesce(sum(bytes_scanned), 0)::BIGINT AS scanned, coalesce(sum(objects), 0)::INTEGER AS objects, coalesce(sum(requests), 0)::INTEGER AS requests FROM fetched_questions',
    );
    const row = reader.getRowObjectsJS()[0] as { questions: number; scanned: bigint; objects: number; requests: number };
    const each = await c.runAndReadAll('SELECT bytes_scanned::BIGINT AS scanned FROM fetched_questions ORDER BY scanned');
    const perQuestion = (each.getRowObjectsJS() as { scanned: bigint }[]).map((r) => Number(r.scanned));
    return { ...row, scanned: Number(row.scanned), perQuestion };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

/** The trail's log files, uncompressed, as the Athena stand-in counts what it scans. */
export function trailBytes(): number {
  return filesUnder(ORG_TRAIL).filter((f) => /\/CloudTrail\/.*\.json\.gz$/.test(f)).reduce((n, f) => n + gunzipSync(readFileSync(f)).length, 0);
}

/** The trail's log and digest objects (what S3 or a folder could be asked for). */
export function trailObjects(): number {
  return filesUnder(ORG_TRAIL).filter((f) => /\/CloudTrail(-Digest)?\/.*\.json\.gz$/.test(f)).length;
}

/** What an alert says of the event: its account, region and day (--account, --region, --day). */
export function alertOf(id: string): string[] {
  const r = byId.get(id)!;
  return ['--account', r.recipientAccountId, '--region', r.awsRegion, '--day', r.eventTime.slice(0, 10)];
}

/**
 * The SDK's credential chain reads process.env, and runInProcess runs the CLI in this process:
 * a describe block sets the credentials its server takes, and puts the environment back.
 */
export function withAwsEnv(env: () => Record<string, string | undefined>) {
  let restore = (): void => undefined;
  beforeAll(() => {
    restore = setProcessEnv(env());
  });
  afterAll(() => restore());
}
