// Two small trails written for the report's end-to-end tests, beside the fixture org trail:
// - a cross-account chain of three hops: alice (111…) → Ops (222…) → Deploy (333…) →
//   DataAdmin (444…), which rewrites a bucket policy, creates an IAM user, is refused StopLogging
//   and deletes the trail;
// - a chain whose role name, session name, source IP and user agent are hostile: table pipes,
//   backticks, HTML, links, a newline and heading, terminal escapes and Mermaid syntax.
// Every id is fixed, so the reports are byte-stable (test/golden/report/).

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { apiCall, assumeRole, iamUser, plusSeconds, roleSession, type Identity } from './records.js';

const [A, B, C, D] = ['111111111111', '222222222222', '333333333333', '444444444444'];
const T0 = '2026-03-09T11:00:00Z';

function id(n: number): string {
  return `7e57da7a-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

type TrailRecord = Record<string, unknown>;

/** Writes records as trail files, one per account and region, in the AWSLogs layout. */
function writeTrail(root: string, records: TrailRecord[]): void {
  const files = new Map<string, TrailRecord[]>();
  for (const r of records) {
    const key = `${r.recipientAccountId as string}/${r.awsRegion as string}`;
    files.set(key, [...(files.get(key) ?? []), r]);
  }
  for (const [key, recs] of files) {
    const [account, region] = key.split('/') as [string, string];
    const folder = path.join(root, 'AWSLogs', account, 'CloudTrail', region, '2026', '03', '09');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `${account}_CloudTrail_${region}_20260309T1200Z_synthetic0000001.json`), JSON.stringify({ Records: recs }, null, 1));
  }
}

interface Hop {
  account: string;
  role: string;
  roleId: string;
  session: string;
  key: string;
}

/** One cross-account AssumeRole, both copies (spec §4.6), and the session it mints. */
function assume(caller: Identity, callerAccount: string, hop: Hop, time: string, n: number, extra: TrailRecord = {}): { records: TrailRecord[]; session: Identity } {
  const common = { time, roleAccount: hop.account, role: hop.role, roleId: hop.roleId, session: hop.session, issuedKey: hop.key, shared: id(n + 900), requestId: id(n + 800) };
  const callerCopy = { ...assumeRole({ ...common, caller, recipient: callerAccount, eventId: id(n) }), ...extra };
  const owner = { type: 'AWSAccount', principalId: caller.principalId, accountId: callerAccount };
  const ownerCopy = { ...assumeRole({ ...common, caller: owner, recipient: hop.account, eventId: id(n + 1) }), ...extra };
  const session = roleSession({ account: hop.account, role: hop.role, roleId: hop.roleId, session: hop.session, key: hop.key, created: time, mfa: true });
  return { records: [callerCopy, ownerCopy], session };
}

function call(identity: Identity, account: string, time: string, n: number, name: string, source: string, region = 'eu-west-1', readOnly = true): TrailRecord {
  return { ...apiCall({ identity, time, account, name, source, region, eventId: id(n), requestId: id(n + 500) }), readOnly };
}

/** alice → Ops → Deploy → DataAdmin across four accounts; returns the DeleteTrail event id. */
export function writeThreeHopChain(root: string): string {
  const alice = iamUser(A, 'alice', 'AKIAALICE7E57000SYN1');
  const ops = assume(alice, A, { account: B, role: 'Ops', roleId: 'AROAOPS7E57000000SYN', session: 'alice', key: 'ASIAOPS7E5700000SYN1' }, T0, 1);
  const deploy = assume(ops.session, B, { account: C, role: 'Deploy', roleId: 'AROADEPLOY7E5700SYN0', session: 'alice', key: 'ASIADEPLOY7E5700SYN1' }, plusSeconds(T0, 300), 3);
  const admin = assume(deploy.session, C, { account: D, role: 'DataAdmin', roleId: 'AROADATAADMIN7E57SYN', session: 'alice', key: 'ASIADATAADMIN7E57SYN' }, plusSeconds(T0, 600), 5);
  const target = id(40);
  writeTrail(root, [
    call(alice, A, plusSeconds(T0, -60), 20, 'GetCallerIdentity', 'sts.amazonaws.com', 'us-east-1'),
    ...ops.records,
    call(ops.session, B, plusSeconds(T0, 60), 21, 'ListRoles', 'iam.amazonaws.com', 'us-east-1'),
    call(ops.session, B, plusSeconds(T0, 120), 22, 'DescribeInstances', 'ec2.amazonaws.com'),
    ...deploy.records,
    call(deploy.session, C, plusSeconds(T0, 420), 23, 'ListBuckets', 's3.amazonaws.com'),
    ...admin.records,
    call(admin.session, D, plusSeconds(T0, 660), 24, 'GetBucketPolicy', 's3.amazonaws.com'),
    call(admin.session, D, plusSeconds(T0, 700), 25, 'PutBucketPolicy', 's3.amazonaws.com', 'eu-west-1', false),
    call(admin.session, D, plusSeconds(T0, 760), 26, 'CreateUser', 'iam.amazonaws.com', 'us-east-1', false),
    { ...call(admin.session, D, plusSeconds(T0, 790), 27, 'StopLogging', 'cloudtrail.amazonaws.com', 'eu-west-1', false), errorCode: 'AccessDenied', errorMessage: 'User is not authorized to perform: cloudtrail:StopLogging' },
    call(admin.session, D, plusSeconds(T0, 820), 40, 'DeleteTrail', 'cloudtrail.amazonaws.com', 'eu-west-1', false),
  ]);
  return target;
}

export const HOSTILE_ROLE = 'Admin|`"]-->n0<b>x</b>';
export const HOSTILE_SESSION = 'ci|`x`<script>alert(1)<\\script>"]-->n9 %%{init}%% @octocat www.evil.example [x](http:evil)';
export const HOSTILE_IP = '203.0.113.9|<img src=x onerror=alert(1)>';
export const HOSTILE_AGENT = 'aws-cli/2.15 </td><script>alert(1)</script>\n# heading\r\n| fake | row |\u001b[2J\u001b]0;pwned\u0007 [click](http://evil.example) ![i](http://evil/x.png) `rm -rf` $\\color{red}{x}$';

/** intern → a role and session named to break tables, HTML and the diagram; returns the target id. */
export function writeHostileChain(root: string): string {
  const intern = iamUser(B, 'intern', 'AKIAINTERN7E5700SYN1');
  const hop = { account: B, role: HOSTILE_ROLE, roleId: 'AROAHOSTILE7E5700SYN', session: HOSTILE_SESSION, key: 'ASIAHOSTILE7E5700SYN' };
  const extra = { sourceIPAddress: HOSTILE_IP, userAgent: HOSTILE_AGENT };
  const callerCopy = { ...assumeRole({ time: T0, roleAccount: B, role: hop.role, roleId: hop.roleId, session: hop.session, issuedKey: hop.key, caller: intern, recipient: B, eventId: id(101), requestId: id(102) }), ...extra };
  const session = roleSession({ account: B, role: hop.role, roleId: hop.roleId, session: hop.session, key: hop.key, created: T0 });
  const target = id(140);
  writeTrail(root, [
    callerCopy,
    { ...call(session, B, plusSeconds(T0, 60), 120, 'GetSecretValue', 'secretsmanager.amazonaws.com'), ...extra },
    { ...call(session, B, plusSeconds(T0, 120), 140, 'PutRolePolicy', 'iam.amazonaws.com', 'us-east-1', false), ...extra },
  ]);
  return target;
}
