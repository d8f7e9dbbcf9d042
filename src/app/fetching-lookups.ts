// The lookup port with an outer layer (issue "Trace where the logs live"): when the store cannot
// answer one of the tracer's questions, the configured sources are asked (src/app/fetch.ts), what
// they return is stored, and the store answers again. The tracer (src/trace) stays pure and does
// not know: it said where each answer is logged (Whereabouts), and that is all a source needs.

import type { TimeWindow, TraceLookups, Whereabouts } from '../trace/lookups.js';
import type { TrailEvent } from '../trace/model.js';
import type { ScopeLookups } from '../trace/scope-model.js';
import { accountOf } from '../trace/arn.js';
import { MAX_SESSION_MS } from '../trace/link.js';
import { isoSeconds } from '../trace/time.js';
import { questions, type Question } from '../sources/question.js';
import type { Fetcher } from './fetch.js';

export function fetchingLookups(inner: TraceLookups, fetcher: Fetcher): TraceLookups {
  /** Answered by the store; on a miss, the question is put to the sources and the store asked again. */
  async function onMiss<T>(lookup: () => Promise<T[]>, question: Question | null, enough: (found: T[]) => boolean = (f) => f.length > 0): Promise<T[]> {
    const found = await lookup();
    if (!question || enough(found)) return found;
    return (await fetcher.ensure(question)) > 0 ? lookup() : found;
  }
  /** Asked of the sources first (once): a partial answer in the store could mislead (the wrong sign-in, too few calls). */
  async function complete<T>(lookup: () => Promise<T>, question: Question | null): Promise<T> {
    if (question) await fetcher.ensure(question);
    return lookup();
  }
  const fromCaller = (copies: TrailEvent[]) => copies.some((c) => c.identity.type !== 'AWSAccount');
  /**
   * The STS call that minted a session: first where it is most likely logged (us-east-1 for the
   * global endpoint, and the session's region); when not there, every region of the account, for
   * a regional STS endpoint can be any (spec §3.10: a Lambda function's role is assumed in the
   * function's region, whatever region its calls go to).
   */
  async function issuance(lookup: () => Promise<TrailEvent[]>, what: string, where: Whereabouts | undefined): Promise<TrailEvent[]> {
    if (!where) return lookup();
    const found = await onMiss(lookup, questions.issuance(what, where));
    if (found.length > 0 || where.regions === null) return found;
    return onMiss(lookup, questions.issuance(`${what}, in any region`, { ...where, regions: null }));
  }

  return {
    issuancesByAccessKey: (key, where) => issuance(() => inner.issuancesByAccessKey(key, where), `the call that minted key ${key}`, where),
    issuancesByPrincipalId: (principalId, window, where) =>
      issuance(() => inner.issuancesByPrincipalId(principalId, window, where), `the call that minted ${principalId}`, where),
    issuancesByArn: (arn, window, where) => issuance(() => inner.issuancesByArn(arn, window, where), `the call that minted ${arn}`, where),
    assumeRootsForAccount: (account, window) =>
      onMiss(() => inner.assumeRootsForAccount(account, window), questions.assumeRoots(account, window)),
    copiesOfSharedEvent: (shared, where) =>
      onMiss(() => inner.copiesOfSharedEvent(shared, where), where ? questions.copies(shared, where) : null, fromCaller),
    signInEvents: (window, arn) => complete(() => inner.signInEvents(window, arn), questions.signIns(window, arn)),
    identityCenterCredentialEvents: (account, window) =>
      complete(() => inner.identityCenterCredentialEvents(account, window), questions.identityCenter(account, window)),
    mcpToolCalls: (window, where) => complete(() => inner.mcpToolCalls(window, where), where ? questions.mcpToolCalls(where) : null),
    accessKeyCreations: async (key, before, where) => {
      const question = where ? questions.keyCreation(key, where) : null;
      const found = await onMiss(() => inner.accessKeyCreations(key, before, where), question);
      // Keys live for years, and a fetch looks back a bounded time: say how far, when a source
      // answered and found none (a question the budget or the sources left unasked says so apart).
      if (found.length === 0 && where && question && fetcher.wasAnswered(question)) {
        fetcher.note(`the CreateAccessKey that made ${key} was looked for from ${where.window.from} to ${where.window.to} and not found: a key made before that is older than what was fetched (load a longer window of ${where.accounts?.join(', ') ?? 'its account'}'s us-east-1 logs to look further)`);
      }
      return found;
    },
    passwordChanges: (account, userName, window, where) =>
      complete(() => inner.passwordChanges(account, userName, window, where), where ? questions.passwordChanges(account, userName, where) : null),
    credentialUsage: (request, where) =>
      complete(() => inner.credentialUsage(request, where), where ? questions.usage(request, where) : null),
    addressUsers: (ips, exceptArns, where) =>
      complete(() => inner.addressUsers(ips, exceptArns, where), where && ips.length ? questions.addressUsers(ips, where) : null),
  };
}

/**
 * The scope's lookups with the same outer layer (`scope --fetch`): before the store is asked for a
 * console sign-in, a session's per-request keys, a credential's uses or a role's sessions, the
 * sources are asked for them (src/app/scope.ts asks for each credential's calls, round by round).
 * Where the records do not name the account (a principal id, a key), `accounts` (--account) or any;
 * what has no time of its own is looked for in the scope's window. Not fetched: Identity Center
 * portal calls and the sessions they opened; the scope says so.
 */
export function fetchingScopeLookups(inner: ScopeLookups, fetcher: Fetcher, accounts: string[] | null, window: TimeWindow): ScopeLookups {
  const first = async <T>(question: Question, lookup: () => Promise<T>): Promise<T> => {
    await fetcher.ensure(question);
    return lookup();
  };
  return {
    ...inner,
    consoleSignIns: (accountId, userName, window) => first(
      { ...questions.signIns(window, undefined), what: `console sign-ins of IAM user ${userName} in ${accountId}`, accounts: [accountId] },
      () => inner.consoleSignIns(accountId, userName, window),
    ),
    keysOfSessions: async (sessions) => {
      if (sessions.length === 0) return inner.keysOfSessions(sessions);
      // The keys are seen on the sessions' calls: from their creation for as long as one can last, within the scope's window.
      const createdBy = Math.max(...sessions.map((s) => Date.parse(s.createdTo)));
      const span = { from: sessions.map((s) => s.createdFrom).sort()[0]!, to: isoSeconds(Math.max(createdBy, Math.min(createdBy + MAX_SESSION_MS, Date.parse(window.to)))) };
      const request = { accessKeys: [], sessions: sessions.map((s) => ({ principalId: s.principalId, createdAt: s.createdFrom })), arns: [] };
      // Logged in the sessions' own accounts; a session of unknown account, anywhere.
      const known = sessions.every((s) => s.accountId) ? [...new Set(sessions.map((s) => s.accountId!))].sort() : null;
      return first(
        questions.usage(request, { accounts: known, regions: null, window: span }, `the keys signing as ${[...new Set(sessions.map((s) => s.principalId))].join(', ')}`),
        () => inner.keysOfSessions(sessions),
      );
    },
    credentialsSeen: (match, window) => {
      const arnAccount = 'arn' in match ? accountOf(match.arn) : undefined;
      const request = 'key' in match ? { accessKeys: [match.key], sessions: [], arns: [] } : { accessKeys: [], sessions: [], arns: [match.arn] };
      return first(
        questions.usage(request, { accounts: arnAccount ? [arnAccount] : accounts, regions: null, window }, `the calls made with ${'key' in match ? match.key : match.arn}`),
        () => inner.credentialsSeen(match, window),
      );
    },
    // The caller's copy of a call found in the role's account, where the scope names it.
    copiesOfSharedEvent: async (shared, where) => {
      const found = await inner.copiesOfSharedEvent(shared, where);
      if (!where || found.some((c) => c.identity.type !== 'AWSAccount')) return found;
      return (await fetcher.ensure(questions.copies(shared, where))) > 0 ? inner.copiesOfSharedEvent(shared, where) : found;
    },
    sharedEventCopies: (sharedEventIds, where) => sharedEventIds.length === 0 ? inner.sharedEventCopies(sharedEventIds, where) : first(
      {
        what: `the other accounts' copies of ${sharedEventIds.length} cross-account call${sharedEventIds.length === 1 ? '' : 's'}`,
        accounts: where?.accounts.length ? where.accounts : null, regions: null,
        window: where ? { from: where.from, to: where.to } : window, match: [{ sharedEventIds }],
      },
      () => inner.sharedEventCopies(sharedEventIds, where),
    ),
    // What a policy was before a change: the earlier calls that set it, from the window's start on.
    earlierCalls: (source, names, accountId, before) => first(
      { what: `earlier ${names.join(', ')} calls in ${accountId}`, accounts: [accountId], regions: null, window: { from: window.from, to: before }, match: [{ eventSources: [source], eventNames: names }] },
      () => inner.earlierCalls(source, names, accountId, before),
    ),
    sessionsOfRole: (prefix, window) => {
      const account = accountOf(prefix);
      return first(
        questions.issuance(`the sessions of ${prefix}…`, { accounts: account ? [account] : accounts, regions: null, window, mentions: [prefix] }),
        () => inner.sessionsOfRole(prefix, window),
      );
    },
  };
}
