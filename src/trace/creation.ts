// Past a long-term credential: when the store holds the call that made it, that call is one more
// hop and the walk goes on through its caller (trace contract: "A long-term key whose creation is
// in the store (CreateAccessKey) is one more hop").
//
// - An IAM user's access key (AKIA…) made by iam:CreateAccessKey: `responseElements.accessKey.
//   accessKeyId` equals the key, an exact link. A key made by one principal for another user is a
//   classic persistence move (MITRE ATT&CK T1098.001), and the hop says so.
// - A console sign-in with a password set by someone else in the day before (iam:CreateLoginProfile
//   or UpdateLoginProfile by another principal, the latest before the sign-in): the ConsoleLogin
//   record does not say which password was used, so the link is heuristic. A password the user set
//   itself (ChangePassword, or its own UpdateLoginProfile) adds nothing: the user is the origin.

import { hopSession, issuingRef } from './hop.js';
import { CLOCK_SKEW_MS } from './link.js';
import type { TimeWindow, TraceLookups, Whereabouts } from './lookups.js';
import type { Hop, TrailEvent } from './model.js';
import { DAY, formatIso, toMs } from './time.js';

/**
 * How far before a sign-in a password another principal set makes it a hop: during the incident.
 * An administrator who set a user's first password months ago is not behind the user's sign-ins.
 */
const PASSWORD_LOOKBACK_MS = DAY;

/**
 * How far before a long-term key's use its CreateAccessKey is searched for in logs not yet stored.
 * Keys live for years; a trail fetched for a trace reaches back this far (in the store, any age).
 */
export const KEY_CREATION_LOOKBACK_MS = 90 * DAY;

/**
 * Where an IAM call about `account` is logged: IAM is a global service, logged in its partition's
 * home region (us-east-1; us-gov-west-1 and cn-north-1 in the other partitions), in the account.
 */
export function iamWhereabouts(account: string | null | undefined, window: TimeWindow, e: TrailEvent): Whereabouts {
  const region = e.region?.startsWith('us-gov-') ? 'us-gov-west-1' : e.region?.startsWith('cn-') ? 'cn-north-1' : 'us-east-1';
  return { accounts: account ? [account] : null, regions: [region], window };
}

export interface CreationStep {
  hop: Hop;
  /** The call that made the credential: the walk continues from its caller. */
  next: TrailEvent;
}

function userArn(e: TrailEvent): string {
  return e.identity.arn ?? e.identity.userName ?? e.identity.principalId ?? 'the user';
}

function callerName(e: TrailEvent): string {
  return e.identity.arn ?? e.identity.principalId ?? e.identity.type;
}

/** Whether `creator` made the call as the user `userName` itself (its own key, console session or federation). */
function isSameUser(creator: TrailEvent, user: TrailEvent): boolean {
  const c = creator.identity;
  const u = user.identity;
  return c.type === u.type && ((!!c.principalId && c.principalId === u.principalId) || (!!c.arn && c.arn === u.arn));
}

/** The iam:CreateAccessKey that made the long-term key `use` was signed with, as a hop. */
export async function keyCreationStep(use: TrailEvent, lookups: TraceLookups): Promise<CreationStep | undefined> {
  const key = use.identity.accessKeyId;
  if (!key?.startsWith('AKIA')) return undefined;
  const useMs = toMs(use.eventTime);
  const account = use.identity.accountId;
  const user = use.identity.userName;
  const before = formatIso(useMs + CLOCK_SKEW_MS);
  const where = iamWhereabouts(account, { from: formatIso(useMs - KEY_CREATION_LOOKBACK_MS), to: before }, use);
  const made = (await lookups.accessKeyCreations(key, before, where)).filter((c) =>
    toMs(c.eventTime) <= useMs + CLOCK_SKEW_MS &&
    (!account || !c.recipientAccountId || c.recipientAccountId === account) &&
    (!user || !c.keyCreation?.userName || c.keyCreation.userName === user));
  const creation = made.at(-1);
  if (!creation) return undefined;
  const forAnother = !isSameUser(creation, use);
  const evidence = [`access key ${key} was returned by CreateAccessKey ${creation.eventId}`];
  evidence.push(forAnother
    ? `made for IAM user ${user ?? userArn(use)} by ${callerName(creation)}: a key made by one principal for another user is a classic persistence move (MITRE ATT&CK T1098.001)`
    : `made by IAM user ${user ?? userArn(use)} itself`);
  return {
    hop: {
      session: {
        ...hopSession(use),
        createdAt: creation.eventTime,
        kind: forAnother ? `long-term access key made for this user by another principal` : 'long-term access key',
      },
      issuedBy: issuingRef({ primary: creation, copies: [creation] }, creation),
      link: 'access-key',
      confidence: 'exact',
      alternatives: made.slice(0, -1).map((c) => ({
        eventId: c.eventId, eventName: c.eventName, eventTime: c.eventTime, accountId: c.recipientAccountId ?? null, region: c.region ?? null,
        why: 'an earlier CreateAccessKey returning the same key id',
      })),
      evidence,
    },
    next: creation,
  };
}

/**
 * The password change by another principal behind a console sign-in of an IAM user, as a hop:
 * `signIn` is the ConsoleLogin, `session` the event being explained (the sign-in itself, or a call
 * of the console session it started).
 */
export async function passwordStep(signIn: TrailEvent, session: TrailEvent, lookups: TraceLookups): Promise<CreationStep | undefined> {
  const id = signIn.identity;
  const account = id.accountId ?? signIn.recipientAccountId;
  if (id.type !== 'IAMUser' || !id.userName || !account) return undefined;
  const t = toMs(signIn.eventTime);
  const window = { from: formatIso(t - PASSWORD_LOOKBACK_MS), to: formatIso(t + CLOCK_SKEW_MS) };
  const changes = await lookups.passwordChanges(account, id.userName, window, iamWhereabouts(account, window, signIn));
  const latest = changes.filter((c) => toMs(c.eventTime) <= t + CLOCK_SKEW_MS).at(-1);
  if (!latest || isSameUser(latest, signIn)) return undefined;
  return {
    hop: {
      session: { ...hopSession(session), createdAt: session.identity.creationDate ?? signIn.eventTime, kind: 'IAM user console sign-in with a password set by another principal' },
      issuedBy: issuingRef({ primary: latest, copies: [latest] }, latest),
      link: 'login-profile',
      confidence: 'heuristic',
      alternatives: [],
      evidence: [
        `${latest.eventName} ${latest.eventId} by ${callerName(latest)} set the console password of IAM user ${id.userName}; ` +
          `ConsoleLogin ${signIn.eventId} is a sign-in after it`,
        'the sign-in does not say which password was used: a later change outside the store, or the user\'s own, would break this link',
      ],
    },
    next: latest,
  };
}
