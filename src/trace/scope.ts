// The walk forwards (the issue "Scope the incident"): from one credential, every credential it
// minted, recursively and across accounts — STS sessions, access keys made for users, console
// sign-ins with a password it set. Pure: candidates come from the lookup port.
//
// One set of link rules serves both directions. A credential's calls are those signed with its
// keys: its own, and — for console, SwitchRole and Identity Center sessions, which sign each
// request with another key — the per-request keys whose first call the backward rules give to it
// (linkSession, link.ts; the nearest console sign-in, walk.ts; the Identity Center portal's call,
// identity-center.ts). A call that made a credential joins the scope only when the same rules,
// applied to it, lead to its parent; a console sign-in joins only when passwordStep (creation.ts)
// names the same password change. So tracing any call of a scope credential backwards passes
// through the scope's start, and another session with the same role, name or creation second does not.

import { accountOf, parseArn } from './arn.js';
import { passwordStep } from './creation.js';
import { identityCenterStep } from './identity-center.js';
import { CLOCK_SKEW_MS, CREATION_MATCH_MS, linkSession, MAX_SESSION_MS, mintedSessionAccount } from './link.js';
import { consoleSignInOf } from './walk.js';
import type { TimeWindow } from './lookups.js';
import type { Confidence, LinkKind, TrailEvent } from './model.js';
import { isIssuingEvent } from './record.js';
import type { CredentialKind, CredentialMatch, IssuedByRef, ScopeCredential, ScopeLookups, SessionSpan } from './scope-model.js';
import { DAY, formatIso, SECOND, toMs } from './time.js';

/** Bounds on one scope: an attacker's tree is tens of credentials; a runaway store is not. */
export const MAX_SCOPE_CREDENTIALS = 500;
export const MAX_SCOPE_DEPTH = 20;
/** The most credential-making calls one level of the walk reads; more is said in a warning. */
export const MAX_MINTING_CALLS = 20_000;
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

/**
 * The keys of a credential and when each may sign: a long-term key over the whole window; a
 * session's keys (its own and the per-request keys the walk gave it) from its creation to its
 * expiry, the longest STS lifetime when that is unknown.
 */
export function matchOf(credential: ScopeCredential, window: TimeWindow): CredentialMatch {
  const keys = [...new Set([credential.accessKeyId, ...(credential.accessKeyIds ?? [])].filter((k): k is string => !!k))];
  if (credential.kind === 'long-term-key') return { cred: credential.id, keys: keys.map((key) => ({ key, from: window.from, to: window.to })) };
  const created = credential.createdAt ? toMs(credential.createdAt) : toMs(window.from);
  const until = (credential.expiresAt ? toMs(credential.expiresAt) : created + MAX_SESSION_MS) + CLOCK_SKEW_MS;
  const span = clampWindow(created - CONSOLE_CREATION_BEFORE_MS, until, window);
  return { cred: credential.id, keys: span.from <= span.to ? keys.map((key) => ({ key, ...span })) : [] };
}

/** The span of session creation times whose keys may be a credential's per-request keys; none for a key-only credential. */
function sessionSpan(credential: Omit<ScopeCredential, 'id'>): SessionSpan | undefined {
  const principal = credential.principalId;
  if (!principal || !credential.createdAt) return undefined;
  const console = credential.kind === 'console-session';
  if (!console && credential.kind !== 'identity-center-session' && !(credential.kind === 'role-session' && principal.includes(':'))) return undefined;
  const t = toMs(credential.createdAt);
  return {
    principalId: principal,
    createdFrom: formatIso(t - (console ? CONSOLE_CREATION_BEFORE_MS : CREATION_MATCH_MS)),
    createdTo: formatIso(t + (console ? CONSOLE_CREATION_AFTER_MS : CREATION_MATCH_MS)),
    ...(credential.accountId ? { accountId: credential.accountId } : {}),
  };
}

/**
 * The per-request keys of each credential of one level: console, SwitchRole, Identity Center and
 * agent sessions sign requests with keys they were not issued. The keys their principal signed with
 * in sessions created near theirs, asked for all at once; each kept only when the backward rules
 * give its first call to that credential.
 */
async function resolvePerRequestKeys(credentials: ScopeCredential[], lookups: ScopeLookups): Promise<void> {
  const spans = credentials.map((c) => ({ c, span: sessionSpan(c) })).filter((x): x is { c: ScopeCredential; span: NonNullable<ReturnType<typeof sessionSpan>> } => !!x.span);
  if (spans.length === 0) return;
  const rows = await lookups.keysOfSessions(spans.map((x) => x.span));
  for (const { c, span } of spans) {
    const keys = new Set<string>();
    for (const row of rows) {
      if (row.principalId !== span.principalId || row.createdAt < span.createdFrom || row.createdAt > span.createdTo) continue;
      if (row.accessKeyId === c.accessKeyId || keys.has(row.accessKeyId)) continue;
      const first = await lookups.eventById(row.firstEventId);
      if (first && (await belongs(first, c, lookups))) keys.add(row.accessKeyId);
    }
    if (keys.size > 0 || c.kind === 'console-session' || c.kind === 'identity-center-session') c.accessKeyIds = [...keys].sort();
  }
}

/** Whether the backward rules give the call `use` to `c`. */
async function belongs(use: TrailEvent, c: Omit<ScopeCredential, 'id'>, lookups: ScopeLookups): Promise<boolean> {
  const linked = await linkSession(use, lookups);
  const ours = issuanceIds(c);
  if (c.kind === 'console-session') {
    if (linked || (use.identity.type !== 'IAMUser' && use.identity.type !== 'Root')) return false;
    if (c.issuedBy?.eventName === 'ConsoleLogin') return (await consoleSignInOf(use, lookups))?.eventId === c.issuedBy.eventId;
    // No sign-in named for this session (a principal's session found by its calls): its creation time.
    return use.identity.creationDate === c.createdAt;
  }
  if (linked) return linked.issuance.copies.some((e) => ours.has(e.eventId));
  if (c.kind === 'identity-center-session') {
    const step = await identityCenterStep(use, lookups);
    if (step) return ours.has(step.hop.issuedBy?.eventId ?? '');
    return ours.size === 0 && use.identity.creationDate === c.createdAt;
  }
  return false;
}

/** The call that made a credential, named by `primary`, with its other copies. */
export function issuedByRef(primary: TrailEvent, copies: TrailEvent[]): IssuedByRef {
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
function issuanceIds(c: Pick<ScopeCredential, 'issuedBy'>): Set<string> {
  return new Set(c.issuedBy ? [c.issuedBy.eventId, ...c.issuedBy.copies] : []);
}

interface MadeBy {
  link: LinkKind;
  confidence: Confidence;
  evidence: string[];
}

/**
 * Whether `call` was made with the credential of `parent`, by the backward rules: the answer the
 * trace of `call` would give for its caller. Undefined when the rules lead elsewhere (another
 * session with the same key id, spec §4.8 #10).
 */
export async function madeBy(call: TrailEvent, parent: ScopeNode, lookups: ScopeLookups): Promise<MadeBy | undefined> {
  const key = call.identity.accessKeyId;
  const credential = parent.credential;
  if (!key || !parent.match.keys.some((k) => k.key === key)) return undefined;
  if (credential.kind === 'long-term-key') {
    return { link: 'access-key', confidence: 'exact', evidence: [`${call.eventName} ${call.eventId} was signed with access key ${key}`] };
  }
  if (key === credential.accessKeyId) {
    const linked = await linkSession(call, lookups);
    if (!linked || !linked.issuance.copies.some((c) => issuanceIds(credential).has(c.eventId))) return undefined;
    return { link: linked.link, confidence: linked.confidence, evidence: linked.evidence };
  }
  // One of the session's per-request keys, given to it by the backward rules (resolvePerRequestKeys).
  return {
    link: 'principal-and-creation-time',
    confidence: 'strong',
    evidence: [`${call.eventName} ${call.eventId} was signed with ${key}, a per-request key of the session of ${credential.principalId ?? '?'} created ${credential.createdAt ?? '?'}`],
  };
}

/** The credential an STS call minted, as a child of `parent`. */
async function sessionChild(call: TrailEvent, parent: ScopeCredential, made: MadeBy, copyIds: string[]): Promise<Omit<ScopeCredential, 'id'>> {
  const i = call.issuance!;
  const kind = KIND_OF_ISSUANCE[call.eventName] ?? 'role-session';
  const isUserToken = call.eventName === 'GetSessionToken';
  return {
    parent: parent.id,
    kind,
    accessKeyId: i.accessKeyId ?? null,
    arn: i.arn ?? (isUserToken ? call.identity.arn ?? null : null),
    accountId: mintedSessionAccount(call) ?? null,
    principalId: i.principalId ?? (isUserToken ? call.identity.principalId ?? null : null),
    // The IAM user behind a session token or a federation token: its policies bound them, and revoke them.
    userName: isUserToken || call.eventName === 'GetFederationToken' ? call.identity.userName ?? null : undefined,
    createdAt: call.eventTime,
    expiresAt: i.expiresAt ?? null,
    issuedBy: { ...issuedByRef(call, []), copies: copyIds.filter((id) => id !== call.eventId) },
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
  let full = false;
  const add = async (c: Omit<ScopeCredential, 'id'>, depth: number): Promise<ScopeNode | undefined> => {
    const key = identityKey(c);
    if (seen.has(key)) return undefined;
    if (nodes.length >= MAX_SCOPE_CREDENTIALS) {
      full = true;
      return undefined;
    }
    seen.add(key);
    const credential: ScopeCredential = { ...c, id: `c${nodes.length + 1}` };
    const node = { credential, match: matchOf(credential, window), depth };
    nodes.push(node);
    return node;
  };
  /** A level's per-request keys in one lookup, then the keys each credential signs with. */
  const resolve = async (level: ScopeNode[]) => {
    await resolvePerRequestKeys(level.map((n) => n.credential), lookups);
    for (const node of level) node.match = matchOf(node.credential, window);
  };
  let level: ScopeNode[] = [];
  for (const root of roots) {
    const node = await add(root, 0);
    if (node) level.push(node);
  }
  await resolve(level);
  while (level.length > 0) {
    const depth = level[0]!.depth + 1;
    const calls = await lookups.mintingCalls(level.map((n) => n.match), window, MAX_MINTING_CALLS);
    if (calls.length >= MAX_MINTING_CALLS) {
      warnings.push(`more than ${MAX_MINTING_CALLS.toLocaleString('en-US')} credential-making calls at one level: the first are walked; narrow the window with --from and --to`);
    }
    if (depth > MAX_SCOPE_DEPTH && calls.length > 0) {
      warnings.push(`stopped after ${MAX_SCOPE_DEPTH} levels of credentials: the last level made more`);
      break;
    }
    // The copies of the level's cross-account calls, by id, in one lookup (a child names its call's copies).
    const shared = calls.filter((c) => !!c.sharedEventId);
    const copies = await lookups.sharedEventCopies([...new Set(shared.map((c) => c.sharedEventId!))], shared.length ? copyWhere(shared) : undefined);
    // Each call is linked once, to the credentials whose keys signed it.
    const byKey = new Map<string, ScopeNode[]>();
    for (const node of level) for (const k of node.match.keys) byKey.set(k.key, [...(byKey.get(k.key) ?? []), node]);
    const next: ScopeNode[] = [];
    for (const call of calls) {
      if (usedCalls.has(call.eventId)) continue;
      for (const parent of byKey.get(call.identity.accessKeyId ?? '') ?? []) {
        const made = await madeBy(call, parent, lookups);
        if (!made) continue;
        usedCalls.add(call.eventId);
        for (const child of await childrenOf(call, parent.credential, made, window, lookups, copies)) {
          const node = await add(child, depth);
          if (node) next.push(node);
        }
        break;
      }
    }
    await resolve(next);
    if (full) {
      warnings.push(`stopped at ${MAX_SCOPE_CREDENTIALS} credentials: narrow the window with --from and --to`);
      break;
    }
    level = next;
  }
  return { nodes, warnings };
}

async function childrenOf(call: TrailEvent, parent: ScopeCredential, made: MadeBy, window: TimeWindow, lookups: ScopeLookups, copies: Map<string, string[]>) {
  if (isIssuingEvent(call) && KIND_OF_ISSUANCE[call.eventName] && withinWindow(call, window)) {
    return [await sessionChild(call, parent, made, call.sharedEventId ? copies.get(call.sharedEventId) ?? [] : [])];
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

/**
 * Where the other copies of cross-account STS calls are logged, and when: the role's account and
 * the caller's, less the account of the copy in hand, minutes around the calls.
 */
function copyWhere(calls: TrailEvent[]): { accounts: string[]; from: string; to: string } {
  const accounts = new Set<string>();
  for (const c of calls) {
    const role = accountOf(c.issuance?.roleArn ?? c.issuance?.arn);
    for (const a of [role, c.identity.accountId]) if (a && a !== c.recipientAccountId) accounts.add(a);
  }
  const times = calls.map((c) => toMs(c.eventTime));
  return { accounts: [...accounts].sort(), from: formatIso(Math.min(...times) - 5 * 60 * SECOND), to: formatIso(Math.max(...times) + 5 * 60 * SECOND) };
}

/** A root credential for a session minted by `call`, when the scope starts at that session. */
export async function sessionRoot(found: TrailEvent, lookups: ScopeLookups): Promise<Omit<ScopeCredential, 'id'>> {
  // The role owner's copy of a cross-account call names its caller only as an account: name the
  // call by the caller's copy, as a child's is (spec §4.6).
  let call = found;
  if (found.identity.type === 'AWSAccount' && found.sharedEventId) {
    // Logged in the caller's account (the only name this copy gives it), minutes around this one.
    const t = toMs(found.eventTime);
    const where = { accounts: found.identity.accountId ? [found.identity.accountId] : null, regions: null, window: { from: formatIso(t - 5 * 60 * SECOND), to: formatIso(t + 5 * 60 * SECOND) } };
    call = (await lookups.copiesOfSharedEvent(found.sharedEventId, where)).find((c) => c.identity.type !== 'AWSAccount' && c.issuance?.accessKeyId) ?? found;
  }
  const made: MadeBy = { link: 'access-key', confidence: 'exact', evidence: [] };
  const copyIds = call.sharedEventId ? (await lookups.sharedEventCopies([call.sharedEventId], copyWhere([call]))).get(call.sharedEventId) ?? [] : [];
  const child = await sessionChild(call, { id: '', parent: null } as ScopeCredential, made, copyIds);
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
