// The root of a chain: who or what holds the credential that started it (spec §4.5 table).

import { parseAssumedRoleArn } from './arn.js';
import type { Origin, TrailEvent } from './model.js';

function eventRef(e: TrailEvent): Origin['event'] {
  return { eventId: e.eventId, eventName: e.eventName, eventTime: e.eventTime };
}

function seen(e: TrailEvent): Pick<Origin, 'sourceIPAddress' | 'userAgent' | 'event'> {
  return { sourceIPAddress: e.sourceIPAddress ?? null, userAgent: e.userAgent ?? null, event: eventRef(e) };
}

/** IAM user or root with a long-term key (or a console session of one). */
export function longTermOrigin(e: TrailEvent, note?: string): Origin {
  const id = e.identity;
  const isRoot = id.type === 'Root';
  const key = id.accessKeyId?.startsWith('AKIA') ? id.accessKeyId : null;
  const name = isRoot ? `root of account ${id.accountId ?? '?'}` : `IAM user ${id.userName ?? id.arn ?? id.principalId ?? '?'}`;
  const how = key ? `long-term access key ${key}` : note ?? 'no access key in the record';
  return {
    type: isRoot ? 'Root' : 'IAMUser',
    accountId: id.accountId ?? null,
    arn: id.arn ?? null,
    principalId: id.principalId ?? null,
    userName: id.userName ?? null,
    accessKeyId: key,
    mfaAuthenticated: id.mfaAuthenticated ?? null,
    description: `${name} (${how})`,
    ...seen(e),
  };
}

export function samlOrigin(e: TrailEvent): Origin {
  const subject = e.issuance?.subject ?? e.identity.userName ?? null;
  const idp = e.issuance?.issuer ?? e.identity.identityProvider ?? null;
  return {
    type: 'SAMLUser',
    accountId: e.recipientAccountId ?? null,
    principalId: e.identity.principalId ?? null,
    userName: e.identity.userName ?? null,
    identityProvider: idp,
    subject,
    description: `SAML user ${subject ?? '?'} from identity provider ${idp ?? '?'}`,
    ...seen(e),
  };
}

export function webIdentityOrigin(e: TrailEvent): Origin {
  const subject = e.issuance?.subject ?? e.identity.userName ?? null;
  const provider = e.issuance?.issuer ?? e.identity.identityProvider ?? null;
  return {
    type: 'WebIdentityUser',
    accountId: e.recipientAccountId ?? null,
    principalId: e.identity.principalId ?? null,
    userName: e.identity.userName ?? null,
    identityProvider: provider,
    subject,
    description: `web identity ${subject ?? '?'} from ${provider ?? '?'}`,
    ...seen(e),
  };
}

/** The workload an AWS service minted credentials for: instance id, function name, task id or pod
 *  (spec §3.9), plus a longer description when tags say more (EKS Pod Identity). */
export function workloadOf(service: string | undefined, e: TrailEvent, childSessionIssuedTo?: string): { id: string | null; detail: string | null } {
  const sessionName = e.issuance?.roleSessionName ?? null;
  const tags = e.issuance?.tags ?? {};
  switch (service) {
    case 'lambda.amazonaws.com': {
      // The session's inScopeOf names the function; its session name is the function name too.
      const fromArn = childSessionIssuedTo?.split(':function:')[1]?.split(':')[0];
      return { id: fromArn ?? sessionName, detail: fromArn ? `Lambda function ${childSessionIssuedTo}` : null };
    }
    case 'ecs-tasks.amazonaws.com':
      return { id: sessionName, detail: sessionName ? `ECS task ${sessionName}` : null };
    case 'pods.eks.amazonaws.com': {
      const pod = tags['kubernetes-pod-name'];
      const ns = tags['kubernetes-namespace'];
      const sa = tags['kubernetes-service-account'];
      const cluster = tags['eks-cluster-name'];
      const detail = pod || ns ? `pod ${ns ?? '?'}/${pod ?? '?'}${sa ? ` (service account ${sa})` : ''}${cluster ? ` in cluster ${cluster}` : ''}` : null;
      return { id: pod ?? sessionName, detail };
    }
    case 'ec2.amazonaws.com':
      return { id: sessionName, detail: sessionName?.startsWith('i-') ? `EC2 instance ${sessionName}` : null };
    default:
      return { id: sessionName, detail: null };
  }
}

export function serviceOrigin(e: TrailEvent, childSessionIssuedTo?: string): Origin {
  const service = e.identity.invokedBy ?? e.sourceIPAddress ?? null;
  const workload = workloadOf(service ?? undefined, e, childSessionIssuedTo);
  return {
    type: 'AWSService',
    accountId: e.recipientAccountId ?? null,
    service,
    workload: workload.id,
    description: `AWS service ${service ?? '?'}${workload.detail ? ` for ${workload.detail}` : workload.id ? ` for ${workload.id}` : ''}`,
    ...seen(e),
  };
}

/** An EC2 instance identity session (`assumed-role/aws:ec2-instance/i-…`): no STS record exists (spec §2.3). */
export function instanceIdentityOrigin(e: TrailEvent, instanceId: string): Origin {
  return {
    type: 'AWSService',
    accountId: e.identity.accountId ?? null,
    arn: e.identity.arn ?? null,
    service: 'ec2.amazonaws.com',
    workload: instanceId,
    description: `EC2 instance identity of ${instanceId} (no STS call logs these)`,
    ...seen(e),
  };
}

export function identityCenterOrigin(
  samlCall: TrailEvent,
  userId: string | undefined,
  identityStoreArn: string | undefined,
  credentialEvent: TrailEvent | undefined,
): Origin {
  // An Identity Center role session is named for the user (S18), when no SAML call names it.
  const subject = samlCall.issuance?.subject ?? samlCall.identity.userName ?? parseAssumedRoleArn(samlCall.identity.arn)?.sessionName ?? null;
  const source = credentialEvent ?? samlCall;
  return {
    type: 'IdentityCenterUser',
    accountId: credentialEvent?.recipientAccountId ?? credentialEvent?.identity.accountId ?? null,
    principalId: userId ?? credentialEvent?.identity.onBehalfOfUserId ?? null,
    userName: subject,
    subject,
    identityProvider: identityStoreArn ?? credentialEvent?.identity.identityStoreArn ?? samlCall.issuance?.issuer ?? null,
    description: `Identity Center user ${subject ?? userId ?? '?'}${userId ? ` (user id ${userId})` : ''}`,
    ...seen(source),
  };
}

export function externalAccountOrigin(accountId: string | undefined, principalId: string | undefined): Origin {
  return {
    type: 'AWSAccount',
    accountId: accountId ?? null,
    principalId: principalId ?? null,
    description: `a principal of account ${accountId ?? '?'} (${principalId ?? 'unknown principal'}) whose own logs are not in the store`,
  };
}
