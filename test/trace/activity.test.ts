// What a finished trace asks the store for, and how each event found is attributed to a member
// of the chain: the session that made it, the origin, or only named by the trace.

import { describe, expect, it } from 'vitest';
import { actorOf, chainActivityEntries, chainMatch, chainRolesOf, collapseCopies, type ChainEvent } from '../../src/trace/activity.js';
import { A, B, crossAccountActivity, crossAccountTrace } from '../helpers/incidents.js';

function byId(events: ChainEvent[], id: string): ChainEvent {
  return events.find((e) => e.eventId === id)!;
}

describe('chainMatch', () => {
  it('asks for the sessions\' keys, their principal and creation time, the origin and the events the trace names', () => {
    expect(chainMatch(crossAccountTrace())).toEqual({
      accessKeys: ['AKIAALICEEXAMPLE0001', 'ASIADEPLOYEXAMPLE001'],
      sessions: [{ principalId: 'AROADEPLOYEXAMPLE0001:ci-1712', createdAt: '2026-03-09T10:00:00Z' }],
      originPrincipal: { principalId: 'AIDAALICEEXAMPLE00001', identityType: 'IAMUser' },
      identityCenterUserId: null,
      eventIds: ['issue-caller-copy', 'issue-owner-copy', 'target-1'],
    });
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
});

describe('actorOf and chainRolesOf', () => {
  const trace = crossAccountTrace();
  const events = crossAccountActivity();

  it('attributes a call to the session whose key signed it, or whose principal and creation time it carries', () => {
    expect(actorOf(byId(events, 'read-0000'), trace)).toBe('hop 1');
    const rotated = { ...byId(events, 'read-0000'), accessKeyId: 'ASIAOTHERKEY00000000' };
    expect(actorOf(rotated, trace)).toBe('hop 1');
  });

  it('attributes an issuing call, either copy, to the member one step nearer the origin', () => {
    expect(actorOf(byId(events, 'issue-caller-copy'), trace)).toBe('origin');
    expect(actorOf(byId(events, 'issue-owner-copy'), trace)).toBe('origin');
    expect(chainRolesOf(['issue-owner-copy'], trace)).toEqual(['issued hop 1']);
    expect(chainRolesOf(['target-1'], trace)).toEqual(['target']);
  });

  it('attributes nothing to an event the trace only names', () => {
    const stranger = { ...byId(events, 'read-0000'), accessKeyId: null, principalId: 'AROAOTHER:x', eventId: 'x' };
    expect(actorOf(stranger, trace)).toBeNull();
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
