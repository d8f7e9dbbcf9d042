// Indicators: the source IPs, user agents, access keys, role ARNs, accounts and regions the
// chain's calls involved, each with first and last seen, how many calls and which members used
// it. Counted over every call of the chain, also those a capped timeline does not list.

import type { ChainActivityEntry, ChainEvent } from '../../trace/activity.js';
import type { Trace } from '../../trace/model.js';
import { truncate } from '../../text/sanitize.js';
import { cell } from './escape.js';
import { table } from './table.js';
import { count } from './words.js';

/**
 * Longest value shown, in code points: a user agent can be kilobytes of free text, and a forged
 * record can put as much anywhere. The records in the store keep the whole value; the timeline
 * and chain tables show less (escape.ts shortCell) and point here.
 */
export const INDICATOR_MAX = 300;

/** Where a value shortened elsewhere can be read at more length: here, whole up to INDICATOR_MAX. */
export function inIndicators(value: string): string {
  return Array.from(value).length <= INDICATOR_MAX ? 'whole value under Indicators' : 'more of it under Indicators';
}

interface Indicator {
  value: string;
  first: string | null;
  last: string | null;
  calls: number;
  by: Set<string>;
}

interface Kind {
  title: string;
  /** Values of one copy of a call. */
  values(event: ChainEvent): (string | null)[];
  /** Values the trace names even when no stored call shows them (a missing account's logs). */
  named(trace: Trace): (string | null | undefined)[];
}

const KINDS: Kind[] = [
  { title: 'Source IPs', values: (e) => [e.sourceIPAddress], named: () => [] },
  { title: 'User agents', values: (e) => [e.userAgent], named: () => [] },
  {
    title: 'Access key IDs',
    values: (e) => [e.accessKeyId],
    named: (t) => [...t.hops.map((h) => h.session.accessKeyId), t.origin?.accessKeyId],
  },
  {
    title: 'Role ARNs',
    values: (e) => [e.sessionRoleArn, e.requestedRoleArn],
    named: (t) => t.hops.map((h) => h.session.roleArn),
  },
  {
    title: 'Accounts',
    values: (e) => [e.accountId],
    named: (t) => [t.origin?.accountId, ...t.hops.map((h) => h.session.accountId), t.target.accountId],
  },
  { title: 'Regions', values: (e) => [e.region], named: () => [] },
];

function present(value: string | null | undefined): value is string {
  return value !== null && value !== undefined && value !== '';
}

function collect(kind: Kind, trace: Trace, entries: ChainActivityEntry[]): Indicator[] {
  const found = new Map<string, Indicator>();
  for (const entry of entries) {
    const time = entry.event.eventTime;
    const values = new Set([entry.event, ...entry.copies].flatMap((e) => kind.values(e)).filter(present));
    for (const value of values) {
      const seen = found.get(value) ?? { value, first: time, last: time, calls: 0, by: new Set<string>() };
      if (seen.first === null || time < seen.first) seen.first = time;
      if (seen.last === null || time > seen.last) seen.last = time;
      seen.calls += 1;
      if (entry.actor) seen.by.add(entry.actor);
      found.set(value, seen);
    }
  }
  for (const value of kind.named(trace).filter(present)) {
    if (!found.has(value)) found.set(value, { value, first: null, last: null, calls: 0, by: new Set() });
  }
  return [...found.values()].sort((a, b) =>
    (a.first === null ? 1 : 0) - (b.first === null ? 1 : 0) || (a.first ?? '').localeCompare(b.first ?? '') || a.value.localeCompare(b.value));
}

const ACTOR_ORDER = (a: string) => (a === 'origin' ? Number.MAX_SAFE_INTEGER : Number(a.replace('hop ', '')));

function row(indicator: Indicator): string[] {
  const value = truncate(indicator.value, INDICATOR_MAX);
  const by = [...indicator.by].sort((a, b) => ACTOR_ORDER(b) - ACTOR_ORDER(a));
  return [
    cell(value),
    indicator.first ?? '–',
    indicator.last ?? '–',
    indicator.calls === 0 ? '0 (named by the trace)' : indicator.calls.toLocaleString('en-US'),
    by.length > 0 ? by.join(', ') : '–',
  ];
}

export function indicatorsSection(trace: Trace, entries: ChainActivityEntry[]): string {
  const parts = [
    '## Indicators',
    `Values seen in the ${count(entries.length, 'call')} of the timeline (all of them, also any it does not list), ` +
      `with the first and last time each was seen and how many calls carried it. Values longer than ${INDICATOR_MAX} characters are shortened (…).`,
  ];
  for (const kind of KINDS) {
    const indicators = collect(kind, trace, entries);
    parts.push(`### ${kind.title}`);
    parts.push(indicators.length === 0
      ? 'None seen.'
      : table(['Value', 'First seen (UTC)', 'Last seen (UTC)', 'Calls', 'By'], indicators.map(row)));
  }
  return parts.join('\n\n');
}
