// IAM Identity Center (spec §3.7): the Identity Center user behind an AWSReservedSSO_ role session.
// The portal's sso:GetRoleCredentials (or Federate, for the console) is logged in the Identity
// Center account, the AssumeRoleWithSAML it causes in the member account; no id joins them, only
// the account, the permission set's name inside the role name, and the second (S18).

import { parseAssumedRoleArn } from './arn.js';
import { hopSession, issuingRef } from './hop.js';
import type { TraceLookups } from './lookups.js';
import type { Hop, Origin, TrailEvent } from './model.js';
import { identityCenterOrigin } from './origin.js';
import { formatIso, SECOND, toMs } from './time.js';

/** The portal's credential events in the second around `t` that fit a role in `account` (and the user, when known). */
async function portalCandidates(lookups: TraceLookups, account: string, roleName: string, t: number, userId: string | undefined): Promise<TrailEvent[]> {
  const window = { from: formatIso(t - 2 * SECOND), to: formatIso(t + 2 * SECOND) };
  return (await lookups.identityCenterCredentialEvents(account, window)).filter(
    (c) =>
      (!c.identityCenter?.accountId || c.identityCenter.accountId === account) &&
      (!c.identityCenter?.roleName || roleName.startsWith(`AWSReservedSSO_${c.identityCenter.roleName}_`)) &&
      (!userId || !c.identity.onBehalfOfUserId || c.identity.onBehalfOfUserId === userId),
  );
}

export async function identityCenterFromSaml(saml: TrailEvent, session: TrailEvent | undefined, lookups: TraceLookups) {
  // Heuristic join (spec §4.4 Identity Center special case): same target account, permission set
  // name inside the AWSReservedSSO_ role name, same second.
  const roleName = saml.issuance?.roleArn?.split('/').at(-1) ?? '';
  const candidates = await portalCandidates(lookups, saml.recipientAccountId ?? '', roleName, toMs(saml.eventTime), session?.identity.onBehalfOfUserId);
  const credential = candidates[0];
  return identityCenterOrigin(
    saml,
    session?.identity.onBehalfOfUserId ?? credential?.identity.onBehalfOfUserId,
    session?.identity.identityStoreArn ?? credential?.identity.identityStoreArn,
    credential,
  );
}


/**
 * An Identity Center role session whose member-account AssumeRoleWithSAML is not in the store
 * (`aws sso login`, then a CLI call): linked to the portal's GetRoleCredentials of the same second
 * instead of breaking, the Identity Center user as origin. Strong when the session's own
 * `onBehalfOf.userId` is the caller of that call and the account and permission set match; else
 * heuristic.
 */
export async function identityCenterStep(session: TrailEvent, lookups: TraceLookups): Promise<{ hop: Hop; origin: Origin } | undefined> {
  const id = session.identity;
  const role = parseAssumedRoleArn(id.arn);
  if (!role?.roleName.startsWith('AWSReservedSSO_') || !id.creationDate || !id.accountId) return undefined;
  const t = toMs(id.creationDate);
  const found = await portalCandidates(lookups, id.accountId, role.roleName, t, id.onBehalfOfUserId);
  const ranked = [...found].sort((a, b) => Math.abs(toMs(a.eventTime) - t) - Math.abs(toMs(b.eventTime) - t) || a.eventId.localeCompare(b.eventId));
  const credential = ranked[0];
  if (!credential) return undefined;
  const sameUser = !!id.onBehalfOfUserId && credential.identity.onBehalfOfUserId === id.onBehalfOfUserId;
  const named = !!credential.identityCenter?.accountId && !!credential.identityCenter.roleName;
  const confidence = sameUser && named && ranked.length === 1 ? 'strong' : 'heuristic';
  const evidence = [
    `${credential.eventName} ${credential.eventId} in Identity Center account ${credential.recipientAccountId ?? '?'} at ${credential.eventTime}, the second the session was created (${id.creationDate})`,
    named
      ? `it handed out permission set ${credential.identityCenter!.roleName} in account ${credential.identityCenter!.accountId}: the session's role ${role.roleName}`
      : 'the call does not name the account and permission set (serviceEventDetails): matched on the time alone',
    sameUser ? `the session's onBehalfOf.userId ${id.onBehalfOfUserId} is the caller of that call` : 'the session does not name its Identity Center user (onBehalfOf): the user is the caller of that call',
    `the member account's AssumeRoleWithSAML that minted the session is not in the store`,
  ];
  return {
    hop: {
      session: hopSession(session, credential.eventName),
      issuedBy: issuingRef({ primary: credential, copies: [credential] }, credential),
      link: 'identity-center-credentials',
      confidence,
      alternatives: ranked.slice(1).map((c) => ({
        eventId: c.eventId, eventName: c.eventName, eventTime: c.eventTime, accountId: c.recipientAccountId ?? null, region: c.region ?? null,
        why: 'another credential call of the portal in the same seconds',
      })),
      evidence,
    },
    origin: identityCenterOrigin(session, credential.identity.onBehalfOfUserId ?? id.onBehalfOfUserId, credential.identity.identityStoreArn ?? id.identityStoreArn, credential),
  };
}
