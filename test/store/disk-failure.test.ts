// The disk failing at each step of an ingest (issue 13, point 2): whichever statement fails, the
// store reopens, holds whole files only (every stored file with all its events, no event without
// its file), and the same ingest then loads the rest. The failure is injected into the real store's
// calls in turn (a real DuckDB store; only the error is made up).

import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { openStore, type Store } from '../../src/store/store.js';
import { verifyStore } from '../../src/store/verify.js';
import { writeSignedTrail } from '../helpers/digests.js';
import { tempDir } from '../helpers/temp.js';

/** The store, failing its `failAt`-th statement as a full disk fails a write. */
function failing(store: Store, failAt: number): { store: Store; calls: () => number } {
  let calls = 0;
  const step = () => {
    calls += 1;
    if (calls === failAt) throw new Error('IO Error: Could not write file: No space left on device');
  };
  return {
    calls: () => calls,
    store: {
      ...store,
      run: async (q, p) => {
        step();
        return store.run(q, p);
      },
      all: async (q, p) => {
        step();
        return store.all(q, p);
      },
    } as Store,
  };
}

async function wholeFilesOnly(store: Store): Promise<void> {
  // Each stored file has the events its records gave; none is stored without its file.
  const [orphans] = await store.all<{ n: bigint }>(`SELECT count(*) AS n FROM events e ANTI JOIN source_files f USING (file_id)`);
  expect(Number(orphans!.n)).toBe(0);
  const partial = await store.all(`SELECT f.file_id FROM source_files f LEFT JOIN events e USING (file_id) GROUP BY f.file_id HAVING count(e.event_id) <> 2`);
  expect(partial).toEqual([]);
}

describe('the disk failing at each step of an ingest', () => {
  it('leaves whole files only, and the same ingest then loads the rest', async () => {
    const logs = path.join(tempDir(), 'logs');
    writeSignedTrail(logs, { hours: 2 });
    // How many statements one ingest makes.
    const probe = await openStore(path.join(tempDir(), 'probe.duckdb'));
    const counted = failing(probe, Number.POSITIVE_INFINITY);
    await ingestPaths(counted.store, [logs], { batchBytes: 1 });
    const total = counted.calls();
    await probe.close();
    expect(total).toBeGreaterThan(20);

    // Each run starts from a new store: a copy of one made once (its making is not what fails here).
    const empty = path.join(tempDir(), 'empty.duckdb');
    await (await openStore(empty)).close();
    for (let failAt = 1; failAt <= total; failAt += 1) {
      const db = path.join(tempDir(), 's.duckdb');
      copyFileSync(empty, db);
      const store = await openStore(db);
      const outcome = await ingestPaths(failing(store, failAt).store, [logs], { batchBytes: 1 }).then(() => 'done', (e: unknown) => (e as Error).message);
      await store.close();
      expect(outcome, `statement ${failAt}`).toMatch(/No space left on device|done/);
      const reopened = await openStore(db);
      await wholeFilesOnly(reopened);
      const again = await ingestPaths(reopened, [logs]);
      expect(again.warnings.total, `statement ${failAt}`).toBe(0);
      const [events] = await reopened.all<{ n: bigint }>(`SELECT count(*) AS n FROM events`);
      expect(Number(events!.n), `statement ${failAt}`).toBe(4);
      const verified = await verifyStore(reopened);
      expect(verified.records.differences).toEqual([]);
      expect(verified.files.every((f) => f.verdict === 'unsigned')).toBe(true);
      await reopened.close();
    }
  }, 120_000);
});
