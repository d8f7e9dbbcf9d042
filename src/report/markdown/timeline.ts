// The timeline: what the chain's members did, oldest first, writes and sensitive calls marked.
// Long timelines are capped: the target and the calls that issued the chain's sessions are always
// kept, then sensitive calls, writes and failures, then the calls nearest in time to the target;
// the report says how many of each kind were left out, and from when.

import { originHasOwnActivity, type ChainActivityEntry } from '../../trace/activity.js';
import type { Trace } from '../../trace/model.js';
import { isRefusal } from '../../trace/sensitive.js';
import { CELL_MAX, code, prose, shortCell, text } from './escape.js';
import { inIndicators } from './indicators.js';
import { table } from './table.js';
import { callName, count, listWords, originValues, sessionName } from './words.js';

const HEADER = ['Time (UTC)', 'By', 'Call', 'Account', 'Region', 'Source IP', 'Result', 'Marks', 'Event ID'];

/** 0: always shown (target, issuing calls, the origin's event); then kept first to last when capped. */
type Tier = 0 | 1 | 2 | 3 | 4;

function tier(entry: ChainActivityEntry): Tier {
  if (entry.roles.length > 0) return 0;
  if (entry.sensitive !== null) return 1;
  if (entry.write) return 2;
  if (entry.event.errorCode) return 3;
  return 4;
}

/** What each tier is called when some of it is left out. */
const LEFT_OUT: Record<Exclude<Tier, 0>, string> = { 1: 'sensitive call', 2: 'other write', 3: 'failed read-only call', 4: 'read-only call' };

/** The index of the target's entry, or where it would be by time. */
function targetIndex(entries: ChainActivityEntry[], trace: Trace): number {
  const found = entries.findIndex((e) => e.roles.includes('target'));
  if (found >= 0) return found;
  const after = entries.findIndex((e) => e.event.eventTime > trace.target.eventTime);
  return after === -1 ? entries.length : after;
}

/**
 * The entries shown, still in time order: all of them, or the target and the issuing calls (even
 * past `limit`), then by tier and, within a tier, nearest in time to the target first.
 */
export function selectEntries(entries: ChainActivityEntry[], limit: number | null, trace: Trace): ChainActivityEntry[] {
  if (limit === null || entries.length <= limit) return entries;
  const at = targetIndex(entries, trace);
  const targetMs = Date.parse(trace.target.eventTime);
  const ranked = entries
    .map((entry, order) => ({ entry, order, tier: tier(entry), distance: Math.abs(Date.parse(entry.event.eventTime) - targetMs) }))
    .sort((a, b) => a.tier - b.tier || a.distance - b.distance || Math.abs(a.order - at) - Math.abs(b.order - at) || a.order - b.order);
  const always = ranked.filter((r) => r.tier === 0).length;
  const kept = new Set(ranked.slice(0, Math.max(limit, always)).map((r) => r.order));
  return entries.filter((_, order) => kept.has(order));
}

/** " (refused: `AccessDenied`)" after a mark of a call that failed, or ''. */
function failure(entry: ChainActivityEntry): string {
  const error = entry.event.errorCode;
  if (!error) return '';
  return ` (${isRefusal(error) ? 'refused' : 'failed'}: ${shortCell(error, CELL_MAX)})`;
}

function marks(entry: ChainActivityEntry): string {
  const out: string[] = [];
  for (const role of entry.roles) out.push(role === 'target' ? '**target**' : role);
  if (entry.sensitive !== null) out.push(`**sensitive**${failure(entry)}: ${text(entry.sensitive)}`);
  else if (entry.write) out.push(`write${failure(entry)}`);
  for (const copy of entry.copies) out.push(`copy ${shortCell(copy.eventId, CELL_MAX)} in ${shortCell(copy.accountId, CELL_MAX, inIndicators)}`);
  return out.length > 0 ? out.join('; ') : '–';
}

function row(entry: ChainActivityEntry): string[] {
  const e = entry.event;
  return [
    e.eventTime,
    entry.actor ?? '–',
    shortCell(callName(e.eventSource, e.eventName), CELL_MAX),
    shortCell(e.accountId, CELL_MAX, inIndicators),
    shortCell(e.region, CELL_MAX, inIndicators),
    shortCell(e.sourceIPAddress, CELL_MAX, inIndicators),
    e.errorCode ? shortCell(e.errorCode, CELL_MAX) : 'ok',
    marks(entry),
    shortCell(e.eventId, CELL_MAX),
  ];
}

/** Who "origin", "hop 2", "hop 1" are, for the reader of the table. */
function legend(trace: Trace): string[] {
  const lines: string[] = [];
  const o = trace.origin;
  const every = originHasOwnActivity(o) ? '; all its calls, under any key or console session' : '';
  if (o) lines.push(`- **origin**: ${prose(o.description, originValues(o))}${every}`);
  for (let i = trace.hops.length - 1; i >= 0; i--) {
    const hop = trace.hops[i]!;
    const key = hop.session.accessKeyId ? ` (key ${code(hop.session.accessKeyId)})` : '';
    lines.push(`- **hop ${i + 1}**: ${text(hop.session.kind)} ${code(sessionName(hop))}${key}`);
  }
  return lines;
}

/** "3 calls before the target (A to B)", "at A" for one. */
function span(left: ChainActivityEntry[]): string {
  const from = left[0]!.event.eventTime;
  const to = left.at(-1)!.event.eventTime;
  return from === to ? `at ${from}` : `${from} to ${to}`;
}

/** Which entries were left out, by kind, and before and after the target with their time ranges. */
function leftOut(all: ChainActivityEntry[], shown: ChainActivityEntry[], trace: Trace): string {
  const kept = new Set(shown);
  const at = targetIndex(all, trace);
  const left = all.map((entry, order) => ({ entry, order })).filter((e) => !kept.has(e.entry));
  const kinds = ([1, 2, 3, 4] as const)
    .map((t) => [left.filter((e) => tier(e.entry) === t).length, LEFT_OUT[t]] as const)
    .filter(([n]) => n > 0)
    .map(([n, word]) => count(n, word));
  const before = left.filter((e) => e.order < at).map((e) => e.entry);
  const after = left.filter((e) => e.order > at).map((e) => e.entry);
  const when = before.length === 0
    ? `, all after the target (${span(after)})`
    : after.length === 0
      ? `, all before the target (${span(before)})`
      : `; ${before.length.toLocaleString('en-US')} of them before the target (${span(before)}) and ${after.length.toLocaleString('en-US')} after it (${span(after)})`;
  return `Not shown: ${listWords(kinds)}${when}.`;
}

function capNote(all: ChainActivityEntry[], shown: ChainActivityEntry[], limit: number | null, trace: Trace): string | null {
  if (limit === null || shown.length === all.length) return null;
  const showing = `Showing ${count(shown.length, 'call')} of ${all.length.toLocaleString('en-US')}`;
  const which = shown.length > limit
    ? `${showing}, more than the limit of ${limit.toLocaleString('en-US')}: the target and the calls that issued the chain's sessions are always shown.`
    : `${showing}: the target and the calls that issued the chain's sessions, then sensitive calls, writes and failures, then the calls nearest in time to the target.`;
  return `${which} ${leftOut(all, shown, trace)} Run \`trail-trace report\` with \`--full\` to list every call.`;
}

export function timelineSection(trace: Trace, entries: ChainActivityEntry[], limit: number | null): string {
  const parts = ['## Timeline'];
  if (entries.length === 0) {
    parts.push('The store holds no events made by the members of this chain.');
    return parts.join('\n\n');
  }
  const who = legend(trace);
  parts.push(trace.status === 'no-identity'
    ? 'There is no chain behind this event, so the timeline holds the target event only.'
    : `Every call the chain's members made that is in the store, oldest first (a call logged in two accounts is one row). ` +
      `**Sensitive** calls change who can get in, turn off logging or monitoring, open the network or read secrets; ` +
      `writes are calls CloudTrail did not log as read-only. ` +
      `Values longer than ${CELL_MAX} characters are shortened.` + (who.length > 0 ? ' By:' : ''));
  if (who.length > 0) parts.push(who.join('\n'));
  const shown = selectEntries(entries, limit, trace);
  const note = capNote(entries, shown, limit, trace);
  if (note) parts.push(note);
  parts.push(table(HEADER, shown.map(row)));
  return parts.join('\n\n');
}
