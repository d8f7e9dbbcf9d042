// A whole scope (docs/scope-json.md): where it starts, the credentials walked forwards from there
// (scope.ts), what each did (summed by the store), what they changed (catalogue.ts) and how to
// evict them (eviction.ts). Pure: everything comes through the lookup port.

import { parseAssumedRoleArn, parseArn } from './arn.js';
import { catalogueCalls, classifyChange, previousDocumentQuery, previousDocumentText, readPath, undoArgv, type ChangeMatch } from './changes.js';
import { evictionSteps } from './eviction.js';
import type { TimeWindow } from './lookups.js';
import type { IssuingEventRef, Trace, TrailEvent } from './model.js';
import type { FindingOptions } from './findings.js';
import { consoleSignInOf, walk } from './walk.js';
import { consoleRoot, issuedByRef, longTermRoot, sessionRoot, userNameOf, walkForward, type ScopeNode } from './scope.js';
import type { CredentialActivity, CredentialSeen, IssuedByRef, Scope, ScopeChange, ScopeCredential, ScopeLookups, ScopeStartKind } from './scope-model.js';
import { shellCommand } from '../text/shell.js';
import { formatIso, SECOND, toMs } from './time.js';

/** Refused calls in one minute that make a burst worth a line. */
export const DENIED_BURST_CALLS = 3;
/** The most changes a scope reads records for; more is said in a warning. */
export const MAX_CHANGES = 5000;

export type ScopeStart =
  | { kind: 'access-key'; key: string }
  | { kind: 'principal'; arn: string }
  | { kind: 'session'; arn: string }
  | { kind: 'event'; eventId: string; trace: Trace };

export class ScopeStartNotFound extends Error {}

/** What a typed start is: a key, an ARN, or an event id (anything else). */
export function startKindOf(value: string): 'access-key' | 'principal' | 'session' | 'event' {
  if (/^(AKIA|ASIA)[A-Z0-9]{12,}$/.test(value)) return 'access-key';
  if (value.startsWith('arn:')) return parseAssumedRoleArn(value) || value.includes(':federated-user/') ? 'session' : 'principal';
  return 'event';
}

/** The sessions the calls `issued` minted, as starts (one lookup at a time: the store runs one query at a time). */
async function sessionRoots(issued: TrailEvent[], lookups: ScopeLookups): Promise<Omit<ScopeCredential, 'id'>[]> {
  const roots: Omit<ScopeCredential, 'id'>[] = [];
  for (const e of issued) roots.push(await sessionRoot(e, lookups));
  return roots;
}

/** A hop's issuing call as the call that made a scope credential. */
function hopRef({ eventId, eventName, eventTime, accountId, region, copies, sourceIPAddress }: IssuingEventRef): IssuedByRef {
  return { eventId, eventName, eventTime, accountId, region, copies, sourceIPAddress };
}

/** The credentials the scope starts from. */
async function roots(start: ScopeStart, window: TimeWindow, lookups: ScopeLookups, warnings: string[]): Promise<Omit<ScopeCredential, 'id'>[]> {
  switch (start.kind) {
    case 'access-key':
      return keyRoots(start.key, window, lookups);
    case 'principal':
      return principalRoots(start.arn, window, lookups);
    case 'session': {
      const issued = (await lookups.issuancesByArn(start.arn, window)).filter((e) => e.issuance?.accessKeyId);
      if (issued.length === 0) throw new ScopeStartNotFound(`no call in the window minted the session ${start.arn}`);
      return sessionRoots(issued, lookups);
    }
    case 'event':
      return eventRoots(start.trace, window, lookups, warnings);
  }
}

async function keyRoots(key: string, window: TimeWindow, lookups: ScopeLookups): Promise<Omit<ScopeCredential, 'id'>[]> {
  const seen = await lookups.credentialsSeen({ key }, window);
  if (key.startsWith('AKIA')) {
    if (seen.length === 0) throw new ScopeStartNotFound(`access key ${key} made no call in the store in the window`);
    const first = seen[0]!;
    return [longTermRoot(key, { arn: first.arn, principalId: first.principalId })];
  }
  const issued = (await lookups.issuancesByAccessKey(key)).filter((e) => e.eventTime >= window.from && e.eventTime <= window.to);
  const roots = await sessionRoots(issued, lookups);
  if (roots.length > 0) return roots;
  // A temporary key no stored call returned: a session whose issuing call is not in the store.
  for (const s of seen) {
    if (!s.principalId || !s.createdAt) continue;
    const first = await lookups.eventById(s.firstEventId);
    if (!first) continue;
    const type = first.identity.type;
    if (type === 'IAMUser' || type === 'Root') {
      // A console session's per-request key, or a GetSessionToken not in the store.
      const signIn = await consoleSignInOf(first, lookups);
      const root = consoleRoot(
        { principalId: s.principalId, createdAt: signIn?.eventTime ?? s.createdAt, arn: s.arn, identityType: type },
        [`no stored call returned temporary key ${key}, used by ${s.arn ?? s.principalId} in the session created ${s.createdAt}: ` +
          (signIn ? `the console session of sign-in ${signIn.eventId}` : 'a console session whose sign-in is not in the store, or a GetSessionToken not in the store')],
      );
      if (signIn) root.issuedBy = issuedByRef(signIn, [signIn]);
      roots.push(root);
    } else {
      roots.push(unissuedRoot(key, s, first));
    }
    break;
  }
  if (roots.length === 0) throw new ScopeStartNotFound(`access key ${key} is not in the store in the window: no call used it and no call returned it`);
  return roots;
}

/** A session used with `key` whose issuing call is not in the store: what its calls say of it. */
function unissuedRoot(key: string, seen: CredentialSeen, first: TrailEvent): Omit<ScopeCredential, 'id'> {
  return {
    parent: null,
    kind: first.identity.type === 'FederatedUser' ? 'federation-token' : 'role-session',
    accessKeyId: key,
    arn: seen.arn,
    accountId: seen.accountId,
    principalId: seen.principalId,
    createdAt: seen.createdAt,
    issuedBy: null,
    link: null,
    confidence: null,
    evidence: [`no stored call returned temporary key ${key}: the call that minted this session is not in the store, so the scope starts here`],
    activity: null,
    findings: [],
  };
}

function uniqueSessions(seen: CredentialSeen[]) {
  const out = new Map<string, { principalId: string; createdAt: string; arn: string | null; identityType: string | null }>();
  for (const s of seen) {
    if (!s.principalId || !s.createdAt || !s.accessKeyId?.startsWith('ASIA')) continue;
    if (s.identityType !== 'IAMUser' && s.identityType !== 'Root') continue;
    out.set(`${s.principalId} ${s.createdAt}`, { principalId: s.principalId, createdAt: s.createdAt, arn: s.arn, identityType: s.identityType });
  }
  return [...out.values()];
}

async function principalRoots(arn: string, window: TimeWindow, lookups: ScopeLookups): Promise<Omit<ScopeCredential, 'id'>[]> {
  const parsed = parseArn(arn);
  if (parsed?.service === 'iam' && parsed.resource.startsWith('role/')) {
    const name = parsed.resource.split('/').at(-1);
    const issued = (await lookups.sessionsOfRole(`arn:${parsed.partition}:sts::${parsed.accountId}:assumed-role/${name}/`, window))
      .filter((e) => e.issuance?.accessKeyId);
    if (issued.length === 0) throw new ScopeStartNotFound(`no call in the window minted a session of ${arn}`);
    return sessionRoots(issued, lookups);
  }
  const seen = await lookups.credentialsSeen({ arn }, window);
  const keys = [...new Set(seen.map((s) => s.accessKeyId).filter((k): k is string => !!k?.startsWith('AKIA')))];
  const out: Omit<ScopeCredential, 'id'>[] = keys.map((k) => longTermRoot(k, { arn, principalId: seen.find((s) => s.accessKeyId === k)?.principalId ?? null }));
  // Temporary keys signed as the principal: a GetSessionToken (found under its key) or a console session.
  for (const s of uniqueSessions(seen)) {
    const key = seen.find((x) => x.principalId === s.principalId && x.createdAt === s.createdAt)?.accessKeyId;
    if (key && (await lookups.issuancesByAccessKey(key)).length > 0) continue;
    out.push(consoleRoot(s, [`${arn} signed calls with per-request temporary keys in the session created ${s.createdAt}: a console session`]));
  }
  if (out.length === 0) throw new ScopeStartNotFound(`${arn} made no call in the store in the window`);
  return out;
}

/** From a traced event: the credential its chain started from (the origin's key or sign-in, or the topmost session). */
async function eventRoots(trace: Trace, window: TimeWindow, lookups: ScopeLookups, warnings: string[]): Promise<Omit<ScopeCredential, 'id'>[]> {
  const origin = trace.origin;
  const top = trace.hops.at(-1);
  if (trace.status === 'broken') warnings.push('the trace back from the event is broken: the scope starts at the highest credential it found, not at the origin');
  const person = origin?.type === 'IAMUser' || origin?.type === 'Root';
  if (person && origin.accessKeyId?.startsWith('AKIA')) {
    return [longTermRoot(origin.accessKeyId, { arn: origin.arn ?? null, principalId: origin.principalId ?? null, userName: origin.userName ?? null })];
  }
  if (person && origin.event?.eventName === 'ConsoleLogin' && origin.principalId) {
    const root = consoleRoot(
      { principalId: origin.principalId, createdAt: origin.event.eventTime, arn: origin.arn ?? null, identityType: origin.type },
      [`console sign-in ${origin.event.eventId} at ${origin.event.eventTime}: the origin of the trace of ${trace.target.eventId}`],
    );
    const signIn = await lookups.eventById(origin.event.eventId);
    if (signIn) root.issuedBy = issuedByRef(signIn, [signIn]);
    return [root];
  }
  if (origin?.type === 'IdentityCenterUser' && origin.principalId) {
    const sessions = await identityCenterRoots(origin.principalId, window, lookups);
    if (sessions.length > 0) return sessions;
  }
  if (top?.issuedBy) {
    const issue = await lookups.eventById(top.issuedBy.eventId);
    if (issue?.issuance?.accessKeyId) return [await sessionRoot(issue, lookups)];
  }
  const session = top?.session ?? null;
  if (session?.principalId && session.createdAt) {
    const root = consoleRoot(
      { principalId: session.principalId, createdAt: session.createdAt, arn: session.arn, identityType: null },
      [`the topmost session of the trace of ${trace.target.eventId}, created ${session.createdAt}`],
    );
    if (top?.link === 'identity-center-credentials') root.kind = 'identity-center-session';
    if (top?.issuedBy) root.issuedBy = hopRef(top.issuedBy);
    return [root];
  }
  const id = trace.target.identity;
  if (id.accessKeyId?.startsWith('AKIA')) return [longTermRoot(id.accessKeyId, { arn: id.arn ?? null, principalId: id.principalId ?? null })];
  throw new ScopeStartNotFound(`the trace of ${trace.target.eventId} reached no credential to scope from (${trace.status})`);
}

/**
 * Every role session the Identity Center portal handed user `userId` in the window: each portal call
 * (GetRoleCredentials, Federate) names the member account and permission set; the sessions of that
 * AWSReservedSSO_ role created in the same seconds are candidates, and one joins only when the trace
 * of its first call reaches this user (the backward rules, identity-center.ts).
 */
async function identityCenterRoots(userId: string, window: TimeWindow, lookups: ScopeLookups): Promise<Omit<ScopeCredential, 'id'>[]> {
  const roots: Omit<ScopeCredential, 'id'>[] = [];
  const seen = new Set<string>();
  for (const portal of await lookups.identityCenterCallsOf(userId, window)) {
    const account = portal.identityCenter?.accountId;
    const role = portal.identityCenter?.roleName;
    if (!account || !role || !/^\d{12}$/.test(account)) continue;
    const t = toMs(portal.eventTime);
    const candidates = await lookups.sessionsSeen(`arn:aws:sts::${account}:assumed-role/AWSReservedSSO_${role}_`, formatIso(t - 2 * SECOND), formatIso(t + 2 * SECOND));
    for (const candidate of candidates) {
      const key = `${candidate.principalId} ${candidate.createdAt}`;
      if (seen.has(key)) continue;
      const first = await lookups.eventById(candidate.firstEventId);
      if (!first) continue;
      const trace = await walk(first, lookups);
      const top = trace.hops.at(-1);
      if (trace.origin?.type !== 'IdentityCenterUser' || trace.origin.principalId !== userId || !top?.issuedBy) continue;
      seen.add(key);
      const root = consoleRoot(
        { principalId: candidate.principalId, createdAt: candidate.createdAt, arn: candidate.arn, identityType: null },
        [...top.evidence, `the trace of its first call ${first.eventId} reaches Identity Center user ${userId}`],
      );
      root.kind = 'identity-center-session';
      root.issuedBy = hopRef(top.issuedBy);
      root.link = top.link;
      root.confidence = top.confidence;
      roots.push(root);
    }
  }
  return roots;
}

/** The scope of `start` in `window`: its credentials, what they did and changed, and how to evict them. */
export async function buildScope(start: ScopeStart, value: string, window: TimeWindow, lookups: ScopeLookups, options: FindingOptions = {}): Promise<Scope> {
  const warnings: string[] = [];
  const walked = await walkForward(await roots(start, window, lookups, warnings), window, lookups);
  warnings.push(...walked.warnings);
  await addActivity(walked.nodes, window, lookups);
  if (start.kind === 'event') attachFindings(walked.nodes, start.trace);
  await addFindings(walked.nodes, lookups, options);
  const credentials = walked.nodes.map((n) => n.credential);
  const changes = await findChanges(walked.nodes, window, lookups, warnings);
  return {
    schema: 'trail-trace/scope@1',
    start: { kind: start.kind as ScopeStartKind, value, ...(start.kind === 'event' ? { origin: start.trace.origin } : {}) },
    window,
    credentials,
    changes,
    eviction: evictionSteps(credentials, changes),
    warnings,
  };
}

async function addActivity(nodes: ScopeNode[], window: TimeWindow, lookups: ScopeLookups): Promise<void> {
  const matches = nodes.map((n) => n.match);
  // One after another: a store connection runs one query at a time anyway, and a failed query
  // must not leave others running while the store is closed.
  const rows = await lookups.activity(matches, window);
  const top = await lookups.topCalls(matches, window);
  const bursts = await lookups.deniedBursts(matches, window, DENIED_BURST_CALLS);
  for (const node of nodes) {
    const c = node.credential;
    const row = rows.find((r) => r.cred === c.id);
    const activity: CredentialActivity = {
      calls: row?.calls ?? 0,
      failed: row?.failed ?? 0,
      firstUse: row?.firstUse ?? null,
      lastUse: row?.lastUse ?? null,
      firstEventId: row?.firstEventId ?? null,
      accounts: row?.accounts ?? [],
      regions: row?.regions ?? [],
      ips: row?.ips ?? [],
      userAgents: row?.userAgents ?? [],
      top: top.filter((t) => t.cred === c.id).map((t) => ({ call: `${t.source.replace(/\.amazonaws\.com$/, '')}:${t.name}`, count: t.calls, failed: t.failed })),
      deniedBursts: bursts.filter((b) => b.cred === c.id).map(({ cred: _, ...b }) => b),
    };
    c.activity = activity;
    // What the calls say of a credential its making did not: a new key's user ARN.
    if (row) {
      c.arn ??= row.arn;
      c.principalId ??= row.principalId;
      c.accountId ??= row.accountId;
      if (c.kind === 'long-term-key') c.userName ??= userNameOf(row.arn);
    }
  }
}

/**
 * Who used each session of the scope (findings.ts, as a trace says it): for a session used from
 * somewhere its making call did not come from, the findings the trace of its first call gives for
 * it. A session used only from where it was made has nothing to find, and is not traced.
 */
async function addFindings(nodes: ScopeNode[], lookups: ScopeLookups, options: FindingOptions): Promise<void> {
  for (const { credential: c } of nodes) {
    const a = c.activity;
    if (c.kind === 'long-term-key' || c.findings.length > 0 || !a?.firstEventId || a.calls === 0) continue;
    const from = c.issuedBy?.sourceIPAddress;
    if (from && a.ips.every((ip) => ip === from)) continue;
    const first = await lookups.eventById(a.firstEventId);
    if (!first) continue;
    const trace = await walk(first, lookups, options);
    c.findings.push(...trace.findings.filter((f) => f.hop === 0));
  }
}

/** The trace's findings (who used the chain's credentials) on the scope credentials they are about. */
function attachFindings(nodes: ScopeNode[], trace: Trace): void {
  for (const f of trace.findings) {
    const node = nodes.find((n) => f.accessKeyId && (n.credential.accessKeyId === f.accessKeyId || n.credential.accessKeyIds?.includes(f.accessKeyId)));
    node?.credential.findings.push(f);
  }
}

async function findChanges(nodes: ScopeNode[], window: TimeWindow, lookups: ScopeLookups, warnings: string[]): Promise<ScopeChange[]> {
  const calls = await lookups.changeCalls(nodes.map((n) => n.match), window, catalogueCalls(), MAX_CHANGES + 1);
  if (calls.length > MAX_CHANGES) {
    warnings.push(`more than ${MAX_CHANGES} calls that may have changed something: the first ${MAX_CHANGES} are listed; narrow the window with --from and --to`);
    calls.length = MAX_CHANGES;
  }
  const changes: ScopeChange[] = [];
  for (const { cred, event, record } of calls) {
    const match = classifyChange(record);
    if (!match) continue;
    const previous = match.succeeded ? await previousDocument(match, record, event, lookups) : undefined;
    const argv = match.succeeded && match.rule.undo ? undoArgv(match, record, previous) : undefined;
    changes.push({
      eventId: event.eventId,
      eventTime: event.eventTime,
      call: `${event.eventSource.replace(/\.amazonaws\.com$/, '')}:${event.eventName}`,
      accountId: event.recipientAccountId ?? null,
      region: event.region ?? null,
      by: cred,
      succeeded: match.succeeded,
      errorCode: event.errorCode ?? null,
      tactic: match.rule.tactic,
      technique: match.rule.technique,
      resource: match.resource,
      meaning: match.rule.meaning,
      undo: match.succeeded && match.rule.undo
        ? { action: match.rule.undo.action, command: argv ? shellCommand(argv) : null, ...(match.rule.undo.note ? { note: match.rule.undo.note } : {}) }
        : null,
    });
  }
  return changes;
}

/** The document a change replaced, from the latest earlier call on the same resource, as JSON text. */
async function previousDocument(match: ChangeMatch, record: unknown, event: TrailEvent, lookups: ScopeLookups): Promise<string | undefined> {
  const account = event.recipientAccountId;
  if (!account) return undefined;
  for (const q of previousDocumentQuery(match, record)) {
    const earlier = await lookups.earlierCalls(q.source, [q.name], account, event.eventTime);
    for (const e of earlier) {
      const id = q.id.map((path) => readPath(e.record, path)).find((v) => typeof v === 'string' && v !== '');
      if (id !== q.resourceId) continue;
      const doc = previousDocumentText(e.record, q.document);
      if (doc !== undefined) return doc;
    }
  }
  return undefined;
}
