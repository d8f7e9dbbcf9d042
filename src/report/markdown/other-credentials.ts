// Other credentials under the chain's names: calls made under a hop's session ARN (or by the
// origin principal) with another credential than the chain's. EC2 and Lambda refresh credentials
// under one session ARN and session names are reused, so these are someone else's calls — often
// the workload's own agent with a fresher key. They are listed apart, one row per credential,
// and never counted as the chain's in the timeline, the indicators or the summary.

import type { ChainActivityEntry } from '../../trace/activity.js';
import { CELL_MAX, shortCell } from './escape.js';
import { inIndicators } from './indicators.js';
import { table } from './table.js';
import { count } from './words.js';

const HEADER = ['Under', 'Access key', 'Session created (UTC)', 'Calls', 'Writes', 'First (UTC)', 'Last (UTC)', 'Source IPs', 'User agents'];

interface Credential {
  actor: string;
  key: string | null;
  created: string | null;
  calls: ChainActivityEntry[];
}

/** "a, b (+3 more)": the first values, shortened, and how many more. */
function some(values: string[], max = 3): string {
  const shown = values.slice(0, max).map((v) => shortCell(v, CELL_MAX, inIndicators));
  return values.length > max ? `${shown.join(', ')} (+${values.length - max} more)` : shown.join(', ');
}

function distinct(entries: ChainActivityEntry[], value: (e: ChainActivityEntry) => string | null): string[] {
  return [...new Set(entries.map(value).filter((v): v is string => v !== null && v !== ''))].sort();
}

function group(entries: ChainActivityEntry[]): Credential[] {
  const byCredential = new Map<string, Credential>();
  for (const entry of entries) {
    const e = entry.event;
    const actor = entry.actor ?? '–';
    const id = `${actor}\u0000${e.accessKeyId ?? ''}\u0000${e.sessionCreatedAt ?? ''}`;
    const found = byCredential.get(id) ?? { actor, key: e.accessKeyId, created: e.sessionCreatedAt, calls: [] };
    found.calls.push(entry);
    byCredential.set(id, found);
  }
  return [...byCredential.values()].sort((a, b) => a.calls[0]!.event.eventTime.localeCompare(b.calls[0]!.event.eventTime) || (a.key ?? '').localeCompare(b.key ?? ''));
}

function row(c: Credential): string[] {
  const writes = c.calls.filter((e) => e.write && !e.event.errorCode).length;
  return [
    c.actor,
    c.key ? shortCell(c.key, CELL_MAX) : '–',
    c.created ?? '–',
    c.calls.length.toLocaleString('en-US'),
    writes.toLocaleString('en-US'),
    c.calls[0]!.event.eventTime,
    c.calls.at(-1)!.event.eventTime,
    some(distinct(c.calls, (e) => e.event.sourceIPAddress)) || '–',
    some(distinct(c.calls, (e) => e.event.userAgent), 2) || '–',
  ];
}

/** The section, or null when every call under the chain's names was made by the chain's own credentials. */
export function otherCredentialsSection(others: ChainActivityEntry[]): string | null {
  if (others.length === 0) return null;
  const credentials = group(others);
  return [
    '### Other credentials under the same names',
    `${count(others.length, 'call')} in the store ${others.length === 1 ? 'was' : 'were'} made under a session ARN of the chain ` +
      `(or by the origin's principal) with ${count(credentials.length, 'other credential')}: another issuance of the same session ` +
      'name, or another key or console session of the same user. They are not the chain\'s calls and are not counted above; ' +
      '"Under" names the member whose name they share.',
    table(HEADER, credentials.map(row)),
  ].join('\n\n');
}
