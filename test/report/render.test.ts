// The text and JSON views over the same hand-built traces (STYLE.md principle 6: one model,
// many views). The traces follow spec §4: a cross-account chain, a break, an anonymous caller,
// a heuristic link with alternatives, and a chain whose log strings are hostile.

import { describe, expect, it } from 'vitest';
import type { Hop, Trace } from '../../src/trace/model.js';
import { renderJson } from '../../src/report/json.js';
import { renderText } from '../../src/report/text.js';

const ALICE_KEY = 'AKIAIOSFODNN7EXAMPLE';
const DEPLOY_ARN = 'arn:aws:sts::222222222222:assumed-role/Deploy/ci-1712';
const ADMIN_ARN = 'arn:aws:sts::111111111111:assumed-role/Admin/alice';

function deployHop(): Hop {
  return {
    session: {
      arn: DEPLOY_ARN,
      accountId: '222222222222',
      principalId: 'AROADEPLOYEXAMPLE0001:ci-1712',
      accessKeyId: 'ASIADEPLOYEXAMPLE001',
      roleArn: 'arn:aws:iam::222222222222:role/ci/Deploy',
      sessionName: 'ci-1712',
      createdAt: '2024-10-25T20:40:00Z',
      mfaAuthenticated: true,
      sourceIdentity: 'alice',
      kind: 'role session',
    },
    issuedBy: {
      eventId: '14fb06e3-5649-4fc3-a274-226ba85c8be6',
      eventName: 'AssumeRole',
      eventTime: '2024-10-25T20:40:00Z',
      accountId: '111111111111',
      region: 'us-east-1',
      sharedEventId: '19ee34b2-52bd-4dfa-8c8e-cf68344062a6',
      copies: ['a5c1e0f2-0d6b-4b0e-9a51-7f0e2b6c3d11'],
      sourceIPAddress: '198.51.100.4',
      userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64',
      caller: { type: 'AssumedRole', arn: ADMIN_ARN, principalId: 'AROAADMINEXAMPLE00001:alice', accessKeyId: 'ASIAADMINEXAMPLE0001', accountId: '111111111111' },
      location: { source: 'AWSLogs/111111111111/CloudTrail/us-east-1/2024/10/25/111111111111_CloudTrail_us-east-1_20241025T2045Z_abc.json.gz', index: 3 },
    },
    link: 'access-key',
    confidence: 'exact',
    alternatives: [],
    evidence: [
      'session key ASIADEPLOYEXAMPLE001 = responseElements.credentials.accessKeyId, inside 20:40:00Z–21:40:00Z',
      'cross-account: role owner 222222222222 logged the same call as AWSAccount 111111111111',
    ],
  };
}

function adminHop(): Hop {
  return {
    session: {
      arn: ADMIN_ARN,
      accountId: '111111111111',
      principalId: 'AROAADMINEXAMPLE00001:alice',
      accessKeyId: 'ASIAADMINEXAMPLE0001',
      roleArn: 'arn:aws:iam::111111111111:role/Admin',
      sessionName: 'alice',
      createdAt: '2024-10-25T20:38:12Z',
      mfaAuthenticated: true,
      sourceIdentity: 'alice',
      kind: 'role session',
    },
    issuedBy: {
      eventId: '7e1d2c3b-aaaa-4bbb-8ccc-000000000002',
      eventName: 'AssumeRole',
      eventTime: '2024-10-25T20:38:12Z',
      accountId: '111111111111',
      region: 'us-east-1',
      sharedEventId: null,
      copies: [],
      sourceIPAddress: '198.51.100.4',
      userAgent: 'aws-cli/2.15.0',
      caller: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice', principalId: 'AIDAALICEEXAMPLE00001', accessKeyId: ALICE_KEY, userName: 'alice' },
      location: null,
    },
    link: 'access-key',
    confidence: 'exact',
    alternatives: [],
    evidence: ['session key ASIAADMINEXAMPLE0001 = responseElements.credentials.accessKeyId'],
  };
}

function target(): Trace['target'] {
  return {
    eventId: '0b6d5a1e-1111-4222-8333-944455556666',
    eventTime: '2024-10-25T20:52:11Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'PutBucketPolicy',
    accountId: '222222222222',
    region: 'eu-west-1',
    sourceIPAddress: '203.0.113.7',
    userAgent: 'Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux',
    errorCode: null,
    identity: { type: 'AssumedRole', arn: DEPLOY_ARN, principalId: 'AROADEPLOYEXAMPLE0001:ci-1712', accessKeyId: 'ASIADEPLOYEXAMPLE001', accountId: '222222222222' },
  };
}

function crossAccount(): Trace {
  return {
    schema: 'trail-trace/trace@1',
    target: target(),
    status: 'complete',
    hops: [deployHop(), adminHop()],
    origin: {
      type: 'IAMUser',
      accountId: '111111111111',
      arn: 'arn:aws:iam::111111111111:user/alice',
      principalId: 'AIDAALICEEXAMPLE00001',
      userName: 'alice',
      accessKeyId: ALICE_KEY,
      sourceIPAddress: '198.51.100.4',
      userAgent: 'aws-cli/2.15.0',
      mfaAuthenticated: true,
      description: `IAM user alice (long-term key ${ALICE_KEY})`,
      event: { eventId: '7e1d2c3b-aaaa-4bbb-8ccc-000000000002', eventName: 'AssumeRole', eventTime: '2024-10-25T20:38:12Z' },
    },
    gaps: [],
    findings: [],
    warnings: ['1 duplicate delivery of event 14fb06e3-5649-4fc3-a274-226ba85c8be6 collapsed'],
  };
}

/** The caller's copy of the cross-account AssumeRole was never loaded: origin is the AWSAccount caller. */
function brokenCrossAccount(): Trace {
  const hop = deployHop();
  hop.issuedBy = {
    ...hop.issuedBy!,
    eventId: 'a5c1e0f2-0d6b-4b0e-9a51-7f0e2b6c3d11',
    accountId: '222222222222',
    copies: [],
    caller: { type: 'AWSAccount', principalId: 'AROAADMINEXAMPLE00001:alice', accountId: '111111111111' },
    location: null,
  };
  return {
    ...crossAccount(),
    status: 'broken',
    hops: [hop],
    origin: {
      type: 'AWSAccount',
      accountId: '111111111111',
      principalId: 'AROAADMINEXAMPLE00001:alice',
      description: 'external principal AROAADMINEXAMPLE00001:alice in account 111111111111',
    },
    gaps: [{
      reason: "caller's copy of a cross-account AssumeRole not in store",
      accountId: '111111111111',
      region: 'us-east-1',
      regions: ['us-east-1', 'eu-west-1'],
      from: '2024-10-25T20:35:00Z',
      to: '2024-10-25T20:45:00Z',
      hint: 'trail-trace ingest s3 s3://org-trail/AWSLogs/o-abc123/111111111111/CloudTrail/us-east-1/ --from 2024-10-25T20:35:00Z --to 2024-10-25T20:45:00Z',
    }],
    warnings: [],
  };
}

/** Hop 2's issuing event is missing altogether; nothing is known past it. */
function brokenMissing(): Trace {
  const hop = adminHop();
  return {
    ...crossAccount(),
    status: 'broken',
    hops: [deployHop(), { ...hop, issuedBy: null, link: null, confidence: null, evidence: [] }],
    origin: null,
    gaps: [{
      reason: 'issuing event not in store',
      accountId: '111111111111',
      region: 'us-east-1',
      regions: ['us-east-1'],
      from: '2024-10-25T19:38:12Z',
      to: '2024-10-25T20:38:17Z',
      hint: 'trail-trace ingest files D:\\cases\\4711\\AWSLogs\\111111111111 --from 2024-10-25T19:38:12Z',
    }],
    warnings: [],
  };
}

/** An anonymous S3 read: no caller to trace. */
function noIdentity(): Trace {
  return {
    schema: 'trail-trace/trace@1',
    target: {
      eventId: '5d0e9c1f-2222-4333-8444-a55566677788',
      eventTime: '2024-10-26T08:00:00Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      accountId: '222222222222',
      region: 'eu-west-1',
      sourceIPAddress: '192.0.2.99',
      userAgent: 'curl/8.5.0',
      identity: { type: 'AWSAccount', principalId: 'ANONYMOUS_PRINCIPAL', accountId: 'ANONYMOUS_PRINCIPAL' },
    },
    status: 'no-identity',
    hops: [],
    origin: null,
    gaps: [],
    findings: [],
    warnings: ['anonymous request: no userIdentity session to follow'],
  };
}

/** A console session (strong) minted by a reused-name role session found only by ARN (heuristic). */
function heuristic(): Trace {
  const consoleHop: Hop = {
    ...adminHop(),
    session: { ...adminHop().session, accessKeyId: 'ASIACONSOLEEXAMPLE01', kind: 'console session' },
    link: 'principal-and-creation-time',
    confidence: 'strong',
    evidence: ['principal AROAADMINEXAMPLE00001:alice and creationDate 2024-10-25T20:38:12Z match the issuing event'],
  };
  const reused: Hop = {
    ...deployHop(),
    session: {
      ...deployHop().session,
      arn: 'arn:aws:sts::111111111111:assumed-role/GitHubActions/GitHubActions',
      accountId: '111111111111',
      principalId: 'AROAGITHUBEXAMPLE0001:GitHubActions',
      accessKeyId: null,
      roleArn: 'arn:aws:iam::111111111111:role/GitHubActions',
      sessionName: 'GitHubActions',
      mfaAuthenticated: null,
      sourceIdentity: null,
    },
    issuedBy: {
      eventId: 'c0ffee00-1111-4222-8333-444455556666',
      eventName: 'AssumeRoleWithWebIdentity',
      eventTime: '2024-10-25T20:30:00Z',
      accountId: '111111111111',
      region: 'us-east-1',
      sharedEventId: null,
      copies: [],
      sourceIPAddress: '20.42.0.1',
      userAgent: 'aws-sdk-js/3.0 configure-aws-credentials',
      caller: { type: 'WebIdentityUser', principalId: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com:sts.amazonaws.com:repo:acme/infra:ref:refs/heads/main', userName: 'repo:acme/infra:ref:refs/heads/main' },
    },
    link: 'role-session-arn',
    confidence: 'heuristic',
    alternatives: [
      { eventId: 'alt-0001', eventName: 'AssumeRoleWithWebIdentity', eventTime: '2024-10-25T20:10:00Z', accountId: '111111111111', region: 'us-east-1', why: 'same session ARN, earlier, still valid' },
      { eventId: 'alt-0002', eventName: 'AssumeRoleWithWebIdentity', eventTime: '2024-10-25T19:55:00Z', accountId: '111111111111', region: 'us-east-1', why: 'same session ARN, earlier, still valid' },
    ],
    evidence: ['session name GitHubActions is reused; latest issuance before the event chosen (spec §4.4)'],
  };
  return {
    ...crossAccount(),
    hops: [consoleHop, reused],
    origin: {
      type: 'WebIdentityUser',
      identityProvider: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com',
      subject: 'repo:acme/infra:ref:refs/heads/main',
      description: 'GitHub Actions workflow repo:acme/infra:ref:refs/heads/main',
    },
    warnings: [],
  };
}

// Escapes that clear the screen, retitle the window, recolour, rewind the line, reverse the text.
const HOSTILE_AGENT = 'aws-cli/2.0 \x1b[2J\x1b]0;pwned\x07\r\x1b[32mALL CLEAR\x1b[0m \u009b31m\u2028next';
const HOSTILE_NAME = 'ci\u202egnp.exe';
const HOSTILE_ARN = `arn:aws:sts::222222222222:assumed-role/Deploy/${HOSTILE_NAME}`;

function hostile(): Trace {
  const base = crossAccount();
  const hop = deployHop();
  hop.session = { ...hop.session, arn: HOSTILE_ARN, sessionName: HOSTILE_NAME, sourceIdentity: 'alice\r\x1b[1Aroot', kind: 'role session' };
  hop.issuedBy = { ...hop.issuedBy!, userAgent: HOSTILE_AGENT, caller: { ...hop.issuedBy!.caller, userName: 'x\x08\x08\x08admin' } };
  hop.evidence = ['session name ci\u202egnp.exe\nforged line'];
  return {
    ...base,
    target: { ...base.target, userAgent: HOSTILE_AGENT, identity: { ...base.target.identity, arn: HOSTILE_ARN } },
    hops: [hop, adminHop()],
    origin: { ...base.origin!, description: 'IAM user alice\x1b[8m hidden\u2066' },
    gaps: [{ ...brokenCrossAccount().gaps[0]!, hint: 'trail-trace ingest s3 s3://b\x1b]8;;http://evil\x07/' }],
    warnings: ['\x1b[2Kwarning\x7f\ufeff'],
  };
}

const ALL: [string, () => Trace][] = [
  ['cross-account', crossAccount],
  ['broken cross-account', brokenCrossAccount],
  ['broken, issuing event missing', brokenMissing],
  ['no identity', noIdentity],
  ['heuristic', heuristic],
  ['hostile', hostile],
];

const plain = (trace: Trace, width?: number) => renderText(trace, { color: false, width });
const coloured = (trace: Trace) => renderText(trace, { color: true });
// eslint-disable-next-line no-control-regex -- picocolors' SGR codes are exactly what is matched
const SGR = /\x1b\[\d+m/g;

/** Any character a terminal acts on or hides, other than the line feeds between lines. */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const RAW_UNSAFE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/u;

describe('renderText', () => {
  it('shows the target, the verdict, every hop and the origin of a cross-account chain', () => {
    const text = plain(crossAccount());
    expect(text).toMatch(/^Target {2}PutBucketPolicy · s3\.amazonaws\.com · 2024-10-25T20:52:11Z\n/);
    expect(text).toContain('source IP    203.0.113.7');
    expect(text).toContain('user agent   Boto3/1.34.0');
    expect(text).toContain(`identity     AssumedRole ${DEPLOY_ARN}`);
    expect(text).toContain(
      `Origin: IAM user alice (long-term key ${ALICE_KEY}) · arn:aws:iam::111111111111:user/alice — complete, 2 hops, all exact\n`,
    );
    expect(text).toContain('Hop 1/2 · role session · made the target event');
    expect(text).toContain('Hop 2/2 · role session · minted by the origin');
    expect(text).toContain('issued by    AssumeRole · 2024-10-25T20:40:00Z · account 111111111111 · us-east-1 · cross-account');
    expect(text).toContain('event        14fb06e3-5649-4fc3-a274-226ba85c8be6 · shared 19ee34b2-52bd-4dfa-8c8e-cf68344062a6');
    expect(text).toContain('copies       a5c1e0f2-0d6b-4b0e-9a51-7f0e2b6c3d11');
    expect(text).toContain(`caller       AssumedRole ${ADMIN_ARN}`);
    expect(text).toContain('created      2024-10-25T20:40:00Z · MFA yes · source identity alice');
    expect(text).toContain('link         access-key · exact');
    expect(text).toContain('┃  ORIGIN  IAM user alice');
    expect(text).toContain(`┃ key          ${ALICE_KEY}`);
    expect(text).toContain('Warnings\n  - 1 duplicate delivery');
    // Hop 1 (the target's session) comes before hop 2, which comes before the origin.
    expect(text.indexOf(DEPLOY_ARN, text.indexOf('Hop 1/2'))).toBeLessThan(text.indexOf('Hop 2/2'));
    expect(text.indexOf('Hop 2/2')).toBeLessThan(text.indexOf('ORIGIN'));
    // Same-account issuance is not flagged.
    expect(text.slice(text.indexOf('Hop 2/2'))).not.toContain('cross-account');
    expect(text).not.toContain('Gaps');
    expect(text.endsWith('\n') && !text.endsWith('\n\n')).toBe(true);
  });

  it('says where a cross-account chain broke, keeps the AWSAccount caller, and prints the hint alone on a line', () => {
    const trace = brokenCrossAccount();
    const text = plain(trace);
    expect(text).toContain(
      "BROKEN at hop 1: caller's copy of a cross-account AssumeRole not in store (account 111111111111 · regions us-east-1, eu-west-1 · 2024-10-25T20:35:00Z → 2024-10-25T20:45:00Z) — furthest known: external principal AROAADMINEXAMPLE00001:alice in account 111111111111",
    );
    expect(text).toContain('caller       AWSAccount\n               account 111111111111 · principal AROAADMINEXAMPLE00001:alice');
    expect(text).toContain('┃ type         AWSAccount');
    expect(text).toContain('Gaps — load these logs, then trace again');
    const lines = text.split('\n').map((l) => l.trim());
    expect(lines).toContain(trace.gaps[0]!.hint);
  });

  it('marks the hop whose issuing event is missing and keeps a Windows path in the hint copyable', () => {
    const trace = brokenMissing();
    const text = plain(trace);
    expect(text).toMatch(/^BROKEN at hop 2: issuing event not in store \(account 111111111111 · region us-east-1 · /m);
    expect(text).toContain('issued by    NOT IN STORE — see Gaps below');
    expect(text).toContain('link         missing');
    expect(text).toContain('ORIGIN unknown — nothing is known past hop 2');
    expect(text.split('\n').map((l) => l.trim())).toContain(trace.gaps[0]!.hint);
    expect(text).toContain('D:\\cases\\4711\\AWSLogs');
  });

  it('explains an event with no identity instead of inventing a chain', () => {
    const text = plain(noIdentity());
    expect(text).toContain('No identity: the caller is anonymous: the request was made without credentials (unauthenticated); there is no credential to trace');
    expect(text).toContain('identity     AWSAccount\n               account ANONYMOUS_PRINCIPAL · principal ANONYMOUS_PRINCIPAL');
    expect(text).not.toContain('Hop ');
    expect(text).not.toContain('ORIGIN');
    expect(text).toContain('Warnings\n  - anonymous request');
  });

  it('says so when the target was made directly with a long-term key (no hops)', () => {
    const base = crossAccount();
    const trace: Trace = {
      ...base,
      target: { ...base.target, identity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice', principalId: 'AIDAALICEEXAMPLE00001', accessKeyId: ALICE_KEY } },
      hops: [],
      warnings: [],
    };
    const text = plain(trace);
    expect(text).toContain(`Origin: IAM user alice (long-term key ${ALICE_KEY}) · arn:aws:iam::111111111111:user/alice — complete, no hops (made with the origin's own credentials)`);
    expect(text).not.toContain('Hop ');
    expect(text).toContain('┃  ORIGIN  IAM user alice');
  });

  it('names the weakest link and lists the alternatives of a heuristic hop', () => {
    const text = plain(heuristic());
    expect(text).toContain('complete, 2 hops, weakest link hop 2 heuristic');
    expect(text).toContain('Hop 1/2 · console session · made the target event');
    expect(text).toContain('link         principal-and-creation-time · strong');
    expect(text).toContain('link         role-session-arn · heuristic');
    expect(text).toContain(
      'alternatives alt-0001 · AssumeRoleWithWebIdentity · 2024-10-25T20:10:00Z · account 111111111111 · us-east-1 — same session ARN, earlier, still valid\n' +
        '               alt-0002 · AssumeRoleWithWebIdentity · 2024-10-25T19:55:00Z',
    );
    expect(text).toContain('┃ provider     arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com');
    expect(text).toContain('┃ subject      repo:acme/infra:ref:refs/heads/main');
  });

  it.each(ALL)('%s: plain text has no control or bidi character but line feeds, and no ESC', (_name, make) => {
    const text = plain(make());
    expect(text).not.toMatch(RAW_UNSAFE);
    expect(text).not.toContain('\x1b');
  });

  it.each(ALL)('%s: with colour, ESC appears only in SGR codes, and removing them gives the plain text', (_name, make) => {
    const text = coloured(make());
    expect(text).toContain('\x1b[');
    const stripped = text.replace(SGR, '');
    expect(stripped).not.toContain('\x1b');
    expect(stripped).toBe(plain(make()));
  });

  it.each(ALL)('%s: the same trace renders the same bytes', (_name, make) => {
    expect(plain(make())).toBe(plain(make()));
    expect(coloured(make())).toBe(coloured(make()));
  });

  it('escapes hostile log strings visibly instead of letting them act', () => {
    const text = plain(hostile());
    expect(text).toContain('aws-cli/2.0 \\x1b[2J\\x1b]0;pwned\\x07\\r\\x1b[32mALL CLEAR\\x1b[0m \\x9b31m\\u2028next');
    expect(text).toContain('arn:aws:sts::222222222222:assumed-role/Deploy/ci\\u202egnp.exe');
    expect(text).toContain('source identity alice\\r\\x1b[1Aroot');
    expect(text).toContain('user x\\x08\\x08\\x08admin');
    expect(text).toContain('session name ci\\u202egnp.exe\\nforged line');
    expect(text).toContain('IAM user alice\\x1b[8m hidden\\u2066');
    expect(text).toContain('trail-trace ingest s3 s3://b\\x1b]8;;http://evil\\x07/');
    expect(text).toContain('- \\x1b[2Kwarning\\x7f\\ufeff');
    // The forged evidence line did not become a line of its own.
    expect(text.split('\n').some((l) => l.startsWith('forged line'))).toBe(false);
  });

  it.each(ALL)('%s: escapes a hostile suffix on every string of the trace, whichever field it is in', (_name, make) => {
    // Keys the renderer branches on keep their values; every other string gets an escape suffix.
    const poison = (value: unknown, key = ''): unknown => {
      if (typeof value === 'string') return ['schema', 'status', 'confidence'].includes(key) ? value : `${value}\x1b[8m\u202e\r`;
      if (Array.isArray(value)) return value.map((v) => poison(v));
      if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, k)]));
      return value;
    };
    const text = plain(poison(make()) as Trace);
    expect(text).not.toMatch(RAW_UNSAFE);
    expect(text).toContain('\\x1b[8m\\u202e\\r');
  });

  it('colours confidence: exact green, strong cyan, heuristic yellow, missing red', () => {
    expect(coloured(crossAccount())).toContain('\x1b[32m\x1b[1mexact\x1b[22m\x1b[39m');
    const heuristicText = coloured(heuristic());
    expect(heuristicText).toContain('\x1b[36m\x1b[1mstrong\x1b[22m\x1b[39m');
    expect(heuristicText).toContain('\x1b[33m\x1b[1mheuristic\x1b[22m\x1b[39m');
    expect(coloured(brokenMissing())).toContain('\x1b[31m\x1b[1mmissing\x1b[22m\x1b[39m');
    expect(coloured(crossAccount())).toContain('\x1b[7m\x1b[1m ORIGIN \x1b[22m\x1b[27m');
  });

  it('shortens long user agents to the width, by code points, and never an ARN or a hint', () => {
    const trace = brokenCrossAccount();
    const longAgent = `aws-sdk-go-v2/1.30.3 ${'🦀'.repeat(400)}`;
    trace.target.userAgent = longAgent;
    const narrow = plain(trace, 60);
    const agentLine = narrow.split('\n').find((l) => l.includes('user agent'))!;
    expect(agentLine).toBe(`  user agent   ${Array.from(longAgent).slice(0, 44).join('')}…`);
    expect(narrow).toContain(DEPLOY_ARN);
    expect(narrow.split('\n').map((l) => l.trim())).toContain(trace.gaps[0]!.hint);
    // Without a width a runaway user agent is still capped.
    expect(plain(trace)).toContain(`${Array.from(longAgent).slice(0, 299).join('')}…`);
  });
});

const TOP_KEYS = ['schema', 'target', 'status', 'hops', 'origin', 'gaps', 'findings', 'warnings'];
const HOP_KEYS = ['session', 'issuedBy', 'link', 'confidence', 'alternatives', 'evidence'];
const TARGET_KEYS = ['eventId', 'eventTime', 'eventSource', 'eventName', 'accountId', 'region', 'sourceIPAddress', 'userAgent', 'identity', 'errorCode'];
const SESSION_KEYS = ['arn', 'accountId', 'principalId', 'accessKeyId', 'roleArn', 'sessionName', 'createdAt', 'mfaAuthenticated', 'sourceIdentity', 'kind'];
const ISSUED_BY_KEYS = ['eventId', 'eventName', 'eventTime', 'accountId', 'region', 'sharedEventId', 'copies', 'sourceIPAddress', 'userAgent', 'caller', 'location'];
const ORIGIN_KEYS = ['type', 'accountId', 'arn', 'principalId', 'userName', 'accessKeyId', 'sourceIPAddress', 'userAgent', 'event', 'mfaAuthenticated', 'description'];
const GAP_KEYS = ['reason', 'accountId', 'region', 'from', 'to', 'hint', 'regions'];

describe('renderJson', () => {
  it.each(ALL)('%s: parses back to the trace it rendered', (_name, make) => {
    const trace = make();
    expect(JSON.parse(renderJson(trace))).toStrictEqual(JSON.parse(JSON.stringify(trace)));
    expect(JSON.parse(renderJson(trace))).toEqual(trace);
  });

  it('writes keys in the contract order, extra fields after the contract ones', () => {
    const doc = JSON.parse(renderJson(crossAccount()));
    expect(Object.keys(doc)).toEqual(TOP_KEYS);
    expect(Object.keys(doc.target)).toEqual(TARGET_KEYS);
    expect(Object.keys(doc.target.identity)).toEqual(['type', 'arn', 'principalId', 'accessKeyId', 'accountId']);
    expect(Object.keys(doc.hops[0])).toEqual(HOP_KEYS);
    expect(Object.keys(doc.hops[0].session)).toEqual(SESSION_KEYS);
    expect(Object.keys(doc.hops[0].issuedBy)).toEqual(ISSUED_BY_KEYS);
    expect(Object.keys(doc.origin)).toEqual(ORIGIN_KEYS);
    expect(Object.keys(doc.origin.event)).toEqual(['eventId', 'eventName', 'eventTime']);
    expect(Object.keys(JSON.parse(renderJson(brokenCrossAccount())).gaps[0])).toEqual(GAP_KEYS);
    expect(Object.keys(JSON.parse(renderJson(heuristic())).hops[1].alternatives[0])).toEqual(
      ['eventId', 'eventName', 'eventTime', 'accountId', 'region', 'why'],
    );
  });

  it('orders keys by the contract even when the model object was built in another order', () => {
    const trace = crossAccount();
    const shuffled = { warnings: trace.warnings, findings: trace.findings, gaps: trace.gaps, origin: trace.origin, hops: trace.hops.map((h) => ({ evidence: h.evidence, confidence: h.confidence, link: h.link, alternatives: h.alternatives, issuedBy: h.issuedBy, session: h.session })), status: trace.status, target: trace.target, schema: trace.schema } as Trace;
    const doc = JSON.parse(renderJson(shuffled));
    expect(Object.keys(doc)).toEqual(TOP_KEYS);
    expect(Object.keys(doc.hops[1])).toEqual(HOP_KEYS);
  });

  it('keeps null as null, leaves absent optionals out, and drops no field it does not know', () => {
    const trace = brokenMissing() as Trace & { stats: { hopsTried: number } };
    trace.stats = { hopsTried: 2 };
    const doc = JSON.parse(renderJson(trace));
    expect(doc.origin).toBeNull();
    expect(doc.hops[1].issuedBy).toBeNull();
    expect(doc.hops[1].link).toBeNull();
    expect(doc.hops[1].confidence).toBeNull();
    expect(doc.target.errorCode).toBeNull();
    expect(doc.stats).toEqual({ hopsTried: 2 });
    expect(Object.keys(doc).slice(-1)).toEqual(['stats']);
    const aws = JSON.parse(renderJson(brokenCrossAccount()));
    expect(aws.origin).toEqual({
      type: 'AWSAccount', accountId: '111111111111', principalId: 'AROAADMINEXAMPLE00001:alice',
      description: 'external principal AROAADMINEXAMPLE00001:alice in account 111111111111',
    });
    expect(aws.hops[0].issuedBy.caller).toEqual({ type: 'AWSAccount', principalId: 'AROAADMINEXAMPLE00001:alice', accountId: '111111111111' });
  });

  it('is 2-space indented with one trailing newline', () => {
    const json = renderJson(noIdentity());
    expect(json).toMatch(/^\{\n {2}"schema": "trail-trace\/trace@1",\n {2}"target": \{\n {4}"eventId"/);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json.endsWith('\n\n')).toBe(false);
    expect(JSON.parse(json).hops).toEqual([]);
  });

  it('writes control, bidi and separator characters as \\u escapes, so the document is safe to display', () => {
    const json = renderJson(hostile());
    expect(json).not.toMatch(RAW_UNSAFE);
    expect(json).toContain('ci\\u202egnp.exe');
    expect(json).toContain('\\u001b[2J');
    expect(json).toContain('\\u009b31m\\u2028next');
    expect(json).toContain('\\u007f\\ufeff');
    expect(JSON.parse(json).hops[0].session.sessionName).toBe(HOSTILE_NAME);
    expect(JSON.parse(json).target.userAgent).toBe(HOSTILE_AGENT);
  });

  it('leaves printable text in any script as it is', () => {
    const trace = crossAccount();
    trace.target.userAgent = 'console 控制台 🚀 naïve';
    expect(renderJson(trace)).toContain('"userAgent": "console 控制台 🚀 naïve"');
  });
});
