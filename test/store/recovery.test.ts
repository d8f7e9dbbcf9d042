// A store that always opens (issue 13, point 2): a write-ahead log that needs more memory to replay
// than the store's limit, and one that is damaged, as a crash leaves them (files copied while the
// writer still runs, then put back: DuckDB checkpoints on a clean close).

import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { countEvents } from '../../src/store/events.js';
import { openStore, type Store } from '../../src/store/store.js';
import { writeSignedTrail } from '../helpers/digests.js';
import { tempDir } from '../helpers/temp.js';

/** Runs `work`, then leaves the store's files as a crash right after it would (no checkpoint on close). */
async function crashAfter(dbPath: string, work: (store: Store) => Promise<void>): Promise<void> {
  const store = await openStore(dbPath);
  // Nothing is folded into the file during the work: what it commits stays in the log.
  const skipped = new Set(['CHECKPOINT', 'RESET checkpoint_threshold']);
  const noCheckpoint: Store = { ...store, run: (q, p) => (skipped.has(q.trim()) ? Promise.resolve() : store.run(q, p)) };
  await store.run(`SET checkpoint_threshold = '10GB'`);
  await work(noCheckpoint);
  expect(existsSync(`${dbPath}.wal`)).toBe(true);
  copyFileSync(dbPath, `${dbPath}.crash`);
  copyFileSync(`${dbPath}.wal`, `${dbPath}.wal.crash`);
  await store.close();
  copyFileSync(`${dbPath}.crash`, dbPath);
  copyFileSync(`${dbPath}.wal.crash`, `${dbPath}.wal`);
}

describe('a store that always opens', () => {
  it('a log too big for the memory limit is replayed with more memory and folded in: nothing lost', async () => {
    const dir = tempDir();
    const db = path.join(dir, 's.duckdb');
    writeSignedTrail(path.join(dir, 'logs'), { hours: 2 });
    await crashAfter(db, async (store) => {
      await ingestPaths(store, [path.join(dir, 'logs')]);
      // A 60 MB value committed and not yet checkpointed.
      await store.run(`INSERT INTO layout_roots VALUES ('local', repeat('y', 60000000), NULL, NULL)`);
    });
    const store = await openStore(db, { memoryLimitMb: 16 });
    expect(store.notices.join('\n')).toMatch(/needed more memory to replay .* Nothing was lost/);
    expect(await countEvents(store)).toBe(4);
    await store.close();
    // Folded into the file: the next open needs no replay.
    const again = await openStore(db, { memoryLimitMb: 16 });
    expect(again.notices).toEqual([]);
    await again.close();
  });

  it('a damaged log: readers are told what to run; a writer sets it aside, opens as of the last checkpoint, and the same ingest loads again what it held', async () => {
    const dir = tempDir();
    const db = path.join(dir, 's.duckdb');
    writeSignedTrail(path.join(dir, 'first'), { hours: 2 });
    writeSignedTrail(path.join(dir, 'second'), { hours: 2, account: '222222222222' });
    const first = await openStore(db);
    await ingestPaths(first, [path.join(dir, 'first')]);
    await first.close();
    await crashAfter(db, async (store) => {
      await ingestPaths(store, [path.join(dir, 'second')]);
    });
    // Damaged inside its entries (a damaged length field reads as a torn tail, which DuckDB drops
    // silently: the store is consistent either way, and the same ingest loads the files again).
    const wal = readFileSync(`${db}.wal`);
    for (let i = 60; i < wal.length - 60; i += 1) wal[i] = 0x41;
    writeFileSync(`${db}.wal`, wal);

    await expect(openStore(db, { readOnly: true })).rejects.toThrow(/write-ahead log \(s\.duckdb\.wal\) cannot be replayed/);
    const store = await openStore(db);
    expect(store.notices.join('\n')).toMatch(/could not be replayed .* set aside as .*s\.duckdb\.wal\.damaged-.* Run the same ingest commands again/);
    expect(readdirSync(dir).some((f) => f.startsWith('s.duckdb.wal.damaged-'))).toBe(true);
    expect(await countEvents(store)).toBe(4); // the first trail, checkpointed
    // The second trail's files (2 logs, 2 digests) were in the lost log: loaded again, not "already stored".
    const again = await ingestPaths(store, [path.join(dir, 'second')]);
    expect(again.files).toMatchObject({ loaded: 4, alreadyLoaded: 0 });
    expect(again.digests).toBe(2);
    expect(again.events.new + again.events.duplicate).toBe(4);
    await store.close();
  });
});
