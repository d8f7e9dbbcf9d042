// The AWSLogs layout in one module (src/trace/awslogs.ts): what a key or a path says, and which
// delivery-day folders a window's events can be in.

import { describe, expect, it } from 'vitest';
import { accountLogPrefix, deliveryDays, deliveryTime, isAccountFolder, isOrgFolder, layoutRootOf, parseLogKey } from '../../src/trace/awslogs.js';

describe('the AWSLogs layout', () => {
  it('reads account, region and delivery day from an organisation trail key, a digest key and an account trail key', () => {
    expect(parseLogKey('trails/AWSLogs/o-7rt3xq2k9p/333333333333/CloudTrail/eu-west-1/2026/03/09/333333333333_CloudTrail_eu-west-1_20260309T1055Z_ymHQp2WzH1mgP702.json.gz'))
      .toEqual({ orgId: 'o-7rt3xq2k9p', account: '333333333333', region: 'eu-west-1', deliveryDayMs: Date.parse('2026-03-09T00:00:00Z') });
    expect(parseLogKey('AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2026/03/10/x.json.gz'))
      .toEqual({ orgId: null, account: '111111111111', region: 'us-east-1', deliveryDayMs: Date.parse('2026-03-10T00:00:00Z') });
    expect(parseLogKey('exports/cloudtrail.json')).toBeUndefined();
    expect(parseLogKey('AWSLogs/1111/CloudTrail/us-east-1/2026/03/10/x.json.gz')).toBeUndefined();
  });

  it('the delivery time to the minute, from a log file name or a digest name', () => {
    expect(deliveryTime('333333333333_CloudTrail_eu-west-1_20260309T1055Z_ymHQp2WzH1mgP702.json.gz')).toBe(Date.parse('2026-03-09T10:55:00Z'));
    expect(deliveryTime('111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20260309T110512Z.json.gz')).toBe(Date.parse('2026-03-09T11:05:00Z'));
    expect(deliveryTime('notes.json')).toBeUndefined();
  });

  it('a window\'s delivery days run one day past its last, and stop at max', () => {
    expect(deliveryDays(Date.parse('2026-03-09T23:50:00Z'), Date.parse('2026-03-10T00:10:00Z'))).toEqual(['2026/03/09', '2026/03/10', '2026/03/11']);
    expect(deliveryDays(Date.parse('2026-03-01T00:00:00Z'), Date.parse('2026-03-31T00:00:00Z'), 3)).toEqual(['2026/03/01', '2026/03/02', '2026/03/03']);
  });

  it('the folder holding AWSLogs/ of a file on disk (either separator), and an account\'s key prefix', () => {
    expect(layoutRootOf('/cases/42/AWSLogs/o-7rt3xq2k9p/333333333333/CloudTrail/eu-west-1/2026/03/09/f.json.gz')).toEqual({ root: '/cases/42', orgId: 'o-7rt3xq2k9p' });
    expect(layoutRootOf('C:\\cases\\AWSLogs\\111111111111\\CloudTrail\\f.json.gz')).toEqual({ root: 'C:\\cases', orgId: null });
    expect(layoutRootOf('AWSLogs/111111111111/CloudTrail/f.json.gz')).toEqual({ root: '.', orgId: null });
    expect(layoutRootOf('/tmp/export.json')).toBeUndefined();
    expect(accountLogPrefix('o-7rt3xq2k9p', '333333333333')).toBe('AWSLogs/o-7rt3xq2k9p/333333333333/CloudTrail/');
    expect(accountLogPrefix(null, '111111111111')).toBe('AWSLogs/111111111111/CloudTrail/');
    expect([isOrgFolder('o-7rt3xq2k9p'), isOrgFolder('o-x'), isAccountFolder('111111111111'), isAccountFolder('11111111111a')]).toEqual([true, false, true, false]);
  });
});
