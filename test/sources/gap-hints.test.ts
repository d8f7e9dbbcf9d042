// The command a gap hint gives: loaded the way the store was (each source kind words its own:
// src/sources/wording/, tried in src/sources/hints.ts's order), never more than Event history
// holds, never into a folder that already holds evidence, and never a malformed account id from a
// record written into a command line. One test per source kind's command text.

import { describe, expect, it } from 'vitest';
import { gapHinter, plainIngestCommand } from '../../src/sources/hints.js';
import { buildHint as buildWith, gapFolder, type GapRequest, type HintContext } from '../../src/trace/gaps.js';
import type { LoadedRoot } from '../../src/trace/lookups.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-21T12:00:00Z');
const recent: GapRequest = {
  reason: 'missing', accountId: '222222222222', region: 'us-east-1', likelyRegions: [],
  fromMs: NOW - 3 * DAY, toMs: NOW - 3 * DAY + 600_000,
};
const root = (kind: string, path: string, orgId: string | null = null, endpointUrl: string | null = null): LoadedRoot => ({ kind, root: path, orgId, endpointUrl });
const athena = root('athena', 'athena://eu-west-1/AwsDataCatalog/security/org_trail');
const lookup = root('lookup', 'lookup-events://333333333333');
const s3 = (bucket: string, prefix = '', orgId: string | null = null, endpointUrl: string | null = null) => root('s3', `s3://${bucket}/${prefix}`, orgId, endpointUrl);

/** The hint for a store loaded from `loadedFrom`, as a trace words it. */
function buildHint(req: GapRequest, { loadedFrom = [], nowMs = NOW, ingest = plainIngestCommand, ...rest }: Omit<HintContext, 'hintFor'> & { nowMs?: number; ingest?: (kind: string) => string } = {}) {
  return buildWith(req, { loadedFrom, ...rest, hintFor: gapHinter(loadedFrom, ingest, nowMs) });
}

describe('gap hints', () => {
  it('loads from S3, then Athena, then Event history, then files, as the store was loaded', () => {
    expect(buildHint(recent, { loadedFrom: [athena, s3('b')] }).hint).toMatch(/^trail-trace ingest s3 s3:\/\/b --accounts 222222222222/);
    expect(buildHint(recent, { loadedFrom: [lookup, athena] })).toEqual({
      hint: 'trail-trace ingest athena --database security --table org_trail --region eu-west-1 --accounts 222222222222 --regions us-east-1 --from 2026-11-18T12:00:00Z --to 2026-11-18T12:10:00Z',
    });
    expect(buildHint(recent, { loadedFrom: [lookup] })).toEqual({
      hint: 'trail-trace ingest lookup --account 222222222222 --regions us-east-1 --from 2026-11-18T12:00:00Z --to 2026-11-18T12:10:00Z',
    });
    expect(buildHint(recent).hint).toMatch(/^aws s3 sync /);
  });

  it('S3: the bucket and prefix the store was loaded from, through the same endpoint', () => {
    const ctx = { loadedFrom: [s3('org-trail', 'logs/', 'o-abc123def4', 'http://127.0.0.1:9000')], ingest: (kind: string) => `trail-trace ingest ${kind} --db /cases/42.duckdb` };
    expect(buildHint(recent, ctx)).toEqual({
      hint: 'trail-trace ingest s3 --db /cases/42.duckdb s3://org-trail/logs --accounts 222222222222 --regions us-east-1 --from 2026-11-18T12:00:00Z --to 2026-11-18T12:10:00Z --endpoint-url http://127.0.0.1:9000',
    });
    const aws = { loadedFrom: [s3('org-trail')] };
    expect(buildHint(recent, aws).hint).not.toContain('--endpoint-url');
  });

  it('files: syncs into a new folder named for the account, region and window, never a folder the store was loaded from', () => {
    const ctx = { loadedFrom: [root('local', '/evidence/case-17', 'o-abc123def4')] };
    const { hint, why } = buildHint(recent, ctx);
    expect(why).toBeUndefined();
    expect(hint).toBe(
      'aws s3 sync s3://YOUR-TRAIL-BUCKET/AWSLogs/o-abc123def4/222222222222/CloudTrail/ ./trail-trace-gap-222222222222-us-east-1-20261118T1200Z-20261118T1210Z/AWSLogs/o-abc123def4/222222222222/CloudTrail/ ' +
        "--exclude '*' --include 'us-east-1/2026/11/18/*' --include 'us-east-1/2026/11/19/*' && trail-trace ingest files ./trail-trace-gap-222222222222-us-east-1-20261118T1200Z-20261118T1210Z",
    );
    expect(hint).not.toContain('/evidence/case-17');
  });

  it('files: under the folder the user chose, and with no account or region known', () => {
    const unknown = { ...recent, accountId: null, region: null, likelyRegions: ['us-east-1'] };
    expect(gapFolder(unknown, { gapDir: '/tmp/gaps/' })).toBe('/tmp/gaps/trail-trace-gap-ACCOUNT-ID-all-regions-20261118T1200Z-20261118T1210Z');
    const hint = buildHint(recent, { gapDir: "/cases/o'brien" }).hint;
    expect(hint).toContain("'/cases/o'\\''brien/trail-trace-gap-222222222222-us-east-1-20261118T1200Z-20261118T1210Z/AWSLogs/222222222222/CloudTrail/'");
    expect(hint).toMatch(/&& trail-trace ingest files '\/cases\/o'\\''brien\/trail-trace-gap-[^ ]+'$/);
  });

  it('a kind this version does not word (a root of another kind) gets the files hint', () => {
    expect(buildHint(recent, { loadedFrom: [root('lake', 'lake://eds-1')] }).hint).toMatch(/^aws s3 sync /);
  });

  it('Event history: a window older than its 90 days is sent to the trail\'s files, saying why', () => {
    const old = { ...recent, fromMs: NOW - 120 * DAY, toMs: NOW - 120 * DAY + 600_000 };
    const { hint, why } = buildHint(old, { loadedFrom: [lookup] });
    expect(hint).toMatch(/^aws s3 sync s3:\/\/YOUR-TRAIL-BUCKET\/AWSLogs\/222222222222\//);
    expect(why).toBe('The store was loaded from Event history, which keeps only the last 90 days; this window is older, so its events are only in the trail\'s files in S3.');
  });

  it('names the gap folder for a region only when it is a region name', () => {
    expect(gapFolder({ ...recent, region: '../../etc' }, {})).toBe('./trail-trace-gap-222222222222-all-regions-20261118T1200Z-20261118T1210Z');
  });

  it('leaves out an account id that is not one', () => {
    const forged = { ...recent, accountId: '1; rm -rf ~' };
    for (const ctx of [{ loadedFrom: [lookup] }, { loadedFrom: [s3('b')] }, {}]) {
      const { hint } = buildHint(forged, ctx);
      expect(hint).not.toContain('rm -rf');
    }
  });

  it('a forged region with control characters or NUL still gives a hint, with no control character in it', () => {
    const forged = { ...recent, region: 'us-east-1\u0000\u001b[2J' };
    for (const ctx of [{ loadedFrom: [lookup] }, { loadedFrom: [athena] }, {}]) {
      const { hint } = buildHint(forged, ctx);
      expect(hint).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    }
    expect(buildHint(forged, { loadedFrom: [lookup] }).hint).toContain("--regions $'us-east-1\\\\0\\x1b[2J'");
  });
});
