// The command a gap hint gives: loaded the way the store was, never more than Event history holds,
// never into a folder that already holds evidence, and never a malformed account id from a record
// written into a command line. One test per source kind's command text.

import { describe, expect, it } from 'vitest';
import { buildHint, gapFolder, type GapRequest } from '../../src/trace/gaps.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-21T12:00:00Z');
const recent: GapRequest = {
  reason: 'missing', accountId: '222222222222', region: 'us-east-1', likelyRegions: [],
  fromMs: NOW - 3 * DAY, toMs: NOW - 3 * DAY + 600_000,
};
const athena = { region: 'eu-west-1', catalog: 'AwsDataCatalog', database: 'security', table: 'org_trail' };

describe('gap hints', () => {
  it('loads from S3, then Athena, then Event history, then files, as the store was loaded', () => {
    expect(buildHint(recent, { s3Roots: [{ bucket: 'b', prefix: '', orgId: null }], athenaTables: [athena], nowMs: NOW }).hint).toMatch(/^trail-trace ingest s3 s3:\/\/b --accounts 222222222222/);
    expect(buildHint(recent, { athenaTables: [athena], lookupAccounts: ['333333333333'], nowMs: NOW })).toEqual({
      hint: 'trail-trace ingest athena --database security --table org_trail --region eu-west-1 --accounts 222222222222 --regions us-east-1 --from 2026-11-18T12:00:00Z --to 2026-11-18T12:10:00Z',
    });
    expect(buildHint(recent, { lookupAccounts: ['333333333333'], nowMs: NOW })).toEqual({
      hint: 'trail-trace ingest lookup --account 222222222222 --regions us-east-1 --from 2026-11-18T12:00:00Z --to 2026-11-18T12:10:00Z',
    });
    expect(buildHint(recent, { nowMs: NOW }).hint).toMatch(/^aws s3 sync /);
  });

  it('S3: the bucket and prefix the store was loaded from, through the same endpoint', () => {
    const ctx = { s3Roots: [{ bucket: 'org-trail', prefix: 'logs', orgId: 'o-abc123def4', endpointUrl: 'http://127.0.0.1:9000' }], nowMs: NOW, ingestS3Command: 'trail-trace ingest s3 --db /cases/42.duckdb' };
    expect(buildHint(recent, ctx)).toEqual({
      hint: 'trail-trace ingest s3 --db /cases/42.duckdb s3://org-trail/logs --accounts 222222222222 --regions us-east-1 --from 2026-11-18T12:00:00Z --to 2026-11-18T12:10:00Z --endpoint-url http://127.0.0.1:9000',
    });
    const aws = { s3Roots: [{ bucket: 'org-trail', prefix: '', orgId: null, endpointUrl: null }], nowMs: NOW };
    expect(buildHint(recent, aws).hint).not.toContain('--endpoint-url');
  });

  it('files: syncs into a new folder named for the account, region and window, never a folder the store was loaded from', () => {
    const ctx = { layoutRoots: [{ root: '/evidence/case-17', orgId: 'o-abc123def4' }], nowMs: NOW };
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
    const hint = buildHint(recent, { gapDir: "/cases/o'brien", nowMs: NOW }).hint;
    expect(hint).toContain("'/cases/o'\\''brien/trail-trace-gap-222222222222-us-east-1-20261118T1200Z-20261118T1210Z/AWSLogs/222222222222/CloudTrail/'");
    expect(hint).toMatch(/&& trail-trace ingest files '\/cases\/o'\\''brien\/trail-trace-gap-[^ ]+'$/);
  });

  it('Event history: a window older than its 90 days is sent to the trail\'s files, saying why', () => {
    const old = { ...recent, fromMs: NOW - 120 * DAY, toMs: NOW - 120 * DAY + 600_000 };
    const { hint, why } = buildHint(old, { lookupAccounts: ['333333333333'], nowMs: NOW });
    expect(hint).toMatch(/^aws s3 sync s3:\/\/YOUR-TRAIL-BUCKET\/AWSLogs\/222222222222\//);
    expect(why).toBe('The store was loaded from Event history, which keeps only the last 90 days; this window is older, so its events are only in the trail\'s files in S3.');
  });

  it('names the gap folder for a region only when it is a region name', () => {
    expect(gapFolder({ ...recent, region: '../../etc' }, {})).toBe('./trail-trace-gap-222222222222-all-regions-20261118T1200Z-20261118T1210Z');
  });

  it('leaves out an account id that is not one', () => {
    const forged = { ...recent, accountId: '1; rm -rf ~' };
    for (const ctx of [{ lookupAccounts: ['333333333333'] }, { s3Roots: [{ bucket: 'b', prefix: '', orgId: null }] }, {}]) {
      const { hint } = buildHint(forged, { ...ctx, nowMs: NOW });
      expect(hint).not.toContain('rm -rf');
    }
  });

  it('a forged region with control characters or NUL still gives a hint, with no control character in it', () => {
    const forged = { ...recent, region: 'us-east-1\u0000\u001b[2J' };
    for (const ctx of [{ lookupAccounts: ['333333333333'], nowMs: NOW }, { athenaTables: [athena], nowMs: NOW }, { nowMs: NOW }]) {
      const { hint } = buildHint(forged, ctx);
      expect(hint).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    }
    expect(buildHint(forged, { lookupAccounts: ['333333333333'], nowMs: NOW }).hint).toContain("--regions $'us-east-1\\\\0\\x1b[2J'");
  });
});
