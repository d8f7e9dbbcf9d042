// The markdown incident report over hand-built incidents: what each section says, the timeline
// cap, determinism, and hostile strings in every field a log can set. The fixture scenarios
// through the real store and CLI, with golden files, are in test/e2e/report.test.ts.

import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/markdown/index.js';
import { A, B, crossAccountIncident, crossAccountTrace, HOSTILE, hostileIncident, incidentOf } from '../helpers/incidents.js';
import { parseReport, reportProblems, section, tableRows } from '../helpers/markdown-check.js';

describe('renderMarkdown: a complete cross-account chain', () => {
  const md = renderMarkdown(crossAccountIncident());

  it('is well-formed: sections in order, tables sound, no HTML or links, a valid diagram', () => {
    expect(reportProblems(md)).toEqual([]);
    expect(md.endsWith('\n') && !md.endsWith('\n\n')).toBe(true);
  });

  it('opens with what happened, who, through which chain, how sure and when', () => {
    const summary = section(md, '## Summary');
    expect(summary).toContain('On 2026-03-09 at 10:20:00 UTC, the role session `arn:aws:sts::222222222222:assumed-role/Deploy/ci-1712` called `cloudtrail:StopLogging` in account `222222222222` (`eu-west-1`).');
    expect(summary).toContain('back through 1 hop across accounts `111111111111` and `222222222222` to its origin: IAM user `alice` (long-term access key `AKIAALICEEXAMPLE0001`)');
    expect(summary).toContain('The link is **exact**');
    expect(summary).toContain("The chain's session was created at 2026-03-09T10:00:00Z, 20 minutes before the target event.");
    // The two copies of the cross-account AssumeRole are one call.
    expect(summary).toContain('Of these 8 calls, 1 failed; the 7 that succeeded include 3 writes and 2 sensitive calls (`iam:CreateAccessKey` and `cloudtrail:StopLogging`).');
  });

  it('draws origin → hop → target with accounts as subgraphs and the link on the edge', () => {
    const [chart] = parseReport(md).mermaid;
    expect(chart).toContain(`subgraph acct0["Account ${A}"]`);
    expect(chart).toContain('n0 -->|"AssumeRole · exact"| n1');
    expect(chart).toContain('n1 -->|"made"| n2');
  });

  it('lists the chain from the origin down, with the issuing event, link, confidence, MFA and source IP', () => {
    const rows = tableRows(section(md, '## Chain')).filter((r) => r.startsWith('| Origin') || r.startsWith('| Hop'));
    expect(rows).toEqual([
      `| Origin (IAM user) | \`arn:aws:iam::${A}:user/alice\` | \`${A}\` | – | – | 2026-03-09T10:00:00Z | called \`AssumeRole\` \`issue-caller-copy\` | – | yes | \`198.51.100.4\` |`,
      `| Hop 1 | \`arn:aws:sts::${B}:assumed-role/Deploy/ci-1712\` | \`${B}\` | \`us-east-1\` | \`issue-owner-copy\` | 2026-03-09T10:00:00Z | \`access-key\` | **exact** | yes | \`198.51.100.4\` |`,
    ]);
  });

  it('puts each call on one timeline row in time order, copies folded, writes, sensitive calls and failures marked', () => {
    const rows = tableRows(section(md, '## Timeline')).slice(1);
    expect(rows).toHaveLength(8);
    expect(rows[0]).toContain('| origin | `sts:AssumeRole` |');
    expect(rows[0]).toContain('issued hop 1; copy `issue-owner-copy` in `222222222222`');
    expect(rows.find((r) => r.includes('CreateTags'))).toContain('| write |');
    expect(rows.find((r) => r.includes('CreateAccessKey'))).toContain('**sensitive**: new long-term access key');
    expect(rows.find((r) => r.includes('GetUser'))).toContain('| `AccessDenied` |');
    expect(rows.at(-1)).toContain('**target**; **sensitive**: CloudTrail logging stopped');
  });

  it('counts indicators over every call with first and last seen', () => {
    const keys = tableRows(section(md, '### Access key IDs')).slice(1);
    expect(keys).toEqual([
      '| `AKIAALICEEXAMPLE0001` | 2026-03-09T10:00:00Z | 2026-03-09T10:00:00Z | 1 | origin |',
      '| `ASIADEPLOYEXAMPLE001` | 2026-03-09T10:01:00Z | 2026-03-09T10:20:00Z | 7 | hop 1 |',
    ]);
    const accounts = tableRows(section(md, '### Accounts')).slice(1);
    expect(accounts[0]).toBe('| `111111111111` | 2026-03-09T10:00:00Z | 2026-03-09T10:00:00Z | 1 | origin |');
    // The owner's copy of the AssumeRole is in B: the same call counts for B too.
    expect(accounts[1]).toBe('| `222222222222` | 2026-03-09T10:00:00Z | 2026-03-09T10:20:00Z | 8 | origin, hop 1 |');
  });

  it('gives each record\'s source and the file hashes, the store coverage, the version and the time', () => {
    const evidence = section(md, '## Evidence');
    expect(evidence).toContain('| Hop 1 issuing event, other copy | `issue-caller-copy` | `AssumeRole` | 2026-03-09T10:00:00Z | `111111111111` | `us-east-1` | file `AWSLogs/222222222222/CloudTrail/us-east-1/f.json.gz` | 0 |');
    expect(evidence).toContain('None: every issuing event the chain needs is in the store.');
    expect(evidence).toContain('The store `/cases/42/store.duckdb` holds 1,234 events from 2 accounts and 2 regions, from 2026-03-09T00:00:00Z to 2026-03-10T00:00:00Z.');
    expect(evidence).toContain('Made by trail-trace `9.9.9` at 2026-03-11T08:00:00Z');
    expect(evidence).not.toContain('Not examined');
  });

  it('renders the same bytes for the same incident', () => {
    expect(renderMarkdown(crossAccountIncident())).toBe(md);
  });
});

describe('renderMarkdown: the timeline cap', () => {
  const incident = crossAccountIncident(300);

  it('keeps the target, issuing calls, sensitive calls, writes and failures, then the calls nearest the target, and says what was left out', () => {
    const md = renderMarkdown(incident, { timelineLimit: 8 });
    const rows = tableRows(section(md, '## Timeline')).slice(1);
    expect(rows).toHaveLength(8);
    for (const name of ['AssumeRole', 'StopLogging', 'CreateAccessKey', 'CreateTags', 'GetUser']) {
      expect(rows.some((r) => r.includes(name))).toBe(true);
    }
    // The reads nearest in time to the target (10:20), not the oldest.
    expect(rows.filter((r) => r.includes('ListRoles')).map((r) => /`(read-\d+)`/.exec(r)![1])).toEqual(['read-0297', 'read-0298', 'read-0299']);
    expect(md).toContain(
      'Showing 8 calls of 305: the target and the calls that issued the chain\'s sessions, then sensitive calls, writes and failures, ' +
        'then the calls nearest in time to the target. Not shown: 297 read-only calls, all before the target (2026-03-09T10:01:00Z to 2026-03-09T10:05:56Z).',
    );
    expect(reportProblems(md)).toEqual([]);
  });

  it('never leaves out the target or an issuing call, even past the limit, and says so', () => {
    const md = renderMarkdown(incident, { timelineLimit: 1 });
    const rows = tableRows(section(md, '## Timeline')).slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('issued hop 1');
    expect(rows[1]).toContain('**target**');
    expect(md).toContain('Showing 2 calls of 305, more than the limit of 1: the target and the calls that issued the chain\'s sessions are always shown.');
    expect(md).toContain('Not shown: 1 sensitive call, 1 other write, 1 failed read-only call and 300 read-only calls, all before the target (2026-03-09T10:01:00Z to 2026-03-09T10:17:00Z).');
  });

  it('says how many calls were left out before and after the target, and when', () => {
    const after = crossAccountIncident(3);
    after.activity.push(...['10:30:00', '10:31:00', '10:45:00'].map((t, i) => ({ ...after.activity.at(-2)!, eventId: `late-${i}`, eventTime: `2026-03-09T${t}Z`, errorCode: null, eventName: 'ListUsers' })));
    const md = renderMarkdown(after, { timelineLimit: 6 });
    expect(md).toContain('Not shown: 5 read-only calls; 3 of them before the target (2026-03-09T10:01:00Z to 2026-03-09T10:01:02Z) and 2 after it (2026-03-09T10:31:00Z to 2026-03-09T10:45:00Z).');
  });

  it('lists every call with no limit (--full), and counts indicators over every call either way', () => {
    const full = renderMarkdown(incident, { timelineLimit: null });
    expect(tableRows(section(full, '## Timeline')).slice(1)).toHaveLength(305);
    expect(full).not.toContain('Not shown');
    const capped = renderMarkdown(incident, { timelineLimit: 8 });
    expect(section(capped, '## Indicators')).toBe(section(full, '## Indicators'));
  });
});

describe('renderMarkdown: other outcomes', () => {
  it('a broken chain says where it broke, what is missing, and gives the command in a code block', () => {
    const trace = crossAccountTrace();
    trace.status = 'broken';
    trace.hops[0]!.issuedBy = null;
    trace.hops[0]!.link = null;
    trace.hops[0]!.confidence = null;
    trace.origin = null;
    trace.gaps = [{ reason: 'issuing event not in store', accountId: A, region: null, regions: ['us-east-1'], from: '2026-03-09T09:55:00Z', to: '2026-03-09T10:05:00Z', hint: `trail-trace ingest s3 s3://trail --accounts ${A}` }];
    const md = renderMarkdown(incidentOf(trace, []));
    expect(reportProblems(md)).toEqual([]);
    expect(section(md, '## Summary')).toContain('The chain is **broken** at hop 1. What is missing: issuing event not in store.');
    expect(section(md, '## Summary')).toContain('Who is behind it is unknown until those logs are loaded.');
    expect(parseReport(md).mermaid[0]).toContain('n0 -.->|"not in store"| n1');
    expect(md).toContain(`\`\`\`sh\n   trail-trace ingest s3 s3://trail --accounts ${A}\n   \`\`\``);
    expect(section(md, '## Timeline')).toContain('The store holds no events made by the members of this chain.');
  });

  it('a heuristic link says the origin is likely, not proven', () => {
    const trace = crossAccountTrace();
    trace.hops[0]!.confidence = 'heuristic';
    trace.hops[0]!.link = 'role-session-arn';
    const md = renderMarkdown(incidentOf(trace, []));
    expect(section(md, '## Summary')).toContain('The link is **heuristic**: it is the latest issuance of the same session ARN; other candidates are listed under Evidence. Treat the origin as likely, not proven.');
    expect(parseReport(md).mermaid[0]).toContain('n0 -.->|"AssumeRole · heuristic"| n1');
  });

  it('an event with no caller to trace has no diagram and says why', () => {
    const trace = crossAccountTrace();
    trace.status = 'no-identity';
    trace.hops = [];
    trace.origin = null;
    trace.target.identity = { type: 'AWSAccount', principalId: 'ANONYMOUS_PRINCIPAL', accountId: 'ANONYMOUS_PRINCIPAL' };
    const md = renderMarkdown(incidentOf(trace, []));
    expect(reportProblems(md)).toEqual([]);
    expect(parseReport(md).mermaid).toEqual([]);
    expect(section(md, '## Summary')).toContain('an anonymous caller (unauthenticated, no credentials at all; the record names `ANONYMOUS_PRINCIPAL`) called `cloudtrail:StopLogging`');
    expect(section(md, '## Summary')).toContain('no chain behind this event');
  });

  it('a call made with the origin\'s own credentials: no hops, the origin drawn straight to the target', () => {
    const trace = crossAccountTrace();
    trace.hops = [];
    const md = renderMarkdown(incidentOf(trace, []));
    expect(reportProblems(md)).toEqual([]);
    expect(section(md, '## Summary')).toContain('The caller used its own credentials: there is no chain of sessions. The origin is IAM user `alice`');
    expect(parseReport(md).mermaid[0]).toContain('n0 -->|"made"| n1');
    expect(md).toContain('The origin made the target event itself, with its own credentials.');
  });

  it('names the accounts of the chain that the store holds nothing of', () => {
    const incident = crossAccountIncident();
    incident.coverage.accounts = [B];
    expect(renderMarkdown(incident)).toContain('**Not examined**: the chain involves account `111111111111`, of which the store holds no events at all.');
  });
});

describe('renderMarkdown: hostile log strings', () => {
  const baseline = renderMarkdown(hostileIncident('zz'));

  it.each(HOSTILE)('%j in every log field breaks no table, heading, diagram or line, and adds no HTML or link', (hostile) => {
    const md = renderMarkdown(hostileIncident(hostile));
    expect(reportProblems(md)).toEqual([]);
    // Hostile text stays inside its line: the report has exactly the baseline's lines.
    expect(md.split('\n')).toHaveLength(baseline.split('\n').length);
    const html = marked.parse(md, { gfm: true, async: false });
    expect(html).not.toMatch(/<(script|img|a|iframe)\b/i);
    expect(html).not.toMatch(/<[^>]*\son\w+=/i);
  });

  it('keeps the hostile text readable where it was', () => {
    const md = renderMarkdown(hostileIncident('</td><script>x</script>'));
    expect(md).toContain('`StopLogging</td><script>x</script>`');
  });
});

describe('renderMarkdown: what was fetched from where the logs live', () => {
  const fetched = (how: string, what = 'the call that minted key ASIAEXAMPLE') => ({
    source: 'athena-security.org_trail', what, how, askedAt: '2026-03-11T07:00:00Z',
    records: 1, bytesScanned: 102_400, bytesDownloaded: 0, objects: 0, requests: 3,
  });

  it('lists each question under Evidence with the query that answered it, verbatim in a block', () => {
    const sqlText = "Athena query q-1 in us-east-1:\nSELECT eventid FROM \"security\".\"org_trail\"\nWHERE (strpos(responseelements, 'ASIAEXAMPLE') > 0)";
    const md = renderMarkdown({ ...crossAccountIncident(), fetched: [fetched(sqlText)] });
    const evidence = section(md, '## Evidence');
    expect(evidence).toContain('### Fetched from where the logs live');
    expect(evidence).toContain('- the call that minted key ASIAEXAMPLE: asked of `athena-security.org_trail` at `2026-03-11T07:00:00Z`; 1 record(s); 102,400 bytes scanned, 3 request(s).');
    expect(evidence).toContain("  WHERE (strpos(responseelements, 'ASIAEXAMPLE') > 0)");
    expect(reportProblems(md)).toEqual([]);
  });

  it.each(HOSTILE)('%j in a fetched question stays inside its block and line', (hostile) => {
    const md = renderMarkdown({ ...crossAccountIncident(), fetched: [fetched(`SELECT 1 WHERE x = '${hostile}'`, `the copy of ${hostile}`)] });
    expect(reportProblems(md)).toEqual([]);
    const html = marked.parse(md, { gfm: true, async: false });
    expect(html).not.toMatch(/<(script|img|a|iframe)\b/i);
  });

  it('says nothing of fetching when nothing was fetched', () => {
    expect(renderMarkdown(crossAccountIncident())).not.toContain('Fetched from where the logs live');
  });
});
