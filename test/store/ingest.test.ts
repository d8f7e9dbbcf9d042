// Ingest against a real DuckDB file: idempotency, duplicates, bad input, big objects.

import { writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ingestListing, ingestPaths } from '../../src/ingest/run-ingest.js';
import { countEvents, getEventById, rawRecordOf } from '../../src/store/events.js';
import { batchMemoryLimitMb } from '../../src/store/load.js';
import { openStore } from '../../src/store/store.js';
import { apiCall, iamUser } from '../helpers/records.js';
import { tempDir } from '../helpers/temp.js';

function record(i: number) {
  return apiCall({ identity: iamUser('111111111111', 'alice', 'AKIAALICE00000000001'), time: `2026-03-09T10:${String(i % 60).padStart(2, '0')}:00Z`, account: '111111111111', eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, requestId: `req-${i}` });
}

function writeTrail(dir: string, name: string, records: unknown[], gz = true) {
  mkdirSync(dir, { recursive: true });
  const body = Buffer.from(JSON.stringify({ Records: records }));
  writeFileSync(path.join(dir, name), gz ? gzipSync(body) : body);
}

describe('ingest files', () => {
  it('loads every container, keeps digests apart, skips Insights, and adds nothing the second time', async () => {
    const dir = tempDir();
    const logs = path.join(dir, 'AWSLogs/111111111111/CloudTrail/eu-west-1/2026/03/09');
    writeTrail(logs, 'a.json.gz', [record(1), record(2)]);
    writeTrail(logs, 'b.json', [record(3)], false);
    writeFileSync(path.join(dir, 'array.json'), JSON.stringify([record(4), record(5)], null, 2));
    writeFileSync(path.join(dir, 'events.ndjson'), [record(6), record(7)].map((r) => JSON.stringify(r)).join('\n') + '\n');
    writeFileSync(path.join(dir, 'lookup.json'), JSON.stringify({ Events: [record(8), record(9)].map((r) => ({ EventId: r.eventID, CloudTrailEvent: JSON.stringify(r) })) }));
    const digest = (hour: string) => ({
      awsAccountId: '111111111111', digestStartTime: `2026-03-09T${hour}:00:00Z`, digestEndTime: `2026-03-09T${hour}:59:59Z`, digestS3Bucket: 'trail',
      digestS3Object: `AWSLogs/111111111111/CloudTrail-Digest/eu-west-1/2026/03/09/111111111111_CloudTrail-Digest_eu-west-1_trail_us-east-1_20260309T${hour}0000Z.json.gz`,
      digestPublicKeyFingerprint: 'ab'.repeat(16), digestSignatureAlgorithm: 'SHA256withRSA', previousDigestSignature: null, logFiles: [],
    });
    mkdirSync(path.join(dir, 'AWSLogs/111111111111/CloudTrail-Digest/eu-west-1/2026/03/09'), { recursive: true });
    writeFileSync(path.join(dir, 'AWSLogs/111111111111/CloudTrail-Digest/eu-west-1/2026/03/09/digest.json.gz'), gzipSync(JSON.stringify(digest('10'))));
    writeTrail(path.join(dir, 'AWSLogs/111111111111/CloudTrail-Insight/eu-west-1/2026/03/09'), 'insight.json.gz', [record(51)]);
    // Digest and Insights files out of their folders, by AWS's file names.
    writeFileSync(path.join(dir, '111111111111_CloudTrail-Digest_eu-west-1_trail_us-east-1_20260309T110000Z.json'), JSON.stringify(digest('11')));
    writeTrail(dir, '111111111111_CloudTrail-Insight_eu-west-1_20260309T1100Z_abc.json', [record(53)], false);

    const store = await openStore(path.join(dir, 's.duckdb'));
    const first = await ingestPaths(store, [dir]);
    expect(first.warnings.total).toBe(0);
    expect(first.events).toEqual({ new: 9, duplicate: 0 });
    expect(first.files).toMatchObject({ seen: 7, loaded: 7 });
    expect(first.digests).toBe(2); // kept for verify, not read for events
    expect(first.skipped).toMatchObject({ 'Insights files': 2 });
    expect(first.skipped).not.toHaveProperty('digest files');
    expect(await store.all(`SELECT account_id, region, end_time FROM digests ORDER BY end_time`)).toEqual([
      { account_id: '111111111111', region: 'eu-west-1', end_time: '2026-03-09T10:59:59Z' },
      { account_id: '111111111111', region: 'eu-west-1', end_time: '2026-03-09T11:59:59Z' },
    ]);

    const again = await ingestPaths(store, [dir]);
    expect(again.files).toEqual({ seen: 7, loaded: 0, alreadyLoaded: 7, failed: 0, restored: 0, empty: 0 });
    expect(again.events).toEqual({ new: 0, duplicate: 0 });
    expect(await countEvents(store)).toBe(9);

    // The verbatim record is recoverable from the kept copy, for every container.
    for (const i of [1, 3, 4, 6, 8]) {
      const id = record(i).eventID as string;
      const event = await getEventById(store, id);
      expect(event?.eventId).toBe(id);
      const [row] = await store.all<{ kept_path: string; container: string; source: string; record_index: number; record: null; event_id: string }>(
        `SELECT e.event_id, NULL AS record, f.kept_path, f.container, f.source, e.record_index FROM events e JOIN source_files f USING (file_id) WHERE event_id = $1`, [id]);
      expect(JSON.parse((await rawRecordOf(store, row!))!)).toEqual(record(i));
    }
    await store.close();
  });

  it('counts records whose eventID is already stored as duplicates, across files and within one', async () => {
    const dir = tempDir();
    writeTrail(dir, 'one.json.gz', [record(1), record(2), record(1)]);
    writeTrail(dir, 'two.json.gz', [record(2), record(3)]);
    const store = await openStore(path.join(dir, 's.duckdb'));
    const s = await ingestPaths(store, [dir]);
    expect(s.events).toEqual({ new: 3, duplicate: 2 });
    expect(await countEvents(store)).toBe(3);
    await store.close();
  });

  it('keeps, of identical copies of an eventID, the one of the file with the smallest SHA-256 (then position), in one batch and across batches', async () => {
    for (const batchBytes of [undefined, 1]) { // one batch for all files, then one batch per file
      const dir = tempDir();
      writeTrail(dir, 'a.json.gz', [record(1), record(2), record(1)]);
      writeTrail(dir, 'b.json.gz', [record(2), record(3), record(3)]);
      writeTrail(dir, 'c.json.gz', [record(4), record(1)]);
      const store = await openStore(path.join(dir, 's.duckdb'));
      const s = await ingestPaths(store, [dir], { batchBytes });
      expect(s.events).toEqual({ new: 4, duplicate: 4 });
      expect(s.warnings.total).toBe(0);
      const sha = Object.fromEntries((await store.all<{ source: string; sha256: string }>(`SELECT source, sha256 FROM source_files`)).map((f) => [path.basename(f.source), f.sha256]));
      const first = (...files: [string, number][]) => files.sort(([x, i], [y, j]) => sha[x]!.localeCompare(sha[y]!) || i - j)[0];
      const rows = await store.all<{ event_id: string; source: string; record_index: number }>(
        `SELECT e.event_id, f.source, e.record_index FROM events e JOIN source_files f USING (file_id) ORDER BY event_id`);
      expect(rows.map((r) => [path.basename(r.source), r.record_index])).toEqual([
        first(['a.json.gz', 0], ['a.json.gz', 2], ['c.json.gz', 1]), first(['a.json.gz', 1], ['b.json.gz', 0]), ['b.json.gz', 1], ['c.json.gz', 0],
      ]);
      const [counts] = await store.all<{ n: number; files: number; copies: number }>(
        `SELECT (SELECT count(*) FROM events)::INTEGER AS n, (SELECT count(*) FROM source_files)::INTEGER AS files, (SELECT count(*) FROM event_copies WHERE content IS NULL)::INTEGER AS copies`);
      expect(counts).toEqual({ n: 4, files: 3, copies: 4 });
      await store.close();
    }
  });

  it('--strict stops at a problem DuckDB finds in one batch while the next is read: earlier files stay whole, later ones are not half-loaded', async () => {
    const dir = tempDir();
    const noId = { ...record(20), eventID: undefined };
    writeTrail(dir, 'a.json.gz', [record(1), record(2)]);
    writeTrail(dir, 'b.json.gz', [record(3), noId]);
    for (let i = 0; i < 5; i++) writeTrail(dir, `c${i}.json.gz`, [record(10 + i)]);
    const store = await openStore(path.join(dir, 's.duckdb'));
    const s = await ingestPaths(store, [dir], { batchBytes: 1, strict: true });
    expect(s.stoppedByStrict).toBe(true);
    expect(s.warnings.byKind['missing-event-id']?.count).toBe(1);
    // Every stored file has all its valid events, and no event is stored without its file.
    const files = await store.all<{ source: string; records: number; stored: number }>(
      `SELECT f.source, f.records, (SELECT count(*) FROM events e WHERE e.file_id = f.file_id)::INTEGER AS stored FROM source_files f ORDER BY f.source`);
    expect(files.map((f) => path.basename(f.source))).toEqual(expect.arrayContaining(['a.json.gz', 'b.json.gz']));
    for (const f of files) expect(f.stored).toBe(path.basename(f.source) === 'b.json.gz' ? 1 : f.records);
    const [orphans] = await store.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM events WHERE file_id NOT IN (SELECT file_id FROM source_files)`);
    expect(orphans?.n).toBe(0);
    // A run without --strict loads the rest, and only the rest.
    const again = await ingestPaths(store, [dir]);
    expect(again.files.loaded + again.files.alreadyLoaded).toBe(7);
    expect(await countEvents(store)).toBe(8);
    await store.close();
  });

  it('a stop ends the source (no more fetching) before it is closed, and the files it already gave are the only ones read', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'bad.json'), '');
    for (let i = 0; i < 20; i++) writeTrail(dir, `f${String(i).padStart(2, '0')}.json.gz`, [record(100 + i)]);
    const names = ['f00.json.gz', 'bad.json', ...Array.from({ length: 19 }, (_, i) => `f${String(i + 1).padStart(2, '0')}.json.gz`)];
    const log: string[] = [];
    // An API-like source: each file takes a while to fetch; it stops fetching when the loop stops asking.
    async function* fetched() {
      try {
        for (const name of names) {
          await new Promise((r) => setTimeout(r, 20));
          log.push(`gave ${name}`);
          yield { source: name, localPath: path.join(dir, name), bytes: 1 };
        }
      } finally {
        log.push('source ended');
      }
    }
    const store = await openStore(path.join(dir, 's.duckdb'));
    const s = await ingestListing(store, {
      files: fetched(), total: { files: names.length, bytes: names.length }, skipped: {}, layoutKind: 'local', layoutRoots: [],
      close: async () => { log.push('closed'); },
    }, { strict: true });
    expect(s.stoppedByStrict).toBe(true);
    expect(log.indexOf('source ended')).toBeGreaterThan(-1);
    expect(log.indexOf('source ended')).toBeLessThan(log.indexOf('closed'));
    expect(log.at(-1)).toBe('closed');
    // It was asked for a few files ahead of the bad one, not for all of them.
    expect(log.filter((l) => l.startsWith('gave')).length).toBeLessThan(names.length);
    await store.close();
  });

  it('leaves DuckDB\'s settings as they were after an ingest', async () => {
    const dir = tempDir();
    writeTrail(dir, 'a.json.gz', [record(1)]);
    const store = await openStore(path.join(dir, 's.duckdb'));
    const settings = `SELECT current_setting('max_vacuum_tasks')::VARCHAR AS vacuum, current_setting('checkpoint_threshold')::VARCHAR AS wal, current_setting('preserve_insertion_order')::VARCHAR AS ordered`;
    const before = await store.all(settings);
    await ingestPaths(store, [dir]);
    expect(await store.all(settings)).toEqual(before);
    await store.close();
  });

  it('warns about each kind of bad input, with file and position, and loads the rest', async () => {
    const dir = tempDir();
    const good = gzipSync(Buffer.from(JSON.stringify({ Records: [record(1)] })));
    writeFileSync(path.join(dir, 'good.json.gz'), good);
    const big = gzipSync(Buffer.from(JSON.stringify({ Records: Array.from({ length: 300 }, (_, i) => record(100 + i)) })));
    writeFileSync(path.join(dir, 'truncated.json.gz'), big.subarray(0, Math.floor(big.length / 2)));
    writeFileSync(path.join(dir, 'invalid.json'), '{"Records": [ {"eventID": "x", ');
    writeFileSync(path.join(dir, 'not-cloudtrail.json'), JSON.stringify({ hello: 'world', items: [1, 2] }));
    writeFileSync(path.join(dir, 'empty.json.gz'), gzipSync(Buffer.alloc(0)));
    const { eventID: _drop, ...noId } = record(2);
    const { eventTime: _t, ...noTime } = record(3);
    writeFileSync(path.join(dir, 'missing.json'), JSON.stringify({ Records: [noId, noTime, record(4), 'just a string'] }));

    const store = await openStore(path.join(dir, 's.duckdb'));
    const s = await ingestPaths(store, [dir]);
    const kinds = Object.fromEntries(Object.entries(s.warnings.byKind).map(([k, v]) => [k, v!.count]));
    expect(kinds).toEqual({
      'truncated-gzip': 1, 'invalid-json': 1, 'not-cloudtrail': 1, 'empty-file': 1,
      'missing-event-id': 1, 'missing-event-time': 1, 'not-an-object': 1,
    });
    const missing = s.warnings.byKind['missing-event-id']!.examples[0]!;
    expect(missing.source).toBe(path.join(dir, 'missing.json'));
    expect(missing.index).toBe(0);
    expect(s.events.new).toBe(2); // good.json.gz + the valid record of missing.json
    expect(await countEvents(store)).toBe(2);
    // Batches DuckDB refused (truncated gzip, invalid JSON) left no staging tables behind.
    expect(await store.all(`SELECT table_name FROM duckdb_tables() WHERE temporary`)).toEqual([]);
    await store.close();
  });

  it('warns about eventIDs that are not strings and skips them, in trail files and in NDJSON (read in Node)', async () => {
    const dir = tempDir();
    const odd = [{ ...record(10), eventID: 12345 }, { ...record(11), eventID: { id: 'x' } }, record(12)];
    writeFileSync(path.join(dir, 'odd.json'), JSON.stringify({ Records: odd }));
    writeFileSync(path.join(dir, 'odd.ndjson'), [{ ...record(20), eventID: 678 }, record(21)].map((r) => JSON.stringify(r)).join('\n'));
    const store = await openStore(path.join(dir, 's.duckdb'));
    const s = await ingestPaths(store, [dir]);
    expect(s.warnings.byKind['event-id-not-text']?.count).toBe(3);
    expect(s.warnings.byKind['event-id-not-text']!.examples.map((w) => w.index).sort()).toEqual([0, 0, 1]);
    expect(s.events.new).toBe(2);
    expect((await store.all<{ event_id: string }>(`SELECT event_id FROM events ORDER BY 1`)).map((r) => r.event_id)).toEqual([record(12).eventID, record(21).eventID].sort());
    await store.close();
  });

  it('loads a file far above DuckDB\'s default 16 MB maximum object size', async () => {
    const dir = tempDir();
    const padding = 'x'.repeat(2000);
    const records = Array.from({ length: 12_000 }, (_, i) => ({ ...record(i), requestParameters: { padding } }));
    writeTrail(dir, 'huge.json.gz', records);
    writeFileSync(path.join(dir, 'huge-array.json'), JSON.stringify(records.slice(0, 9000).map((r, i) => ({ ...r, eventID: `arr-${i}` }))));
    // DuckDB parses each in one go (no retry in Node), and its memory limit is as it was afterwards.
    const store = await openStore(path.join(dir, 's.duckdb'));
    const limit = `SELECT current_setting('memory_limit')::VARCHAR AS limit`;
    const before = await store.all(limit);
    const retried: string[] = [];
    const s = await ingestPaths(store, [dir], { onBatchRetry: (_n, err) => retried.push(err.message) });
    expect(retried).toEqual([]);
    expect(s.warnings.total).toBe(0);
    expect(s.events.new).toBe(21_000);
    expect(await store.all(limit)).toEqual(before);
    await store.close();
  });

  it('finds the one file DuckDB refuses in a batch by halves, not file by file, and loads all the rest', async () => {
    const dir = tempDir();
    for (let i = 0; i < 64; i++) writeTrail(dir, `f${String(i).padStart(2, '0')}.json.gz`, [record(1000 + i)]);
    // A record that is not an object: DuckDB refuses the batch that holds it; Node reads it and warns.
    writeFileSync(path.join(dir, 'f40b.json'), JSON.stringify({ Records: [record(2000), 'not a record'] }));
    const store = await openStore(path.join(dir, 's.duckdb'));
    const retried: number[] = [];
    const s = await ingestPaths(store, [dir], { onBatchRetry: (n) => retried.push(n) });
    expect(s.events.new).toBe(65);
    expect(s.warnings.byKind['not-an-object']?.count).toBe(1);
    // The bad file is the 42nd of 65: the half that holds it, each time, down to the file. One
    // refused load per level, log2(n), where trying each file would have cost 65.
    expect(retried).toEqual([65, 32, 16, 8, 4, 2, 1]);
    await store.close();
  });

  it('gives a batch with big JSON values the memory DuckDB needs to parse two at once, when the store has less', () => {
    const mb = 1024 * 1024;
    expect(batchMemoryLimitMb([], 384)).toBeUndefined();
    expect(batchMemoryLimitMb([1 * mb, 16 * mb, 2 * mb], 384)).toBeUndefined();
    expect(batchMemoryLimitMb([14 * mb, 2 * mb], 384)).toBeUndefined();
    expect(batchMemoryLimitMb([17 * mb, 2 * mb], 1024)).toBeUndefined();
    expect(batchMemoryLimitMb([2 * mb, 64 * mb, 1 * mb], 384)).toBe(1184);
    expect(batchMemoryLimitMb([30 * mb, 2 * mb, 28 * mb], 384)).toBe(1056);
    expect(batchMemoryLimitMb([20 * mb], 1024)).toBeUndefined();
    expect(batchMemoryLimitMb([20 * mb], 384, 'array')).toBe(768);
  });

  it('keeps one content-addressed copy per distinct file', async () => {
    const dir = tempDir();
    writeTrail(path.join(dir, 'x'), 'a.json.gz', [record(1)]);
    writeTrail(path.join(dir, 'y'), 'a-copy.json.gz', [record(1)]); // same bytes, another path
    const store = await openStore(path.join(dir, 's.duckdb'));
    const s = await ingestPaths(store, [path.join(dir, 'x'), path.join(dir, 'y')]);
    expect(s.files).toMatchObject({ loaded: 1, alreadyLoaded: 1 });
    const kept = readdirSync(store.evidenceDir, { recursive: true }).filter((f) => String(f).endsWith('.json.gz'));
    expect(kept).toHaveLength(1);
    await store.close();
  });
});
