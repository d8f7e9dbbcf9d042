// A fetch holds the store for as long as its trace runs, which with Athena can be minutes: between
// two questions it lets a process that waits for the store (the terminal UI, a trace) have its
// turn (src/app/fetch.ts takeTurns, src/store/waiting.ts), and only when told to. The source is
// the real folder kind over the fixture trail; the waiting process is a live one's announcement.

import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fetcher } from '../../src/app/fetch.js';
import { filesKind } from '../../src/sources/kinds/files.js';
import { questions } from '../../src/sources/question.js';
import { openStore, type Store } from '../../src/store/store.js';
import { waitingDirOf } from '../../src/store/waiting.js';
import { ORG_TRAIL } from '../helpers/org-trail.js';
import { removeDir, suiteDir } from '../helpers/temp.js';

const TARGET = '0485349d-f4ab-436c-84b9-5675842530e8';
const WHERE = { accounts: ['333333333333'], regions: ['eu-west-1'], window: { from: '2026-03-09T00:00:00Z', to: '2026-03-09T23:59:59Z' } };

let dir: string;
const sleeper = spawn('sleep', ['60']);
beforeAll(() => {
  dir = suiteDir();
});
afterAll(() => {
  sleeper.kill('SIGKILL');
  removeDir(dir);
});

/** Fetches the target into a new store while another process waits to read or write it; returns how many turns were given. */
async function fetchWhileWaited(takeTurns: boolean, waiting: 'read' | 'write' = 'read'): Promise<{ turns: number; events: number }> {
  const db = path.join(dir, `${takeTurns ? 'turns' : 'holds'}-${waiting}.duckdb`);
  const store = await openStore(db);
  const waiter = path.join(waitingDirOf(db), `${sleeper.pid}-${waiting}`);
  mkdirSync(waitingDirOf(db), { recursive: true });
  writeFileSync(waiter, '');
  let turns = 0;
  // The store, counting the turns it gives; the waiter, once let in, is done.
  const watched: Store = {
    ...store,
    pause: (whileClosed) => {
      turns += 1;
      return store.pause(async () => {
        rmSync(waiter, { force: true });
        await whileClosed();
      });
    },
  };
  const source = await filesKind.open('org', { path: ORG_TRAIL }, { env: {}, command: 'test', mfaPrompt: async () => '' });
  try {
    const fetcher = new Fetcher(watched, [source], {
      budget: { maxScanBytes: Infinity, maxObjects: 1000, maxRequests: 1000 }, signal: new AbortController().signal, onLine: () => undefined, takeTurns,
    });
    await fetcher.ensure(questions.eventById(TARGET, WHERE));
    const [row] = await store.all<{ n: bigint }>('SELECT count(*) AS n FROM events WHERE event_id = $1', [TARGET]);
    return { turns, events: Number(row!.n) };
  } finally {
    source.close();
    rmSync(waiter, { force: true });
    await store.close();
  }
}

describe('a fetch and a process waiting for the store', () => {
  it('gives the waiting process its turn before asking, and fetches as before once it has the store back', async () => {
    expect(await fetchWhileWaited(true)).toEqual({ turns: 1, events: 1 });
  });

  it('does not let a writer in: an ingest let in would keep the store until it ends', async () => {
    expect(await fetchWhileWaited(true, 'write')).toEqual({ turns: 0, events: 1 });
  });

  it('holds the store throughout when not told to take turns (its caller keeps session state)', async () => {
    expect(await fetchWhileWaited(false)).toEqual({ turns: 0, events: 1 });
  });
});
