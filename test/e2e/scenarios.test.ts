// Every fixture scenario traced through the real store, checked against the answer the fixture
// author derived from the spec (fixtures/scenarios.json) — not against what the code produced.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths, type IngestSummary } from '../../src/ingest/run-ingest.js';
import { openStore, type Store } from '../../src/store/store.js';
import { traceEventById } from '../../src/app/trace-event.js';
import type { Trace } from '../../src/trace/model.js';
import { FIXTURES, removeDir, suiteDir } from '../helpers/temp.js';

interface Expect {
  status: string;
  originType: string | null;
  originArn?: string;
  originAccountId?: string;
  originAccessKeyId?: string;
  originPrincipalId?: string;
  originSubject?: string;
  originService?: string;
  originWorkload?: string;
  originEvent?: string;
  hops: { issuedBy: string | null; link: string | null; confidence: string | null; copies?: string[]; alternatives?: string[] }[];
  gapAccounts?: string[];
}
interface Scenario { name: string; description: string; target: string; expect: Expect }

export const scenarios: Scenario[] = JSON.parse(readFileSync(path.join(FIXTURES, 'scenarios.json'), 'utf8')).scenarios;

let store: Store;
let summary: IngestSummary;
let dir: string;
beforeAll(async () => {
  dir = suiteDir();
  store = await openStore(path.join(dir, 'fixtures.duckdb'));
  summary = await ingestPaths(store, [path.join(FIXTURES, 'org-trail')]);
});
afterAll(async () => {
  await store.close();
  removeDir(dir);
});

describe('fixture org trail', () => {
  it('loads cleanly, keeping the digest, skipping Insights folders and counting the duplicate delivery', () => {
    expect(summary.warnings.total).toBe(0);
    expect(summary.files.loaded).toBe(58);
    expect(summary.digests).toBe(1);
    expect(summary.skipped).toEqual({ 'Insights files': 1 });
    expect(summary.events).toEqual({ new: 676, duplicate: 1 });
  });
});

describe.each(scenarios)('scenario $name', (s) => {
  let trace: Trace;
  beforeAll(async () => {
    trace = (await traceEventById(store, s.target))!;
  });

  it('has the expected status and origin', () => {
    expect(trace.status).toBe(s.expect.status);
    expect(trace.origin?.type ?? null).toBe(s.expect.originType);
    const o = trace.origin;
    if (s.expect.originArn) expect(o?.arn).toBe(s.expect.originArn);
    if (s.expect.originAccountId) expect(o?.accountId).toBe(s.expect.originAccountId);
    if (s.expect.originAccessKeyId) expect(o?.accessKeyId).toBe(s.expect.originAccessKeyId);
    if (s.expect.originPrincipalId) expect(o?.principalId).toBe(s.expect.originPrincipalId);
    if (s.expect.originSubject) expect(o?.subject).toBe(s.expect.originSubject);
    if (s.expect.originService) expect(o?.service).toBe(s.expect.originService);
    if (s.expect.originWorkload) expect(o?.workload).toBe(s.expect.originWorkload);
    if (s.expect.originEvent) expect(o?.event?.eventId).toBe(s.expect.originEvent);
  });

  it('has the expected hops, links and confidence', () => {
    const got = trace.hops.map((h, i) => {
      const want = s.expect.hops[i];
      return {
        issuedBy: h.issuedBy?.eventId ?? null,
        link: h.link,
        confidence: h.confidence,
        ...(want?.copies ? { copies: h.issuedBy?.copies ?? [] } : {}),
        ...(want?.alternatives ? { alternatives: h.alternatives.map((a) => a.eventId) } : {}),
      };
    });
    expect(got).toEqual(s.expect.hops);
  });

  it('names the accounts whose logs are missing', () => {
    expect(trace.gaps.map((g) => g.accountId)).toEqual(s.expect.gapAccounts ?? []);
    for (const g of trace.gaps) expect(g.hint).toContain('trail-trace ingest files');
  });
});
