// The report's opening: what happened, who did it (the origin), through which chain, how sure
// that is, and over what time window, in a few sentences built only from the trace and the
// events of the chain. Nothing is guessed: a fact the trace does not have is not mentioned.

import type { ChainActivityEntry } from '../../trace/activity.js';
import type { Incident } from '../../trace/incident.js';
import type { Hop, Trace } from '../../trace/model.js';
import { code, text } from './escape.js';
import { callName, clockOf, count, dayOf, duration, listWords, weakestHop } from './words.js';

function present(value: string | null | undefined): value is string {
  return value !== null && value !== undefined && value !== '';
}

/** The caller of a target event that names no ARN: "a caller of type `AWSAccount` (`ANONYMOUS_PRINCIPAL`)". */
function callerWithoutArn(trace: Trace): string {
  const id = trace.target.identity;
  // "None" is how a record without userIdentity.type is normalised (spec §2.1).
  if (id.type === 'None') return 'AWS itself (the record names no caller)';
  const who = id.principalId ?? id.accountId;
  return `a caller of type ${code(id.type)}${present(who) ? ` (${code(who)})` : ''}`;
}

/** "On 2026-03-09 at 10:47:31 UTC, <who> called `cloudtrail:StopLogging` in account `333…` (eu-west-1)." */
function whatHappened(trace: Trace): string {
  const t = trace.target;
  const hop = trace.hops[0];
  const who = hop
    ? `the ${text(hop.session.kind)} ${code(hop.session.arn ?? hop.session.principalId ?? 'unknown')}`
    : present(t.identity.arn) ? `${text(t.identity.type)} ${code(t.identity.arn)}` : callerWithoutArn(trace);
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
  return `${text(o.description)}${arn}`;
}

/** Who: the origin, through how many hops and accounts; or where the chain broke. */
function whoDidIt(trace: Trace): string {
  const hops = trace.hops;
  const accounts = accountsOfChain(trace);
  const across = accounts.length > 1 ? ` across accounts ${listWords(accounts.map(code))}` : '';
  if (trace.status === 'no-identity') {
    return 'That caller carries no session or identity to follow, so there is no chain behind this event.';
  }
  if (trace.status === 'complete') {
    if (hops.length === 0) return `The caller used its own credentials: there is no chain of sessions. The origin is ${originSentence(trace)}.`;
    return `trail-trace followed that session back through ${count(hops.length, 'hop')}${across} to its origin: ${originSentence(trace)}.`;
  }
  const missing = hops.findIndex((h) => h.issuedBy === null);
  const at = missing === -1 ? hops.length : missing + 1;
  const gap = trace.gaps[0];
  const why = gap ? ` What is missing: ${text(gap.reason)}.` : ' The issuing event was not found.';
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

/** When: the window the chain was built in and what its members did. */
function when(trace: Trace, entries: ChainActivityEntry[]): string | null {
  const parts: string[] = [];
  const created = trace.hops.map((h) => h.session.createdAt ?? h.issuedBy?.eventTime).filter(present).sort();
  if (created.length > 0) {
    const first = created[0]!;
    const last = created.at(-1)!;
    const before = `${duration(last, trace.target.eventTime)} before the target event`;
    parts.push(first === last
      ? `The chain's session was created at ${first}, ${before}.`
      : `The chain's sessions were created between ${first} and ${last}, the last of them ${before}.`);
  }
  if (entries.length > 0 && trace.status !== 'no-identity') {
    const from = entries[0]!.event.eventTime;
    const to = entries.at(-1)!.event.eventTime;
    const writes = entries.filter((e) => e.write).length;
    const sensitive = entries.filter((e) => e.sensitive !== null);
    const names = [...new Set(sensitive.map((e) => callName(e.event.eventSource, e.event.eventName)))];
    const shown = names.slice(0, 6).map(code);
    if (names.length > shown.length) shown.push(`${names.length - shown.length} more`);
    const sensitiveWords = sensitive.length === 0 ? 'none of them sensitive' : `${count(sensitive.length, 'sensitive call')} (${listWords(shown)})`;
    parts.push(
      `In the store, ${trace.hops.length === 0 ? 'the origin' : "the chain's members"} made ${count(entries.length, 'call')} from ${from} to ${to} (${duration(from, to)}): ` +
        `${writes === 0 ? 'no writes' : count(writes, 'write')}, ${sensitiveWords}.`,
    );
  }
  return parts.length > 0 ? parts.join(' ') : null;
}

export function summarySection(incident: Incident, entries: ChainActivityEntry[]): string {
  const trace = incident.trace;
  const paragraphs = [`${whatHappened(trace)} ${whoDidIt(trace)}`, howSure(trace.hops), when(trace, entries)];
  return ['## Summary', ...paragraphs.filter((p): p is string => p !== null)].join('\n\n');
}
