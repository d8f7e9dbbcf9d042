// A trail file past 16 MiB of records is read by DuckDB as the lines its scan wrote
// (src/ingest/scan-file.ts RecordLineWriter), not as one whole-file value: the same events, at the
// same positions, as the small-file path stores, a trace through it, and nothing left behind.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { openStore, stagingDirOf, type Store } from '../../src/store/store.js';
import { traceEventById } from '../../src/app/trace-event.js';
import { verifyStore } from '../../src/store/verify.js';
import { apiCall, assumeRole, iamUser, roleSession, uuid } from '../helpers/records.js';
import { removeDir, suiteDir } from '../helpers/temp.js';

const dir = suiteDir();
afterAll(() => removeDir(dir));

const ACCOUNT = '111122223333';
const user = iamUser(ACCOUNT, 'alice', 'AKIAALICEEXAMPLE0001');
const issue = assumeRole({ caller: user, time: '2026-03-09T10:00:00Z', recipient: ACCOUNT, roleAccount: ACCOUNT, role: 'Deploy', roleId: 'AROADEPLOYEXAMPLE001', session: 'big', issuedKey: 'ASIABIGFILEEXAMPLE01' });
const session = roleSession({ account: ACCOUNT, role: 'Deploy', roleId: 'AROADEPLOYEXAMPLE001', session: 'big', key: 'ASIABIGFILEEXAMPLE01', created: '2026-03-09T10:00:00Z' });
// ~23 MiB of records: the issuance in the middle, so that it is neither in the first nor the last write.
const calls = Array.from({ length: 28_000 }, (_, i) => apiCall({ identity: session, time: `2026-03-09T10:${String(1 + Math.floor(i / 1000)).padStart(2, '0')}:00Z`, account: ACCOUNT, eventId: uuid(), name: i % 2 ? 'GetObject' : 'ListBuckets' }));
const records = [...calls.slice(0, 12_000), issue, ...calls.slice(12_000)];
const target = calls[24_000]!.eventID as string;

let big: Store;
let small: Store;
beforeAll(async () => {
  const text = JSON.stringify({ Records: records });
  expect(text.length).toBeGreaterThan(20 * 1024 * 1024); // well past LINES_MIN_BYTES (16 MiB)
  mkdirSync(path.join(dir, 'big'), { recursive: true });
  writeFileSync(path.join(dir, 'big', 'one.json.gz'), gzipSync(text));
  // The same records in files of 1,000: each read whole by DuckDB.
  mkdirSync(path.join(dir, 'small'), { recursive: true });
  for (let i = 0; i < records.length; i += 1000) {
    writeFileSync(path.join(dir, 'small', `part-${String(i).padStart(6, '0')}.json.gz`), gzipSync(JSON.stringify({ Records: records.slice(i, i + 1000) })));
  }
  big = await openStore(path.join(dir, 'big.duckdb'));
  small = await openStore(path.join(dir, 'small.duckdb'));
  const summary = await ingestPaths(big, [path.join(dir, 'big')]);
  expect(summary.events).toEqual({ new: records.length, duplicate: 0 });
  expect(summary.warnings.total).toBe(0);
  await ingestPaths(small, [path.join(dir, 'small')]);
}, 120_000);
afterAll(async () => {
  await big?.close();
  await small?.close();
});

describe('a large trail file', () => {
  it('stores every event with its position in the file, as DuckDB reading the records whole would', async () => {
    const rows = await big.all<{ event_id: string; record_index: number }>('SELECT event_id, record_index FROM events ORDER BY record_index');
    expect(rows.length).toBe(records.length);
    expect(rows.map((r) => r.event_id)).toEqual(records.map((r) => r.eventID));
    expect(rows.map((r) => Number(r.record_index))).toEqual(records.map((_, i) => i));
    const columns = 'event_id, event_time, event_source, event_name, identity_arn, identity_access_key_id, issued_role_arn, source_ip, user_agent';
    const fromBig = await big.all(`SELECT ${columns} FROM events ORDER BY event_id`);
    const fromSmall = await small.all(`SELECT ${columns} FROM events ORDER BY event_id`);
    expect(fromBig).toEqual(fromSmall);
    const identity = 'SELECT event_id, issued_access_key_id, record FROM identity_events ORDER BY event_id';
    expect(await big.all(identity)).toEqual(await small.all(identity));
  });

  it('traces through it, and verify finds every stored event equal to its kept record', async () => {
    const trace = await traceEventById(big, target);
    expect(trace?.status).toBe('complete');
    expect(trace?.hops[0]?.issuedBy?.eventId).toBe(issue.eventID);
    const verified = await verifyStore(big);
    expect(verified.records).toEqual({ compared: records.length, notCompared: 0, differences: [] });
  });

  it('leaves no record lines behind', () => {
    expect(existsSync(stagingDirOf(big.path))).toBe(false);
  });
});

describe('a large top-level array', () => {
  it('is read by its own reader at ingest and at verify alike: a failed AssumeRole (null responseElements) is no false difference', async () => {
    const failed = { ...issue, eventID: uuid(), errorCode: 'AccessDenied', errorMessage: 'not authorized', responseElements: null };
    mkdirSync(path.join(dir, 'array'), { recursive: true });
    const text = JSON.stringify([...calls.slice(0, 26_000), failed]);
    expect(text.length).toBeGreaterThan(17 * 1024 * 1024);
    writeFileSync(path.join(dir, 'array', 'export.json'), text);
    const store = await openStore(path.join(dir, 'array.duckdb'));
    try {
      await ingestPaths(store, [path.join(dir, 'array')]);
      const verified = await verifyStore(store);
      expect(verified.records.differences).toEqual([]);
      expect(verified.records.compared).toBe(26_001);
    } finally {
      await store.close();
    }
  }, 120_000);
});
