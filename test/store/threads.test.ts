// DuckDB's threads: one for the store's many small statements, two for a batch large enough to
// parse in parallel, and the store's own back once that batch is loaded, whether it loaded or not.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { batchThreads, type BatchFile } from '../../src/store/load.js';
import { BULK_THREADS, openStore, type SqlParams, type Store } from '../../src/store/store.js';
import { apiCall, iamUser } from '../helpers/records.js';
import { tempDir } from '../helpers/temp.js';

const threadsOf = async (store: Store) => Number((await store.all<{ t: bigint }>(`SELECT current_setting('threads') AS t`))[0]!.t);

function trailFile(dir: string, name: string, events: number): string {
  const records = Array.from({ length: events }, (_, i) => apiCall({
    identity: iamUser('111111111111', 'alice', 'AKIAALICE00000000001'), time: `2026-03-09T10:${String(Math.floor(i / 600) % 60).padStart(2, '0')}:00Z`,
    account: '111111111111', eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, userAgent: `agent-${'x'.repeat(200)}-${i}`,
  }));
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ Records: records }));
  return file;
}

describe('DuckDB threads', () => {
  it('a batch takes two threads from a megabyte of JSON, and none more when the store has them', () => {
    const file = (bytes: number): BatchFile => ({ fileId: 1, sha256: 'x', source: 'f', localPath: 'f', keptPath: 'k', container: 'json', bytes });
    expect(batchThreads([file(20_000)], [20_000], 1)).toBeUndefined();
    expect(batchThreads([file(300_000)], [1_200_000], 1)).toBe(BULK_THREADS);
    expect(batchThreads([file(600_000), file(600_000)], [], 1)).toBe(BULK_THREADS);
    expect(batchThreads([file(2_000_000)], [], BULK_THREADS)).toBeUndefined();
  });

  it('the store works on one; a large batch loads on two, a small one on the store\'s, and the store has one again after', async () => {
    const dir = tempDir();
    const store = await openStore(path.join(dir, 's.duckdb'));
    try {
      expect(store.threads).toBe(1);
      expect(await threadsOf(store)).toBe(1);
      const large = trailFile(path.join(dir, 'large'), 'large.json', 5_000);
      const small = trailFile(path.join(dir, 'small'), 'small.json', 3);
      const sets: string[] = [];
      const watched = { ...store, run: async (q: string, p?: SqlParams) => {
        if (/^SET threads/.test(q)) sets.push(q);
        return store.run(q, p);
      } } as Store;
      const summary = await ingestPaths(watched, [large], { batchBytes: 1 });
      expect(summary.events.new).toBe(5_000);
      expect(sets).toEqual([`SET threads = ${BULK_THREADS}`, 'SET threads = 1']);
      sets.length = 0;
      await ingestPaths(watched, [small], { batchBytes: 1 });
      expect(sets).toEqual([]);
      expect(await threadsOf(store)).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('a large batch that fails gives the store its one thread back', async () => {
    const dir = tempDir();
    const store = await openStore(path.join(dir, 's.duckdb'));
    try {
      // Every read of a batch fails, as a full disk would fail it: the ingest gives up on the file.
      const failing = { ...store, run: async (q: string, p?: SqlParams) => {
        if (q.startsWith('CREATE OR REPLACE TEMP TABLE staged AS')) throw new Error('IO Error: No space left on device');
        return store.run(q, p);
      } } as Store;
      const outcome = await ingestPaths(failing, [trailFile(path.join(dir, 'large'), 'large.json', 5_000)]).then((s) => s.files.failed, (e: unknown) => (e as Error).message);
      expect(outcome === 1 || /No space left/.test(String(outcome)), String(outcome)).toBe(true);
      expect(await threadsOf(store)).toBe(1);
    } finally {
      await store.close();
    }
  });
});
