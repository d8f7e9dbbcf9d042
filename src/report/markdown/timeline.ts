// The timeline: what the chain's members did, oldest first, writes and sensitive calls marked.
// Long timelines are capped: the calls that matter most are kept (the target, the issuing calls,
// sensitive calls, writes, failures) and the report says how many of each kind were left out.

import type { ChainActivityEntry } from '../../trace/activity.js';
import type { Trace } from '../../trace/model.js';
import { cell, code, text } from './escape.js';
import { table } from './table.js';
import { callName, count, sessionName } from './words.js';

const HEADER = ['Time (UTC)', 'By', 'Call', 'Account', 'Region', 'Source IP', 'Result', 'Marks', 'Event ID'];

/** Lower is kept first when the timeline is capped. */
function priority(entry: ChainActivityEntry): number {
  if (entry.roles.length > 0) return 0;
  if (entry.sensitive !== null) return 1;
  if (entry.write) return 2;
  if (entry.event.errorCode) return 3;
  return 4;
}

/** The entries shown: all of them, or the `limit` that matter most, still in time order. */
export function selectEntries(entries: ChainActivityEntry[], limit: number | null): ChainActivityEntry[] {
  if (limit === null || entries.length <= limit) return entries;
  const ranked = entries.map((entry, order) => ({ entry, order })).sort((a, b) => priority(a.entry) - priority(b.entry) || a.order - b.order);
  const kept = new Set(ranked.slice(0, limit).map((r) => r.order));
  return entries.filter((_, order) => kept.has(order));
}

function marks(entry: ChainActivityEntry): string {
  const out: string[] = [];
  for (const role of entry.roles) out.push(role === 'target' ? '**target**' : role);
  if (entry.sensitive !== null) out.push(`**sensitive**: ${text(entry.sensitive)}`);
  else if (entry.write) out.push('write');
  for (const copy of entry.copies) out.push(`copy ${cell(copy.eventId)} in ${cell(copy.accountId)}`);
  return out.length > 0 ? out.join('; ') : '–';
}

function row(entry: ChainActivityEntry): string[] {
  const e = entry.event;
  return [
    e.eventTime,
    entry.actor ?? '–',
    cell(callName(e.eventSource, e.eventName)),
    cell(e.accountId),
    cell(e.region),
    cell(e.sourceIPAddress),
    e.errorCode ? cell(e.errorCode) : 'ok',
    marks(entry),
    cell(e.eventId),
  ];
}

/** Who "origin", "hop 2", "hop 1" are, for the reader of the table. */
function legend(trace: Trace): string[] {
  const lines: string[] = [];
  const o = trace.origin;
  // An IAM user or root origin: every call of that identity in the store (activity.ts chainMatch).
  const every = o && (o.type === 'IAMUser' || o.type === 'Root') ? '; all its calls, under any key or console session' : '';
  if (o) lines.push(`- **origin**: ${text(o.description)}${every}`);
  for (let i = trace.hops.length - 1; i >= 0; i--) {
    const hop = trace.hops[i]!;
    const key = hop.session.accessKeyId ? ` (key ${code(hop.session.accessKeyId)})` : '';
    lines.push(`- **hop ${i + 1}**: ${text(hop.session.kind)} ${code(sessionName(hop))}${key}`);
  }
  return lines;
}

function omitted(all: ChainActivityEntry[], shown: ChainActivityEntry[]): string | null {
  if (shown.length === all.length) return null;
  const kept = new Set(shown);
  const left = all.filter((e) => !kept.has(e));
  const kinds = [
    [left.filter((e) => e.sensitive !== null).length, 'sensitive call'],
    [left.filter((e) => e.sensitive === null && e.write).length, 'other write'],
    [left.filter((e) => !e.write && e.sensitive === null).length, 'read-only call'],
  ] as const;
  const what = kinds.filter(([n]) => n > 0).map(([n, word]) => count(n, word));
  return `Showing ${count(shown.length, 'call')} of ${all.length.toLocaleString('en-US')}: the target, the issuing calls, then sensitive calls, writes and failures first. ` +
    `Not shown: ${what.join(', ')}. Run \`trail-trace report\` with \`--full\` to list every call.`;
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
      `writes are calls CloudTrail did not log as read-only.` + (who.length > 0 ? ' By:' : ''));
  if (who.length > 0) parts.push(who.join('\n'));
  const shown = selectEntries(entries, limit);
  const note = omitted(entries, shown);
  if (note) parts.push(note);
  parts.push(table(HEADER, shown.map(row)));
  return parts.join('\n\n');
}
