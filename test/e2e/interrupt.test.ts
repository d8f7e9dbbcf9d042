// An ingest killed at any moment leaves the store consistent, and running it again completes it;
// a trace run beside it gets its turn between two batches.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { exited, runCli, startCli } from '../helpers/cli.js';
import { apiCall, iamUser } from '../helpers/records.js';
import { removeDir, suiteDir, tempDir } from '../helpers/temp.js';
import { EXIT } from '../../src/errors.js';

const FILES = 240;
const PER_FILE = 250;

function makeCorpus(dir: string) {
  const user = iamUser('111111111111', 'alice', 'AKIAALICE00000000001');
  for (let f = 0; f < FILES; f++) {
    const folder = path.join(dir, 'AWSLogs/111111111111/CloudTrail/eu-west-1/2026/03', String(1 + (f % 28)).padStart(2, '0'));
    mkdirSync(folder, { recursive: true });
    const records = Array.from({ length: PER_FILE }, (_, i) =>
      apiCall({ identity: user, time: '2026-03-09T10:00:00Z', account: '111111111111', eventId: `ev-${f}-${i}`, requestId: `rq-${f}-${i}` }));
    writeFileSync(path.join(folder, `111111111111_CloudTrail_eu-west-1_20260309T1000Z_${String(f).padStart(16, '0')}.json.gz`), gzipSync(JSON.stringify({ Records: records })));
  }
}

function keptFiles(db: string): number {
  const dir = `${db}.evidence`;
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.json.gz')).length;
}

async function waitFor(cond: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Every loaded file's events are all there, and no event belongs to a file that is not loaded. */
async function assertConsistent(db: string) {
  const store = await openStore(db, { readOnly: true });
  const [row] = await store.all<{ files: bigint; events: bigint; orphans: bigint; short: bigint }>(`
    SELECT (SELECT count(*) FROM source_files) AS files,
           (SELECT count(*) FROM events) AS events,
           (SELECT count(*) FROM events WHERE file_id NOT IN (SELECT file_id FROM source_files)) AS orphans,
           (SELECT count(*) FROM source_files f WHERE records <> (SELECT count(*) FROM events e WHERE e.file_id = f.file_id)) AS short`);
  await store.close();
  expect(Number(row!.orphans)).toBe(0);
  expect(Number(row!.short)).toBe(0);
  expect(Number(row!.events)).toBe(Number(row!.files) * PER_FILE);
  return { files: Number(row!.files), events: Number(row!.events) };
}

describe('interrupted ingest', () => {
  const env = { TRAIL_TRACE_BATCH_BYTES: '1' }; // one file per transaction: many chances to be killed mid-way

  /** The corpus, made once: each test ingests it into a new store. */
  let logs: string;
  beforeAll(() => {
    logs = path.join(suiteDir(), 'logs');
    makeCorpus(logs);
  });
  afterAll(() => removeDir(path.dirname(logs)));

  /** An ingest of the corpus into a new store, running. */
  function startIngest() {
    const db = path.join(tempDir(), 'store.duckdb');
    return { db, child: startCli(['ingest', 'files', logs, '--db', db], env) };
  }

  it('SIGKILL mid-way leaves only whole files; the same ingest then loads the rest', async () => {
    const { db, child } = startIngest();
    await waitFor(() => keptFiles(db) >= 40);
    child.kill('SIGKILL');
    await exited(child);

    const partial = await assertConsistent(db);
    expect(partial.files).toBeLessThan(FILES);

    // In batches of the usual size: what is left loads the same, without a transaction per file.
    const rerun = runCli(['ingest', 'files', logs, '--db', db]);
    expect(rerun.code).toBe(0);
    const done = await assertConsistent(db);
    expect(done).toEqual({ files: FILES, events: FILES * PER_FILE });
    expect(rerun.stdout).toContain(`${partial.files} already in the store`);
  });

  it('SIGINT stops after the current batch with exit code 130 and says how to finish', async () => {
    const { db, child } = startIngest();
    await waitFor(() => keptFiles(db) >= 20);
    child.kill('SIGINT');
    expect(await exited(child)).toBe(130);
    expect(child.output().stdout).toMatch(/interrupted/i);
    expect(child.output().stdout).toMatch(/run the same command again/);
    const partial = await assertConsistent(db);
    expect(partial.files).toBeLessThan(FILES);
  });

  it('a trace waits for its turn while an ingest writes, and gets it between two batches; the ingest then goes on', async () => {
    const { db, child } = startIngest();
    await waitFor(() => keptFiles(db) >= 5);
    const other = runCli(['from-event', 'ev-0-0', '--db', db, '--format', 'json']);
    expect(other.code, other.stderr).toBe(0);
    expect(JSON.parse(other.stdout).target.eventId).toBe('ev-0-0');
    // It found the store held, said so, and was let in while the ingest was still loading…
    expect(other.stderr).toMatch(/The store is in use by another process \(.*PID \d+\); waiting for its turn/);
    expect(child.exitCode).toBeNull();
    // …which took the store back and loaded more, whole files only.
    const after = keptFiles(db);
    await waitFor(() => keptFiles(db) >= after + 5);
    child.kill('SIGINT');
    expect(await exited(child)).toBe(EXIT.interrupted);
    await assertConsistent(db);
  });

  it('a writer is not let in between an ingest\'s batches (both would number their files): it waits, and the ingest goes on whole', async () => {
    const { db, child } = startIngest();
    await waitFor(() => keptFiles(db) >= 5);
    const writer = runCli(['source', 'add', 'files', logs, '--db', db], { TRAIL_TRACE_LOCK_WAIT: '2' });
    expect(writer.code).toBe(EXIT.unreadable);
    expect(writer.stderr).toMatch(/waiting for its turn \(up to 2 s\)/);
    expect(writer.stderr).toMatch(/in use by another process/);
    expect(child.exitCode).toBeNull();
    const after = keptFiles(db);
    await waitFor(() => keptFiles(db) >= after + 3);
    child.kill('SIGINT');
    expect(await exited(child)).toBe(EXIT.interrupted);
    expect(child.output().stderr).not.toMatch(/hit a bug|Duplicate key/);
    await assertConsistent(db);
  });

  it('a process that never lets go of the store: after TRAIL_TRACE_LOCK_WAIT seconds, a clear message', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.duckdb');
    await (await openStore(db)).close();
    const holder = spawn(process.execPath, [path.resolve(import.meta.dirname, '../helpers/hold-store.mjs'), 'hold', db], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise((resolve) => holder.stdout!.once('data', resolve));
      const other = runCli(['from-event', 'ev-0-0', '--db', db], { TRAIL_TRACE_LOCK_WAIT: '1' });
      expect(other.code).toBe(EXIT.unreadable);
      expect(other.stderr).toMatch(/waiting for its turn \(up to 1 s\)/);
      expect(other.stderr).toMatch(/in use by another process .*PID \d+/);
      expect(other.stderr).toMatch(/Wait for it to finish/);
      expect(other.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
