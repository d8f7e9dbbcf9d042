// The report stays a size someone can paste into a ticket: long log values are shortened in the
// timeline and chain tables (Indicators keep more, once each), store coverage is one row per
// account, and a typical report with the default timeline cap stays under about 40 KB.

import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/markdown/index.js';
import type { CoverageCell } from '../../src/trace/incident.js';
import { crossAccountIncident } from '../helpers/incidents.js';
import { reportProblems, section, tableRows } from '../helpers/markdown-check.js';

const KB = 1024;

/** A uuid-like event id, as CloudTrail writes them. */
function eventId(n: number): string {
  return `7e57da7a-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

describe('renderMarkdown: size', () => {
  it('a typical chain of 1,000 calls makes a report under 40 KB with the default timeline cap', () => {
    const incident = crossAccountIncident(1000);
    incident.activity.forEach((e, i) => {
      if (e.eventId.startsWith('read-')) e.eventId = eventId(i);
    });
    const md = renderMarkdown(incident);
    expect(Buffer.byteLength(md)).toBeLessThan(40 * KB);
    expect(reportProblems(md)).toEqual([]);
  });

  it('a 10,000-character value in every call is shortened in the timeline and chain tables, and kept longer once in Indicators', () => {
    const long = `${'x'.repeat(9_990)}0123456789`;
    const incident = crossAccountIncident(300);
    for (const e of incident.activity) e.sourceIPAddress = long;
    incident.trace.hops[0]!.issuedBy!.sourceIPAddress = long;
    const md = renderMarkdown(incident);
    expect(reportProblems(md)).toEqual([]);
    expect(Buffer.byteLength(md)).toBeLessThan(80 * KB);
    const shortened = `\`${'x'.repeat(119)}…\` (9,881 more characters; more of it under Indicators)`;
    const timeline = tableRows(section(md, '## Timeline')).slice(1);
    expect(timeline.length).toBeGreaterThan(100);
    for (const row of timeline) expect(row).toContain(`| ${shortened} |`);
    expect(tableRows(section(md, '## Chain')).find((r) => r.startsWith('| Hop 1'))).toContain(`| ${shortened} |`);
    expect(section(md, '### Source IPs')).toContain(`| \`${'x'.repeat(299)}…\` |`);
  });

  it('a value that fits in Indicators is said to be there whole', () => {
    const value = `${'y'.repeat(150)}`;
    const incident = crossAccountIncident();
    for (const e of incident.activity) e.region = value;
    const md = renderMarkdown(incident);
    expect(section(md, '## Timeline')).toContain(`| \`${'y'.repeat(119)}…\` (31 more characters; whole value under Indicators) |`);
    expect(section(md, '### Regions')).toContain(`| \`${value}\` |`);
  });

  it('lists store coverage one row per account, with its regions and time range', () => {
    const incident = crossAccountIncident();
    const regions = ['af-south-1', 'ap-east-1', 'ap-northeast-1', 'ap-south-1', 'ap-southeast-1', 'ca-central-1', 'eu-central-1', 'eu-north-1',
      'eu-south-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'me-south-1', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-2'];
    const accounts = Array.from({ length: 10 }, (_, i) => String(100000000000 + i));
    incident.coverageCells = accounts.flatMap((accountId, a) => regions.map((region, r): CoverageCell => ({
      accountId, region, from: `2026-03-0${1 + (r % 5)}T00:00:00Z`, to: `2026-03-1${a % 10}T12:00:00Z`, events: 10 + r,
    })));
    incident.coverage.accounts = accounts;
    incident.coverage.regions = regions;
    const md = renderMarkdown(incident);
    expect(reportProblems(md)).toEqual([]);
    const rows = tableRows(section(md, '### Store coverage'));
    expect(rows[0]).toBe('| Account | Regions | First event (UTC) | Last event (UTC) | Events |');
    expect(rows.slice(1)).toHaveLength(10);
    expect(rows[1]).toBe(
      `| \`100000000000\` | ${regions.map((r, i) => `\`${r}\` (${10 + i})`).join(', ')} | 2026-03-01T00:00:00Z | 2026-03-10T12:00:00Z | ${(17 * 10 + 136).toLocaleString('en-US')} |`,
    );
  });
});
