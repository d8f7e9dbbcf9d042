// What a finished trace asks the store for: each member's credential (the store attributes each
// event to the member whose credential made it, test/store/report-data.test.ts), and the parts
// the trace's own events play.

import { describe, expect, it } from 'vitest';
import { chainActivityEntries, chainMatch, chainRolesOf, collapseCopies, memberOnly, originHasOwnActivity, signsPerRequest } from '../../src/trace/activity.js';
import { A, B, crossAccountActivity, crossAccountTrace } from '../helpers/incidents.js';

describe('chainMatch', () => {
  it('asks for each member\'s credential, the hops\' ARNs, the origin and the events the trace names, each with who made it', () => {
    expect(chainMatch(crossAccountTrace())).toEqual({
      keys: [{ actor: 'hop 1', accessKeyId: 'ASIADEPLOYEXAMPLE001' }, { actor: 'origin', accessKeyId: 'AKIAALICEEXAMPLE0001' }],
      sessions: [],
      arns: [{ actor: 'hop 1', arn: 'arn:aws:sts::222222222222:assumed-role/Deploy/ci-1712' }],
      originPrincipal: { principalId: 'AIDAALICEEXAMPLE00001', identityType: 'IAMUser', keyed: true },
      identityCenterUserId: null,
      named: [
        { eventId: 'issue-caller-copy', actor: 'origin' },
        { eventId: 'issue-owner-copy', actor: 'origin' },
        { eventId: 'target-1', actor: 'hop 1' },
      ],
    });
  });

  it('recognises a key-signed session by its key alone: another issuance at the same second is another credential', () => {
    // EC2 refreshes mint several keys for one session ARN, principal and creation time (the
    // stratus EC2 credential-theft logs): matching on principal + creation time would mix them.
    expect(chainMatch(crossAccountTrace()).sessions).toEqual([]);
  });

  it('recognises a console or Identity Center session by principal id and creation time (per-request keys)', () => {
    for (const change of [{ link: 'principal-and-creation-time' as const }, { link: 'login-profile' as const }, { link: 'identity-center-credentials' as const }, { session: { ...crossAccountTrace().hops[0]!.session, kind: 'console role session' } }]) {
      const trace = crossAccountTrace();
      trace.hops[0] = { ...trace.hops[0]!, ...change };
      expect(signsPerRequest(trace.hops[0])).toBe(true);
      expect(chainMatch(trace).sessions).toEqual([{ actor: 'hop 1', principalId: 'AROADEPLOYEXAMPLE0001:ci-1712', createdAt: '2026-03-09T10:00:00Z' }]);
    }
  });

  it('counts every call of an IAM user or root origin as its own only when no single key started the chain', () => {
    const trace = crossAccountTrace();
    expect(originHasOwnActivity(trace.origin)).toBe(false);
    trace.origin = { ...trace.origin!, accessKeyId: null };
    expect(originHasOwnActivity(trace.origin)).toBe(true);
    expect(chainMatch(trace).originPrincipal).toEqual({ principalId: 'AIDAALICEEXAMPLE00001', identityType: 'IAMUser', keyed: false });
  });

  it('does not ask for every event of a SAML, web identity, service or external origin: those are other chains', () => {
    for (const type of ['SAMLUser', 'WebIdentityUser', 'AWSService', 'AWSAccount'] as const) {
      const trace = crossAccountTrace();
      trace.origin = { ...trace.origin!, type, accessKeyId: null };
      expect(chainMatch(trace).originPrincipal).toBeNull();
    }
  });

  it('asks for the Identity Center portal events of an Identity Center origin', () => {
    const trace = crossAccountTrace();
    trace.origin = { type: 'IdentityCenterUser', accountId: '444444444444', principalId: 'user-id-1', description: 'Identity Center user priya' };
    expect(chainMatch(trace).identityCenterUserId).toBe('user-id-1');
  });

  it('names no member for the target of a trace with no identity', () => {
    const trace = { ...crossAccountTrace(), status: 'no-identity' as const, hops: [], origin: null };
    expect(chainMatch(trace).named).toEqual([{ eventId: 'target-1', actor: null }]);
  });

  it('narrows to one member: its credential, its ARN and the events it made', () => {
    const only = memberOnly(chainMatch(crossAccountTrace()), 'origin');
    expect(only.keys).toEqual([{ actor: 'origin', accessKeyId: 'AKIAALICEEXAMPLE0001' }]);
    expect(only.arns).toEqual([]);
    expect(only.named.map((n) => n.eventId)).toEqual(['issue-caller-copy', 'issue-owner-copy']);
  });
});

describe('chainRolesOf', () => {
  const trace = crossAccountTrace();

  it('names the target and the issuing call of each hop, either copy', () => {
    expect(chainRolesOf(['issue-owner-copy'], trace)).toEqual(['issued hop 1']);
    expect(chainRolesOf(['target-1'], trace)).toEqual(['target']);
  });
});

describe('collapseCopies', () => {
  it('folds copies of one call into the caller\'s copy, keeps time order, and is stable under input order', () => {
    const events = crossAccountActivity();
    const calls = collapseCopies([...events].reverse());
    expect(calls[0]!.event.eventId).toBe('issue-caller-copy');
    expect(calls[0]!.event.accountId).toBe(A);
    expect(calls[0]!.copies.map((c) => [c.eventId, c.accountId])).toEqual([['issue-owner-copy', B]]);
    expect(calls.map((c) => c.event.eventId)).toEqual(collapseCopies(events).map((c) => c.event.eventId));
    const times = calls.map((c) => c.event.eventTime);
    expect(times).toEqual([...times].sort());
  });

  it('marks writes and sensitive calls on each entry', () => {
    const entries = chainActivityEntries(crossAccountTrace(), crossAccountActivity());
    const target = entries.find((e) => e.event.eventId === 'target-1')!;
    expect(target).toMatchObject({ actor: 'hop 1', roles: ['target'], write: true, sensitive: 'CloudTrail logging stopped' });
    expect(entries.find((e) => e.event.eventId === 'read-0000')).toMatchObject({ write: false, sensitive: null, roles: [] });
  });
});
