// From an empty store with each account's Event history as a source (LookupEvents on the loopback
// AWS-protocol server), `from-event <id> --fetch` — with nothing but the event id — traces every
// fixture scenario exactly as a full local copy does; data events are not in Event history.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAwsServer, type AwsTestServer } from '../helpers/aws-json-server.js';
import { ACCOUNT_KEYS, KEY_ACCOUNTS, ORG_TRAIL, awsEnv, sourceFreeTrace } from '../helpers/org-trail.js';
import { runInProcess } from '../helpers/cli.js';
import { dataEvents, fetchSuite, records, scenarios, traceIn, withAwsEnv } from '../helpers/fetch.js';

let aws: AwsTestServer;
beforeAll(async () => {
  // Pacing is tested where Event history is ingested (ingest-lookup.test.ts): here the stand-in
  // allows 40 requests a second and the sources send 20, so that 29 traces do not wait on it.
  aws = await startAwsServer({ accounts: KEY_ACCOUNTS, lookupRecords: records, lookupPerSecond: 40 });
}, 60_000);
afterAll(async () => aws?.stop());
const suite = fetchSuite();
// One profile per account: Event history answers for the credentials' own account.
withAwsEnv(() => {
  const credentials = path.join(suite.dir(), 'aws-credentials');
  writeFileSync(credentials, Object.entries(ACCOUNT_KEYS).map(([account, key]) => `[acct-${account}]\naws_access_key_id = ${key}\naws_secret_access_key = test-secret\n`).join('\n'));
  return {
    ...awsEnv(aws.endpoint, '111111111111'), AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined,
    TRAIL_TRACE_LOOKUP_RATE: '20',
  };
});
// Event history keeps 90 days: the fixture's days must be recent. Only Date is faked, and it runs on.
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(new Date('2026-03-12T00:00:00Z'));
});
afterAll(() => vi.useRealTimers());

const regions = [...new Set(records.map((r) => r.awsRegion))].sort();

/** The four accounts' Event history, one source each. */
const LOOKUPS = Object.keys(ACCOUNT_KEYS).map((account) => ['lookup', '--profile', `acct-${account}`, '--regions', regions.join(',')]);

describe('the same trace as a full copy, from nothing but the event id', () => {
  it.each(scenarios.map((s) => [s.name, s.target] as const))('%s', async (_name, target) => {
    const expected = await traceIn(suite.full(), target);
    const store = await suite.storeWith(...LOOKUPS);
    const fetched = await traceIn(store, target, ['--fetch']);
    if (dataEvents.has(target)) {
      // Data events never reach Event history (spec §6.1).
      expect(fetched.code).toBe(3);
      expect(fetched.trace).toMatch(/the sources did not return it/);
      return;
    }
    // A question no source can answer (the caller's copy in an account with no Event history
    // source) is said in the trace; the full copy, with no sources, leaves the same gap unsaid.
    const trace = fetched.trace as { warnings: string[]; gaps: unknown[] };
    const unanswerable = trace.warnings.filter((w) => w.startsWith('not fetched, no source can answer the question:'));
    expect({ ...trace, warnings: trace.warnings.filter((w) => !unanswerable.includes(w)) }, fetched.stderr).toEqual(expected.trace);
    if (unanswerable.length) expect((expected.trace as { gaps: unknown[] }).gaps.length).toBeGreaterThan(0);
    expect(fetched.stderr).toMatch(/^fetched: [1-9]\d* questions? asked of 4 sources/m);
  });
});

describe('a copy of the target that the walk fetches', () => {
  it.each(['role-chain-same-account'])('%s: the trace starts from the copy the store uses once the walk is done (the trail file\'s, read while walking), not the copy Event history gave first', async (name) => {
    const target = scenarios.find((s) => s.name === name)!.target;
    const account = records.find((r) => r.eventID === target)!.recipientAccountId;
    // The folder first: the walk asks it before Event history. Without --day the target itself is
    // asked of Event history only (src/app/trace-event.ts fetchTarget).
    const store = await suite.storeWith(['files', ORG_TRAIL], ['lookup', '--profile', `acct-${account}`, '--regions', regions.join(',')]);
    const fetched = await runInProcess(['from-event', target, '--format', 'json', '--db', store, '--fetch']);
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(fetched.stderr).toMatch(/fetch: the event .* — from lookup/);
    const full = await runInProcess(['from-event', target, '--format', 'json', '--db', suite.full()]);
    const location = (stdout: string) => (JSON.parse(stdout) as { target: { integrity: { location: string } } }).target.integrity.location;
    expect(location(fetched.stdout)).toBe(location(full.stdout));
    // Walked twice, it says each thing once.
    const warnings = (JSON.parse(fetched.stdout) as { warnings: string[] }).warnings;
    expect(new Set(warnings).size).toBe(warnings.length);
    // And as a trace of the store now gives it: the chain and what it rests on, whole.
    const again = await traceIn(store, target);
    expect(again.code).toBe(0);
    expect(location(fetched.stdout)).toMatch(/AWSLogs/);
    expect(sourceFreeTrace(fetched.stdout)).toEqual(again.trace);
  });
});
