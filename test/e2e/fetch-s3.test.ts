// From an empty store, `from-event <id> --fetch` against the trail's bucket on a loopback S3
// server traces every fixture scenario exactly as a full local copy does, reading only the
// account, region and delivery-day folders each question needs, from the window's start on.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG_TRAIL } from '../helpers/org-trail.js';
import { startS3Server, TEST_AWS_ENV, type S3TestServer } from '../helpers/s3-server.js';
import { alertOf, fetchSuite, fetchedTotals, scenarios, traceIn, trailObjects, withAwsEnv } from '../helpers/fetch.js';

let s3: S3TestServer;
beforeAll(async () => {
  s3 = await startS3Server();
  await s3.seed('org-trail', ORG_TRAIL);
}, 60_000);
afterAll(async () => s3?.stop());
const suite = fetchSuite();
withAwsEnv(() => TEST_AWS_ENV);

describe('the same trace as a full copy, from the folders each question needs', () => {
  const objects: number[] = [];
  it.each(scenarios.map((s) => [s.name, s.target] as const))('%s', async (_name, target) => {
    const expected = await traceIn(suite.full(), target);
    const store = await suite.storeWith(['s3', 's3://org-trail', '--endpoint-url', s3.endpoint]);
    const fetched = await traceIn(store, target, ['--fetch', ...alertOf(target)]);
    expect(fetched.trace, fetched.stderr).toEqual(expected.trace);
    objects.push((await fetchedTotals(store)).objects);
  });
  it('reads a part of the trail: at most half its objects on the median trace', () => {
    const sorted = [...objects].sort((a, b) => a - b);
    expect(sorted.length).toBe(scenarios.length);
    expect(sorted[Math.floor(sorted.length / 2)]! / trailObjects()).toBeLessThan(0.5);
  });
});
