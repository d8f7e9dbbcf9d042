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
      [3, 'revoke-role-sessions', 'role Ops in account 222222222222'],
      [4, 'revoke-user-sessions', 'user svc in account 111111111111'],
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

  it('restores a resource the scope changed twice once, to before its first change: never to the attacker\'s own document', () => {
    const put = change({ eventId: 'p1', eventTime: '2026-03-10T15:10:00Z', call: 's3:PutBucketPolicy', tactic: 'exfiltration',
      resource: { type: 'AWS::S3::Bucket', id: 'data', arn: null }, undo: { action: 'restore-bucket-policy', command: "aws s3api put-bucket-policy --bucket=data '--policy=P0'" } });
    const del = change({ eventId: 'd1', eventTime: '2026-03-10T15:20:00Z', call: 's3:DeleteBucketPolicy', tactic: 'defense-evasion',
      resource: { type: 'AWS::S3::Bucket', id: 'data', arn: null }, undo: { action: 'restore-bucket-policy', command: "aws s3api put-bucket-policy --bucket=data '--policy=P1'" } });
    const steps = evictionSteps([], [del, put]);
    expect(steps.map((s) => [s.action, s.command, s.eventIds])).toEqual([['restore-bucket-policy', "aws s3api put-bucket-policy --bucket=data '--policy=P0'", ['p1', 'd1']]]);
  });

  it('removes its own revoke policy from a user before deleting the user, as IAM requires', () => {
    const backdoor = credential({ id: 'c2', parent: 'c1', kind: 'console-session', arn: 'arn:aws:iam::111111111111:user/bd', userName: 'bd', createdAt: '2026-03-10T15:30:00Z' });
    const created = change({ eventId: 'u1', eventTime: '2026-03-10T15:01:00Z', call: 'iam:CreateUser', tactic: 'persistence',
      resource: { type: 'AWS::IAM::User', id: 'bd', arn: null }, undo: { action: 'delete-user', command: 'aws iam delete-user --user-name=bd' } });
    const steps = evictionSteps([backdoor], [created]);
    expect(steps.map((s) => s.action)).toEqual(['revoke-user-sessions', 'delete-user-policy', 'delete-user']);
    expect(steps[1]!.command).toBe('aws iam delete-user-policy --user-name=bd --policy-name=AWSRevokeOlderSessions');
  });

  it('gives no IAM command for an Identity Center role (IAM refuses changes to it), and names the permission set', () => {
    const sso = credential({ id: 'c1', kind: 'identity-center-session', arn: 'arn:aws:sts::333333333333:assumed-role/AWSReservedSSO_PowerUser_50d858085657c5c1/jane', accountId: '333333333333', createdAt: '2026-03-10T09:14:31Z' });
    const [step] = evictionSteps([sso], []);
    expect(step).toMatchObject({ action: 'revoke-role-sessions', command: null });
    expect(step!.why).toContain('permission set PowerUser');
  });

  it('revokes a federation token through the IAM user that minted it', () => {
    const token = credential({ id: 'c2', parent: 'c1', kind: 'federation-token', accessKeyId: 'ASIAF', arn: 'arn:aws:sts::111111111111:federated-user/partner', userName: 'broker', createdAt: '2026-03-10T15:00:00Z' });
    expect(evictionSteps([token], [])[0]).toMatchObject({ action: 'revoke-user-sessions', target: 'user broker in account 111111111111' });
  });

  it('writes no command for a value the AWS CLI would load from a file or URL', () => {
    const [step] = evictionSteps([credential({ id: 'c1', kind: 'long-term-key', accessKeyId: 'AKIAFILE000000000001', userName: 'file:///home/me/.aws/credentials' })], []);
    expect(step!.command).toBeNull();
  });

  it('one step for the same undo of several calls (a secret read four times: one rotation)', () => {
    const reads = [1, 2, 3, 4].map((i) => change({ eventId: `r${i}`, eventTime: `2026-03-10T15:0${i}:00Z`, call: 'secretsmanager:GetSecretValue', tactic: 'credential-access',
      resource: { type: 'AWS::SecretsManager::Secret', id: 'prod/db', arn: null }, undo: { action: 'rotate-secret', command: 'aws secretsmanager rotate-secret --secret-id=prod/db' } }));
    const steps = evictionSteps([], reads);
    expect(steps).toHaveLength(1);
    expect(steps[0]!.eventIds).toEqual(['r1', 'r2', 'r3', 'r4']);
  });
});
