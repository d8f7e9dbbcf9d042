// From an empty store with a folder holding the trail's AWSLogs/ tree as a source (a mounted
// bucket, a copy too big to load whole), `from-event <id> --fetch` traces every fixture scenario
// exactly as a full local copy does, reading only the folders each question needs.

import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/cli.js';
import { ORG_TRAIL } from '../helpers/org-trail.js';
import { alertOf, fetchSuite, fetchedTotals, scenarios, traceIn, trailObjects } from '../helpers/fetch.js';

const suite = fetchSuite();

describe('the same trace as a full copy, from the folders each question needs', () => {
  const files: number[] = [];
  it.each(scenarios.map((s) => [s.name, s.target] as const))('%s', async (_name, target) => {
    const expected = await traceIn(suite.full(), target);
    const store = await suite.storeWith(['files', ORG_TRAIL]);
    const fetched = await traceIn(store, target, ['--fetch', ...alertOf(target)]);
    expect(fetched.trace, fetched.stderr).toEqual(expected.trace);
    files.push((await fetchedTotals(store)).objects);
  });
  it('reads a part of the trail on the median trace', () => {
    // Files are counted each time a question reads them (a file read again is hashed again, and
    // found stored); on this two-day trail of 58 files a trace's questions overlap a lot. What a
    // trace reads does not grow with the trail (test/e2e/fetch-scale.test.ts).
    const sorted = [...files].sort((a, b) => a - b);
    expect(sorted.length).toBe(scenarios.length);
    expect(sorted[Math.floor(sorted.length / 2)]! / trailObjects()).toBeLessThan(0.6);
  });

  it('refuses a folder with no AWSLogs/ in it', async () => {
    const r = await runInProcess(['source', 'add', 'files', '/nonexistent-folder', '--db', suite.emptyStore()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/holds no AWSLogs\/ folder/);
  });
});
