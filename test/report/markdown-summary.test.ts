// The report's Summary and chain table say only what the logs show: a creation time the links
// cannot vouch for is unknown, failed calls are not counted as done, the chain's sessions and an
// IAM user origin are counted apart, and log values read as logged (code spans, not prose).

import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/markdown/index.js';
import type { ChainEvent } from '../../src/trace/activity.js';
import type { OtherCredential } from '../../src/trace/incident.js';
import type { Trace } from '../../src/trace/model.js';
import { A, crossAccountActivity, crossAccountIncident, crossAccountTrace, incidentOf } from '../helpers/incidents.js';
import { reportProblems, section, tableRows } from '../helpers/markdown-check.js';

/** The chain table's row of hop 1. */
function hopRow(md: string): string {
  return tableRows(section(md, '## Chain')).find((r) => r.startsWith('| Hop 1 '))!;
}

/** The Time (UTC) cell of a chain table row. */
function timeCell(row: string): string {
  return row.split(' | ')[5]!;
}

/** The cross-account trace with hop 1's session missing its creationDate and its link as given. */
function withoutCreationDate(confidence: 'exact' | 'strong' | 'heuristic' | null): Trace {
  const trace = crossAccountTrace();
  const hop = trace.hops[0]!;
  hop.session.createdAt = null;
  hop.issuedBy!.eventTime = '2026-03-09T09:58:00Z';
  hop.confidence = confidence;
  if (confidence === 'heuristic') hop.link = 'role-session-arn';
  if (confidence === null) {
    hop.issuedBy = null;
    hop.link = null;
    trace.status = 'broken';
    trace.origin = null;
  }
  return trace;
}

describe('renderMarkdown: when a session was created', () => {
  it.each(['exact', 'strong'] as const)('an %s link vouches for the issuing call\'s time as the creation time', (confidence) => {
    const md = renderMarkdown(incidentOf(withoutCreationDate(confidence), crossAccountActivity()));
    expect(section(md, '## Summary')).toContain("The chain's session was created at 2026-03-09T09:58:00Z, 22 minutes before the target event.");
    expect(timeCell(hopRow(md))).toBe('2026-03-09T09:58:00Z');
  });

  it('a heuristic link does not: the creation time is unknown, the candidate call\'s time is named as such', () => {
    const md = renderMarkdown(incidentOf(withoutCreationDate('heuristic'), crossAccountActivity()));
    expect(reportProblems(md)).toEqual([]);
    const summary = section(md, '## Summary');
    expect(summary).not.toMatch(/created (at|between)/);
    expect(summary).toContain(
      "Hop 1's creation time is unknown: its session records none, and the call that may have issued it, at 2026-03-09T09:58:00Z, is only a heuristic match.",
    );
    expect(timeCell(hopRow(md))).toBe('unknown; a candidate issuing call at 2026-03-09T09:58:00Z (heuristic)');
  });

  it('a missing issuing event leaves it unknown too', () => {
    const md = renderMarkdown(incidentOf(withoutCreationDate(null), crossAccountActivity()));
    expect(section(md, '## Summary')).toContain("Hop 1's creation time is unknown: its session records none, and the call that issued it is not in the store.");
    expect(timeCell(hopRow(md))).toBe('unknown');
  });
});

/** The cross-account activity with these calls refused (AccessDenied). */
function refused(ids: string[]): ChainEvent[] {
  return crossAccountActivity().map((e) => (ids.includes(e.eventId) ? { ...e, errorCode: 'AccessDenied' } : e));
}

describe('renderMarkdown: failed calls', () => {
  it('counts only calls that succeeded as writes and sensitive calls, and names the refused sensitive attempts apart', () => {
    const trace = crossAccountTrace();
    trace.target.errorCode = 'AccessDenied';
    const md = renderMarkdown(incidentOf(trace, refused(['sensitive-1', 'target-1'])));
    const summary = section(md, '## Summary');
    expect(summary).toContain('Of these 8 calls, 3 failed; the 5 that succeeded include 1 write and no sensitive calls.');
    expect(summary).toContain('2 sensitive calls were attempted and refused: `iam:CreateAccessKey` (`AccessDenied`) and `cloudtrail:StopLogging` (`AccessDenied`).');
    expect(summary).not.toMatch(/2 writes|2 sensitive calls \(/);
  });

  it('marks a failed sensitive call in the timeline as refused, with its error', () => {
    const md = renderMarkdown(incidentOf(crossAccountTrace(), refused(['sensitive-1', 'write-1'])));
    const rows = tableRows(section(md, '## Timeline'));
    expect(rows.find((r) => r.includes('CreateAccessKey'))).toContain('| **sensitive** (refused: `AccessDenied`): new long-term access key |');
    expect(rows.find((r) => r.includes('CreateTags'))).toContain('| write (refused: `AccessDenied`) |');
    expect(rows.find((r) => r.includes('StopLogging'))).toContain('**target**; **sensitive**: CloudTrail logging stopped');
  });

  it('says "failed" rather than "refused" for an error that is not a refusal', () => {
    const activity = crossAccountActivity().map((e) => (e.eventId === 'sensitive-1' ? { ...e, errorCode: 'LimitExceeded' } : e));
    const md = renderMarkdown(incidentOf(crossAccountTrace(), activity));
    expect(section(md, '## Summary')).toContain('1 sensitive call was attempted and failed: `iam:CreateAccessKey` (`LimitExceeded`).');
    expect(section(md, '## Timeline')).toContain('**sensitive** (failed: `LimitExceeded`): new long-term access key');
  });
});

describe('renderMarkdown: the chain\'s calls and an IAM user origin\'s calls are counted apart', () => {
  /** alice's own calls a week before the chain, as an IAM user origin's activity holds them. */
  function withOldOriginCalls(): ChainEvent[] {
    const alice = crossAccountActivity().find((e) => e.eventId === 'issue-caller-copy')!;
    const old = (id: string, time: string): ChainEvent => ({
      ...alice, eventId: id, eventTime: time, eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', sharedEventId: null, requestedRoleArn: null,
    });
    return [old('old-1', '2026-03-02T10:00:00Z'), old('old-2', '2026-03-05T09:00:00Z'), ...crossAccountActivity()];
  }

  it('gives each its own count and time window', () => {
    const md = renderMarkdown(incidentOf(crossAccountTrace(), withOldOriginCalls()));
    const summary = section(md, '## Summary');
    expect(summary).toContain(
      "In the store, the chain's sessions made 7 calls between 2026-03-09T10:01:00Z and 2026-03-09T10:20:00Z (19 minutes); " +
        'the origin, IAM user `alice`, made 3 calls between 2026-03-02T10:00:00Z and 2026-03-09T10:00:00Z (7 days).',
    );
    expect(summary).not.toContain("the chain's members made");
    expect(summary).toContain('Of these 10 calls, 1 failed; the 9 that succeeded include 3 writes and 2 sensitive calls (`iam:CreateAccessKey` and `cloudtrail:StopLogging`).');
  });

  it('says "1 call, at" for a single call', () => {
    const summary = section(renderMarkdown(crossAccountIncident()), '## Summary');
    expect(summary).toContain('the origin, IAM user `alice`, made 1 call, at 2026-03-09T10:00:00Z.');
  });

  it('counts all of an IAM user origin\'s calls as its own only when no single key of it started the chain', () => {
    const trace = crossAccountTrace();
    trace.origin = { ...trace.origin!, accessKeyId: null, description: 'IAM user alice (console session)' };
    const summary = section(renderMarkdown(incidentOf(trace, crossAccountActivity())), '## Summary');
    expect(summary).toContain('the origin, IAM user `alice`, made 1 call, at 2026-03-09T10:00:00Z, counting all of its calls in the store.');
  });
});

describe('renderMarkdown: calls under the chain\'s names by other credentials', () => {
  /** The instance's own agent, with a fresher key under the same session ARN, from its own address. */
  /** The instance's own agent, with a fresher key under the same session ARN, from its own address (as the store sums it). */
  const AGENT: OtherCredential = {
    actor: 'hop 1', accessKeyId: 'ASIAOTHERKEY00000001', createdAt: '2026-03-09T10:00:00Z', calls: 2, writes: 1,
    first: '2026-03-09T10:05:00Z', last: '2026-03-09T10:06:00Z', ips: ['3.225.16.109'], ipCount: 1,
    userAgents: ['amazon-ssm-agent/3.2', 'amazon-ssm-agent/3.3'], userAgentCount: 4,
  };

  it('lists them apart, one row per credential, and never counts them as the chain\'s', () => {
    const md = renderMarkdown(incidentOf(crossAccountTrace(), crossAccountActivity(), [AGENT]));
    expect(section(md, '## Summary')).toContain("the chain's sessions made 7 calls");
    expect(section(md, '## Summary')).toContain('Of these 8 calls');
    const timeline = section(md, '## Timeline');
    expect(timeline).not.toContain('agent-1');
    expect(timeline).toContain('### Other credentials under the same names');
    expect(timeline).toContain('2 calls in the store were made under a session ARN of the chain (or by the origin\'s principal) with 1 other credential');
    expect(timeline).toContain('| hop 1 | `ASIAOTHERKEY00000001` | 2026-03-09T10:00:00Z | 2 | 1 | 2026-03-09T10:05:00Z | 2026-03-09T10:06:00Z | `3.225.16.109` | `amazon-ssm-agent/3.2`, `amazon-ssm-agent/3.3` (+2 more) |');
    expect(section(md, '## Indicators')).not.toContain('3.225.16.109');
  });

  it('has no such section when every call was the chain\'s own', () => {
    expect(renderMarkdown(crossAccountIncident())).not.toContain('Other credentials under the same names');
  });
});

describe('renderMarkdown: log values in the summary read as logged', () => {
  it('puts the origin\'s names and keys in code spans, so a mail address is not turned into a link or mention', () => {
    const trace = crossAccountTrace();
    const o = trace.origin!;
    o.userName = 'priya.sharma@example.com';
    o.arn = `arn:aws:iam::${A}:user/priya.sharma@example.com`;
    o.description = 'IAM user priya.sharma@example.com (long-term access key AKIAALICEEXAMPLE0001)';
    const md = renderMarkdown(incidentOf(trace, crossAccountActivity()));
    const summary = section(md, '## Summary');
    expect(summary).toContain('to its origin: IAM user `priya.sharma@example.com` (long-term access key `AKIAALICEEXAMPLE0001`), `arn:aws:iam::111111111111:user/priya.sharma@example.com`.');
    expect(md).not.toContain('\u200b');
  });

  it('shows the target caller\'s type as a logged value', () => {
    const trace = crossAccountTrace();
    trace.hops = [];
    trace.target.identity = { type: 'IAMUser', arn: `arn:aws:iam::${A}:user/alice` };
    expect(section(renderMarkdown(incidentOf(trace, [])), '## Summary')).toContain(`On 2026-03-09 at 10:20:00 UTC, \`arn:aws:iam::${A}:user/alice\` (type \`IAMUser\`) called`);
  });
});

describe('renderMarkdown: the origin row of the chain table', () => {
  it('has no issuing event; its call that started the chain is in the Link column', () => {
    const md = renderMarkdown(crossAccountIncident());
    const origin = tableRows(section(md, '## Chain')).find((r) => r.startsWith('| Origin'));
    expect(origin).toBe(
      `| Origin (IAM user) | \`arn:aws:iam::${A}:user/alice\` | \`${A}\` | – | – | 2026-03-09T10:00:00Z | called \`AssumeRole\` \`issue-caller-copy\` | – | yes | \`198.51.100.4\` |`,
    );
  });
});
