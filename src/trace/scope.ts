// The walk forwards (the issue "Scope the incident"): from one credential, every credential it
// minted, recursively and across accounts — STS sessions, access keys made for users, console
// sign-ins with a password it set. Pure: candidates come from the lookup port.
//
// One set of link rules serves both directions. A call found forwards (made with a credential of
// the scope, by its key or its session) joins the scope only when the backward rules, applied to
// that call, lead to the same credential: linkSession (link.ts) for STS sessions, the key itself
// for long-term keys, principal id and creation time for console sessions; a console sign-in
// joins only when passwordStep (creation.ts) names the same password change. So tracing any call
// of a scope credential backwards passes through the scope's start.

import { accountOf, parseArn } from './arn.js';
import { passwordStep } from './creation.js';
import { CLOCK_SKEW_MS, CREATION_MATCH_MS, linkSession, MAX_SESSION_MS, mintedSessionAccount } from './link.js';
import type { TimeWindow } from './lookups.js';
import type { Confidence, LinkKind, TrailEvent } from './model.js';
import { isIssuingEvent } from './record.js';
import type { CredentialKind, CredentialMatch, IssuedByRef, ScopeCredential, ScopeLookups } from './scope-model.js';
import { DAY, formatIso, SECOND, toMs } from './time.js';

/** Bounds on one scope: an attacker's tree is tens of credentials; a runaway store is not. */
export const MAX_SCOPE_CREDENTIALS = 500;
export const MAX_SCOPE_DEPTH = 20;
/** How far after a password change a sign-in may use it (as creation.ts looks back). */
const PASSWORD_REACH_MS = DAY;
/** A console session's calls carry the sign-in's time as creationDate, a few seconds either way (spec §3.8). */
const CONSOLE_CREATION_BEFORE_MS = 5 * SECOND;
const CONSOLE_CREATION_AFTER_MS = 60 * SECOND;

/** A credential of the scope with what the walk needs to find its calls. */
export interface ScopeNode {
  credential: ScopeCredential;
  match: CredentialMatch;
  depth: number;
}

export interface ForwardResult {
  nodes: ScopeNode[];
  warnings: string[];
}

const KIND_OF_ISSUANCE: Record<string, CredentialKind> = {
  AssumeRole: 'role-session',
  AssumeRoleWithSAML: 'role-session',
  AssumeRoleWithWebIdentity: 'role-session',
  GetSessionToken: 'session-token',
  GetFederationToken: 'federation-token',
  AssumeRoot: 'root-session',
};

function clampWindow(from: number, to: number, window: TimeWindow): { from: string; to: string } {
  return { from: formatIso(Math.max(from, toMs(window.from))), to: formatIso(Math.min(to, toMs(window.to))) };
}

/** The calls of a credential: its key over its lifetime, or its console session by principal and creation time. */
export function matchOf(credential: ScopeCredential, window: TimeWindow): CredentialMatch {
  const match: CredentialMatch = { cred: credential.id, keys: [], sessions: [] };
  const created = credential.createdAt ? toMs(credential.createdAt) : toMs(window.from);
  if (credential.kind === 'console-session' || credential.kind === 'identity-center-session') {
    if (credential.principalId && credential.createdAt) {
      match.sessions.push({
        principalId: credential.principalId,
        createdFrom: formatIso(created - CONSOLE_CREATION_BEFORE_MS),
        createdTo: formatIso(created + CONSOLE_CREATION_AFTER_MS),
      });
    }
    return match;
  }
  // A session minted by STS is also matched by its principal id and creation time: console role
  // sessions (SwitchRole) and Identity Center role sessions sign each request with another key.
  if (credential.principalId?.includes(':') && credential.createdAt) {
    match.sessions.push({
      principalId: credential.principalId,
      createdFrom: formatIso(created - CREATION_MATCH_MS),
      createdTo: formatIso(created + CREATION_MATCH_MS),
    });
  }
  if (!credential.accessKeyId) return match;
  const until = credential.kind === 'long-term-key'
    ? toMs(window.to)
    : (credential.expiresAt ? toMs(credential.expiresAt) : created + MAX_SESSION_MS) + CLOCK_SKEW_MS;
  const span = clampWindow(credential.kind === 'long-term-key' ? toMs(window.from) : created - CLOCK_SKEW_MS, until, window);
  if (span.from <= span.to) match.keys.push({ key: credential.accessKeyId, ...span });
  return match;
}

function issuedByRef(primary: TrailEvent, copies: TrailEvent[]): IssuedByRef {
  return {
    eventId: primary.eventId,
    eventName: primary.eventName,
    eventTime: primary.eventTime,
    accountId: primary.recipientAccountId ?? null,
    region: primary.region ?? null,
    copies: copies.map((c) => c.eventId).filter((id) => id !== primary.eventId),
    sourceIPAddress: primary.sourceIPAddress ?? null,
  };
}

/** The ids of the call that made a credential, all copies. */
function issuanceIds(c: ScopeCredential): Set<string> {
  return new Set(c.issuedBy ? [c.issuedBy.eventId, ...c.issuedBy.copies] : []);
}

interface MadeBy {
  link: LinkKind;
  confidence: Confidence;
  evidence: string[];
}

/**
 * Whether `call` was made with `parent`, by the backward rules: the answer the trace of `call`
 * would give for its caller. Undefined when the rules lead elsewhere (another session with the same
 * key id or name, spec §4.4, §4.8 #10).
 */
export async function madeBy(call: TrailEvent, parent: ScopeCredential, lookups: ScopeLookups): Promise<MadeBy | undefined> {
  const id = call.identity;
  switch (parent.kind) {
    case 'long-term-key':
      if (!id.accessKeyId || id.accessKeyId !== parent.accessKeyId) return undefined;
      return { link: 'access-key', confidence: 'exact', evidence: [`${call.eventName} ${call.eventId} was signed with access key ${id.accessKeyId}`] };
    case 'console-session':
    case 'identity-center-session': {
      const created = id.creationDate ? toMs(id.creationDate) : undefined;
      const start = parent.createdAt ? toMs(parent.createdAt) : undefined;
      if (!id.principalId || id.principalId !== parent.principalId || created === undefined || start === undefined) return undefined;
      if (created < start - CONSOLE_CREATION_BEFORE_MS || created > start + CONSOLE_CREATION_AFTER_MS) return undefined;
      // A console session's key has no issuing call; one that has is another session of the principal.
      if (id.accessKeyId?.startsWith('ASIA') && (await linkSession(call, lookups))) return undefined;
      return {
        link: 'principal-and-creation-time',
        confidence: 'strong',
        evidence: [`${call.eventName} ${call.eventId} was made by principal ${id.principalId} in the session created ${id.creationDate}`],
      };
    }
    default: {
      // Signed with the session's key, or with a per-request key of the same principal: the
      // backward rules decide which issuance it was (link.ts tiers 1 and 2).
      const sameKey = !!id.accessKeyId && id.accessKeyId === parent.accessKeyId;
      if (!sameKey && (!id.principalId || id.principalId !== parent.principalId)) return undefined;
      const linked = await linkSession(call, lookups);
      if (!linked) return undefined;
      const ours = issuanceIds(parent);
      if (!linked.issuance.copies.some((c) => ours.has(c.eventId))) return undefined;
      return { link: linked.link, confidence: linked.confidence, evidence: linked.evidence };
    }
  }
}

/** The credential an STS call minted, as a child of `parent`. */
async function sessionChild(call: TrailEvent, parent: ScopeCredential, made: MadeBy, lookups: ScopeLookups): Promise<Omit<ScopeCredential, 'id'>> {
  const i = call.issuance!;
  const copies = call.sharedEventId ? await lookups.copiesOfSharedEvent(call.sharedEventId) : [call];
  const kind = KIND_OF_ISSUANCE[call.eventName] ?? 'role-session';
  const isUserToken = call.eventName === 'GetSessionToken';
  return {
    parent: parent.id,
    kind,
    accessKeyId: i.accessKeyId ?? null,
    arn: i.arn ?? (isUserToken ? call.identity.arn ?? null : null),
    accountId: mintedSessionAccount(call) ?? null,
    principalId: i.principalId ?? (isUserToken ? call.identity.principalId ?? null : null),
    userName: isUserToken ? call.identity.userName ?? null : undefined,
    createdAt: call.eventTime,
    expiresAt: i.expiresAt ?? null,
    issuedBy: issuedByRef(call, copies.some((c) => c.eventId === call.eventId) ? copies : [call, ...copies]),
    link: made.link,
    confidence: made.confidence,
    evidence: [...made.evidence, `${call.eventName} returned access key ${i.accessKeyId ?? '?'}`],
    activity: null,
    findings: [],
  };
}

function keyChild(call: TrailEvent, parent: ScopeCredential, made: MadeBy): Omit<ScopeCredential, 'id'> {
  const k = call.keyCreation!;
  const account = call.recipientAccountId ?? null;
  return {
    parent: parent.id,
    kind: 'long-term-key',
    accessKeyId: k.accessKeyId,
    arn: null,
    accountId: account,
    principalId: null,
    userName: k.userName ?? null,
    createdAt: call.eventTime,
    issuedBy: issuedByRef(call, [call]),
    link: made.link,
    confidence: made.confidence,
    evidence: [...made.evidence, `CreateAccessKey ${call.eventId} returned access key ${k.accessKeyId} for IAM user ${k.userName ?? '?'}`],
    activity: null,
    findings: [],
  };
}

/** Console sign-ins with the password `call` set for another user, each confirmed by the backward rule. */
async function signInChildren(call: TrailEvent, parent: ScopeCredential, made: MadeBy, window: TimeWindow, lookups: ScopeLookups) {
  const user = call.passwordSet?.userName;
  const account = call.recipientAccountId;
  if (!user || !account || call.eventName === 'ChangePassword') return [];
  const t = toMs(call.eventTime);
  const reach = clampWindow(t - CLOCK_SKEW_MS, t + PASSWORD_REACH_MS, window);
  const children: Omit<ScopeCredential, 'id'>[] = [];
  for (const signIn of await lookups.consoleSignIns(account, user, reach)) {
    if (signIn.identity.userName !== user || signIn.signIn?.result === 'Failure' || signIn.errorCode) continue;
    const step = await passwordStep(signIn, signIn, lookups);
    if (step?.next.eventId !== call.eventId) continue;
    children.push({
      parent: parent.id,
      kind: 'console-session',
      accessKeyId: null,
      accessKeyIds: [],
      arn: signIn.identity.arn ?? null,
      accountId: signIn.identity.accountId ?? account,
      principalId: signIn.identity.principalId ?? null,
      userName: user,
      createdAt: signIn.eventTime,
      issuedBy: issuedByRef(signIn, [signIn]),
      passwordSetBy: issuedByRef(call, [call]),
      link: step.hop.link,
      confidence: step.hop.confidence,
      evidence: [...made.evidence, ...step.hop.evidence],
      activity: null,
      findings: [],
    });
  }
  return children;
}

/** What a credential's own identity is called, to name it in the tree. */
function identityKey(c: Omit<ScopeCredential, 'id'>): string {
  if (c.kind === 'console-session' || c.kind === 'identity-center-session') return `session:${c.principalId}:${c.createdAt}`;
  return `key:${c.accessKeyId}:${c.kind === 'long-term-key' ? '' : c.createdAt}`;
}

/**
 * Every credential minted from `roots`, breadth first, in the window. Each found credential's
 * calls are asked for once, all of one depth together.
 */
export async function walkForward(roots: Omit<ScopeCredential, 'id'>[], window: TimeWindow, lookups: ScopeLookups): Promise<ForwardResult> {
  const nodes: ScopeNode[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  const usedCalls = new Set<string>();
  const add = (c: Omit<ScopeCredential, 'id'>, depth: number): ScopeNode | undefined => {
    const key = identityKey(c);
    if (seen.has(key)) return undefined;
    if (nodes.length >= MAX_SCOPE_CREDENTIALS) return undefined;
    seen.add(key);
    const credential: ScopeCredential = { ...c, id: `c${nodes.length + 1}` };
    const node = { credential, match: matchOf(credential, window), depth };
    nodes.push(node);
    return node;
  };
  let level = roots.map((r) => add(r, 0)).filter((n): n is ScopeNode => n !== undefined);
  while (level.length > 0) {
    const depth = level[0]!.depth + 1;
    if (depth > MAX_SCOPE_DEPTH) {
      warnings.push(`stopped after ${MAX_SCOPE_DEPTH} levels of credentials`);
      break;
    }
    const calls = await lookups.mintingCalls(level.map((n) => n.match), window);
    const next: ScopeNode[] = [];
    for (const call of calls) {
      if (usedCalls.has(call.eventId)) continue;
      for (const parent of level) {
        const made = await madeBy(call, parent.credential, lookups);
        if (!made) continue;
        usedCalls.add(call.eventId);
        const children = await childrenOf(call, parent.credential, made, window, lookups);
        for (const child of children) {
          const node = add(child, depth);
          if (node) next.push(node);
        }
        break;
      }
    }
    if (nodes.length >= MAX_SCOPE_CREDENTIALS) {
      warnings.push(`stopped at ${MAX_SCOPE_CREDENTIALS} credentials: narrow the window with --from and --to`);
      break;
    }
    level = next;
  }
  return { nodes, warnings };
}

async function childrenOf(call: TrailEvent, parent: ScopeCredential, made: MadeBy, window: TimeWindow, lookups: ScopeLookups) {
  if (isIssuingEvent(call) && KIND_OF_ISSUANCE[call.eventName] && withinWindow(call, window)) {
    return [await sessionChild(call, parent, made, lookups)];
  }
  if (call.keyCreation) return [keyChild(call, parent, made)];
  if (call.passwordSet) return signInChildren(call, parent, made, window, lookups);
  return [];
}

function withinWindow(e: TrailEvent, window: TimeWindow): boolean {
  return e.eventTime >= window.from && e.eventTime <= window.to;
}

/** The root credential for a long-term key, named by its first call when it made any. */
export function longTermRoot(key: string, seen: { arn: string | null; principalId: string | null; userName?: string | null } | undefined): Omit<ScopeCredential, 'id'> {
  const arn = seen?.arn ?? null;
  return {
    parent: null,
    kind: 'long-term-key',
    accessKeyId: key,
    arn,
    accountId: accountOf(arn) ?? null,
    principalId: seen?.principalId ?? null,
    userName: seen?.userName ?? userNameOf(arn),
    createdAt: null,
    issuedBy: null,
    link: null,
    confidence: null,
    evidence: [],
    activity: null,
    findings: [],
  };
}

/** The user name in an IAM user ARN (arn:aws:iam::ACCOUNT:user/path/name), null for root and others. */
export function userNameOf(arn: string | null | undefined): string | null {
  const parsed = parseArn(arn ?? undefined);
  if (parsed?.service !== 'iam' || !parsed.resource.startsWith('user/')) return null;
  return parsed.resource.split('/').at(-1) || null;
}

/** A root credential for a session minted by `call`, when the scope starts at that session. */
export async function sessionRoot(found: TrailEvent, lookups: ScopeLookups): Promise<Omit<ScopeCredential, 'id'>> {
  // The role owner's copy of a cross-account call names its caller only as an account: name the
  // call by the caller's copy, as a child's is (spec §4.6).
  let call = found;
  if (found.identity.type === 'AWSAccount' && found.sharedEventId) {
    call = (await lookups.copiesOfSharedEvent(found.sharedEventId)).find((c) => c.identity.type !== 'AWSAccount' && c.issuance?.accessKeyId) ?? found;
  }
  const made: MadeBy = { link: 'access-key', confidence: 'exact', evidence: [] };
  const child = await sessionChild(call, { id: '', parent: null } as ScopeCredential, made, lookups);
  return { ...child, parent: null, link: null, confidence: null, evidence: [`${call.eventName} ${call.eventId} returned access key ${call.issuance?.accessKeyId ?? '?'}`] };
}

/** A root console session: a principal's calls signed with per-request keys and one creation time. */
export function consoleRoot(seen: { principalId: string; createdAt: string; arn: string | null; identityType: string | null }, evidence: string[]): Omit<ScopeCredential, 'id'> {
  return {
    parent: null,
    kind: 'console-session',
    accessKeyId: null,
    accessKeyIds: [],
    arn: seen.arn,
    accountId: accountOf(seen.arn) ?? null,
    principalId: seen.principalId,
    userName: userNameOf(seen.arn),
    createdAt: seen.createdAt,
    issuedBy: null,
    link: null,
    confidence: null,
    evidence,
    activity: null,
    findings: [],
  };
}
