// The chain walk against the in-memory port: each rule of spec §4 has a case that fails if it breaks.

import { describe, expect, it } from 'vitest';
import { walk } from '../../src/trace/walk.js';
import type { TrailEvent } from '../../src/trace/model.js';
import { eventsOf, memoryLookups } from '../helpers/memory-lookups.js';
import { apiCall, assumeRole, iamUser, plusSeconds, roleSession, uuid } from '../helpers/records.js';

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const T0 = '2026-03-09T10:00:00Z';

async function traceOf(records: unknown[], targetId: string) {
  const events = eventsOf(records);
  const target = events.find((e) => e.eventId === targetId) as TrailEvent;
  return walk(target, memoryLookups(events));
}

/** alice (A, long-term key) → role Deploy in B (cross-account, two copies) → API call in B. */
function crossAccount(opts: { withCallerCopy?: boolean } = {}) {
  const alice = iamUser(A, 'alice', 'AKIAALICE00000000001');
  const shared = uuid();
  const requestId = uuid();
  const common = { time: T0, roleAccount: B, role: 'Deploy', roleId: 'AROADEPLOY0000000001', session: 'alice-deploy', issuedKey: 'ASIADEPLOY0000000001', shared, requestId };
  const callerCopy = assumeRole({ ...common, caller: alice, recipient: A });
  const ownerCopy = assumeRole({ ...common, caller: { type: 'AWSAccount', principalId: 'AIDAALICEXXXXXXXXXXX', accountId: A }, recipient: B });
  const session = roleSession({ account: B, role: 'Deploy', roleId: 'AROADEPLOY0000000001', session: 'alice-deploy', key: 'ASIADEPLOY0000000001', created: T0 });
  const use = apiCall({ identity: session, time: plusSeconds(T0, 120), account: B, name: 'DeleteBucket' });
  const records = opts.withCallerCopy === false ? [ownerCopy, use] : [use, ownerCopy, callerCopy];
  return { records, use, callerCopy, ownerCopy };
}

describe('walk: cross-account (spec §4.6)', () => {
  it('names the role owner copy, lists the caller copy, and continues from the caller copy to the origin', async () => {
    const s = crossAccount();
    const t = await traceOf(s.records, s.use.eventID as string);
    expect(t.status).toBe('complete');
    expect(t.hops).toHaveLength(1);
    expect(t.hops[0]!.issuedBy?.eventId).toBe(s.ownerCopy.eventID);
    expect(t.hops[0]!.issuedBy?.copies).toEqual([s.callerCopy.eventID]);
    expect(t.hops[0]!.issuedBy?.caller.type).toBe('IAMUser');
    expect(t.hops[0]!).toMatchObject({ link: 'access-key', confidence: 'exact' });
    expect(t.origin).toMatchObject({ type: 'IAMUser', accountId: A, accessKeyId: 'AKIAALICE00000000001', userName: 'alice' });
  });

  it('reports an unresolved caller as AWSAccount with a gap in the caller account and the same region', async () => {
    const s = crossAccount({ withCallerCopy: false });
    const t = await traceOf(s.records, s.use.eventID as string);
    expect(t.status).toBe('broken');
    expect(t.origin).toMatchObject({ type: 'AWSAccount', accountId: A, principalId: 'AIDAALICEXXXXXXXXXXX' });
    expect(t.gaps).toHaveLength(1);
    expect(t.gaps[0]).toMatchObject({ accountId: A, region: 'us-east-1' });
    expect(t.gaps[0]!.hint).toContain(`AWSLogs/${A}/CloudTrail/`);
    expect(t.gaps[0]!.hint).toContain('2026/03/09');
    expect(t.gaps[0]!.hint).toContain('2026/03/10'); // late delivery: the next day's folder too
  });

  it('gives the same answer whatever the order of the records', async () => {
    const s = crossAccount();
    const a = await traceOf(s.records, s.use.eventID as string);
    const b = await traceOf([...s.records].reverse(), s.use.eventID as string);
    expect(b).toEqual(a);
  });

  it('never produces duplicate hops from duplicate deliveries (same eventID twice)', async () => {
    const s = crossAccount();
    const t = await traceOf([...s.records, structuredClone(s.ownerCopy), structuredClone(s.callerCopy)], s.use.eventID as string);
    expect(t.hops).toHaveLength(1);
    expect(t.hops[0]!.issuedBy?.copies).toEqual([s.callerCopy.eventID]);
    expect(t.hops[0]!.alternatives).toEqual([]);
  });
});

describe('walk: role chains', () => {
  function chain(depth: number) {
    const user = iamUser(A, 'bob', 'AKIABOB0000000000001');
    const records: Record<string, unknown>[] = [];
    let caller: Record<string, unknown> = user;
    let time = T0;
    for (let i = 0; i < depth; i++) {
      const roleId = `AROAROLE${String(i).padStart(12, '0')}`;
      const key = `ASIAKEY${String(i).padStart(13, '0')}`;
      records.push(assumeRole({ caller, time, recipient: A, roleAccount: A, role: `Role${i}`, roleId, session: `s${i}`, issuedKey: key, sourceIdentity: 'bob' }));
      caller = roleSession({ account: A, role: `Role${i}`, roleId, session: `s${i}`, key, created: time, sourceIdentity: 'bob' });
      time = plusSeconds(time, 30);
    }
    const use = apiCall({ identity: caller, time, account: A });
    records.push(use);
    return { records, use };
  }

  it('walks a 3-hop same-account chain to the IAM user', async () => {
    const s = chain(3);
    const t = await traceOf(s.records, s.use.eventID as string);
    expect(t.status).toBe('complete');
    expect(t.hops.map((h) => h.session.arn)).toEqual([
      `arn:aws:sts::${A}:assumed-role/Role2/s2`,
      `arn:aws:sts::${A}:assumed-role/Role1/s1`,
      `arn:aws:sts::${A}:assumed-role/Role0/s0`,
    ]);
    expect(t.hops.every((h) => h.confidence === 'exact')).toBe(true);
    expect(t.hops[0]!.session.sourceIdentity).toBe('bob');
    expect(t.origin?.userName).toBe('bob');
  });

  it('stops at the depth cap instead of looping forever', async () => {
    const s = chain(25);
    const t = await traceOf(s.records, s.use.eventID as string);
    expect(t.status).toBe('broken');
    expect(t.warnings.join(' ')).toMatch(/stopped after 20 hops/);
  });
});

describe('walk: link rules (spec §4.2-§4.4)', () => {
  const user = iamUser(A, 'carol', 'AKIACAROL00000000001');
  const issue = assumeRole({ caller: user, time: T0, recipient: B, roleAccount: B, role: 'Ops', roleId: 'AROAOPS0000000000001', session: 'carol', issuedKey: 'ASIAOPS0000000000001' });
  const session = (over: Record<string, unknown> = {}) => ({ ...roleSession({ account: B, role: 'Ops', roleId: 'AROAOPS0000000000001', session: 'carol', key: 'ASIAOPS0000000000001', created: T0 }), ...over });

  it('does not link a key used after the credentials expired', async () => {
    const use = apiCall({ identity: session({ sessionContext: undefined }), time: plusSeconds(T0, 3 * 3600), account: B });
    const t = await traceOf([issue, use], use.eventID as string);
    expect(t.status).toBe('broken');
    expect(t.hops[0]!.issuedBy).toBeNull();
  });

  it('does not link a key used in another account than the role\'s', async () => {
    const use = apiCall({ identity: session({ accountId: C, arn: `arn:aws:sts::${C}:assumed-role/Ops/carol`, sessionContext: undefined }), time: plusSeconds(T0, 60), account: C });
    const t = await traceOf([issue, use], use.eventID as string);
    expect(t.status).toBe('broken');
  });

  it('links a console session by principal id + creationDate when the key differs (tier 2, spec §3.8)', async () => {
    const use = apiCall({ identity: session({ accessKeyId: 'ASIACONSOLE000000001' }), time: plusSeconds(T0, 60), account: B, userAgent: 'console.amazonaws.com' });
    const t = await traceOf([issue, use], use.eventID as string);
    expect(t.hops[0]).toMatchObject({ link: 'principal-and-creation-time', confidence: 'strong' });
    expect(t.hops[0]!.issuedBy?.eventId).toBe(issue.eventID);
    expect(t.origin?.userName).toBe('carol');
  });

  it('falls back to the latest issuance of the same session ARN, listing the other (tier 3)', async () => {
    const earlier = assumeRole({ caller: user, time: plusSeconds(T0, -600), recipient: B, roleAccount: B, role: 'Ops', roleId: 'AROAOPS0000000000001', session: 'carol', issuedKey: 'ASIAOPS0000000000000' });
    const unknown = { type: 'Unknown', principalId: 'AROAOPS0000000000001:carol', arn: `arn:aws:sts::${B}:assumed-role/Ops/carol`, accountId: B, accessKeyId: 'Unknown' };
    const use = apiCall({ identity: unknown, time: plusSeconds(T0, 60), account: B });
    const t = await traceOf([earlier, issue, use], use.eventID as string);
    expect(t.hops[0]).toMatchObject({ link: 'role-session-arn', confidence: 'heuristic' });
    expect(t.hops[0]!.issuedBy?.eventId).toBe(issue.eventID);
    expect(t.hops[0]!.alternatives.map((a) => a.eventId)).toEqual([earlier.eventID]);
  });

  it('never links to an issuance whose time differs from the session creationDate (EC2 refresh, spec §4.4)', async () => {
    // The session was minted at T0+1h; only the T0 issuance of the same ARN is in the logs.
    const refreshed = apiCall({
      identity: session({ accessKeyId: 'ASIAOPS000000000REFR', principalId: undefined, sessionContext: { attributes: { creationDate: plusSeconds(T0, 3600) } } }),
      time: plusSeconds(T0, 3700), account: B,
    });
    const longIssue = assumeRole({ caller: user, time: T0, recipient: B, roleAccount: B, role: 'Ops', roleId: 'AROAOPS0000000000001', session: 'carol', issuedKey: 'ASIAOPS0000000000001', duration: 6 * 3600 });
    const t = await traceOf([longIssue, refreshed], refreshed.eventID as string);
    expect(t.status).toBe('broken');
    expect(t.hops[0]!.issuedBy).toBeNull();
    expect(t.gaps[0]!.from).toBe(plusSeconds(T0, 3600 - 300));
  });

  it('is not fooled by a reused session name: the key picks the right issuance', async () => {
    const mallory = iamUser(A, 'mallory', 'AKIAMALLORY000000001');
    const second = assumeRole({ caller: mallory, time: plusSeconds(T0, 600), recipient: B, roleAccount: B, role: 'Ops', roleId: 'AROAOPS0000000000001', session: 'carol', issuedKey: 'ASIAOPS0000000000002' });
    const use = apiCall({ identity: session({ accessKeyId: 'ASIAOPS0000000000002', sessionContext: { attributes: { creationDate: plusSeconds(T0, 600) } } }), time: plusSeconds(T0, 700), account: B });
    const t = await traceOf([issue, second, use], use.eventID as string);
    expect(t.hops[0]).toMatchObject({ link: 'access-key', confidence: 'exact' });
    expect(t.origin?.userName).toBe('mallory');
  });
});

describe('walk: origins', () => {
  it('AWS service with its workload: EKS pod identity tags (spec §3.9)', async () => {
    const issue = assumeRole({ caller: { type: 'AWSService', invokedBy: 'pods.eks.amazonaws.com' }, time: T0, recipient: B, roleAccount: B, role: 'pod-role', roleId: 'AROAPOD0000000000001', session: 'eks-x-app1-1', issuedKey: 'ASIAPOD0000000000001' });
    (issue.requestParameters as Record<string, unknown>).tags = [
      { key: 'eks-cluster-name', value: 'prod' }, { key: 'kubernetes-namespace', value: 'ns-a' },
      { key: 'kubernetes-pod-name', value: 'app1' }, { key: 'kubernetes-service-account', value: 'sa1' },
    ];
    const use = apiCall({ identity: roleSession({ account: B, role: 'pod-role', roleId: 'AROAPOD0000000000001', session: 'eks-x-app1-1', key: 'ASIAPOD0000000000001', created: T0 }), time: plusSeconds(T0, 5), account: B });
    const t = await traceOf([issue, use], use.eventID as string);
    expect(t.origin).toMatchObject({ type: 'AWSService', service: 'pods.eks.amazonaws.com', workload: 'app1' });
    expect(t.origin?.description).toContain('pod ns-a/app1 (service account sa1) in cluster prod');
  });

  it('an IAM user temporary key with no GetSessionToken is a console session of that user', async () => {
    const use = apiCall({
      identity: { ...iamUser(A, 'dave', 'ASIADAVECONSOLE00001'), sessionContext: { sessionIssuer: {}, attributes: { creationDate: T0, mfaAuthenticated: 'true' } } },
      time: plusSeconds(T0, 60), account: A,
    });
    const t = await traceOf([use], use.eventID as string);
    expect(t.status).toBe('complete');
    expect(t.origin).toMatchObject({ type: 'IAMUser', userName: 'dave', mfaAuthenticated: true });
    expect(t.warnings.join(' ')).toMatch(/console session/);
  });

  it('an anonymous request has no identity to trace', async () => {
    const use = apiCall({ identity: { type: 'AWSAccount', principalId: '', accountId: 'ANONYMOUS_PRINCIPAL' }, time: T0, account: B, name: 'GetObject' });
    const t = await traceOf([use], use.eventID as string);
    expect(t.status).toBe('no-identity');
    expect(t.hops).toEqual([]);
    expect(t.origin).toBeNull();
  });

  it('an IAM user long-term key is its own origin (no hops)', async () => {
    const use = apiCall({ identity: iamUser(A, 'erin', 'AKIAERIN000000000001'), time: T0, account: A });
    const t = await traceOf([use], use.eventID as string);
    expect(t).toMatchObject({ status: 'complete', hops: [], origin: { type: 'IAMUser', accessKeyId: 'AKIAERIN000000000001' } });
  });
});

describe('walk: past a long-term credential\'s creation', () => {
  const mallory = roleSession({ account: B, role: 'Admin', roleId: 'AROAADMIN00000000001', session: 'mallory', key: 'ASIAMALLORY000000001', created: T0 });
  const bob = iamUser(B, 'bob', 'AKIABOB0000000000001');

  function createKey(caller: Record<string, unknown>, user: string, key: string, time: string): Record<string, unknown> {
    return {
      ...apiCall({ identity: caller, time, account: B, source: 'iam.amazonaws.com', name: 'CreateAccessKey', region: 'us-east-1' }),
      readOnly: false,
      requestParameters: { userName: user },
      // Real shape: stratus-red-team iam-backdoor-user (createDate is not ISO 8601; no secret is logged).
      responseElements: { accessKey: { accessKeyId: key, status: 'Active', userName: user, createDate: 'Mar 9, 2026 10:05:00 AM' } },
    };
  }

  function passwordCall(caller: Record<string, unknown>, name: string, user: string | null, time: string): Record<string, unknown> {
    return {
      ...apiCall({ identity: caller, time, account: B, source: 'iam.amazonaws.com', name, region: 'us-east-1' }),
      readOnly: false,
      requestParameters: user ? { userName: user, passwordResetRequired: false } : null,
      responseElements: name === 'CreateLoginProfile' ? { loginProfile: { userName: user, createDate: 'Mar 9, 2026 10:05:00 AM', passwordResetRequired: false } } : null,
    };
  }

  function consoleLogin(user: string, time: string): Record<string, unknown> {
    return {
      ...apiCall({ identity: { type: 'IAMUser', principalId: 'AIDABOB0000000000001', arn: `arn:aws:iam::${B}:user/${user}`, accountId: B, userName: user }, time, account: B, source: 'signin.amazonaws.com', name: 'ConsoleLogin', region: 'us-east-1' }),
      eventType: 'AwsConsoleSignIn',
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: { MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com/console/home' },
    };
  }

  const malloryIssue = assumeRole({ caller: iamUser(A, 'mallory', 'AKIAMALLORY000000001'), time: T0, recipient: B, roleAccount: B, role: 'Admin', roleId: 'AROAADMIN00000000001', session: 'mallory', issuedKey: 'ASIAMALLORY000000001' });

  it('makes a key\'s CreateAccessKey one more hop, exact, and walks on through its maker to the origin', async () => {
    const created = createKey(mallory, 'bob', 'AKIABOB0000000000001', plusSeconds(T0, 300));
    const use = apiCall({ identity: bob, time: plusSeconds(T0, 3600), account: B, name: 'GetSecretValue', source: 'secretsmanager.amazonaws.com' });
    const t = await traceOf([malloryIssue, created, use], use.eventID as string);
    expect(t.status).toBe('complete');
    expect(t.hops.map((h) => [h.issuedBy?.eventName, h.link, h.confidence])).toEqual([['CreateAccessKey', 'access-key', 'exact'], ['AssumeRole', 'access-key', 'exact']]);
    expect(t.hops[0]!.session).toMatchObject({ accessKeyId: 'AKIABOB0000000000001', arn: `arn:aws:iam::${B}:user/bob`, createdAt: plusSeconds(T0, 300), kind: 'long-term access key made for this user by another principal' });
    expect(t.hops[0]!.evidence).toContain(`made for IAM user bob by arn:aws:sts::${B}:assumed-role/Admin/mallory: a key made by one principal for another user is a classic persistence move (MITRE ATT&CK T1098.001)`);
    expect(t.origin).toMatchObject({ type: 'IAMUser', userName: 'mallory', accountId: A, accessKeyId: 'AKIAMALLORY000000001' });
  });

  it('says so when the user made the key itself', async () => {
    const created = createKey(bob, 'bob', 'AKIABOBSECOND0000002', plusSeconds(T0, 300));
    const use = apiCall({ identity: iamUser(B, 'bob', 'AKIABOBSECOND0000002'), time: plusSeconds(T0, 3600), account: B });
    const t = await traceOf([created, use], use.eventID as string);
    expect(t.hops[0]!.evidence).toContain('made by IAM user bob itself');
    expect(t.hops[0]!.session.kind).toBe('long-term access key');
    expect(t.origin).toMatchObject({ type: 'IAMUser', userName: 'bob', accessKeyId: 'AKIABOB0000000000001' });
  });

  it('does not take a CreateAccessKey after the use, or for another user, as the key\'s making', async () => {
    const later = createKey(mallory, 'bob', 'AKIABOB0000000000001', plusSeconds(T0, 7200));
    const other = { ...createKey(mallory, 'carol', 'AKIABOB0000000000001', plusSeconds(T0, 300)), eventID: uuid() };
    const use = apiCall({ identity: bob, time: plusSeconds(T0, 3600), account: B });
    const t = await traceOf([later, other, use], use.eventID as string);
    expect(t.hops).toEqual([]);
    expect(t.origin).toMatchObject({ type: 'IAMUser', userName: 'bob' });
  });

  it('links a console sign-in to the password another principal set before it, heuristically', async () => {
    const set = passwordCall(mallory, 'CreateLoginProfile', 'bob', plusSeconds(T0, 300));
    const login = consoleLogin('bob', plusSeconds(T0, 600));
    const t = await traceOf([malloryIssue, set, login], login.eventID as string);
    expect(t.hops[0]).toMatchObject({ link: 'login-profile', confidence: 'heuristic', issuedBy: { eventId: set.eventID, eventName: 'CreateLoginProfile' } });
    expect(t.hops[0]!.evidence[1]).toContain('the sign-in does not say which password was used');
    expect(t.origin).toMatchObject({ userName: 'mallory' });
  });

  it('ends at the user when the password was set long before the sign-in (an administrator onboarding the user)', async () => {
    const set = passwordCall(mallory, 'CreateLoginProfile', 'bob', plusSeconds(T0, 300));
    const login = consoleLogin('bob', plusSeconds(T0, 200 * 86400));
    const t = await traceOf([malloryIssue, set, login], login.eventID as string);
    expect(t.hops).toEqual([]);
    expect(t.origin).toMatchObject({ type: 'IAMUser', userName: 'bob' });
  });

  it('ends at the user when it set its own password last', async () => {
    const set = passwordCall(mallory, 'CreateLoginProfile', 'bob', plusSeconds(T0, 300));
    const own = passwordCall({ ...bob, accessKeyId: 'ASIABOBCONSOLE000001' }, 'ChangePassword', null, plusSeconds(T0, 400));
    const login = consoleLogin('bob', plusSeconds(T0, 600));
    const t = await traceOf([malloryIssue, set, own, login], login.eventID as string);
    expect(t.hops).toEqual([]);
    expect(t.origin).toMatchObject({ type: 'IAMUser', userName: 'bob' });
  });
});

describe('walk: an Identity Center session whose member-account mint is missing (aws sso login)', () => {
  const IC = '444444444444';
  const USER_ID = '11fb6570-3051-707e-a14f-d5a0d1f455fe';
  const STORE = `arn:aws:identitystore::${IC}:identitystore/d-9a675246c6`;
  const CREATED = '2026-03-09T17:39:11Z';

  function session(userId: string | null): Record<string, unknown> {
    const s = roleSession({ account: B, role: 'AWSReservedSSO_PowerUser_50d858085657c5c1', roleId: 'AROAPOWERUSER0000001', session: 'priya@example.com', key: 'ASIAPRIYA00000000001', created: CREATED });
    return userId ? { ...s, onBehalfOf: { userId, identityStoreArn: STORE } } : s;
  }

  /** The portal's GetRoleCredentials (S18 shape; the trailtool `aws sso login` capture has no serviceEventDetails). */
  function getRoleCredentials(userId: string, details: boolean): Record<string, unknown> {
    return {
      ...apiCall({ identity: { type: 'IdentityCenterUser', accountId: IC, onBehalfOf: { userId, identityStoreArn: STORE }, credentialId: 'AAAAAGnhiJYYvcEjzAi8' }, time: CREATED, account: IC, source: 'sso.amazonaws.com', name: 'GetRoleCredentials', region: 'eu-west-1', userAgent: 'aws-cli/2.34.30 md/command#sts.get-caller-identity' }),
      eventType: 'AwsServiceEvent',
      ...(details ? { serviceEventDetails: { role_name: 'PowerUser', account_id: B } } : {}),
    };
  }

  function use(userId: string | null): Record<string, unknown> {
    return apiCall({ identity: session(userId), time: plusSeconds(CREATED, 5), account: B, source: 'sts.amazonaws.com', name: 'GetCallerIdentity' });
  }

  it('links the session to the portal\'s GetRoleCredentials of the same second, strong when user, account and permission set match', async () => {
    const grc = getRoleCredentials(USER_ID, true);
    const call = use(USER_ID);
    const t = await traceOf([grc, call], call.eventID as string);
    expect(t.status).toBe('complete');
    expect(t.hops).toHaveLength(1);
    expect(t.hops[0]).toMatchObject({ link: 'identity-center-credentials', confidence: 'strong', issuedBy: { eventId: grc.eventID, eventName: 'GetRoleCredentials', accountId: IC } });
    expect(t.hops[0]!.evidence).toContain('the member account\'s AssumeRoleWithSAML that minted the session is not in the store');
    expect(t.origin).toMatchObject({ type: 'IdentityCenterUser', principalId: USER_ID, subject: 'priya@example.com', identityProvider: STORE, accountId: IC });
  });

  it('is heuristic when the portal call does not name the account and permission set', async () => {
    const grc = getRoleCredentials(USER_ID, false);
    const call = use(USER_ID);
    const t = await traceOf([grc, call], call.eventID as string);
    expect(t.hops[0]).toMatchObject({ link: 'identity-center-credentials', confidence: 'heuristic' });
  });

  it('does not link another Identity Center user\'s call: the chain breaks, with its gap', async () => {
    const grc = getRoleCredentials('00000000-0000-0000-0000-000000000000', true);
    const call = use(USER_ID);
    const t = await traceOf([grc, call], call.eventID as string);
    expect(t.status).toBe('broken');
    expect(t.gaps).toHaveLength(1);
  });
});
