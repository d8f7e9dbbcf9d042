// How a hop is written from the records: the session that made a call, the call that minted it,
// the caller as that copy logged it. Shared by the chain walk (walk.ts) and the walk past a
// long-term credential's creation (creation.ts).

import { parseAssumedRoleArn, sessionNameOfPrincipal } from './arn.js';
import type { LogicalIssuance } from './link.js';
import type { HopSession, IssuingEventRef, TraceIdentity, TrailEvent } from './model.js';

export function traceIdentity(e: TrailEvent): TraceIdentity {
  const id = e.identity;
  return {
    type: id.type,
    arn: id.arn ?? null,
    principalId: id.principalId ?? null,
    accessKeyId: id.accessKeyId ?? null,
    accountId: id.accountId ?? null,
    userName: id.userName ?? null,
  };
}

/** The session's kind in words; `issuedBy` (the issuing call's name) when the link found it. */
export function sessionKind(e: TrailEvent, issuedBy?: string): string {
  const id = e.identity;
  if (id.type === 'Root') {
    if (issuedBy === 'AssumeRoot' || issuedBy === 'GetSessionToken') return `root session (${issuedBy})`;
    return 'root session (AssumeRoot, GetSessionToken or console sign-in)';
  }
  if (id.type === 'IAMUser') {
    if (issuedBy === 'GetSessionToken') return 'IAM user session (GetSessionToken)';
    return 'IAM user session (GetSessionToken or console sign-in)';
  }
  if (id.type === 'FederatedUser') return 'federated user session (GetFederationToken)';
  const role = parseAssumedRoleArn(id.arn)?.roleName ?? '';
  if (role.startsWith('AWSReservedSSO_')) return 'Identity Center role session';
  if (e.userAgent === 'console.amazonaws.com' || e.userAgent?.startsWith('AWS Internal')) return 'console role session';
  return 'role session';
}

/** The workload the session's records say it was delivered to (HopSession.deliveredTo, spec §2.4, §2.5). */
function deliveredTo(e: TrailEvent): HopSession['deliveredTo'] {
  const id = e.identity;
  const function_ = id.credentialsIssuedTo?.split(':function:')[1]?.split(':')[0];
  if (function_) return { service: 'lambda.amazonaws.com', workload: function_ };
  if (id.ec2RoleDelivery) {
    const name = parseAssumedRoleArn(id.arn)?.sessionName;
    return { service: 'ec2.amazonaws.com', workload: name?.startsWith('i-') ? name : null };
  }
  return undefined;
}

export function hopSession(e: TrailEvent, issuedBy?: string): HopSession {
  const id = e.identity;
  const parsed = parseAssumedRoleArn(id.arn);
  const delivery = deliveredTo(e);
  return {
    arn: id.arn ?? null,
    accountId: id.accountId ?? null,
    principalId: id.principalId ?? null,
    accessKeyId: id.accessKeyId ?? null,
    roleArn: id.sessionIssuerType === 'Role' ? id.sessionIssuerArn ?? null : null,
    sessionName: parsed?.sessionName ?? sessionNameOfPrincipal(id.principalId) ?? null,
    createdAt: id.creationDate ?? null,
    mfaAuthenticated: id.mfaAuthenticated ?? null,
    sourceIdentity: id.sourceIdentity ?? null,
    kind: sessionKind(e, issuedBy),
    ...(delivery ? { deliveredTo: delivery } : {}),
  };
}

export function issuingRef(issuance: LogicalIssuance, caller: TrailEvent): IssuingEventRef {
  const p = issuance.primary;
  return {
    eventId: p.eventId,
    eventName: p.eventName,
    eventTime: p.eventTime,
    accountId: p.recipientAccountId ?? null,
    region: p.region ?? null,
    sharedEventId: p.sharedEventId ?? null,
    copies: issuance.copies.filter((c) => c.eventId !== p.eventId).map((c) => c.eventId),
    sourceIPAddress: caller.sourceIPAddress ?? p.sourceIPAddress ?? null,
    userAgent: caller.userAgent ?? p.userAgent ?? null,
    caller: traceIdentity(caller),
    location: p.location ?? null,
  };
}

