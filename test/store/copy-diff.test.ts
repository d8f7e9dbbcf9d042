// Two copies of one event compared whole (src/store/copy-diff.ts): what differs anywhere CloudTrail
// writes, and nothing that only an export's wrapping, key order or spelling of a time changes.

import { describe, expect, it } from 'vitest';
import { recordDifferences } from '../../src/store/copy-diff.js';

const record = {
  eventVersion: '1.08', eventTime: '2026-03-09T10:00:00Z', eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', eventID: 'e1',
  userIdentity: { type: 'IAMUser', userName: 'alice', sessionContext: { attributes: { creationDate: '2026-03-09T09:00:00Z', mfaAuthenticated: 'false' } } },
  requestParameters: { roleArn: 'arn:aws:iam::1:role/R', roleSessionName: 's' }, resources: [{ ARN: 'arn:aws:iam::1:role/R' }], errorCode: '',
};

describe('recordDifferences', () => {
  it('finds nothing between a record and its export: other key order, wrapper fields, times spelt as SQL does, empty for absent', () => {
    const exported = {
      '@timestamp': '2026-03-09T10:00:00.000Z', '@version': '1', tags: ['x'],
      requestParameters: { roleSessionName: 's', roleArn: 'arn:aws:iam::1:role/R' }, resources: [{ ARN: 'arn:aws:iam::1:role/R' }],
      userIdentity: { sessionContext: { attributes: { mfaAuthenticated: 'false', creationDate: '2026-03-09 09:00:00.000' } }, userName: 'alice', type: 'IAMUser' },
      eventID: 'e1', eventName: 'AssumeRole', eventSource: 'sts.amazonaws.com', eventTime: '2026-03-09 10:00:00', eventVersion: '1.08', errorCode: null,
    };
    expect(recordDifferences(record, exported)).toEqual([]);
  });

  it('names each field that differs by its path, with both values', () => {
    const other = structuredClone(record) as typeof record & { requestParameters: Record<string, unknown> };
    other.userIdentity.userName = 'bob';
    other.userIdentity.sessionContext.attributes.mfaAuthenticated = 'true';
    other.requestParameters.serialNumber = 'arn:aws:iam::1:mfa/bob';
    other.resources[0]!.ARN = 'arn:aws:iam::1:role/Other';
    expect(recordDifferences(record, other)).toEqual([
      { field: 'userIdentity.userName', used: 'alice', other: 'bob' },
      { field: 'userIdentity.sessionContext.attributes.mfaAuthenticated', used: 'false', other: 'true' },
      { field: 'requestParameters.serialNumber', used: null, other: 'arn:aws:iam::1:mfa/bob' },
      { field: 'resources[0].ARN', used: 'arn:aws:iam::1:role/R', other: 'arn:aws:iam::1:role/Other' },
    ]);
  });

  it('shows a long or nested value cut, and stops at the most asked for', () => {
    const other = { ...record, requestParameters: { policy: 'x'.repeat(500) }, responseElements: { a: 1 } };
    const [policy, roleArn] = recordDifferences(record, other);
    expect(policy).toMatchObject({ field: 'requestParameters.roleArn' });
    expect(roleArn!.field).toBe('requestParameters.roleSessionName');
    const all = recordDifferences(record, other);
    expect(all.find((d) => d.field === 'requestParameters.policy')!.other).toHaveLength(201);
    expect(all.find((d) => d.field === 'responseElements')).toEqual({ field: 'responseElements', used: null, other: '{"a":1}' });
    expect(recordDifferences(record, other, 2)).toHaveLength(2);
  });
});
