// What was examined: the store's accounts, regions and time range, where its events were loaded
// from, the accounts the chain names that the store holds nothing for, and how the report was made.

import type { CoverageCell, Incident } from '../../trace/incident.js';
import type { LoadedRoot } from '../../trace/lookups.js';
import { sensitiveCallNames } from '../../trace/sensitive.js';
import { CELL_MAX, cell, code } from './escape.js';
import { INDICATOR_MAX } from './indicators.js';
import { table } from './table.js';
import { count, listWords } from './words.js';

function present(value: string | null | undefined): value is string {
  return value !== null && value !== undefined && value !== '';
}

/** Accounts the trace names (origin, sessions, callers, gaps) that the store holds no events of. */
function unexamined(incident: Incident): string[] {
  const t = incident.trace;
  const named = [
    t.origin?.accountId,
    t.target.accountId,
    ...t.hops.flatMap((h) => [h.session.accountId, h.issuedBy?.caller.accountId]),
    ...t.gaps.map((g) => g.accountId),
  ].filter(present);
  return [...new Set(named)].filter((a) => !incident.coverage.accounts.includes(a)).sort();
}

/** One place the store was loaded from, in words; a kind this version does not know, as it was remembered. */
function loadedFromLine(r: LoadedRoot): string {
  switch (r.kind) {
    case 'local':
      return `- files under ${code(r.root)}${r.orgId ? ` (organization ${code(r.orgId)})` : ''}`;
    case 's3': {
      const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(r.root);
      return `- S3 ${code(m ? `s3://${m[1]}/${m[2]}` : r.root)}`;
    }
    case 'athena': {
      // athena://<region>/<catalog>/<database>/<table>
      const parts = r.root.replace(/^athena:\/\//, '').split('/');
      return parts.length === 4 ? `- Athena table ${code(parts.slice(1).join('.'))} in ${code(parts[0]!)}` : `- Athena ${code(r.root)}`;
    }
    case 'lookup':
      return `- Event history (LookupEvents) of account ${code(r.root.replace(/^lookup-events:\/\//, ''))}`;
    default:
      return `- ${code(r.kind)} ${code(r.root)}`;
  }
}

const KIND_ORDER = ['local', 's3', 'athena', 'lookup'];

function loadedFrom(incident: Incident): string[] {
  const rank = (kind: string) => (KIND_ORDER.includes(kind) ? KIND_ORDER.indexOf(kind) : KIND_ORDER.length);
  return [...incident.coverage.loadedFrom].sort((a, b) => rank(a.kind) - rank(b.kind)).map(loadedFromLine);
}

/**
 * One row per account, its regions (with their events) in one cell: an organization's store holds
 * accounts × regions cells, too many rows to read.
 */
function accountRows(cells: CoverageCell[]): string[][] {
  const byAccount = new Map<string | null, CoverageCell[]>();
  for (const c of cells) byAccount.set(c.accountId, [...(byAccount.get(c.accountId) ?? []), c]);
  const accounts = [...byAccount.keys()].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
  return accounts.map((account) => {
    const regions = byAccount.get(account)!.sort((a, b) => (a.region ?? '').localeCompare(b.region ?? ''));
    const from = regions.map((r) => r.from).sort()[0]!;
    const to = regions.map((r) => r.to).sort().at(-1)!;
    const events = regions.reduce((n, r) => n + r.events, 0);
    return [
      cell(account),
      regions.map((r) => `${cell(r.region, 'no region')} (${r.events.toLocaleString('en-US')})`).join(', '),
      from,
      to,
      events.toLocaleString('en-US'),
    ];
  });
}

function coveragePart(incident: Incident): string[] {
  const c = incident.coverage;
  const parts = ['### Store coverage'];
  if (c.events === 0 || c.from === null || c.to === null) {
    parts.push(`The store ${code(incident.storePath)} holds no events.`);
    return parts;
  }
  parts.push(
    `The store ${code(incident.storePath)} holds ${count(c.events, 'event')} from ${count(c.accounts.length, 'account')} ` +
      `and ${count(c.regions.length, 'region')}, from ${c.from} to ${c.to}. Nothing outside these accounts, regions and times was examined.`,
    table(['Account', 'Regions', 'First event (UTC)', 'Last event (UTC)', 'Events'], accountRows(incident.coverageCells)),
  );
  const roots = loadedFrom(incident);
  if (roots.length > 0) parts.push(['Loaded from:', ...roots].join('\n'));
  if (incident.fetched.length > 0) {
    parts.push('Events were fetched into this store for the questions listed under Evidence (Fetched from where the logs live): ' +
      'it holds the windows those questions asked, not every event of the trail between these times.');
  }
  const missing = unexamined(incident);
  if (missing.length > 0) {
    parts.push(`**Not examined**: the chain involves ${missing.length === 1 ? 'account' : 'accounts'} ${listWords(missing.map(code))}, ` +
      `of which the store holds no events at all.`);
  }
  return parts;
}

function aboutPart(incident: Incident): string[] {
  const names = sensitiveCallNames();
  return [
    '### About this report',
    [
      `- Made by trail-trace ${code(incident.toolVersion)} at ${incident.generatedAt}, from the store above; every fact in it comes from the logs in that store.`,
      '- Times are UTC. Values from the logs are shown in `code` as logged, except control characters, shown as escapes (`\\x1b`, `\\u202e`), ␊ for a line break and `\\\\` for a backslash. ' +
        `Values longer than ${CELL_MAX} characters are shortened in the timeline and chain tables, and longer than ${INDICATOR_MAX} under Indicators; the records in the store keep them whole.`,
      `- Sensitive calls: ${names.length} named calls (${listWords(names.slice(0, 8).map(code))}, …), any other IAM write, and a console sign-in without MFA.`,
      '- Writes: calls CloudTrail logged with `readOnly: false`, or without `readOnly` and not named Get…, List…, Describe… or Head….',
    ].join('\n'),
  ];
}

export function coverageSection(incident: Incident): string {
  return [...coveragePart(incident), ...aboutPart(incident)].join('\n\n');
}
