// Linking a session to the event that minted it (spec §4.2–§4.4). Pure: candidates come from the
// lookup port; every rule (validity window, account, partition, creation time) is checked here.

import { accountOf, isFederatedUserArn, parseAssumedRoleArn, partitionOf } from './arn.js';
import type { TimeWindow, TraceLookups, Whereabouts } from './lookups.js';
import type { Confidence, LinkKind, TrailEvent } from './model.js';
import { isIssuingEvent } from './record.js';
import { formatIso, HOUR, SECOND, toMs } from './time.js';

/** Host clocks differ: allow a few seconds in every comparison (spec §4.8 #15). */
export const CLOCK_SKEW_MS = 5 * SECOND;
/** creationDate equals the issuing eventTime to the second in every real pair (spec §2.4). */
export const CREATION_MATCH_MS = 2 * SECOND;
/** The longest any STS credential lives: GetFederationToken / GetSessionToken, 36 h (spec §3.0.1). */
export const MAX_SESSION_MS = 36 * HOUR;

/** One logical STS call, possibly logged in several accounts (spec §4.2 "multiple matches"). */
export interface LogicalIssuance {
  /** The copy logged in the account that owns the minted session (named by the hop). */
  primary: TrailEvent;
  /** Every copy, primary first. */
  copies: TrailEvent[];
}

export interface LinkResult {
  issuance: LogicalIssuance;
  link: LinkKind;
  confidence: Confidence;
  alternatives: { issuance: LogicalIssuance; why: string }[];
  evidence: string[];
}

/** The account that owns the session an issuing event minted (spec §4.2 rule 3). */
export function mintedSessionAccount(issue: TrailEvent): string | undefined {
  const i = issue.issuance;
  if (!i) return undefined;
  switch (issue.eventName) {
    case 'AssumeRoot':
      return accountOf(i.targetPrincipal);
    case 'GetSessionToken':
      return issue.identity.accountId ?? issue.recipientAccountId;
    case 'GetFederationToken':
      return accountOf(i.arn) ?? issue.identity.accountId ?? issue.recipientAccountId;
    default:
      return accountOf(i.roleArn) ?? accountOf(i.arn) ?? issue.recipientAccountId;
  }
}

/** When the minted credentials stop working; unknown expirations get the longest STS lifetime. */
function expiresAtMs(issue: TrailEvent): number {
  const exp = issue.issuance?.expiresAt;
  return exp ? toMs(exp) : toMs(issue.eventTime) + MAX_SESSION_MS;
}

/** Session validity: issued − skew ≤ use ≤ expiry + skew (spec §4.2 rule 2). */
export function withinValidity(issue: TrailEvent, useTime: string): boolean {
  const use = toMs(useTime);
  return toMs(issue.eventTime) - CLOCK_SKEW_MS <= use && use <= expiresAtMs(issue) + CLOCK_SKEW_MS;
}

function samePartition(use: TrailEvent, issue: TrailEvent): boolean {
  const a = partitionOf(use.identity.arn);
  const b = partitionOf(issue.issuance?.arn ?? issue.issuance?.roleArn ?? issue.identity.arn);
  return !a || !b || a === b;
}

function creationMatches(use: TrailEvent, issue: TrailEvent): boolean | undefined {
  const created = use.identity.creationDate;
  if (!created) return undefined;
  return Math.abs(toMs(created) - toMs(issue.eventTime)) <= CREATION_MATCH_MS;
}

/** Groups copies of one call: same sharedEventID, else same requestID + eventTime + issued key. */
export function groupLogical(candidates: TrailEvent[], sessionAccount: string | undefined): LogicalIssuance[] {
  const groups = new Map<string, TrailEvent[]>();
  for (const c of candidates) {
    const key = c.sharedEventId
      ? `shared:${c.sharedEventId}`
      : `req:${c.requestId ?? c.eventId}:${c.eventTime}:${c.issuance?.accessKeyId ?? ''}`;
    const list = groups.get(key) ?? [];
    if (!list.some((e) => e.eventId === c.eventId)) list.push(c);
    groups.set(key, list);
  }
  return [...groups.values()].map((copies) => {
    const ordered = [...copies].sort((a, b) => {
      const ownA = a.recipientAccountId === sessionAccount ? 0 : 1;
      const ownB = b.recipientAccountId === sessionAccount ? 0 : 1;
      return ownA - ownB || a.eventId.localeCompare(b.eventId);
    });
    return { primary: ordered[0]!, copies: ordered };
  });
}

function byTimeDesc(a: LogicalIssuance, b: LogicalIssuance): number {
  return toMs(b.primary.eventTime) - toMs(a.primary.eventTime) || a.primary.eventId.localeCompare(b.primary.eventId);
}

/** Candidates that satisfy the hard rules for this use: issuing, window, account, partition. */
function admissible(use: TrailEvent, candidates: TrailEvent[]): TrailEvent[] {
  const account = use.identity.accountId;
  return candidates.filter(
    (c) =>
      isIssuingEvent(c) &&
      withinValidity(c, use.eventTime) &&
      samePartition(use, c) &&
      (!account || !mintedSessionAccount(c) || mintedSessionAccount(c) === account),
  );
}

function pick(
  use: TrailEvent,
  groups: LogicalIssuance[],
  link: LinkKind,
  confidenceIfUnique: Confidence,
  evidence: string[],
  ambiguity: string,
): LinkResult | undefined {
  if (groups.length === 0) return undefined;
  const sorted = [...groups].sort(byTimeDesc);
  // Latest issuance at or before the use (with skew) first.
  const useMs = toMs(use.eventTime);
  const before = sorted.filter((g) => toMs(g.primary.eventTime) <= useMs + CLOCK_SKEW_MS);
  const chosen = before[0] ?? sorted[0]!;
  const rest = sorted.filter((g) => g !== chosen);
  return {
    issuance: chosen,
    link,
    confidence: rest.length === 0 ? confidenceIfUnique : 'heuristic',
    alternatives: rest.map((g) => ({ issuance: g, why: ambiguity })),
    evidence: rest.length === 0 ? evidence : [...evidence, `${rest.length + 1} candidate issuances; chose the latest before the event`],
  };
}

/**
 * Where the call that minted the session of `use` is logged: the session's account (the role's
 * owner logs every AssumeRole of it; an IAM user's account its session and federation tokens),
 * except AssumeRoot, logged in the management account; us-east-1 for the global STS endpoint and
 * the use's region for a regional one (spec §3.10); at the session's creation, or before the use.
 */
export function issuanceWhereabouts(use: TrailEvent): Whereabouts {
  const id = use.identity;
  const created = id.creationDate;
  const useMs = toMs(use.eventTime);
  const window: TimeWindow = created
    ? { from: formatIso(toMs(created) - ISSUANCE_SEARCH_MS), to: formatIso(toMs(created) + ISSUANCE_SEARCH_MS) }
    : { from: formatIso(useMs - MAX_SESSION_MS), to: formatIso(useMs + CLOCK_SKEW_MS) };
  const assumeRoot = id.type === 'Root' && (id.accessKeyId?.startsWith('ASIA') ?? false);
  const account = id.accountId ?? use.recipientAccountId;
  return {
    accounts: assumeRoot || !account ? null : [account],
    ...(assumeRoot ? { inManagementAccount: true as const } : {}),
    regions: [...new Set(['us-east-1', ...(use.region ? [use.region] : [])])],
    window,
    mentions: [id.accessKeyId, id.principalId, id.arn].filter((v): v is string => !!v),
  };
}

/** How far either side of a session's creationDate its issuing call is searched for in logs not yet stored. */
export const ISSUANCE_SEARCH_MS = 5 * 60 * SECOND;

/** Tier 1: the session's access key is the one the issuing event returned (spec §4.2). */
export async function linkByAccessKey(use: TrailEvent, lookups: TraceLookups): Promise<LinkResult | undefined> {
  const key = use.identity.accessKeyId;
  if (!key || !key.startsWith('ASIA')) return undefined;
  let candidates = admissible(use, await lookups.issuancesByAccessKey(key, issuanceWhereabouts(use)));
  // Temporary key ids are unique only with their secret (spec §4.8 #10): prefer the creation time.
  if (candidates.length > 1 && use.identity.creationDate) {
    const matching = candidates.filter((c) => creationMatches(use, c));
    if (matching.length > 0) candidates = matching;
  }
  const groups = groupLogical(candidates, use.identity.accountId);
  const evidence = [`access key ${key} was returned by the issuing call`];
  if (creationMatches(use, groups[0]?.primary ?? use) === true) evidence.push('session creationDate equals the issuing eventTime');
  return pick(use, groups, 'access-key', 'exact', evidence, 'same access key id, other issuance');
}

/** Tier 2: principal id + creationDate (console and Identity Center sessions, spec §4.3). */
export async function linkByPrincipalAndCreation(use: TrailEvent, lookups: TraceLookups): Promise<LinkResult | undefined> {
  const created = use.identity.creationDate;
  if (!created) return undefined;
  const window = { from: formatIso(toMs(created) - CLOCK_SKEW_MS), to: formatIso(toMs(created) + CLOCK_SKEW_MS) };
  const isAssumeRootSession = use.identity.type === 'Root' && use.identity.accessKeyId?.startsWith('ASIA');
  let candidates: TrailEvent[];
  if (isAssumeRootSession && use.identity.accountId) {
    candidates = await lookups.assumeRootsForAccount(use.identity.accountId, window);
  } else if (use.identity.principalId && use.identity.principalId.includes(':')) {
    candidates = await lookups.issuancesByPrincipalId(use.identity.principalId, window, issuanceWhereabouts(use));
  } else {
    return undefined;
  }
  const matching = admissible(use, candidates).filter((c) => creationMatches(use, c));
  const groups = groupLogical(matching, use.identity.accountId);
  const what = isAssumeRootSession ? `AssumeRoot target account ${use.identity.accountId}` : `principal id ${use.identity.principalId}`;
  return pick(use, groups, 'principal-and-creation-time', 'strong',
    [`${what} and creationDate ${created} match the issuing call`], 'same principal and creation time');
}

/** Tier 3: the latest issuance of the same session ARN before the event (spec §4.4). */
export async function linkBySessionArn(use: TrailEvent, lookups: TraceLookups): Promise<LinkResult | undefined> {
  const arn = use.identity.arn;
  if (!arn || !(parseAssumedRoleArn(arn) || isFederatedUserArn(arn))) return undefined;
  const useMs = toMs(use.eventTime);
  const window = { from: formatIso(useMs - MAX_SESSION_MS), to: formatIso(useMs + CLOCK_SKEW_MS) };
  let candidates = admissible(use, await lookups.issuancesByArn(arn, window, issuanceWhereabouts(use))).filter(
    (c) => toMs(c.eventTime) <= useMs + CLOCK_SKEW_MS,
  );
  // A known creationDate rules out every other issuance (spec §4.4): EC2 and Lambda refresh
  // credentials under the same session ARN, and the previous hour's issuance is not this one.
  const created = use.identity.creationDate;
  if (created) candidates = candidates.filter((c) => creationMatches(use, c));
  const groups = groupLogical(candidates, use.identity.accountId ?? accountOf(arn));
  if (groups.length === 0) return undefined;
  const sorted = [...groups].sort(byTimeDesc);
  const [chosen, ...rest] = sorted;
  return {
    issuance: chosen!,
    link: 'role-session-arn',
    confidence: 'heuristic',
    alternatives: rest.map((g) => ({
      issuance: g,
      why: created ? 'another issuance of the same session ARN at the same creation time' : 'earlier issuance of the same session ARN, still valid',
    })),
    evidence: created
      ? [`issuance of ${arn} at the session's creationDate ${created}`, 'linked by session ARN and creation time: the principal id did not match (spec §4.4)']
      : [`latest issuance of ${arn} before the event`, 'no access key or creation time to link by: session names are often reused (spec §4.4)'],
  };
}

/** Tries the tiers in order of certainty. */
export async function linkSession(use: TrailEvent, lookups: TraceLookups): Promise<LinkResult | undefined> {
  return (
    (await linkByAccessKey(use, lookups)) ??
    (await linkByPrincipalAndCreation(use, lookups)) ??
    (await linkBySessionArn(use, lookups))
  );
}
