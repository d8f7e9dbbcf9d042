// Builders for realistic CloudTrail records (shapes from shared/cloudtrail-spec.md real samples).

let counter = 0;
export function uuid(): string {
  counter += 1;
  const hex = counter.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

/** "Mar 9, 2026, 3:04:05 PM" (spec §3.0.1). */
export function javaDate(iso: string): string {
  const d = new Date(iso);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${months[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

export function plusSeconds(iso: string, s: number): string {
  return new Date(Date.parse(iso) + s * 1000).toISOString().replace('.000Z', 'Z');
}

export type Identity = Record<string, unknown>;

export function iamUser(account: string, name: string, key: string): Identity {
  return { type: 'IAMUser', principalId: `AIDA${name.toUpperCase().padEnd(16, 'X').slice(0, 16)}`, arn: `arn:aws:iam::${account}:user/${name}`, accountId: account, accessKeyId: key, userName: name };
}

export function roleSession(opts: { account: string; role: string; roleId: string; session: string; key: string; created: string; mfa?: boolean; sourceIdentity?: string }): Identity {
  return {
    type: 'AssumedRole',
    principalId: `${opts.roleId}:${opts.session}`,
    arn: `arn:aws:sts::${opts.account}:assumed-role/${opts.role}/${opts.session}`,
    accountId: opts.account,
    accessKeyId: opts.key,
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: opts.roleId, arn: `arn:aws:iam::${opts.account}:role/${opts.role}`, accountId: opts.account, userName: opts.role },
      webIdFederationData: {},
      attributes: { creationDate: opts.created, mfaAuthenticated: String(opts.mfa ?? false) },
      ...(opts.sourceIdentity ? { sourceIdentity: opts.sourceIdentity } : {}),
    },
  };
}

export function assumeRole(opts: {
  caller: Identity; time: string; recipient: string; roleAccount: string; role: string; roleId: string; session: string;
  issuedKey: string; duration?: number; shared?: string; requestId?: string; eventId?: string; region?: string; sourceIdentity?: string; serialNumber?: string;
}): Record<string, unknown> {
  const duration = opts.duration ?? 3600;
  return {
    eventVersion: '1.08',
    userIdentity: opts.caller,
    eventTime: opts.time,
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    awsRegion: opts.region ?? 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0',
    requestParameters: {
      roleArn: `arn:aws:iam::${opts.roleAccount}:role/${opts.role}`,
      roleSessionName: opts.session,
      durationSeconds: duration,
      ...(opts.sourceIdentity ? { sourceIdentity: opts.sourceIdentity } : {}),
      ...(opts.serialNumber ? { serialNumber: opts.serialNumber } : {}),
    },
    responseElements: {
      credentials: { accessKeyId: opts.issuedKey, sessionToken: 'IQoJb3JpZ2luX2VjE…', expiration: javaDate(plusSeconds(opts.time, duration)) },
      assumedRoleUser: { assumedRoleId: `${opts.roleId}:${opts.session}`, arn: `arn:aws:sts::${opts.roleAccount}:assumed-role/${opts.role}/${opts.session}` },
      ...(opts.sourceIdentity ? { sourceIdentity: opts.sourceIdentity } : {}),
    },
    requestID: opts.requestId ?? uuid(),
    eventID: opts.eventId ?? uuid(),
    readOnly: true,
    resources: [{ accountId: opts.roleAccount, type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${opts.roleAccount}:role/${opts.role}` }],
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: opts.recipient,
    ...(opts.shared ? { sharedEventID: opts.shared } : {}),
    eventCategory: 'Management',
  };
}

export function apiCall(opts: { identity: Identity; time: string; account: string; name?: string; source?: string; region?: string; eventId?: string; userAgent?: string; requestId?: string }): Record<string, unknown> {
  return {
    eventVersion: '1.10',
    userIdentity: opts.identity,
    eventTime: opts.time,
    eventSource: opts.source ?? 's3.amazonaws.com',
    eventName: opts.name ?? 'ListBuckets',
    awsRegion: opts.region ?? 'eu-west-1',
    sourceIPAddress: '203.0.113.9',
    userAgent: opts.userAgent ?? 'Boto3/1.34.0 md/Botocore#1.34.0',
    requestParameters: null,
    responseElements: null,
    requestID: opts.requestId ?? uuid(),
    eventID: opts.eventId ?? uuid(),
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: opts.account,
    eventCategory: 'Management',
  };
}
