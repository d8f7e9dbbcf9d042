import { describe, expect, it } from 'vitest';
import { eventIdNotText, toTrailEvent } from '../../src/trace/record.js';

const base = { eventVersion: '1.08', eventID: 'e1', eventTime: '2024-01-01T00:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'GetUser' };

describe('toTrailEvent', () => {
  it('reads an Unknown identity that still carries an assumed-role ARN, dropping the "Unknown" key (spec §2.5)', () => {
    const r = toTrailEvent({
      ...base,
      userIdentity: { type: 'Unknown', principalId: 'AROAVCD2NAYBRXTC2NSCF:Administrator', arn: 'arn:aws:sts::112233445566:assumed-role/OrganizationAccountAccessRole/Administrator', accountId: '112233445566', accessKeyId: 'Unknown' },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event.identity.type).toBe('Unknown');
    expect(r.event.identity.accessKeyId).toBeUndefined();
    expect(r.event.identity.arn).toContain('assumed-role/');
  });

  it('treats a missing userIdentity.type as "None" (spec §2.1)', () => {
    const r = toTrailEvent({ ...base, userIdentity: { accountId: '1', invokedBy: 'ec2.amazonaws.com' } });
    expect(r.ok && r.event.identity.type).toBe('None');
  });

  it('accepts booleans as strings (readOnly, mfaAuthenticated)', () => {
    const r = toTrailEvent({ ...base, readOnly: 'true', userIdentity: { type: 'AssumedRole', sessionContext: { attributes: { mfaAuthenticated: 'true', creationDate: '20131102T010628Z' } } } });
    expect(r.ok && r.event.readOnly).toBe(true);
    expect(r.ok && r.event.identity.mfaAuthenticated).toBe(true);
    expect(r.ok && r.event.identity.creationDate).toBe('2013-11-02T01:06:28Z');
  });

  it('does not treat a failed STS call as an issuance (spec §1.2 errorCode)', () => {
    const r = toTrailEvent({ ...base, eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', errorCode: 'AccessDenied', responseElements: null, userIdentity: { type: 'IAMUser' } });
    expect(r.ok && r.event.issuance).toBeUndefined();
  });

  it('reads GetFederationToken issuance fields (spec §3.5)', () => {
    const r = toTrailEvent({
      ...base, eventSource: 'sts.amazonaws.com', eventName: 'GetFederationToken', userIdentity: { type: 'IAMUser' },
      requestParameters: { name: 'stratus_red_team' },
      responseElements: { credentials: { accessKeyId: 'ASIASTJKC5GCM7ZE6LUP', expiration: 'Nov 30, 2024, 8:43:17 PM' }, federatedUser: { arn: 'arn:aws:sts::742491224508:federated-user/stratus_red_team', federatedUserId: '742491224508:stratus_red_team' } },
    });
    expect(r.ok && r.event.issuance).toMatchObject({ accessKeyId: 'ASIASTJKC5GCM7ZE6LUP', principalId: '742491224508:stratus_red_team', expiresAt: '2024-11-30T20:43:17Z' });
  });

  it.each([
    [{ hello: 'world' }, 'not-cloudtrail'],
    [{ ...base, eventID: undefined, userIdentity: {} }, 'missing-event-id'],
    [{ ...base, eventTime: 'yesterday' }, 'missing-event-time'],
    [[1, 2], 'not-an-object'],
    ['text', 'not-an-object'],
  ])('reports %j as %s without throwing', (raw, problem) => {
    const r = toTrailEvent(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toBe(problem);
  });
});

describe('eventIdNotText', () => {
  it('takes a UUID (digits only too) as text, and numbers, objects, lists and booleans, raw or written as JSON text, as not', () => {
    for (const id of ['00000000-0000-4000-8000-000000000001', 'bf68f8c0-590b-4740-ac89-aad0ed5dfe4f', 'x', undefined, null]) expect(eventIdNotText(id), String(id)).toBe(false);
    for (const id of [12345, 1.5, { id: 'x' }, ['a'], true, '12345', '-1.5e3', '{"id":"x"}', '["a"]', 'false']) expect(eventIdNotText(id), JSON.stringify(id)).toBe(true);
  });
});
