// Decoys seconds away from the attacker's credentials: another session with the same role and
// session name a second later, the victim's own session token half a minute after the attacker's
// sign-in, two sign-ins of one user forty seconds apart. A scope credential's calls are only those
// the backward rules give it (found in review: a creation-time window had credited them all).

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeInStore } from '../../src/app/scope.js';
import { traceEventById } from '../../src/app/trace-event.js';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { Scope } from '../../src/trace/scope-model.js';
import { removeDir, suiteDir } from '../helpers/temp.js';

const A = '111111111111';
let n = 0;
const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

function record(t: string, source: string, name: string, identity: object, extra: { ip?: string; req?: object; resp?: object; type?: string; more?: object } = {}) {
  return {
    eventVersion: '1.08', eventID: id(), eventTime: t, eventSource: source, eventName: name, eventType: extra.type ?? 'AwsApiCall',
    awsRegion: 'us-east-1', recipientAccountId: A, sourceIPAddress: extra.ip ?? '203.0.113.9', userAgent: 'aws-cli/2',
    requestID: id(), userIdentity: identity, requestParameters: extra.req ?? null, responseElements: extra.resp ?? null, ...extra.more,
  };
}

const mallory = { type: 'IAMUser', principalId: 'AIDAMALLORYAAAAAAAAAA', arn: `arn:aws:iam::${A}:user/mallory`, accountId: A, accessKeyId: 'AKIAMALLORYAAAAAAAAA', userName: 'mallory' };
const victim = { type: 'IAMUser', principalId: 'AIDAVICTIMAAAAAAAAAAA', arn: `arn:aws:iam::${A}:user/victim`, accountId: A, userName: 'victim' };
const victimSession = (key: string, created: string) => ({ ...victim, accessKeyId: key, sessionContext: { attributes: { creationDate: created, mfaAuthenticated: 'false' } } });
const signIn = (t: string, ip: string) => record(t, 'signin.amazonaws.com', 'ConsoleLogin', victim,
  { ip, type: 'AwsConsoleSignIn', resp: { ConsoleLogin: 'Success' }, more: { additionalEventData: { MFAUsed: 'No' } } });

/** mallory resets victim's password; an attacker signs in as victim; the victim's laptop gets a session token 30 s later. */
function consoleDecoys() {
  const first = signIn('2026-03-10T15:05:00Z', '198.51.100.66');
  const second = signIn('2026-03-10T15:05:40Z', '198.51.100.67');
  return {
    first, second,
    records: [
      record('2026-03-10T15:00:00Z', 'sts.amazonaws.com', 'GetCallerIdentity', mallory),
      record('2026-03-10T15:01:00Z', 'iam.amazonaws.com', 'UpdateLoginProfile', mallory, { req: { userName: 'victim', passwordResetRequired: false } }),
      first,
      record('2026-03-10T15:06:00Z', 's3.amazonaws.com', 'ListBuckets', victimSession('ASIACONSOLEAAAAAAAA1', '2026-03-10T15:05:00Z'), { ip: '198.51.100.66' }),
      second,
      record('2026-03-10T15:06:30Z', 'iam.amazonaws.com', 'CreateUser', victimSession('ASIACONSOLEAAAAAAAA2', '2026-03-10T15:05:40Z'),
        { ip: '198.51.100.67', req: { userName: 'backdoor' }, resp: { user: { userName: 'backdoor', arn: `arn:aws:iam::${A}:user/backdoor` } } }),
      record('2026-03-10T15:05:30Z', 'sts.amazonaws.com', 'GetSessionToken', { ...victim, accessKeyId: 'AKIAVICTIMAAAAAAAAAA' },
        { ip: '192.0.2.10', resp: { credentials: { accessKeyId: 'ASIAVICTIMGSTAAAAAAA', expiration: 'Mar 11, 2026, 3:05:30 AM' } } }),
      record('2026-03-10T15:07:00Z', 's3.amazonaws.com', 'PutBucketPolicy', victimSession('ASIAVICTIMGSTAAAAAAA', '2026-03-10T15:05:30Z'),
        { ip: '192.0.2.10', req: { bucketName: 'victim-bucket', bucketPolicy: { Version: '2012-10-17', Statement: [] } } }),
    ],
  };
}

/** mallory and a GitHub OIDC job assume role Deploy with session name GitHubActions one second apart. */
function roleDecoys() {
  const roleArn = `arn:aws:iam::${A}:role/Deploy`;
  const session = (key: string, created: string) => ({
    type: 'AssumedRole', principalId: 'AROADEPLOYAAAAAAAAAAA:GitHubActions', arn: `arn:aws:sts::${A}:assumed-role/Deploy/GitHubActions`, accountId: A, accessKeyId: key,
    sessionContext: { attributes: { creationDate: created, mfaAuthenticated: 'false' }, sessionIssuer: { type: 'Role', principalId: 'AROADEPLOYAAAAAAAAAAA', arn: roleArn, accountId: A, userName: 'Deploy' } },
  });
  const issued = (key: string) => ({
    credentials: { accessKeyId: key, expiration: 'Mar 10, 2026, 5:00:00 PM' },
    assumedRoleUser: { assumedRoleId: 'AROADEPLOYAAAAAAAAAAA:GitHubActions', arn: `arn:aws:sts::${A}:assumed-role/Deploy/GitHubActions` },
  });
  const oidc = `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`;
  return [
    record('2026-03-10T16:00:00Z', 'sts.amazonaws.com', 'AssumeRole', mallory, { req: { roleArn, roleSessionName: 'GitHubActions' }, resp: issued('ASIAATTACKERAAAAAAAA') }),
    record('2026-03-10T16:00:01Z', 'sts.amazonaws.com', 'AssumeRoleWithWebIdentity',
      { type: 'WebIdentityUser', principalId: `${oidc}:sts.amazonaws.com:repo:acme/app:ref:refs/heads/main`, userName: 'repo:acme/app:ref:refs/heads/main', identityProvider: oidc },
      { ip: '140.82.112.1', req: { roleArn, roleSessionName: 'GitHubActions' }, resp: { ...issued('ASIALEGITCIAAAAAAAAA'), provider: oidc, subjectFromWebIdentityToken: 'repo:acme/app:ref:refs/heads/main' } }),
    record('2026-03-10T16:02:00Z', 's3.amazonaws.com', 'ListBuckets', session('ASIAATTACKERAAAAAAAA', '2026-03-10T16:00:00Z')),
    record('2026-03-10T16:03:00Z', 'iam.amazonaws.com', 'PutRolePolicy', session('ASIALEGITCIAAAAAAAAA', '2026-03-10T16:00:01Z'),
      { ip: '140.82.112.1', req: { roleName: 'app-runtime', policyName: 'deploy-inline', policyDocument: '{}' } }),
    record('2026-03-10T16:04:00Z', 'lambda.amazonaws.com', 'CreateFunction20150331', session('ASIALEGITCIAAAAAAAAA', '2026-03-10T16:00:01Z'),
      { ip: '140.82.112.1', req: { functionName: 'app' } }),
  ];
}

let dir: string;
let store: Store;
const consoleCase = consoleDecoys();
beforeAll(async () => {
  dir = suiteDir();
  mkdirSync(path.join(dir, 'logs'));
  writeFileSync(path.join(dir, 'logs', 'trail.json'), JSON.stringify({ Records: [...consoleCase.records, ...roleDecoys()] }));
  store = await openStore(path.join(dir, 's.duckdb'));
  await ingestPaths(store, [path.join(dir, 'logs')]);
});
afterAll(async () => {
  await store.close();
  removeDir(dir);
});

function callsBy(scope: Scope, credentialId: string): string[] {
  return scope.changes.filter((c) => c.by === credentialId).map((c) => c.call);
}

describe('scope with decoys seconds away', () => {
  let scope: Scope;
  beforeAll(async () => {
    scope = await scopeInStore(store, 'AKIAMALLORYAAAAAAAAA', {}, async (e) => (await traceEventById(store, e))!);
  });

  it('a role session assumed a second after the attacker\'s, with the same name, is not the attacker\'s: its calls stay out', () => {
    const attacker = scope.credentials.find((c) => c.accessKeyId === 'ASIAATTACKERAAAAAAAA')!;
    expect(attacker.activity?.calls).toBe(1);
    expect(scope.changes.map((c) => c.call)).not.toContain('lambda:CreateFunction20150331');
    expect(scope.eviction.map((s) => s.command ?? '').join('\n')).not.toContain('delete-function');
  });

  it('each console sign-in gets only its own session\'s calls; the victim\'s own session token stays out', () => {
    const sessions = scope.credentials.filter((c) => c.kind === 'console-session');
    expect(sessions.map((c) => c.issuedBy?.eventId)).toEqual([consoleCase.first.eventID, consoleCase.second.eventID]);
    const [first, second] = sessions;
    expect(first!.accessKeyIds).toEqual(['ASIACONSOLEAAAAAAAA1']);
    expect(second!.accessKeyIds).toEqual(['ASIACONSOLEAAAAAAAA2']);
    expect(callsBy(scope, first!.id)).toEqual([]);
    expect(callsBy(scope, second!.id)).toEqual(['iam:CreateUser']);
    expect(scope.changes.map((c) => c.call)).not.toContain('s3:PutBucketPolicy');
    expect(scope.credentials.flatMap((c) => c.activity?.ips ?? [])).not.toContain('192.0.2.10');
  });
});
