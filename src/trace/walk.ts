// Walking the chain (spec §4.5): explain the caller of the target, then the caller of the event
// that minted that caller's session, and so on, until a long-term or external identity. Pure.

import { parseAssumedRoleArn } from './arn.js';
import { hopSession, issuingRef, traceIdentity } from './hop.js';
import { dedupedLookups } from './deduped-lookups.js';
import { signsPerRequest } from './activity.js';
import { agentFindings, awsLoginGrant } from './agents.js';
import { keyCreationStep, passwordStep, type CreationStep } from './creation.js';
import { identityCenterFromSaml, identityCenterStep } from './identity-center.js';
import { credentialFindings, type FindingOptions } from './findings.js';
import { makeGap, type HintContext } from './gaps.js';
import { issuanceWhereabouts, linkSession, type LinkResult, type LogicalIssuance } from './link.js';
import type { TraceLookups, Whereabouts } from './lookups.js';
import type { Hop, Trace, TrailEvent } from './model.js';
import {
  externalAccountOrigin, identityCenterOrigin, instanceIdentityOrigin, longTermOrigin,
  samlOrigin, serviceOrigin, webIdentityOrigin,
} from './origin.js';
import { ANONYMOUS_WORDS, anonymousMarker, isAnonymous } from './identity.js';
import { formatIso, SECOND, toMs } from './time.js';

export const MAX_DEPTH = 20;

export interface WalkOptions extends FindingOptions {
  maxDepth?: number;
  hint?: HintContext;
}

type CallerKind =
  | 'session'
  | 'long-term'
  | 'service'
  | 'saml'
  | 'web-identity'
  | 'identity-center-user'
  | 'instance-identity'
  | 'external-account'
  | 'no-identity';

/** What kind of caller made this event (spec §4.5 switch). */
export function callerKind(e: TrailEvent): CallerKind {
  const id = e.identity;
  const temporaryKey = id.accessKeyId?.startsWith('ASIA') ?? false;
  if (isAnonymous(id)) return 'no-identity';
  const roleArn = parseAssumedRoleArn(id.arn);
  if (roleArn?.roleName === 'aws:ec2-instance') return 'instance-identity';
  switch (id.type) {
    case 'AWSService':
      return e.eventType?.toLowerCase() === 'awsserviceevent' ? 'no-identity' : 'service';
    case 'SAMLUser':
      return 'saml';
    case 'WebIdentityUser':
      return 'web-identity';
    case 'IdentityCenterUser':
      return 'identity-center-user';
    case 'AWSAccount':
      return 'external-account';
    case 'IAMUser':
    case 'Root':
      return temporaryKey ? 'session' : 'long-term';
    case 'AssumedRole':
    case 'FederatedUser':
    case 'Role':
      return 'session';
    default:
      // Unknown/Directory/None can still carry an assumed-role or federated-user ARN (spec §2.5).
      if (roleArn || id.arn?.includes(':federated-user/')) return 'session';
      return 'no-identity';
  }
}

function isIdentityCenterSaml(e: TrailEvent): boolean {
  return (
    (e.issuance?.roleArn?.includes('/aws-reserved/sso.amazonaws.com/') ?? false) ||
    (e.issuance?.issuer?.includes('portal.sso.') ?? false)
  );
}

/** Corroborating facts for a hop: MFA on the call, sourceIdentity, console SwitchRole (spec §3.8). */
async function corroborate(session: TrailEvent, linked: LinkResult, lookups: TraceLookups, warnings: string[]): Promise<string[]> {
  const evidence = [...linked.evidence];
  const issue = linked.issuance.primary;
  if (issue.issuance?.mfaSerial) evidence.push(`MFA device ${issue.issuance.mfaSerial} was presented to ${issue.eventName}`);
  const carried = session.identity.sourceIdentity;
  const set = issue.issuance?.sourceIdentity;
  if (carried && set && carried !== set) {
    warnings.push(`sourceIdentity differs along the chain: session has "${carried}", ${issue.eventName} ${issue.eventId} set "${set}"`);
  } else if (carried && set) {
    evidence.push(`sourceIdentity "${set}" set by the issuing call and carried by the session`);
  }
  if (issue.eventName === 'AssumeRole' && issue.sourceIPAddress === 'AWS Internal') {
    const t = toMs(issue.eventTime);
    const window = { from: formatIso(t - 2 * SECOND), to: formatIso(t + 2 * SECOND) };
    const switches = (await lookups.signInEvents(window, issue.issuance?.arn)).filter((s) => s.eventName === 'SwitchRole');
    for (const s of switches) {
      evidence.push(`console SwitchRole ${s.eventId} at the same time${s.signIn?.switchFrom ? `, switched from ${s.signIn.switchFrom}` : ''}`);
    }
  }
  return evidence;
}

/**
 * Where the caller's copy of a cross-account call is logged (spec §4.6): the calling account, in
 * the same region (one call to one endpoint), at the same time.
 */
export function copiesWhereabouts(copy: TrailEvent): Whereabouts {
  const t = toMs(copy.eventTime);
  return {
    accounts: copy.identity.accountId ? [copy.identity.accountId] : null,
    regions: copy.region ? [copy.region] : null,
    window: { from: formatIso(t - COPY_SEARCH_MS), to: formatIso(t + COPY_SEARCH_MS) },
    eventNames: [copy.eventName],
  };
}

/** How far either side of one copy of a call the others are searched for in logs not yet stored. */
const COPY_SEARCH_MS = 5 * 60 * SECOND;

/** The caller's own copy of a cross-account call (spec §4.6), or undefined when not in the store. */
async function callerCopy(issuance: LogicalIssuance, lookups: TraceLookups): Promise<{ caller?: TrailEvent; copies: TrailEvent[] }> {
  let copies = issuance.copies;
  const shared = issuance.primary.sharedEventId;
  const known = copies.find((c) => c.identity.type !== 'AWSAccount');
  if (known) return { caller: known, copies };
  if (shared) {
    const more = await lookups.copiesOfSharedEvent(shared, copiesWhereabouts(issuance.primary));
    const ids = new Set(copies.map((c) => c.eventId));
    copies = [...copies, ...more.filter((m) => !ids.has(m.eventId))];
  }
  return { caller: copies.find((c) => c.identity.type !== 'AWSAccount'), copies };
}

/** The trace of `target`: its chain of hops to the origin, then who used the chain's credentials. */
export async function walk(target: TrailEvent, port: TraceLookups, options: WalkOptions = {}): Promise<Trace> {
  const lookups = dedupedLookups(port);
  const trace = await walkChain(target, lookups, options);
  trace.findings = [...await agentFindings(trace, target, lookups), ...await credentialFindings(trace, lookups, options)];
  return trace;
}

async function walkChain(target: TrailEvent, lookups: TraceLookups, options: WalkOptions): Promise<Trace> {
  const maxDepth = options.maxDepth ?? MAX_DEPTH;
  const hintCtx = options.hint ?? {};
  const trace: Trace = {
    schema: 'trail-trace/trace@1',
    target: {
      eventId: target.eventId,
      eventTime: target.eventTime,
      eventSource: target.eventSource,
      eventName: target.eventName,
      accountId: target.recipientAccountId ?? null,
      region: target.region ?? null,
      sourceIPAddress: target.sourceIPAddress ?? null,
      userAgent: target.userAgent ?? null,
      errorCode: target.errorCode ?? null,
      identity: traceIdentity(target),
    },
    status: 'complete',
    hops: [],
    origin: null,
    gaps: [],
    findings: [],
    warnings: [],
  };
  const broken = () => {
    trace.status = 'broken';
    return trace;
  };

  let current = target;
  let previous: TrailEvent | undefined; // the session-use event one hop down
  const visited = new Set<string>([target.eventId]);
  /** One more hop past a credential's making (creation.ts), walking on from that call; false when there is none or it was seen. */
  const advance = (step: CreationStep | undefined): boolean => {
    if (!step || visited.has(step.next.eventId)) return false;
    trace.hops.push(step.hop);
    visited.add(step.next.eventId);
    previous = current;
    current = step.next;
    return true;
  };

  for (let depth = 0; depth <= maxDepth; depth++) {
    const id = current.identity;
    switch (callerKind(current)) {
      case 'no-identity':
        if (current === target) {
          trace.status = 'no-identity';
          if (isAnonymous(id)) {
            trace.warnings.push(`the caller is ${ANONYMOUS_WORDS}, logged as ${anonymousMarker(id)}; there is no credential to trace`);
            return trace;
          }
          trace.warnings.push(
            `the event carries no caller to trace (identity type ${id.type}${id.principalId ? `, principal ${id.principalId}` : ''}${id.invokedBy ? `, invoked by ${id.invokedBy}` : ''})`,
          );
          return trace;
        }
        trace.origin = { type: 'Unknown', accountId: id.accountId ?? null, principalId: id.principalId ?? null, description: `an identity of type ${id.type} that cannot be traced further` };
        return trace;
      case 'long-term': {
        // A long-term key, or a password sign-in, whose making is in the store: walk on through its maker.
        const step = (await keyCreationStep(current, lookups)) ??
          (current.eventSource === 'signin.amazonaws.com' && current.eventName === 'ConsoleLogin' ? await passwordStep(current, current, lookups) : undefined);
        if (advance(step)) continue;
        trace.origin = longTermOrigin(current);
        return trace;
      }
      case 'service':
        trace.origin = serviceOrigin(current, previous?.identity.credentialsIssuedTo);
        return trace;
      case 'web-identity':
        trace.origin = webIdentityOrigin(current);
        return trace;
      case 'saml':
        trace.origin = isIdentityCenterSaml(current) ? await identityCenterFromSaml(current, previous, lookups) : samlOrigin(current);
        return trace;
      case 'identity-center-user':
        trace.origin = identityCenterOrigin(current, id.onBehalfOfUserId, id.identityStoreArn, current);
        return trace;
      case 'instance-identity':
        trace.origin = instanceIdentityOrigin(current, parseAssumedRoleArn(id.arn)?.sessionName ?? '?');
        return trace;
      case 'external-account': {
        // This copy shows the caller only as an account: continue from the caller's copy (spec §4.6).
        const copies = current.sharedEventId ? await lookups.copiesOfSharedEvent(current.sharedEventId, copiesWhereabouts(current)) : [];
        const own = copies.find((c) => c.identity.type !== 'AWSAccount' && !visited.has(c.eventId));
        if (own) {
          trace.warnings.push(`${current.eventId} names its caller only as account ${id.accountId}; continued from the caller's copy ${own.eventId} (same sharedEventID)`);
          visited.add(own.eventId);
          current = own;
          continue;
        }
        trace.origin = externalAccountOrigin(id.accountId, id.principalId);
        trace.gaps.push(callerAccountGap(current, hintCtx));
        return broken();
      }
      case 'session':
        break;
    }

    const linked = await linkSession(current, lookups);
    if (!linked) {
      // IAM user or root sessions with no STS record come from a console sign-in (spec §3.8), except
      // root sessions minted by AssumeRoot in the management account, which must be found there.
      if (id.type === 'IAMUser' || id.type === 'Root') {
        const console = await consoleSessionOrigin(current, lookups, trace.warnings, id.type === 'IAMUser');
        const step = console?.signIn ? await passwordStep(console.signIn, current, lookups) : undefined;
        if (advance(step)) continue;
        if (console) {
          trace.origin = console.origin;
          return trace;
        }
      }
      // An Identity Center session whose member-account mint is missing: the portal's call instead.
      const portal = await identityCenterStep(current, lookups);
      if (portal) {
        trace.hops.push(portal.hop);
        trace.origin = portal.origin;
        return trace;
      }
      trace.hops.push({ session: hopSession(current), issuedBy: null, link: null, confidence: null, alternatives: [], evidence: [] });
      trace.gaps.push(missingIssuanceGap(current, hintCtx));
      return broken();
    }

    const { caller, copies } = await callerCopy(linked.issuance, lookups);
    const issuance = { ...linked.issuance, copies: [linked.issuance.primary, ...copies.filter((c) => c.eventId !== linked.issuance.primary.eventId)] };
    const hop: Hop = {
      session: hopSession(current, linked.issuance.primary.eventName),
      issuedBy: issuingRef(issuance, caller ?? issuance.primary),
      link: linked.link,
      confidence: linked.confidence,
      alternatives: linked.alternatives.map((a) => ({
        eventId: a.issuance.primary.eventId,
        eventName: a.issuance.primary.eventName,
        eventTime: a.issuance.primary.eventTime,
        accountId: a.issuance.primary.recipientAccountId ?? null,
        region: a.issuance.primary.region ?? null,
        why: a.why,
      })),
      evidence: await corroborate(current, linked, lookups, trace.warnings),
    };
    // A console session's credentials the AWS CLI took with `aws login`: name the grant (agents.ts).
    const vended = signsPerRequest(hop) ? await awsLoginGrant(current, lookups) : null;
    if (vended) {
      hop.vendedBy = { eventId: vended.eventId, eventName: vended.eventName, eventTime: vended.eventTime };
      hop.evidence.push(`credentials handed to the AWS CLI by aws login: ${vended.eventName} ${vended.eventId} at ${vended.eventTime}, by this console session`);
    }
    trace.hops.push(hop);

    if (!caller) {
      const p = issuance.primary;
      hop.evidence.push(`${p.eventName} was called from account ${p.identity.accountId ?? '?'}, whose copy of the call is not in the store`);
      trace.origin = externalAccountOrigin(p.identity.accountId, p.identity.principalId);
      trace.gaps.push(callerAccountGap(p, hintCtx));
      return broken();
    }
    if (visited.has(caller.eventId)) {
      trace.warnings.push(`cycle: ${caller.eventId} was already visited; stopping`);
      return broken();
    }
    visited.add(caller.eventId);
    previous = current;
    current = caller;
  }
  trace.warnings.push(`stopped after ${maxDepth} hops`);
  return broken();
}

/**
 * The console sign-in that started the session of `e` (an IAM user or root call with a temporary
 * key and no STS record, spec §3.8): the successful ConsoleLogin of its principal nearest its
 * creationDate, from a minute before to a few seconds after.
 */
export async function consoleSignInOf(e: TrailEvent, lookups: TraceLookups): Promise<TrailEvent | undefined> {
  const created = e.identity.creationDate;
  if (!created) return undefined;
  const t = toMs(created);
  const candidates = await lookups.signInEvents({ from: formatIso(t - 60 * SECOND), to: formatIso(t + 5 * SECOND) }, e.identity.arn);
  return candidates
    .filter((c) => c.eventName === 'ConsoleLogin' && c.signIn?.result !== 'Failure' && !c.errorCode)
    .sort((a, b) => Math.abs(toMs(a.eventTime) - t) - Math.abs(toMs(b.eventTime) - t) || a.eventId.localeCompare(b.eventId))[0];
}

/** An IAM user or root session with no STS record: a console sign-in (spec §3.8, §4.5). */
async function consoleSessionOrigin(e: TrailEvent, lookups: TraceLookups, warnings: string[], assumeConsole: boolean) {
  const created = e.identity.creationDate;
  const signIn = await consoleSignInOf(e, lookups);
  if (!signIn && !assumeConsole) return undefined;
  const note = `console session${created ? ` created ${created}` : ''}${signIn ? `, sign-in ${signIn.eventId}` : ''}`;
  const origin = longTermOrigin(signIn ?? e, note);
  if (signIn) {
    origin.mfaAuthenticated = signIn.signIn?.mfaUsed ?? e.identity.mfaAuthenticated ?? null;
  } else {
    origin.mfaAuthenticated = e.identity.mfaAuthenticated ?? null;
    warnings.push(
      `${e.identity.arn ?? 'the user'} used temporary key ${e.identity.accessKeyId} with no GetSessionToken in the store: taken as a console session${created ? ` (created ${created})` : ''}; its ConsoleLogin was not found`,
    );
  }
  return { origin, signIn };
}

function missingIssuanceGap(use: TrailEvent, ctx: HintContext) {
  const id = use.identity;
  const where = issuanceWhereabouts(use);
  const isRoot = id.type === 'Root';
  const what = isRoot ? 'AssumeRoot' : id.type === 'FederatedUser' ? 'GetFederationToken' : id.type === 'IAMUser' ? 'GetSessionToken' : 'AssumeRole*';
  return makeGap(
    {
      reason: `issuing event not in store: the ${what} call that minted ${id.arn ?? id.principalId ?? 'this session'}${id.accessKeyId ? ` (key ${id.accessKeyId})` : ''}${isRoot ? ', logged in the organization management (or delegated admin) account' : ''}`,
      accountId: isRoot ? null : where.accounts?.[0] ?? null,
      region: null,
      likelyRegions: where.regions ?? [],
      fromMs: toMs(where.window.from),
      toMs: toMs(where.window.to),
    },
    ctx,
  );
}

function callerAccountGap(issue: TrailEvent, ctx: HintContext) {
  const where = copiesWhereabouts(issue);
  return makeGap(
    {
      reason: `caller's copy of ${issue.eventName} ${issue.eventId} not in store: account ${issue.identity.accountId ?? '?'} (principal ${issue.identity.principalId ?? '?'}) made the call`,
      accountId: issue.identity.accountId ?? null,
      region: issue.region ?? null,
      likelyRegions: where.regions ?? ['us-east-1'],
      fromMs: toMs(where.window.from),
      toMs: toMs(where.window.to),
    },
    ctx,
  );
}
