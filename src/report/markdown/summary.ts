// The report's opening: what happened, who did it (the origin), through which chain, how sure
// that is, and over what time window, in a few sentences built only from the trace and the
// events of the chain. Nothing is guessed: a fact the trace does not have is not mentioned.

import { originHasOwnActivity, type ChainActivityEntry } from '../../trace/activity.js';
import type { Incident } from '../../trace/incident.js';
import type { Hop, Origin, Trace } from '../../trace/model.js';
import { anonymousMarker, isAnonymous } from '../../trace/identity.js';
import { isRefusal } from '../../trace/sensitive.js';
import { code, prose, text } from './escape.js';
import { findingsLead } from './findings.js';
import {
  callName, clockOf, count, dayOf, duration, listWords, loggedValues, originKind, originName, originValues, sessionCreated, weakestHop,
} from './words.js';

function present(value: string | null | undefined): value is string {
  return value !== null && value !== undefined && value !== '';
}

/** The caller of a target event that names no ARN: "a caller of type `AWSAccount` (`ANONYMOUS_PRINCIPAL`)". */
function callerWithoutArn(trace: Trace): string {
  const id = trace.target.identity;
  // "None" is how a record without userIdentity.type is normalised (spec §2.1).
  if (id.type === 'None') return 'AWS itself (the record names no caller)';
  const marker = anonymousMarker(id);
  if (marker) return `an anonymous caller (unauthenticated, no credentials at all; the record names ${code(marker)})`;
  const who = id.principalId ?? id.accountId;
  return `a caller of type ${code(id.type)}${present(who) ? ` (${code(who)})` : ''}`;
}

/** "On 2026-03-09 at 10:47:31 UTC, <who> called `cloudtrail:StopLogging` in account `333…` (eu-west-1)." */
function whatHappened(trace: Trace): string {
  const t = trace.target;
  const hop = trace.hops[0];
  const who = hop
    ? `the ${text(hop.session.kind)} ${code(hop.session.arn ?? hop.session.principalId ?? 'unknown')}`
    : present(t.identity.arn) ? `${code(t.identity.arn)} (type ${code(t.identity.type)})` : callerWithoutArn(trace);
  const where = [
    present(t.accountId) ? ` in account ${code(t.accountId)}` : '',
    present(t.region) ? ` (${code(t.region)})` : '',
  ].join('');
  const failed = present(t.errorCode) ? `; the call failed with ${code(t.errorCode)}` : '';
  return `On ${dayOf(t.eventTime)} at ${clockOf(t.eventTime)} UTC, ${who} called ${code(callName(t.eventSource, t.eventName))}${where}${failed}.`;
}

function accountsOfChain(trace: Trace): string[] {
  // In the chain's own order: origin, hops from the origin's end, target.
  const accounts = [trace.origin?.accountId, ...trace.hops.map((h) => h.session.accountId).reverse(), trace.target.accountId].filter(present);
  return [...new Set(accounts)];
}

function originSentence(trace: Trace): string {
  const o = trace.origin!;
  const arn = present(o.arn) && !o.description.includes(o.arn) ? `, ${code(o.arn)}` : '';
  return `${prose(o.description, originValues(o))}${arn}`;
}

/** Who: the origin, through how many hops and accounts; or where the chain broke. */
function whoDidIt(trace: Trace): string {
  const hops = trace.hops;
  const accounts = accountsOfChain(trace);
  const across = accounts.length > 1 ? ` across accounts ${listWords(accounts.map(code))}` : '';
  if (trace.status === 'no-identity') {
    return isAnonymous(trace.target.identity)
      ? 'Anyone who could reach the resource could have made this call: there is no credential, so no chain behind this event.'
      : 'That caller carries no session or identity to follow, so there is no chain behind this event.';
  }
  if (trace.status === 'complete') {
    if (hops.length === 0) return `The caller used its own credentials: there is no chain of sessions. The origin is ${originSentence(trace)}.`;
    return `trail-trace followed that session back through ${count(hops.length, 'hop')}${across} to its origin: ${originSentence(trace)}.`;
  }
  const missing = hops.findIndex((h) => h.issuedBy === null);
  const at = missing === -1 ? hops.length : missing + 1;
  const gap = trace.gaps[0];
  const why = gap ? ` What is missing: ${prose(gap.reason, loggedValues(trace))}.` : ' The issuing event was not found.';
  const known = trace.origin
    ? ` The furthest the logs reach is ${originSentence(trace)}.`
    : ' Who is behind it is unknown until those logs are loaded.';
  return `The chain is **broken** at hop ${at}.${why} The Gaps section under Evidence says which logs would continue it.${known}`;
}

const LINK_WORDS: Record<string, string> = {
  exact: "the session's access key is the one the issuing call returned",
  strong: "the session's principal id and creation time match the issuing call (console and Identity Center sessions sign with another key)",
  heuristic: 'it is the latest issuance of the same session ARN; other candidates are listed under Evidence',
};

/** How sure: every link exact, or the weakest one and what that means. */
function howSure(hops: Hop[]): string | null {
  const linked = hops.filter((h) => h.confidence !== null);
  if (linked.length === 0) return null;
  const first = linked[0]!.confidence!;
  if (linked.every((h) => h.confidence === first)) {
    const subject = linked.length === 1 ? 'The link is' : linked.length === 2 ? 'Both links are' : `All ${linked.length} links are`;
    const caution = first === 'heuristic' ? ' Treat the origin as likely, not proven.' : '';
    return `${subject} **${first}**: ${LINK_WORDS[first]}.${caution}`;
  }
  const weakest = weakestHop(linked);
  const h = linked[weakest]!;
  const caution = h.confidence === 'heuristic' ? ' Treat the origin as likely, not proven.' : '';
  return `The weakest link is hop ${hops.indexOf(h) + 1}, **${h.confidence}**: ${LINK_WORDS[h.confidence!]}.${caution}`;
}

/** "hop 1", "hops 1 and 2": hop numbers as the chain table names them. */
function hopNumbers(indexes: number[]): string {
  return `${indexes.length === 1 ? 'Hop' : 'Hops'} ${listWords(indexes.map((i) => String(i + 1)))}`;
}

/** When the chain's sessions were created, as far as the logs vouch for it (words.ts sessionCreated). */
function createdWhen(trace: Trace): string[] {
  const hops = trace.hops.map((hop, index) => ({ hop, index, created: sessionCreated(hop) }));
  const known = hops.filter((h) => h.created !== null);
  const unknown = hops.filter((h) => h.created === null);
  const sentences: string[] = [];
  if (known.length > 0) {
    const times = known.map((h) => h.created!).sort();
    const first = times[0]!;
    const last = times.at(-1)!;
    const before = `${duration(last, trace.target.eventTime)} before the target event`;
    const all = unknown.length === 0;
    const subject = known.length === 1
      ? all ? "The chain's session was" : `${hopNumbers([known[0]!.index])}'s session was`
      : all ? "The chain's sessions were" : `${hopNumbers(known.map((h) => h.index))}'s sessions were`;
    sentences.push(first === last
      ? `${subject} created at ${first}, ${before}.`
      : `${subject} created between ${first} and ${last}, the last of them ${before}.`);
  }
  for (const { hop, index } of unknown) {
    const why = hop.issuedBy
      ? `the call that may have issued it, at ${hop.issuedBy.eventTime}, is only a ${hop.confidence ?? 'missing'} match`
      : 'the call that issued it is not in the store';
    sentences.push(`${hopNumbers([index])}'s creation time is unknown: its session records none, and ${why}.`);
  }
  return sentences;
}

/** "made 7 calls between A and B (19 minutes)", "made 1 call, at A". */
function madeCalls(entries: ChainActivityEntry[]): string {
  if (entries.length === 0) return 'made no calls';
  const from = entries[0]!.event.eventTime;
  const to = entries.at(-1)!.event.eventTime;
  if (entries.length === 1) return `made 1 call, at ${from}`;
  return `made ${count(entries.length, 'call')} between ${from} and ${to} (${duration(from, to)})`;
}

/** "IAM user `alice`", "a principal of account `999…`" (an external caller is no identity of its own). */
function originLabel(o: Origin): string {
  if (o.type === 'AWSAccount') return present(o.accountId) ? `a principal of account ${code(o.accountId)}` : 'a principal of another account';
  const name = originName(o);
  return present(name) ? `${originKind(o)} ${code(name)}` : originKind(o);
}

/** Who made the calls: the chain's sessions and the origin counted apart (an IAM user's calls can span weeks). */
function whoMadeCalls(trace: Trace, entries: ChainActivityEntry[]): string {
  const o = trace.origin;
  const byOrigin = entries.filter((e) => e.actor === 'origin');
  const bySessions = entries.filter((e) => e.actor !== 'origin');
  const everyCall = originHasOwnActivity(o) ? ', counting all of its calls in the store' : '';
  const origin = o ? `the origin, ${originLabel(o)},` : 'the origin';
  if (trace.hops.length === 0) return `In the store, ${origin} ${madeCalls(byOrigin.length > 0 ? byOrigin : entries)}${everyCall}.`;
  const sessions = `In the store, the chain's sessions ${madeCalls(bySessions)}`;
  return byOrigin.length === 0 ? `${sessions}.` : `${sessions}; ${origin} ${madeCalls(byOrigin)}${everyCall}.`;
}

/** "a, b and c", or the first six and "N more". */
function someOf(items: string[]): string {
  const shown = items.slice(0, 6);
  if (items.length > shown.length) shown.push(`${items.length - shown.length} more`);
  return listWords(shown);
}

/** "Of these 8 calls, 1 failed; the 7 that succeeded include <include>." */
function outcome(total: number, succeeded: number, include: string): string {
  if (succeeded === 0) return total === 1 ? 'This call failed.' : `All ${count(total, 'call')} failed.`;
  if (succeeded === total) return `${total === 1 ? 'This call includes' : `These ${count(total, 'call')} include`} ${include}; none failed.`;
  const ok = succeeded === 1 ? 'the 1 that succeeded includes' : `the ${succeeded.toLocaleString('en-US')} that succeeded include`;
  return `Of these ${count(total, 'call')}, ${(total - succeeded).toLocaleString('en-US')} failed; ${ok} ${include}.`;
}

/**
 * What the calls did. Only calls that succeeded count as writes or sensitive calls: a refused
 * StopLogging stopped nothing. Sensitive calls that failed are named apart, as attempts.
 */
function whatCallsDid(entries: ChainActivityEntry[]): string {
  const succeeded = entries.filter((e) => !present(e.event.errorCode));
  const writes = succeeded.filter((e) => e.write).length;
  const sensitive = succeeded.filter((e) => e.sensitive !== null);
  const names = [...new Set(sensitive.map((e) => code(callName(e.event.eventSource, e.event.eventName))))];
  const include = `${writes === 0 ? 'no writes' : count(writes, 'write')} and ` +
    (sensitive.length === 0 ? 'no sensitive calls' : `${count(sensitive.length, 'sensitive call')} (${someOf(names)})`);
  const sentences = [outcome(entries.length, succeeded.length, include)];
  const attempts = entries.filter((e) => present(e.event.errorCode) && e.sensitive !== null);
  if (attempts.length > 0) {
    const how = attempts.every((e) => isRefusal(e.event.errorCode!)) ? 'refused' : 'failed';
    const tried = attempts.map((e) => `${code(callName(e.event.eventSource, e.event.eventName))} (${code(e.event.errorCode!)})`);
    sentences.push(`${count(attempts.length, 'sensitive call')} ${attempts.length === 1 ? 'was' : 'were'} attempted and ${how}: ${someOf([...new Set(tried)])}.`);
  }
  return sentences.join(' ');
}

/** When: the window the chain was built in and what its members did. */
function when(trace: Trace, entries: ChainActivityEntry[]): string | null {
  const parts = createdWhen(trace);
  if (entries.length > 0 && trace.status !== 'no-identity') parts.push(whoMadeCalls(trace, entries), whatCallsDid(entries));
  return parts.length > 0 ? parts.join(' ') : null;
}

export function summarySection(incident: Incident, entries: ChainActivityEntry[]): string {
  const trace = incident.trace;
  const paragraphs = [`${whatHappened(trace)} ${whoDidIt(trace)}`, findingsLead(trace), howSure(trace.hops), when(trace, entries)];
  return ['## Summary', ...paragraphs.filter((p): p is string => p !== null)].join('\n\n');
}
