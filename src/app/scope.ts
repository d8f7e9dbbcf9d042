// Scope one start in a store: an access key, a principal or session ARN, or an event (traced back to
// its origin first). The application layer: the store answers, the pure scope (src/trace) decides.

import type { Trace } from '../trace/model.js';
import type { FindingOptions } from '../trace/findings.js';
import { buildScope, ScopeStartNotFound, startKindOf, type ScopeStart } from '../trace/scope-build.js';
import type { CallSummary, Scope, ScopeCredential, ScopeLookups } from '../trace/scope-model.js';
import { fetchingScopeLookups } from './fetching-lookups.js';
import type { UsageRequest } from '../trace/lookups.js';
import { questions } from '../sources/question.js';
import type { Fetcher } from './fetch.js';
import { matchOf } from '../trace/scope.js';
import { formatIso } from '../trace/time.js';
import { accountOf } from '../trace/arn.js';
import { createScopeLookups } from '../store/scope-lookups.js';
import type { Store } from '../store/store.js';
import { sql } from '../store/queries.js';
import { settledQuestions } from '../store/sources.js';

export interface ScopeWindow {
  from?: Date;
  to?: Date;
}

/**
 * The scope of `value` in the store; `traceEvent` traces an event start (the caller resolves a
 * prefix and words its errors). The window defaults to everything the store holds.
 */
export async function scopeInStore(
  store: Store,
  value: string,
  window: ScopeWindow,
  traceEvent: (eventId: string) => Promise<Trace>,
  options: FindingOptions = {},
  lookups: ScopeLookups = createScopeLookups(store),
): Promise<Scope> {
  const kind = startKindOf(value);
  const start: ScopeStart = kind === 'access-key' ? { kind, key: value }
    : kind === 'principal' || kind === 'session' ? { kind, arn: value }
    : { kind: 'event', eventId: value, trace: await traceEvent(value) };
  return scopeFrom(store, start, start.kind === 'event' ? start.trace.target.eventId : value, window, options, lookups);
}

async function scopeFrom(store: Store, start: ScopeStart, value: string, window: ScopeWindow, options: FindingOptions, lookups = createScopeLookups(store)): Promise<Scope> {
  const [span] = window.from && window.to ? [] : await store.all<{ first_event: string | null; last_event: string | null }>(sql('scope/store-window'));
  const from = window.from ? formatIso(window.from) : span?.first_event ?? '1970-01-01T00:00:00Z';
  const to = window.to ? formatIso(window.to) : span?.last_event ?? from;
  return buildScope(start, value, { from, to }, lookups, options);
}

/** One page of a scope credential's calls, oldest first, after `after` when given (the views page, never load all). */
export async function scopeCallsPage(
  store: Store,
  scope: Scope,
  credentialId: string,
  after: { time: string; eventId: string } | null,
  limit: number,
): Promise<CallSummary[]> {
  const credential = scope.credentials.find((c) => c.id === credentialId);
  if (!credential) return [];
  return createScopeLookups(store).callsPage([matchOf(credential, scope.window)], scope.window, after, limit);
}

/**
 * The scope of a traced event's origin over the whole store, for the report: or why there is none
 * (a trace with no credential to start from, such as an anonymous caller).
 */
export async function scopeOfTrace(store: Store, trace: Trace, options: FindingOptions = {}): Promise<Scope | { unavailable: string }> {
  try {
    return await scopeFrom(store, { kind: 'event', eventId: trace.target.eventId, trace }, trace.target.eventId, {}, options);
  } catch (error) {
    if (error instanceof ScopeStartNotFound) return { unavailable: error.message };
    throw error;
  }
}

/** Most rounds of fetching for a scope: each round fetches the calls of the credentials the last one found. */
const FETCH_ROUNDS = 8;

export interface ScopeFetch {
  fetcher: Fetcher;
  /** Where a credential of unknown account is looked for (--account), else any account. */
  accounts: string[] | null;
}

/** The credentials as one question's terms: their keys, their sessions' principal ids, their ARNs. */
function usageOf(credentials: ScopeCredential[], fallbackWindowStart: string): UsageRequest {
  const keys = new Set<string>();
  const sessions = new Map<string, { principalId: string; createdAt: string }>();
  const arns = new Set<string>();
  for (const c of credentials) {
    if (c.accessKeyId) keys.add(c.accessKeyId);
    for (const k of c.accessKeyIds ?? []) keys.add(k);
    // Without a key to go by (a console session), its principal's calls.
    if (!c.accessKeyId && c.principalId) sessions.set(c.principalId, { principalId: c.principalId, createdAt: c.createdAt ?? fallbackWindowStart });
    if (!c.accessKeyId && !c.principalId && c.arn) arns.add(c.arn);
  }
  return { accessKeys: [...keys].sort(), sessions: [...sessions.values()], arns: [...arns].sort() };
}

/**
 * The keys, principal ids and ARNs whose calls over (at least) `span` an earlier run fetched and
 * got settled answers for, as "<account or *>\0<term>".
 */
async function answeredTerms(store: Store, span: { from: string; to: string }): Promise<Set<string>> {
  const out = new Set<string>();
  for (const { question } of await settledQuestions(store)) {
    let q: { accounts: string[] | null; regions: string[] | null; window: { from: string; to: string }; match: { accessKeyIds?: string[]; principalIds?: string[]; arns?: string[] }[] };
    try {
      q = JSON.parse(question);
    } catch {
      continue;
    }
    if (q.regions !== null || !(q.window.from <= span.from && q.window.to >= span.to)) continue;
    for (const m of q.match) {
      // Only a question for all of a credential's calls, not some of them (by name, say).
      if (Object.keys(m).some((k) => !['accessKeyIds', 'principalIds', 'arns'].includes(k))) continue;
      for (const term of [...(m.accessKeyIds ?? []), ...(m.principalIds ?? []), ...(m.arns ?? [])]) {
        for (const a of q.accounts ?? ['*']) out.add(`${a}\0${term}`);
      }
    }
  }
  return out;
}

/** What identifies a credential's calls, to ask for each credential once. */
function credentialTerm(c: ScopeCredential): string {
  return c.accessKeyId ?? c.principalId ?? c.arn ?? c.id;
}

/**
 * The scope of `value` over a window, fetching from the store's sources what it needs (--fetch):
 * the calls made with the start's credential, then, round by round, the calls of each credential
 * those calls minted, until a round finds no credential not yet asked for, or brings nothing new.
 * Each round asks one question per account (the calls of a credential are logged in its own
 * account), bounded by the fetcher's budget. The scope says what was fetched and how.
 */
export async function scopeFetching(
  store: Store,
  value: string,
  window: Required<ScopeWindow>,
  traceEvent: (eventId: string) => Promise<Trace>,
  options: FindingOptions,
  fetch: ScopeFetch,
): Promise<Scope> {
  const span = { from: formatIso(window.from), to: formatIso(window.to) };
  const asked = new Set<string>();
  // What an earlier run asked and got settled answers for: not asked again (a round groups its
  // credentials by account, so the same calls come under another question's key).
  const answered = await answeredTerms(store, span);
  const ask = async (all: UsageRequest, accounts: string[] | null): Promise<number> => {
    const known = (term: string) => (accounts ?? [null]).every((a) => answered.has(`${a ?? '*'}\0${term}`) || answered.has(`*\0${term}`));
    const request = {
      accessKeys: all.accessKeys.filter((k) => !known(k)),
      sessions: all.sessions.filter((s) => !known(s.principalId)),
      arns: all.arns.filter((a) => !known(a)),
    };
    const terms = [...new Set([...request.accessKeys, ...request.sessions.map((s) => s.principalId), ...request.arns])];
    if (terms.length === 0) return 0;
    const what = `the calls made with ${terms.length > 3 ? `${terms.slice(0, 3).join(', ')} and ${terms.length - 3} more` : terms.join(', ')}`;
    return fetch.fetcher.ensure(questions.usage(request, { accounts, regions: null, window: span }, what));
  };
  const kind = startKindOf(value);
  // A key or an ARN: its own calls first, or there is nothing to scope from; in the account an ARN names.
  if (kind === 'access-key') {
    await ask({ accessKeys: [value], sessions: [], arns: [] }, fetch.accounts);
    asked.add(value);
  } else if (kind === 'principal' || kind === 'session') {
    const account = accountOf(value);
    await ask({ accessKeys: [], sessions: [], arns: [value] }, account ? [account] : fetch.accounts);
  }
  const lookups = fetchingScopeLookups(createScopeLookups(store), fetch.fetcher, fetch.accounts, span);
  let scope = await scopeInStore(store, value, window, traceEvent, options, lookups);
  let rounds = 0;
  for (; rounds < FETCH_ROUNDS; rounds++) {
    const fresh = scope.credentials.filter((c) => !asked.has(credentialTerm(c)));
    if (fresh.length === 0) break;
    for (const c of fresh) asked.add(credentialTerm(c));
    // One question per account the credentials belong to.
    const byAccount = new Map<string | null, ScopeCredential[]>();
    for (const c of fresh) byAccount.set(c.accountId, [...(byAccount.get(c.accountId) ?? []), c]);
    let added = 0;
    for (const [account, credentials] of byAccount) added += await ask(usageOf(credentials, span.from), account ? [account] : fetch.accounts);
    if (added === 0) break;
    scope = await scopeInStore(store, value, window, traceEvent, options, lookups);
  }
  scope.warnings.push(
    `fetched with --fetch: the calls made with the scope's ${scope.credentials.length} credential${scope.credentials.length === 1 ? '' : 's'} ` +
      `from ${span.from} to ${span.to}; calls outside that window, and any the sources did not return, are not in this scope. ` +
      'Not fetched: Identity Center portal calls and the sessions they opened (load the window for those: trail-trace ingest …); what a policy was before a change is read from the window only',
  );
  if (rounds === FETCH_ROUNDS) scope.warnings.push(`fetching stopped after ${FETCH_ROUNDS} rounds of newly minted credentials: run the same command again to go on`);
  return scope;
}
