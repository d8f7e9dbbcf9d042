// event_id_index (migration 007): every stored event is found by its eventID through the index, an
// eventID already stored is recognised through it, and two eventIDs with one hash are told apart by
// the eventID itself. Real DuckDB, real ingests.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { getEventById } from '../../src/store/events.js';
import { mergeEventIdIndex, TAIL_SHARE } from '../../src/store/event-id-index.js';
import { openStore, type Store } from '../../src/store/store.js';
import { verifyStore } from '../../src/store/verify.js';
import { apiCall, assumeRole, iamUser } from '../helpers/records.js';
import { tempDir } from '../helpers/temp.js';

function record(eventId: string, minute = 0) {
  return apiCall({ identity: iamUser('111111111111', 'alice', 'AKIAALICE00000000001'), time: `2026-03-09T10:${String(minute % 60).padStart(2, '0')}:00Z`, account: '111111111111', eventId, requestId: `req-${eventId}` });
}

function writeTrail(dir: string, name: string, ids: string[]): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ Records: ids.map((id, i) => record(id, i)) }));
  return file;
}

const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(6, '0')}`);

async function sizes(store: Store) {
  const [row] = await store.all<{ indexed: number; tail: number; events: number }>(
    `SELECT (SELECT count(*) FROM event_id_index)::INTEGER AS indexed, (SELECT count(*) FROM event_id_index_tail)::INTEGER AS tail,
            (SELECT count(*) FROM events)::INTEGER AS events`,
  );
  return row!;
}

/** Index rows that name no stored event of that hash in that file, stored events the index does not name, and rows out of order. */
async function disagreements(store: Store) {
  const [row] = await store.all<{ dangling: number; missing: number; unordered: number }>(`
    WITH i AS (SELECT id_hash, file_id FROM event_id_index UNION ALL SELECT id_hash, file_id FROM event_id_index_tail)
    SELECT
      (SELECT count(*) FROM i ANTI JOIN events e ON e.file_id = i.file_id AND event_id_hash(e.event_id) = i.id_hash)::INTEGER AS dangling,
      (SELECT count(*) FROM events e ANTI JOIN i ON e.file_id = i.file_id AND event_id_hash(e.event_id) = i.id_hash)::INTEGER AS missing,
      (SELECT count(*) FROM (SELECT id_hash < lag(id_hash) OVER (ORDER BY rowid) AS down FROM event_id_index) WHERE down)::INTEGER AS unordered`);
  return row!;
}

describe('event_id_index', () => {
  it('indexes every event an ingest stores, in hash order, and finds each by its eventID', async () => {
    const dir = tempDir();
    const store = await openStore(path.join(dir, 's.duckdb'));
    const first = ids(300, 'first');
    await ingestPaths(store, [writeTrail(path.join(dir, 'a'), 'a.json', first)]);
    // A first ingest into an empty index is merged at once: nothing left in the tail.
    expect(await sizes(store)).toEqual({ indexed: 300, tail: 0, events: 300 });
    expect(await disagreements(store)).toEqual({ dangling: 0, missing: 0, unordered: 0 });
    for (const id of [first[0]!, first[150]!, first[299]!]) expect((await getEventById(store, id))?.eventId).toBe(id);
    expect(await getEventById(store, 'first-999999')).toBeUndefined();
    await store.close();
  });

  it('leaves a small ingest in the tail, where lookups and the duplicate check still find it, and merges once it is due', async () => {
    const dir = tempDir();
    const store = await openStore(path.join(dir, 's.duckdb'));
    await ingestPaths(store, [writeTrail(path.join(dir, 'a'), 'a.json', ids(320, 'big'))]);
    const small = ids(10, 'small');
    await ingestPaths(store, [writeTrail(path.join(dir, 'b'), 'b.json', small)]);
    expect(await sizes(store)).toEqual({ indexed: 320, tail: 10, events: 330 });
    expect((await getEventById(store, small[3]!))?.eventId).toBe(small[3]);

    // The same events again, in another file: every one recognised through the tail or the index.
    const again = await ingestPaths(store, [writeTrail(path.join(dir, 'c'), 'c.json', [...small, 'big-000007', 'new-1'])]);
    expect(again.events).toEqual({ new: 1, duplicate: 11 });
    // A copy in c.json takes its eventID's row (and index row) when c.json's SHA-256 is the smaller
    // (README, "One copy of an event is traced"): the index and its tail hold every event once.
    const after = await sizes(store);
    expect(after.events).toBe(331);
    expect(after.indexed + after.tail).toBe(331);
    expect(after.tail).toBeGreaterThanOrEqual(11);
    expect(await disagreements(store)).toEqual({ dangling: 0, missing: 0, unordered: 0 });

    // Past a sixteenth of the index, the tail is merged at the end of the ingest.
    const more = ids(Math.ceil(331 / TAIL_SHARE), 'more');
    await ingestPaths(store, [writeTrail(path.join(dir, 'd'), 'd.json', more)]);
    expect(await sizes(store)).toEqual({ indexed: 331 + more.length, tail: 0, events: 331 + more.length });
    expect(await disagreements(store)).toEqual({ dangling: 0, missing: 0, unordered: 0 });
    expect((await getEventById(store, small[9]!))?.eventId).toBe(small[9]);
    expect(await mergeEventIdIndex(store)).toEqual({ merged: false, rows: 331 + more.length });
    await store.close();
  });

  it('hashes by MD5 alone, as every store made before was hashed (the first 8 hex digits of the digest)', async () => {
    const store = await openStore(path.join(tempDir(), 's.duckdb'));
    // md5('a') = 0cc175b9c0f1b6a831c399e269772661; md5('') = d41d8cd98f00b204e9800998ecf8427e.
    expect(await store.all(`SELECT event_id_hash('a') AS a, event_id_hash('') AS empty`)).toEqual([{ a: 0x0cc175b9, empty: 0xd41d8cd9 }]);
    await store.close();
  });

  it('is checked by verify: an event the index does not name is reported, one that it names is not', async () => {
    const dir = tempDir();
    const store = await openStore(path.join(dir, 's.duckdb'));
    await ingestPaths(store, [writeTrail(path.join(dir, 'a'), 'a.json', ids(30, 'v'))]);
    expect((await verifyStore(store)).records.differences).toEqual([]);
    await store.run(`DELETE FROM event_id_index WHERE id_hash = event_id_hash('v-000007')`);
    const { differences } = (await verifyStore(store)).records;
    expect(differences.map((d) => [d.eventId, d.fields])).toEqual([['v-000007', ['eventID index']]]);
    await store.close();
  });

  it('tells apart two eventIDs with the same hash: both stored, each found as itself', async () => {
    const dir = tempDir();
    const store = await openStore(path.join(dir, 's.duckdb'));
    // A 32-bit hash: among 200,000 made-up ids, some pairs share one (about four expected).
    const [pair] = await store.all<{ a: string; b: string }>(`
      SELECT min(id) AS a, max(id) AS b FROM (SELECT 'collide-' || i AS id FROM range(200000) t(i))
      GROUP BY event_id_hash(id) HAVING count(*) > 1 ORDER BY a LIMIT 1`);
    expect(pair).toBeDefined();
    const { a, b } = pair!;
    expect(a).not.toBe(b);

    await ingestPaths(store, [writeTrail(path.join(dir, 'a'), 'a.json', [a])]);
    const second = await ingestPaths(store, [writeTrail(path.join(dir, 'b'), 'b.json', [b])]);
    expect(second.events).toEqual({ new: 1, duplicate: 0 });
    expect((await getEventById(store, a))?.eventId).toBe(a);
    expect((await getEventById(store, b))?.eventId).toBe(b);
    const [{ hashes }] = await store.all<{ hashes: number }>(`SELECT count(DISTINCT id_hash)::INTEGER AS hashes FROM (FROM event_id_index UNION ALL FROM event_id_index_tail)`) as [{ hashes: number }];
    expect(hashes).toBe(1);
    await store.close();
  });

  it('is built for the events of a store made before it (migrations 007, 008 and 009 on a store of schema 6)', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 's.duckdb');
    const store = await openStore(dbPath);
    await ingestPaths(store, [writeTrail(path.join(dir, 'a'), 'a.json', ids(50, 'old'))]);
    // As a store of schema 6 had it: no index at all.
    await store.run(`DROP TABLE event_id_index`);
    await store.run(`DROP TABLE event_id_index_tail`);
    await store.run(`DROP MACRO event_id_hash`);
    for (const index of ['issued_access_key_id', 'issued_principal_id', 'issued_arn', 'shared_event_id']) await store.run(`DROP INDEX identity_events_${index}`);
    await store.run(`DROP INDEX credential_contexts_access_key_id`);
    // …nor migration 009's caller columns.
    await store.run(`DROP INDEX identity_events_identity_access_key_id`);
    for (const table of ['identity_events', 'iam_credential_events']) {
      for (const column of ['identity_access_key_id', 'identity_principal_id', 'session_creation_date']) await store.run(`ALTER TABLE ${table} DROP COLUMN ${column}`);
    }
    // …nor migration 008's changes: events had eight more columns.
    for (const column of ['request_id', 'identity_user_name', 'identity_invoked_by', 'issued_expiration', 'issued_access_key_id', 'issued_principal_id', 'issued_arn', 'issued_target_principal']) await store.run(`ALTER TABLE events ADD COLUMN ${column} VARCHAR`);
    await store.run(`DELETE FROM schema_migrations WHERE version >= 7`);
    await store.close();

    const upgraded = await openStore(dbPath);
    expect(await sizes(upgraded)).toEqual({ indexed: 50, tail: 0, events: 50 });
    expect(await disagreements(upgraded)).toEqual({ dangling: 0, missing: 0, unordered: 0 });
    expect((await getEventById(upgraded, 'old-000049'))?.eventId).toBe('old-000049');
    const columns = (await upgraded.all<{ name: string }>(`SELECT column_name AS name FROM duckdb_columns() WHERE table_name = 'events'`)).map((c) => c.name);
    expect(columns).not.toContain('request_id');
    expect(columns).toContain('event_id');
    expect((await upgraded.all(`SELECT index_name FROM duckdb_indexes() WHERE table_name = 'identity_events' ORDER BY 1`)).length).toBe(5);
    await upgraded.close();
  });
});

describe('working records (migration 008)', () => {
  const RECORDS = 3000;
  async function recordsCompression(dbPath: string, make?: (path: string) => Promise<void>): Promise<string[]> {
    const dir = path.dirname(dbPath);
    if (make) await make(dbPath);
    const store = await openStore(dbPath);
    // Enough records for DuckDB to compress them at all (a few dozen it may leave as they are).
    const issued = Array.from({ length: RECORDS }, (_, i) => assumeRole({
      caller: iamUser('111111111111', 'alice', 'AKIAALICE00000000001'), time: `2026-03-09T10:${String(i % 60).padStart(2, '0')}:00Z`,
      recipient: '111111111111', roleAccount: '111111111111', role: 'admin', roleId: 'AROAADMIN0000000000', session: `s${i}`,
      issuedKey: `ASIAISSUED${String(i).padStart(10, '0')}`, eventId: `sts-${i}`,
    }));
    mkdirSync(path.join(dir, 'logs'), { recursive: true });
    writeFileSync(path.join(dir, 'logs', 'sts.json'), JSON.stringify({ Records: issued }));
    const summary = await ingestPaths(store, [path.join(dir, 'logs')]);
    expect(summary.events.new).toBe(RECORDS);
    await store.close();
    // As stored in the file: segments still in memory (not yet checkpointed) show as Uncompressed
    // whatever their column's compression will be, and a loaded machine can leave some there.
    const stored = await openStore(dbPath, { readOnly: true });
    const rows = await stored.all<{ c: string }>(`SELECT DISTINCT compression AS c FROM pragma_storage_info('identity_events') WHERE column_name = 'record' AND segment_type <> 'VALIDITY'`);
    await stored.close();
    return rows.map((r) => r.c);
  }

  it('are compressed with zstd in a store made now', async () => {
    expect(await recordsCompression(path.join(tempDir(), 's.duckdb'))).toEqual(['ZSTD']);
  });

  it('keep DuckDB\'s own choice in a store of an older file format, never stored uncompressed', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const compression = await recordsCompression(path.join(tempDir(), 's.duckdb'), async (dbPath) => {
      const old = await DuckDBInstance.create(dbPath, { storage_compatibility_version: 'v1.0.0' });
      old.closeSync();
    });
    expect(compression.length).toBeGreaterThan(0);
    expect(compression).not.toContain('ZSTD');
    expect(compression).not.toContain('Uncompressed');
  });
});
