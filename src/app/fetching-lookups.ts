// The lookup port with an outer layer (issue "Trace where the logs live"): when the store cannot
// answer one of the tracer's questions, the configured sources are asked (src/app/fetch.ts), what
// they return is stored, and the store answers again. The tracer (src/trace) stays pure and does
// not know: it said where each answer is logged (Whereabouts), and that is all a source needs.

import type { TraceLookups, Whereabouts } from '../trace/lookups.js';
import type { TrailEvent } from '../trace/model.js';
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
    accessKeyCreations: (key, before, where) =>
      onMiss(() => inner.accessKeyCreations(key, before, where), where ? questions.keyCreation(key, where) : null),
    passwordChanges: (account, userName, window, where) =>
      complete(() => inner.passwordChanges(account, userName, window, where), where ? questions.passwordChanges(account, userName, where) : null),
    credentialUsage: (request, where) =>
      complete(() => inner.credentialUsage(request, where), where ? questions.usage(request, where) : null),
    addressUsers: (ips, exceptArns, where) =>
      complete(() => inner.addressUsers(ips, exceptArns, where), where && ips.length ? questions.addressUsers(ips, where) : null),
  };
}
