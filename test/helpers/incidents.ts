// Hand-built incidents for the markdown report's unit tests: a cross-account chain (spec §4.6)
// with the events its sessions made, and the same incident with a hostile string in every
// field a log can set.

import type { ChainEvent } from '../../src/trace/activity.js';
import type { Incident, OtherCredential } from '../../src/trace/incident.js';
import type { Hop, Trace } from '../../src/trace/model.js';

export const A = '111111111111';
export const B = '222222222222';
const ALICE_KEY = 'AKIAALICEEXAMPLE0001';
const DEPLOY_KEY = 'ASIADEPLOYEXAMPLE001';
const DEPLOY_ARN = `arn:aws:sts::${B}:assumed-role/Deploy/ci-1712`;

/** Hostile strings: table pipes, code fences, HTML, links, headings, escapes, Mermaid syntax. */
export const HOSTILE = [
  'a|b',
  '`',
  '``x``',
  'a\\|b',
  '</td><script>alert(1)</script>',
  '[x](http://evil)',
  '![img](http://evil/x.png)',
  '<img src=x onerror=alert(1)>',
  '\n# heading',
  '\r\n| fake | row |',
  '\u001b[2J\u001b]0;pwned\u0007',
  '"]-->x',
  '"] --> n0\n  click n0 "http://evil"',
  '%%{init: {"securityLevel": "loose"}}%%',
  'end',
  'style n0 fill:#f00;',
  'http://evil.example/a',
  'www.evil.example',
  '@octocat',
  'alice@example.com',
  '$\\color{red}{pwned}$',
  '&lt;b&gt; &amp;',
  '\u202egnp.exe',
  '* _~~x~~_ *',
  '- [ ] item',
  '1. one',
  '> quote',
  '#1 #quot; #35;',
];

function event(partial: Partial<ChainEvent> & Pick<ChainEvent, 'eventId' | 'eventTime' | 'eventName'>): ChainEvent {
  return {
    eventSource: 'iam.amazonaws.com',
    accountId: B,
    region: 'us-east-1',
    errorCode: null,
    readOnly: true,
    sourceIPAddress: '203.0.113.7',
    userAgent: 'aws-cli/2.15.0',
    sharedEventId: null,
    identityType: 'AssumedRole',
    identityArn: DEPLOY_ARN,
    principalId: 'AROADEPLOYEXAMPLE0001:ci-1712',
    accessKeyId: DEPLOY_KEY,
    sessionCreatedAt: '2026-03-09T10:00:00Z',
    sessionRoleArn: `arn:aws:iam::${B}:role/Deploy`,
    requestedRoleArn: null,
    mfaUsed: null,
    location: { source: `AWSLogs/${B}/CloudTrail/us-east-1/f.json.gz`, index: 0 },
    actor: 'hop 1',
    otherCredential: false,
    ...partial,
  };
}

function deployHop(): Hop {
  return {
    session: {
      arn: DEPLOY_ARN, accountId: B, principalId: 'AROADEPLOYEXAMPLE0001:ci-1712', accessKeyId: DEPLOY_KEY,
      roleArn: `arn:aws:iam::${B}:role/Deploy`, sessionName: 'ci-1712', createdAt: '2026-03-09T10:00:00Z',
      mfaAuthenticated: true, sourceIdentity: 'alice', kind: 'role session',
    },
    issuedBy: {
      eventId: 'issue-owner-copy', eventName: 'AssumeRole', eventTime: '2026-03-09T10:00:00Z', accountId: B, region: 'us-east-1',
      sharedEventId: 'shared-1', copies: ['issue-caller-copy'], sourceIPAddress: '198.51.100.4', userAgent: 'aws-cli/2.15.0',
      caller: { type: 'AWSAccount', principalId: 'AIDAALICEEXAMPLE00001', accountId: A },
      location: { source: `AWSLogs/${B}/CloudTrail/us-east-1/owner.json.gz`, index: 3 },
    },
    link: 'access-key',
    confidence: 'exact',
    alternatives: [],
    evidence: [`access key ${DEPLOY_KEY} was returned by the issuing call`, 'sourceIdentity "alice" set by the issuing call'],
  };
}

export function crossAccountTrace(): Trace {
  return {
    schema: 'trail-trace/trace@1',
    target: {
      eventId: 'target-1', eventTime: '2026-03-09T10:20:00Z', eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging',
      accountId: B, region: 'eu-west-1', sourceIPAddress: '203.0.113.7', userAgent: 'aws-cli/2.15.0', errorCode: null,
      identity: { type: 'AssumedRole', arn: DEPLOY_ARN, principalId: 'AROADEPLOYEXAMPLE0001:ci-1712', accessKeyId: DEPLOY_KEY, accountId: B },
    },
    status: 'complete',
    hops: [deployHop()],
    origin: {
      type: 'IAMUser', accountId: A, arn: `arn:aws:iam::${A}:user/alice`, principalId: 'AIDAALICEEXAMPLE00001', userName: 'alice',
      accessKeyId: ALICE_KEY, sourceIPAddress: '198.51.100.4', userAgent: 'aws-cli/2.15.0', mfaAuthenticated: true,
      description: `IAM user alice (long-term access key ${ALICE_KEY})`,
      event: { eventId: 'issue-caller-copy', eventName: 'AssumeRole', eventTime: '2026-03-09T10:00:00Z' },
    },
    gaps: [],
    findings: [],
    warnings: [],
  };
}

/** The events of the chain: alice's AssumeRole (two copies), reads, two writes, the target. */
export function crossAccountActivity(reads = 3): ChainEvent[] {
  const originIdentity = { identityType: 'IAMUser', identityArn: `arn:aws:iam::${A}:user/alice`, principalId: 'AIDAALICEEXAMPLE00001', accessKeyId: ALICE_KEY, sessionCreatedAt: null, sessionRoleArn: null, actor: 'origin' as const };
  const events: ChainEvent[] = [
    event({ eventId: 'issue-caller-copy', eventTime: '2026-03-09T10:00:00Z', eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', accountId: A, sharedEventId: 'shared-1', requestedRoleArn: `arn:aws:iam::${B}:role/Deploy`, sourceIPAddress: '198.51.100.4', ...originIdentity }),
    event({ eventId: 'issue-owner-copy', eventTime: '2026-03-09T10:00:00Z', eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', sharedEventId: 'shared-1', requestedRoleArn: `arn:aws:iam::${B}:role/Deploy`, sourceIPAddress: '198.51.100.4', identityType: 'AWSAccount', identityArn: null, principalId: 'AIDAALICEEXAMPLE00001', accessKeyId: null, sessionCreatedAt: null, sessionRoleArn: null, actor: 'origin' }),
  ];
  for (let i = 0; i < reads; i++) {
    const t = new Date(Date.parse('2026-03-09T10:01:00Z') + i * 1000).toISOString().replace('.000Z', 'Z');
    events.push(event({ eventId: `read-${String(i).padStart(4, '0')}`, eventTime: t, eventName: 'ListRoles' }));
  }
  events.push(
    event({ eventId: 'write-1', eventTime: '2026-03-09T10:15:00Z', eventSource: 'ec2.amazonaws.com', eventName: 'CreateTags', readOnly: false, region: 'eu-west-1' }),
    event({ eventId: 'sensitive-1', eventTime: '2026-03-09T10:16:00Z', eventName: 'CreateAccessKey', readOnly: false }),
    event({ eventId: 'denied-1', eventTime: '2026-03-09T10:17:00Z', eventName: 'GetUser', errorCode: 'AccessDenied' }),
    event({ eventId: 'target-1', eventTime: '2026-03-09T10:20:00Z', eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', readOnly: false, region: 'eu-west-1' }),
  );
  return events;
}

export function incidentOf(trace: Trace, activity: ChainEvent[], otherCredentials: OtherCredential[] = []): Incident {
  const ids = new Set([trace.target.eventId, ...trace.hops.flatMap((h) => (h.issuedBy ? [h.issuedBy.eventId, ...h.issuedBy.copies] : []))]);
  return {
    trace,
    integrity: { chains: [], loggingChanges: [], silentHours: [] },
    activity,
    otherCredentials,
    records: activity.filter((e) => ids.has(e.eventId)).map((e) => ({ eventId: e.eventId, source: e.location!.source, index: e.location!.index, sha256: 'ab'.repeat(32), verified: true, integrity: 'unsigned' as const, digest: null, differingCopies: [] })),
    coverage: { accounts: [A, B], regions: ['eu-west-1', 'us-east-1'], from: '2026-03-09T00:00:00Z', to: '2026-03-10T00:00:00Z', events: 1234, loadedFrom: [{ kind: 'local', root: '/logs', orgId: 'o-abc', endpointUrl: null }] },
    coverageCells: [
      { accountId: A, region: 'us-east-1', from: '2026-03-09T00:00:00Z', to: '2026-03-09T23:00:00Z', events: 234 },
      { accountId: B, region: 'eu-west-1', from: '2026-03-09T01:00:00Z', to: '2026-03-10T00:00:00Z', events: 1000 },
    ],
    fetched: [],
    storePath: '/cases/42/store.duckdb',
    toolVersion: '9.9.9',
    generatedAt: '2026-03-11T08:00:00Z',
  };
}

export function crossAccountIncident(reads = 3): Incident {
  return incidentOf(crossAccountTrace(), crossAccountActivity(reads));
}

/** Replaces every string in `value` (deeply) with `f(string)`, keeping keys and structure. */
function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)])) as T;
  }
  return value;
}

/** Fields whose values the tool itself decides (enums, times), not the logs. */
const TOOL_VALUES = new Set(['exact', 'strong', 'heuristic', 'access-key', 'principal-and-creation-time', 'role-session-arn', 'complete', 'broken', 'no-identity', 'IAMUser', 'AWSAccount', 'AssumedRole', 'trail-trace/trace@1', 'hop 1', 'origin']);

/**
 * The cross-account incident with `hostile` appended to every string a log can set (event ids,
 * names, ARNs, session and role names, IPs, user agents, paths, the tracer's evidence), and a
 * broken second hop so the gap, its hint and the missing-node diagram are covered too.
 */
export function hostileIncident(hostile: string): Incident {
  const isTime = (s: string) => /^\d{4}-\d{2}-\d{2}T/.test(s);
  const incident = mapStrings(crossAccountIncident(), (s) => (TOOL_VALUES.has(s) || isTime(s) ? s : `${s}${hostile}`));
  const trace = incident.trace;
  trace.status = 'broken';
  trace.hops.push({ ...trace.hops[0]!, issuedBy: null, link: null, confidence: null, alternatives: [], evidence: [] });
  trace.hops[0]!.alternatives = [{ eventId: `alt${hostile}`, eventName: `AssumeRole${hostile}`, eventTime: '2026-03-09T09:00:00Z', accountId: `${B}${hostile}`, region: null, why: `older${hostile}` }];
  trace.gaps = [{ reason: `issuing event not in store${hostile}`, accountId: `${A}${hostile}`, region: `us-east-1${hostile}`, regions: [`eu-west-1${hostile}`], from: '2026-03-09T09:00:00Z', to: '2026-03-09T10:00:00Z', hint: `trail-trace ingest files /logs/${hostile}` }];
  trace.warnings = [`duplicate delivery${hostile}`];
  return incident;
}
