// The command a gap hint gives: loaded the way the store was, never more than Event history holds,
// and never a malformed account id from a record written into a command line.

import { describe, expect, it } from 'vitest';
import { buildHint, type GapRequest } from '../../src/trace/gaps.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-21T12:00:00Z');
const recent: GapRequest = {
  reason: 'missing', accountId: '222222222222', region: 'us-east-1', likelyRegions: [],
  fromMs: NOW - 3 * DAY, toMs: NOW - 3 * DAY + 600_000,
};

describe('gap hints', () => {
  it('loads from S3, then Athena, then Event history, then files, as the store was loaded', () => {
    const athena = { region: 'eu-west-1', catalog: 'AwsDataCatalog', database: 'security', table: 'org_trail' };
    expect(buildHint(recent, { s3Roots: [{ bucket: 'b', prefix: '', orgId: null }], athenaTables: [athena], nowMs: NOW })).toMatch(/^trail-trace ingest s3 s3:\/\/b --accounts 222222222222/);
    expect(buildHint(recent, { athenaTables: [athena], lookupAccounts: ['333333333333'], nowMs: NOW })).toBe(
      'trail-trace ingest athena --database security --table org_trail --region eu-west-1 --accounts 222222222222 --regions us-east-1 --from 2026-11-18T12:00:00Z --to 2026-11-18T12:10:00Z',
    );
    expect(buildHint(recent, { lookupAccounts: ['333333333333'], nowMs: NOW })).toBe(
      'trail-trace ingest lookup --account 222222222222 --regions us-east-1 --from 2026-11-18T12:00:00Z --to 2026-11-18T12:10:00Z',
    );
    expect(buildHint(recent, { nowMs: NOW })).toMatch(/^aws s3 sync /);
  });

  it('does not send to Event history a window older than its 90 days', () => {
    const old = { ...recent, fromMs: NOW - 120 * DAY, toMs: NOW - 120 * DAY + 600_000 };
    expect(buildHint(old, { lookupAccounts: ['333333333333'], nowMs: NOW })).toMatch(/^aws s3 sync s3:\/\/YOUR-TRAIL-BUCKET\/AWSLogs\/222222222222\//);
  });

  it('leaves out an account id that is not one', () => {
    const forged = { ...recent, accountId: '1; rm -rf ~' };
    for (const ctx of [{ lookupAccounts: ['333333333333'] }, { s3Roots: [{ bucket: 'b', prefix: '', orgId: null }] }, {}]) {
      const hint = buildHint(forged, { ...ctx, nowMs: NOW });
      expect(hint).not.toContain('rm -rf');
    }
  });
});
