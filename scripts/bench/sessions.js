// Sessions and their STS issuances for the bench corpus: who assumed which role when,
// logged the way CloudTrail logs it (spec §3.1, §3.9, §4.6), and the API calls each session
// makes. Records are handed to `emit(t, accountId, region, json, meta, mintedFrom)`; meta says what
// trace the record should produce (depth, origin, whether the issuance is missing); mintedFrom, on a
// logged issuance only, is the long-term key the new session descends from (what a scope of that
// key should find).

import { API, USER_AGENTS, isoSeconds, javaDate, recordJson, resourcesOf, tlsDetails } from './records.js';

const PROFILES = {
  ec2: { DescribeInstances: 3, DescribeTags: 6, GetParameter: 6, GetParameters: 3, GetObject: 7, PutObject: 4, Decrypt: 8,
    GenerateDataKey: 5, GetSecretValue: 4, CreateLogStream: 3, DescribeTargetHealth: 2, GetAuthorizationToken: 2,
    BatchGetImage: 2, DescribeTable: 3, GetCallerIdentity: 1, DescribeNetworkInterfaces: 1, DescribeAutoScalingGroups: 1 },
  lambda: { GetObject: 6, PutObject: 4, Decrypt: 6, GenerateDataKey: 3, DescribeTable: 4, GetParameter: 5, GetSecretValue: 3,
    GetCallerIdentity: 1, CreateLogStream: 1 },
  human: { ListBuckets: 4, GetBucketAcl: 3, GetBucketPolicy: 3, GetBucketLocation: 2, GetBucketEncryption: 2, DescribeInstances: 8,
    DescribeSecurityGroups: 5, DescribeVpcs: 3, DescribeSubnets: 3, DescribeImages: 2, ListRoles: 3, GetRole: 4,
    ListAttachedRolePolicies: 3, GetPolicyVersion: 2, DescribeStacks: 4, DescribeStackEvents: 2, ListFunctions20150331: 2,
    DescribeLogGroups: 3, GetCallerIdentity: 3, CreateTags: 1, DescribeAlarms: 2, DescribeAutoScalingGroups: 2, GetObject: 3,
    DescribeTable: 2, GetSecretValue: 1 },
  ci: { DescribeStacks: 8, DescribeStackEvents: 6, GetObject: 6, PutObject: 5, GetRole: 5, ListAttachedRolePolicies: 3, CreateTags: 3,
    GetFunction20150331v2: 3, GetAuthorizationToken: 3, BatchGetImage: 2, DescribeImages: 3, GetBucketLocation: 2, GetBucketPolicy: 2,
    Decrypt: 3, DescribeSecurityGroups: 3, DescribeInstances: 2, GetCallerIdentity: 2, GetPolicyVersion: 2 },
  iam: { ListUsers: 3, GetAccountSummary: 2, ListRoles: 2, GetCallerIdentity: 3, ListBuckets: 2, DescribeInstances: 1, GetBucketAcl: 1 },
  // An inventory and health exporter: describes what runs and how it is doing, and every so often
  // writes a snapshot to S3 and opens a log stream. Read-mostly: about 4 calls in 100 write.
  exporter: { DescribeInstances: 8, DescribeAlarms: 7, DescribeTargetHealth: 6, DescribeAutoScalingGroups: 5, DescribeTable: 4,
    DescribeLogGroups: 3, DescribeVpcs: 2, DescribeSubnets: 2, DescribeSecurityGroups: 2, ListBuckets: 2, GetBucketLocation: 2,
    GetBucketEncryption: 1, GetCallerIdentity: 1, PutObject: 1.5, CreateLogStream: 0.5 },
};

const PICKERS = Object.fromEntries(Object.entries(PROFILES).map(([name, weights]) => {
  const names = Object.keys(weights);
  const cum = [];
  let total = 0;
  for (const n of names) { total += weights[n]; cum.push(total); }
  return [name, (rng) => {
    const x = rng.next() * total;
    let i = 0;
    while (cum[i] <= x) i++;
    return names[i];
  }];
}));

/** Records made by IAM users with their long-term AKIA keys: traces end at the user, no hops. */
export const IAM_META = { kind: 'iam', depth: 0, origin: 'IAMUser', missing: false };
/** The metrics exporter's long-term-key calls: traced like any IAM user's, told apart for counting. */
export const EXPORTER_META = { kind: 'automation', depth: 0, origin: 'IAMUser', missing: false };
/** Role-owner copies (AWSAccount caller) and AWS-service calls: not used as bench targets. */
export const OTHER_META = { kind: 'other', depth: -1, origin: null, missing: false };

export function createSessionFactory({ rng, org, emit, t0, stats }) {
  const regions = org.regions;

  function userIdentityOfUser(user, key) {
    return `{"type":"IAMUser","principalId":"${user.principalId}","arn":"${user.arn}","accountId":"${user.account.id}","accessKeyId":"${key}","userName":"${user.userName}"}`;
  }

  /** A caller of STS: an IAM user with a long-term key, a session, or an AWS service. */
  function userCaller(user) {
    const key = rng.pick(user.keys);
    return {
      type: 'IAMUser', ui: userIdentityOfUser(user, key), principalId: user.principalId, accountId: user.account.id,
      ip: user.ip, ua: rng.pick(USER_AGENTS[user.agent]), meta: IAM_META, origin: 'IAMUser', depth: 0, mfa: false,
      arn: user.arn, userName: user.userName, rootKey: key,
    };
  }
  function serviceCaller(service, ip) {
    return { type: 'AWSService', ui: `{"type":"AWSService","invokedBy":"${service}"}`, accountId: null, ip: ip ?? service, ua: service,
      meta: null, origin: 'AWSService', depth: 0, mfa: false };
  }

  /**
   * Issue a role session: the AssumeRole record(s) and the session's identity.
   * Cross-account calls by a principal are logged twice with one sharedEventID (spec §4.6);
   * service-issued sessions once, in the role's account, still with a sharedEventID (S22, S23).
   */
  function assumeRole({ caller, role, sessionName, t, duration, passDuration = true, stsRegion, endpoint = 'global', kind,
    missing = false, sourceIdentity, mfaSerial, tags, inScopeOf, ec2 = false, ip, ua, region }) {
    const key = `ASIA${rng.base32(16)}`;
    const acct = role.account.id;
    const principalId = `${role.roleId}:${sessionName}`;
    const arn = `arn:aws:sts::${acct}:assumed-role/${role.name}/${sessionName}`;
    const depth = caller.depth + 1;
    const mfa = caller.mfa || Boolean(mfaSerial);
    const exp = t + duration;
    const rootKey = caller.rootKey ?? null; // null under an AWS service: no key to scope from
    stats.sessions++;
    stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
    stats.byDepth[depth] = (stats.byDepth[depth] ?? 0) + 1;
    const notLogged = missing || t < t0;
    if (notLogged) stats.missingSessions++;

    if (!notLogged) {
      const service = caller.type === 'AWSService';
      const params = { roleArn: role.arn, roleSessionName: sessionName };
      if (passDuration && !service) params.durationSeconds = duration;
      if (service && kind === 'lambda') params.durationSeconds = duration;
      if (sourceIdentity) params.sourceIdentity = sourceIdentity;
      if (mfaSerial) params.serialNumber = mfaSerial;
      if (tags) { params.tags = tags; params.transitiveTagKeys = tags.map((x) => x.key); }
      const resp = {
        credentials: { accessKeyId: key, sessionToken: `IQoJb3JpZ2luX2Vj${rng.base64(rng.int(380, 760))}`, expiration: javaDate(exp) },
        assumedRoleUser: { assumedRoleId: principalId, arn },
      };
      if (tags) resp.packedPolicySize = rng.int(2, 60);
      if (sourceIdentity) resp.sourceIdentity = sourceIdentity;
      const awsRegion = stsRegion;
      const aed = service ? undefined : { RequestDetails: { awsServingRegion: endpoint === 'global' ? rng.pick([regions[0], region ?? regions[0]]) : awsRegion, endpointType: endpoint } };
      const tls = service ? null : tlsDetails(rng, endpoint === 'global' ? 'sts.amazonaws.com' : `sts.${awsRegion}.amazonaws.com`);
      const requestId = rng.uuid();
      const crossAccount = !service && caller.accountId !== acct;
      const sharedEventId = crossAccount || service ? rng.uuid() : undefined;
      const base = {
        t, src: 'sts', name: 'AssumeRole', region: awsRegion, ip: caller.ip, ua: caller.ua, params, resp, aed, ro: true,
        requestId, sharedEventId, resources: [{ ARN: role.arn, accountId: acct, type: 'AWS::IAM::Role' }], tls,
      };
      if (service) {
        emit(t, acct, awsRegion, recordJson({ ...base, ui: caller.ui, account: acct, eventId: rng.uuid() }), OTHER_META);
      } else {
        emit(t, caller.accountId, awsRegion, recordJson({ ...base, ui: caller.ui, account: caller.accountId, eventId: rng.uuid() }), caller.meta, rootKey);
        if (crossAccount) {
          const ownerUi = `{"type":"AWSAccount","principalId":"${caller.principalId}","accountId":"${caller.accountId}"}`;
          emit(t, acct, awsRegion, recordJson({ ...base, ui: ownerUi, account: acct, eventId: rng.uuid() }), OTHER_META);
          stats.crossAccountIssuances++;
        }
      }
      stats.issuances++;
    }

    let ctxJson = `"sessionContext":{"sessionIssuer":{"type":"Role","principalId":"${role.roleId}","arn":"${role.arn}","accountId":"${acct}","userName":"${role.name}"},"webIdFederationData":{},"attributes":{"creationDate":"${isoSeconds(t)}","mfaAuthenticated":"${mfa}"}`;
    if (sourceIdentity) ctxJson += `,"sourceIdentity":"${sourceIdentity}"`;
    if (ec2) ctxJson += ',"ec2RoleDelivery":"2.0"';
    ctxJson += '}';
    let ui = `{"type":"AssumedRole","principalId":"${principalId}","arn":"${arn}","accountId":"${acct}","accessKeyId":"${key}",${ctxJson}`;
    if (inScopeOf) ui += `,"inScopeOf":${JSON.stringify(inScopeOf)}`;
    ui += '}';

    const meta = { kind, depth, origin: caller.origin, missing: notLogged || caller.meta?.missing === true };
    return {
      type: 'AssumedRole', ui, key, principalId, arn, accountId: acct, account: role.account, role, sessionName, t, exp,
      depth, origin: caller.origin, mfa, meta, ip: ip ?? caller.ip, ua: ua ?? caller.ua, sourceIdentity,
      rootKey: notLogged ? null : rootKey, // a session whose issuance is not logged is out of any scope, and so is all below it
    };
  }

  /** `count` API calls by `session` between tFrom and tTo (both within its validity). */
  function calls(session, profile, count, tFrom, tTo, { region, instance, vpce, errorRate = 0.02 } = {}) {
    const pick = PICKERS[profile];
    const account = session.account;
    const ctx = { account, region, res: resourcesOf(rng, account, regions), instance, regions, t: tFrom };
    const span = Math.max(1, tTo - tFrom);
    const workRegion = region ?? regions[0];
    for (let i = 0; i < count; i++) {
      const name = pick(rng);
      const t = tFrom + Math.floor(rng.next() * span);
      ctx.t = t;
      ctx.region = region ?? (rng.chance(0.8) ? workRegion : rng.weighted(org.regionWeights));
      const call = API[name](rng, ctx);
      const callRegion = call.global ? regions[0] : ctx.region;
      const host = call.host ?? (call.global ? `${call.src}.amazonaws.com` : `${call.src}.${callRegion}.amazonaws.com`);
      emit(t, account.id, callRegion, recordJson({
        ui: session.ui, t, src: call.src, name, region: callRegion, ip: session.ip, ua: session.ua,
        params: call.params, resp: call.resp, aed: call.aed, ro: call.ro, data: call.data, resources: call.resources,
        requestId: rng.uuid(), eventId: rng.uuid(), account: account.id, tls: tlsDetails(rng, host),
        errorArn: rng.chance(errorRate) ? session.arn : undefined, vpce: call.data && vpce ? vpce : undefined,
      }), session.meta);
    }
  }

  /** Long-term-key calls by an IAM user: no session, the trace ends at the user. */
  function userCalls(user, count, tFrom, tTo, { profile = 'iam', meta = IAM_META, region, errorRate } = {}) {
    const key = rng.pick(user.keys);
    const pseudo = { ui: userIdentityOfUser(user, key), account: user.account, arn: user.arn, ip: user.ip, ua: rng.pick(USER_AGENTS[user.agent]), meta };
    calls(pseudo, profile, count, tFrom, tTo, { region, errorRate });
  }

  /** Calls AWS services make on their own account (CloudTrail encrypting its logs with KMS, …). */
  function serviceCalls(account, count, tFrom, tTo) {
    const res = resourcesOf(rng, account, regions);
    for (let i = 0; i < count; i++) {
      const t = tFrom + Math.floor(rng.next() * Math.max(1, tTo - tFrom));
      const region = rng.weighted(org.regionWeights);
      const key = res.kmsKeys[regions.indexOf(region)];
      emit(t, account.id, region, recordJson({
        ui: '{"type":"AWSService","invokedBy":"cloudtrail.amazonaws.com"}', t, src: 'kms', name: 'GenerateDataKey', region,
        ip: 'cloudtrail.amazonaws.com', ua: 'cloudtrail.amazonaws.com',
        params: { keyId: key, encryptionContext: { 'aws:cloudtrail:arn': `arn:aws:cloudtrail:${regions[0]}:${org.accounts[0].id}:trail/org-trail`, 'aws:s3:arn': `arn:aws:s3:::aws-cloudtrail-logs-${org.accounts[0].id}/AWSLogs/${org.orgId}/${account.id}/${isoSeconds(t).slice(0, 10)}` }, keySpec: 'AES_256' },
        resp: null, ro: true, requestId: rng.uuid(), eventId: rng.uuid(), account: account.id, tls: null,
        resources: [{ accountId: account.id, type: 'AWS::KMS::Key', ARN: key }], sharedEventId: rng.uuid(),
      }), OTHER_META);
    }
  }

  return { assumeRole, calls, userCaller, serviceCaller, userCalls, serviceCalls };
}
