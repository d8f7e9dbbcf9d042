// Other credentials under the same names: calls made under a hop's session ARN (or by the origin
// principal) with another credential than the chain's. EC2 and Lambda refresh credentials under
// one session ARN and session names are reused, so these are someone else's calls — often the
// workload's own agent with a fresher key. They are listed apart, one row per credential (summed
// by the store: queries/report/other-credentials.sql), and never counted as the chain's in the
// timeline, the indicators or the summary.

import type { OtherCredential } from '../../trace/incident.js';
import { CELL_MAX, shortCell } from './escape.js';
import { inIndicators } from './indicators.js';
import { table } from './table.js';
import { count } from './words.js';

const HEADER = ['Under', 'Access key', 'Session created (UTC)', 'Calls', 'Writes', 'First (UTC)', 'Last (UTC)', 'Source IPs', 'User agents'];

/** "a, b (+3 more)": the values shown, shortened, and how many more there are. */
function some(values: string[], total: number): string {
  const shown = values.map((v) => shortCell(v, CELL_MAX, inIndicators)).join(', ');
  if (shown === '') return '–';
  return total > values.length ? `${shown} (+${total - values.length} more)` : shown;
}

function row(c: OtherCredential): string[] {
  return [
    c.actor ?? '–',
    c.accessKeyId ? shortCell(c.accessKeyId, CELL_MAX) : '–',
    c.createdAt ?? '–',
    c.calls.toLocaleString('en-US'),
    c.writes.toLocaleString('en-US'),
    c.first,
    c.last,
    some(c.ips, c.ipCount),
    some(c.userAgents, c.userAgentCount),
  ];
}

/** The section, or null when every call under the chain's names was made by the chain's own credentials. */
export function otherCredentialsSection(others: OtherCredential[]): string | null {
  if (others.length === 0) return null;
  const calls = others.reduce((n, c) => n + c.calls, 0);
  return [
    '### Other credentials under the same names',
    `${count(calls, 'call')} in the store ${calls === 1 ? 'was' : 'were'} made under a session ARN of the chain ` +
      `(or by the origin's principal) with ${count(others.length, 'other credential')}: another issuance of the same session ` +
      'name, or another key or console session of the same user. They are not the chain\'s calls and are not counted above; ' +
      '"Under" names the member whose name they share.',
    table(HEADER, others.map(row)),
  ].join('\n\n');
}
