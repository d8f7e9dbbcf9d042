// The eviction checklist: its order, its cut-offs, and commands that mean exactly the values from
// the logs however hostile (each command is parsed by bash and its words compared).

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { evictionSteps, revokePolicy } from '../../src/trace/eviction.js';
import type { ScopeChange, ScopeCredential } from '../../src/trace/scope-model.js';
import { HOSTILE } from '../helpers/incidents.js';

function credential(partial: Partial<ScopeCredential> & Pick<ScopeCredential, 'id' | 'kind'>): ScopeCredential {
  return {
    parent: null, accessKeyId: null, arn: null, accountId: '111111111111', principalId: null, createdAt: null,
    issuedBy: null, link: null, confidence: null, evidence: [], activity: null, findings: [], ...partial,
  };
}

function change(partial: Partial<ScopeChange> & Pick<ScopeChange, 'eventId' | 'eventTime' | 'call' | 'tactic'>): ScopeChange {
  return {
    accountId: '111111111111', region: 'us-east-1', by: 'c1', succeeded: true, errorCode: null, technique: 'T1098',
    resource: { type: 'AWS::IAM::User', id: 'x', arn: null }, meaning: 'm', undo: null, ...partial,
  };
}

/** The words bash makes of a printed command (its first word replaced by printf). */
function bashWords(command: string): string[] {
  const out = execFileSync('bash', ['-c', `printf '%s\\0' ${command.replace(/^aws /, '')}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('eviction checklist', () => {
  const creds = [
    credential({ id: 'c1', kind: 'long-term-key', accessKeyId: 'AKIALEAKED0000000001', arn: 'arn:aws:iam::111111111111:user/svc', userName: 'svc' }),
    credential({ id: 'c2', parent: 'c1', kind: 'role-session', accessKeyId: 'ASIA1', arn: 'arn:aws:sts::222222222222:assumed-role/Ops/x', accountId: '222222222222', createdAt: '2026-03-10T15:00:00Z' }),
    credential({ id: 'c3', parent: 'c1', kind: 'role-session', accessKeyId: 'ASIA2', arn: 'arn:aws:sts::222222222222:assumed-role/Ops/y', accountId: '222222222222', createdAt: '2026-03-10T15:20:00Z' }),
    credential({ id: 'c4', parent: 'c2', kind: 'long-term-key', accessKeyId: 'AKIABACKDOOR00000001', accountId: '222222222222', userName: 'backdoor' }),
    credential({ id: 'c5', parent: 'c1', kind: 'session-token', accessKeyId: 'ASIA3', arn: 'arn:aws:iam::111111111111:user/svc', userName: 'svc', createdAt: '2026-03-10T15:05:00Z' }),
  ];
  const changes = [
    change({ eventId: 'e1', eventTime: '2026-03-10T15:01:00Z', call: 'cloudtrail:StopLogging', tactic: 'defense-evasion', undo: { action: 'start-logging', command: "aws cloudtrail start-logging --name=t" } }),
    change({ eventId: 'e2', eventTime: '2026-03-10T15:02:00Z', call: 'iam:CreateUser', tactic: 'persistence', undo: { action: 'delete-user', command: 'aws iam delete-user --user-name=backdoor' } }),
    change({ eventId: 'e3', eventTime: '2026-03-10T15:03:00Z', call: 'iam:CreateAccessKey', tactic: 'persistence', undo: { action: 'delete-access-key', command: 'aws iam delete-access-key' } }),
    change({ eventId: 'e4', eventTime: '2026-03-10T15:04:00Z', call: 'iam:UpdateAssumeRolePolicy', tactic: 'privilege-escalation', undo: { action: 'restore-trust-policy', command: null } }),
    change({ eventId: 'e5', eventTime: '2026-03-10T15:06:00Z', call: 's3:PutBucketPolicy', tactic: 'exfiltration', undo: { action: 'restore-bucket-policy', command: 'aws s3api put-bucket-policy' } }),
    change({ eventId: 'e6', eventTime: '2026-03-10T15:07:00Z', call: 'cloudtrail:DeleteTrail', tactic: 'defense-evasion', succeeded: false, errorCode: 'AccessDenied' }),
  ];
  const steps = evictionSteps(creds, changes);

  it('orders keys, sessions, deletions (keys before users), restores (newest first), then logging', () => {
    expect(steps.map((s) => [s.step, s.action, s.target])).toEqual([
      [1, 'deactivate-access-key', 'AKIALEAKED0000000001'],
      [2, 'deactivate-access-key', 'AKIABACKDOOR00000001'],
      [3, 'revoke-role-sessions', 'arn:aws:iam::222222222222:role/Ops'],
      [4, 'revoke-user-sessions', 'arn:aws:iam::111111111111:user/svc'],
      [5, 'delete-access-key', 'x'],
      [6, 'delete-user', 'x'],
      [7, 'restore-bucket-policy', 'x'],
      [8, 'restore-trust-policy', 'x'],
      [9, 'start-logging', 'x'],
    ]);
  });

  it('revokes a role\'s sessions issued up to one second after the latest one in the scope', () => {
    const revoke = steps.find((s) => s.action === 'revoke-role-sessions')!;
    expect(revoke.credentials).toEqual(['c2', 'c3']);
    expect(bashWords(revoke.command!)).toEqual([
      'iam', 'put-role-policy', '--role-name=Ops', '--policy-name=AWSRevokeOlderSessions', `--policy-document=${revokePolicy('2026-03-10T15:20:01Z')}`,
    ]);
    expect(JSON.parse(revokePolicy('2026-03-10T15:20:01Z')).Statement[0].Condition).toEqual({ DateLessThan: { 'aws:TokenIssueTime': '2026-03-10T15:20:01Z' } });
  });

  it('lists no step for a refused attempt, and says when the logs lack what a command needs', () => {
    expect(steps.some((s) => s.eventIds?.includes('e6'))).toBe(false);
    expect(steps.find((s) => s.action === 'restore-trust-policy')!.command).toBeNull();
  });

  it.each(HOSTILE)('quotes a hostile user or role name so bash reads it back exactly: %j', (name) => {
    const hostile = [
      credential({ id: 'c1', kind: 'long-term-key', accessKeyId: 'AKIAHOSTILE000000001', userName: name }),
      credential({ id: 'c2', kind: 'role-session', accessKeyId: 'ASIA9', arn: `arn:aws:sts::222222222222:assumed-role/${name}/s`, accountId: '222222222222', createdAt: '2026-03-10T15:00:00Z' }),
    ];
    for (const step of evictionSteps(hostile, [])) {
      if (!step.command) continue;
      expect(step.command).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
      const words = bashWords(step.command);
      expect(words.some((w) => w === `--user-name=${name}` || w === `--role-name=${name}`)).toBe(true);
    }
  });

  it('writes no command for a value holding NUL, which no argument can carry', () => {
    const [step] = evictionSteps([credential({ id: 'c1', kind: 'long-term-key', accessKeyId: 'AKIANUL0000000000001', userName: 'a\0b' })], []);
    expect(step!.command).toBeNull();
  });
});
