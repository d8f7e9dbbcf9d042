// What a fetch remembers of each question (src/app/fetch.ts, src/store/sources.ts): an answer whose
// window had settled when it was asked (ended more than a day before) is final and never asked
// again; one asked sooner is asked again next time and its row replaced, one row per question.
// The source is the real folder kind over the fixture trail, the store a real one.

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fetcher } from '../../src/app/fetch.js';
import { filesKind } from '../../src/sources/kinds/files.js';
import { questions } from '../../src/sources/question.js';
import { openStore, type Store } from '../../src/store/store.js';
import { ORG_TRAIL } from '../helpers/org-trail.js';
import { removeDir, suiteDir } from '../helpers/temp.js';

const TARGET = '0485349d-f4ab-436c-84b9-5675842530e8';
const QUESTION = questions.eventById(TARGET, { accounts: ['333333333333'], regions: ['eu-west-1'], window: { from: '2026-03-09T00:00:00Z', to: '2026-03-09T23:59:59Z' } });

let dir: string;
beforeAll(() => {
  dir = suiteDir();
});
afterAll(() => removeDir(dir));

/** One run of a fetch of the question, as if at `now`: what it listed as asked. */
async function fetchAt(store: Store, now: string) {
  const source = await filesKind.open('org', { path: ORG_TRAIL }, { env: {}, command: 'test', mfaPrompt: async () => '' });
  try {
    const fetcher = new Fetcher(store, [source], {
      budget: { maxScanBytes: Infinity, maxObjects: 1000, maxRequests: 1000 }, signal: new AbortController().signal, onLine: () => undefined, nowMs: Date.parse(now),
    });
    await fetcher.ensure(QUESTION);
    return fetcher.asked;
  } finally {
    source.close();
  }
}

const rows = (store: Store) => store.all<{ asked_at: string; records: bigint }>(
  `SELECT strftime(asked_at, '%Y-%m-%dT%H:%M:%SZ') AS asked_at, records FROM fetched_questions ORDER BY asked_at`);

describe('a question asked again', () => {
  it('before its window settled: asked again, its one row replaced; once settled: answered from the store', async () => {
    const store = await openStore(path.join(dir, 'answers.duckdb'));
    try {
      // Six hours after the window: CloudTrail may still deliver into it.
      const first = await fetchAt(store, '2026-03-10T06:00:00Z');
      expect(first.map((a) => a.earlier ?? false)).toEqual([false]);
      expect(first[0]!.records).toBeGreaterThan(0);
      expect(await rows(store)).toEqual([{ asked_at: '2026-03-10T06:00:00Z', records: BigInt(first[0]!.records) }]);

      // Two days after: asked again, and the answer now settled replaces the first.
      const second = await fetchAt(store, '2026-03-11T06:00:00Z');
      expect(second.map((a) => a.earlier ?? false)).toEqual([false]);
      expect(await rows(store)).toEqual([{ asked_at: '2026-03-11T06:00:00Z', records: BigInt(second[0]!.records) }]);

      // Later still: the settled answer is the store's, not asked again.
      const third = await fetchAt(store, '2026-03-20T06:00:00Z');
      expect(third.map((a) => [a.earlier ?? false, a.askedAt])).toEqual([[true, '2026-03-11T06:00:00Z']]);
      expect(await rows(store)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
