// Taking turns at one store between processes (src/store/lease.ts, src/store/waiting.ts): a
// lease holds the store only while it is used and a moment after, at once lets go when another
// process waits, and while another process holds the store waits for it, saying who holds it.
// DuckDB's lock does not stop a second opening inside one process, so the other process is a
// real one: test/helpers/hold-store.mjs.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StoreLease } from '../../src/store/lease.js';
import { openStore, StoreBusyError } from '../../src/store/store.js';
import { othersWaiting, waitingDirOf } from '../../src/store/waiting.js';
import { removeDir, suiteDir } from '../helpers/temp.js';

const HOLD = path.resolve(import.meta.dirname, '../helpers/hold-store.mjs');

let dir: string;
let db: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = suiteDir();
  db = path.join(dir, 'store.duckdb');
  await (await openStore(db)).close();
});
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});
afterAll(() => removeDir(dir));

/** Whether another process can open the store to write now. */
function canWrite(): 'ok' | 'busy' {
  const r = spawnSync(process.execPath, [HOLD, 'try', db], { encoding: 'utf8' });
  const said = r.stdout.trim();
  if (said !== 'ok' && said !== 'busy') throw new Error(`hold-store: ${said} ${r.stderr}`);
  return said;
}

/** Another process holding the store to write, once it says so. */
async function holder(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [HOLD, 'hold', db], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => (chunk.toString().includes('held') ? resolve() : reject(new Error(chunk.toString()))));
    child.on('exit', () => reject(new Error('the holder exited')));
  });
  return child;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(50);
  }
}

describe('a lease at the store', () => {
  it('holds the store while used and lets go after being idle', async () => {
    const lease = new StoreLease(db, { idleMs: 400 });
    try {
      const events = await lease.use('read', async (store) => (await store.all<{ n: bigint }>('SELECT count(*) AS n FROM events'))[0]!.n);
      expect(events).toBe(0n);
      // Right after the use it is still open (a reader holds it: no writer gets in)…
      expect(canWrite()).toBe('busy');
      // …and, idle, it is let go of.
      await until(() => canWrite() === 'ok', 'the lease let go of the store');
    } finally {
      await lease.close();
    }
  });

  it('lets go at once after a use when another process is waiting for the store', async () => {
    const lease = new StoreLease(db, { idleMs: 600_000 });
    // A live process's announcement (its PID): the lease's own PID is never taken for another's.
    const waiter = spawn('sleep', ['30']);
    children.push(waiter);
    mkdirSync(waitingDirOf(db), { recursive: true });
    writeFileSync(path.join(waitingDirOf(db), `${waiter.pid}-read`), '');
    try {
      expect(othersWaiting(db)).toBe(true);
      await lease.use('read', async () => undefined);
      expect(canWrite()).toBe('ok');
    } finally {
      await lease.close();
      waiter.kill('SIGKILL');
    }
    // The announcement of a process that is gone is removed by the next look.
    await until(() => !othersWaiting(db), 'a dead waiter is passed over');
  });

  it('waits while another process holds the store, says who, and goes on when it lets go', async () => {
    const child = await holder();
    const told: (string | null)[] = [];
    const lease = new StoreLease(db, { idleMs: 100, onWait: (who) => told.push(who) });
    try {
      const answered = lease.use('write', async (store) => store.readOnly);
      await until(() => told.length > 0, 'the lease said it waits');
      expect(told[0]).toMatch(/PID \d+/);
      // Waiting, it announced itself (its PID) for the holder to see.
      expect(existsSync(path.join(waitingDirOf(db), `${process.pid}-write`))).toBe(true);
      child.kill('SIGKILL');
      expect(await answered).toBe(false);
      expect(told.at(-1)).toBeNull();
      expect(existsSync(path.join(waitingDirOf(db), `${process.pid}-write`))).toBe(false);
    } finally {
      await lease.close();
    }
  });

  it('a plain opening waits up to its limit, then says the store is in use and by whom', async () => {
    await holder();
    const started = performance.now();
    const err = await openStore(db, { wait: { maxMs: 300 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreBusyError);
    expect((err as Error).message).toMatch(/in use by another process \(.*PID \d+\)/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    // Given up, it no longer says it waits.
    expect(existsSync(path.join(waitingDirOf(db), `${process.pid}-write`))).toBe(false);
  });

  it('closing a lease stops a use that waits', async () => {
    await holder();
    const lease = new StoreLease(db);
    const waiting = lease.use('read', async () => 'opened').catch((e: unknown) => e);
    await sleep(300);
    await lease.close();
    expect(await waiting).toBeInstanceOf(StoreBusyError);
  });
});

describe('who is waiting', () => {
  it('an ingest gives its turn to readers only; a lease or a fetch, to anyone', () => {
    const db2 = path.join(dir, 'who.duckdb');
    const waiter = spawn('sleep', ['30']);
    children.push(waiter);
    mkdirSync(waitingDirOf(db2), { recursive: true });
    writeFileSync(path.join(waitingDirOf(db2), `${waiter.pid}-write`), '');
    expect(othersWaiting(db2, 'readers')).toBe(false);
    expect(othersWaiting(db2, 'anyone')).toBe(true);
    writeFileSync(path.join(waitingDirOf(db2), `${waiter.pid}-read`), '');
    expect(othersWaiting(db2, 'readers')).toBe(true);
    // A file that is not a waiter's is passed over (and removed).
    writeFileSync(path.join(waitingDirOf(db2), 'notes.txt'), '');
    rmSync(path.join(waitingDirOf(db2), `${waiter.pid}-read`));
    rmSync(path.join(waitingDirOf(db2), `${waiter.pid}-write`));
    expect(othersWaiting(db2, 'anyone')).toBe(false);
    expect(existsSync(path.join(waitingDirOf(db2), 'notes.txt'))).toBe(false);
  });
});
