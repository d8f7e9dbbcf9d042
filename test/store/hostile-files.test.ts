// Crafted files against a real store (issue 13, point 1): none crashes the process, none puts into
// the store what later commands cannot read back, and each past a limit is a counted warning naming
// the file and position while the rest of its file and folder loads.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { constants as zc, createGzip, gzipSync } from 'node:zlib';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CEILING_LIMITS, DEFAULT_LIMITS, type JsonLimits } from '../../src/ingest/json-scan.js';
import { recordLines } from '../../src/tui/text.js';
import { ingestListing, ingestPaths, type IngestSummary } from '../../src/ingest/run-ingest.js';
import { countEvents, getEventById, rawRecordOf, type EventRow } from '../../src/store/events.js';
import { openStore, type Store } from '../../src/store/store.js';
import { keptPathOf, sha256 } from '../../src/store/evidence.js';
import { apiCall, iamUser } from '../helpers/records.js';
import { tempDir } from '../helpers/temp.js';

const MiB = 1024 * 1024;

function record(i: number): Record<string, unknown> {
  return apiCall({ identity: iamUser('111111111111', 'alice', 'AKIAALICE00000000001'), time: '2026-03-09T10:00:00Z', account: '111111111111', eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, requestId: `req-${i}` });
}

/** A trail file whose middle record has `hostile` (raw JSON text) as its requestParameters. */
function trailWith(hostile: string, ids: [number, number, number]): string {
  const [a, b, c] = ids;
  return JSON.stringify({ Records: [record(a), { ...record(b), requestParameters: '__HOSTILE__' }, record(c)] }).replace('"__HOSTILE__"', hostile);
}

/** Gzips chunks produced lazily, so that a bomb never exists whole in the test's memory. */
async function gzipStream(file: string, parts: () => Iterable<string | Buffer>, level = zc.Z_BEST_SPEED): Promise<void> {
  await pipeline(Readable.from(parts()), createGzip({ level }), createWriteStream(file));
}

async function everyStoredRecordReadsBack(store: Store): Promise<number> {
  const rows = await store.all<EventRow & Record<string, unknown>>(
    `SELECT e.event_id, NULL AS record, f.kept_path, f.container, f.source, e.record_index FROM events e JOIN source_files f USING (file_id)`,
  );
  for (const row of rows) {
    const raw = await rawRecordOf(store, row);
    expect(raw, `record ${row.event_id}`).toBeDefined();
    expect((JSON.parse(raw!) as { eventID: string }).eventID).toBe(row.event_id);
  }
  return rows.length;
}

function warned(summary: IngestSummary, kind: string): { count: number; examples: { source: string; index?: number; detail?: string }[] } | undefined {
  return summary.warnings.byKind[kind as keyof typeof summary.warnings.byKind];
}

describe('hostile files', () => {
  it('records nested 100,000 and 10,000 levels deep are warned and skipped; their neighbours load and trace', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'deep-100k.json'), trailWith('['.repeat(100_000) + ']'.repeat(100_000), [1, 2, 3]));
    writeFileSync(path.join(dir, 'deep-10k.json.gz'), gzipSync(trailWith('{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000), [4, 5, 6])));
    writeFileSync(path.join(dir, 'fine.json'), JSON.stringify({ Records: [record(7)] }));
    const store = await openStore(path.join(dir, 's.duckdb'));
    const summary = await ingestPaths(store, [dir]);
    const deep = warned(summary, 'too-deep');
    expect(deep?.count).toBe(2);
    expect(deep?.examples.map((e) => [path.basename(e.source), e.index])).toEqual([['deep-100k.json', 1], ['deep-10k.json.gz', 1]]);
    expect(summary.files).toMatchObject({ loaded: 3, failed: 0 });
    expect(await countEvents(store)).toBe(5);
    for (const i of [1, 3, 4, 6, 7]) expect((await getEventById(store, record(i).eventID as string))?.eventId).toBe(record(i).eventID);
    expect(await everyStoredRecordReadsBack(store)).toBe(5);
    await store.close();
  });

  it('the ceilings the flags allow are safe: a record nested 1,000 levels loads, reads back and shows in the record pane', async () => {
    const dir = tempDir();
    // 998 levels inside the record: 1,000 with the file's object and its Records array.
    writeFileSync(path.join(dir, 'deep.json'), trailWith('{"a":'.repeat(996) + '[1]' + '}'.repeat(996), [1, 2, 3]));
    const store = await openStore(path.join(dir, 's.duckdb'));
    const summary = await ingestPaths(store, [dir], { limits: CEILING_LIMITS });
    expect(summary.warnings.total).toBe(0);
    expect(await everyStoredRecordReadsBack(store)).toBe(3);
    const [row] = await store.all<EventRow & Record<string, unknown>>(
      `SELECT e.event_id, NULL AS record, f.kept_path, f.container, f.source, e.record_index FROM events e JOIN source_files f USING (file_id) WHERE event_id = $1`, [record(2).eventID as string]);
    expect(recordLines((await rawRecordOf(store, row!))!).length).toBeGreaterThan(1000);
    await store.close();
  });

  it('a 40 MB field from a small gzip is warned; the store checkpoints, reopens and reads every record back', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'field.json.gz');
    const [before, after] = JSON.stringify({ ...record(2), requestParameters: { blob: '@@' } }).split('@@') as [string, string];
    await gzipStream(file, function* () {
      yield `{"Records":[${JSON.stringify(record(1))},${before}`;
      for (let i = 0; i < 40; i += 1) yield 'A'.repeat(MiB);
      yield `${after},${JSON.stringify(record(3))}]}`;
    });
    const dbPath = path.join(dir, 's.duckdb');
    let store = await openStore(dbPath);
    const summary = await ingestPaths(store, [dir]);
    expect(warned(summary, 'string-too-long')?.examples[0]).toMatchObject({ index: 1 });
    expect(summary.events.new).toBe(2);
    await store.run('CHECKPOINT');
    await store.close();
    store = await openStore(dbPath);
    expect(await everyStoredRecordReadsBack(store)).toBe(2);
    await store.close();
  });

  it('gzip bombs of several shapes stop at the size limit, each a warning, while the folder loads', async () => {
    const dir = tempDir();
    const limits: JsonLimits = { ...DEFAULT_LIMITS, fileBytes: 32 * MiB };
    // 1. One member of blank space inside a trail file: past the file limit.
    await gzipStream(path.join(dir, 'spaces.json.gz'), function* () {
      yield '{"Records":[';
      for (let i = 0; i < 64; i += 1) yield Buffer.alloc(MiB, 0x20);
      yield ']}';
    }, zc.Z_BEST_COMPRESSION);
    // 2. Brackets, 64 million deep: past the limit before its end, never a stack.
    await gzipStream(path.join(dir, 'brackets.json.gz'), function* () {
      for (let i = 0; i < 64; i += 1) yield Buffer.alloc(MiB, 0x5b);
    }, zc.Z_BEST_COMPRESSION);
    // 3. Many gzip members, each small (the trailer's size field says only the last one's).
    const members = Array.from({ length: 200 }, () => gzipSync(Buffer.alloc(256 * 1024, 0x20)));
    writeFileSync(path.join(dir, 'members.json.gz'), Buffer.concat([gzipSync('{"Records":['), ...members, gzipSync(']}')]));
    // 4. A gzip inside a gzip.
    writeFileSync(path.join(dir, 'nested.json.gz'), gzipSync(gzipSync(JSON.stringify({ Records: [record(9)] }))));
    // 5. A gzip cut short.
    const whole = gzipSync(JSON.stringify({ Records: [record(10), record(11)] }));
    writeFileSync(path.join(dir, 'cut.json.gz'), whole.subarray(0, whole.length - 30));
    // 6. A trailer that lies about the size: corrupt, as gzip itself says.
    const lying = gzipSync(JSON.stringify({ Records: [record(12)] }));
    lying.writeUInt32LE(10, lying.length - 4);
    writeFileSync(path.join(dir, 'lying.json.gz'), lying);
    // 7. Members whose last trailer says 2 bytes, around 20 MB of records: loaded whole, sized by what they hold.
    const many = Array.from({ length: 16_000 }, (_, i) => JSON.stringify({ ...record(1000 + i), requestParameters: { pad: 'p'.repeat(1200) } }));
    writeFileSync(path.join(dir, 'members-ok.json.gz'), Buffer.concat([gzipSync('{"Records":['), gzipSync(many.join(',')), gzipSync(']}')]));
    // And a good file beside them.
    writeFileSync(path.join(dir, 'good.json.gz'), gzipSync(JSON.stringify({ Records: [record(20), record(21)] })));

    const store = await openStore(path.join(dir, 's.duckdb'));
    const summary = await ingestPaths(store, [dir], { limits });
    const tooLarge = warned(summary, 'file-too-large');
    expect(tooLarge?.examples.map((e) => path.basename(e.source)).sort()).toEqual(['brackets.json.gz', 'members.json.gz', 'spaces.json.gz']);
    expect(warned(summary, 'invalid-json')?.examples.map((e) => path.basename(e.source))).toEqual(['nested.json.gz']);
    expect(warned(summary, 'truncated-gzip')?.examples.map((e) => path.basename(e.source))).toEqual(['cut.json.gz', 'lying.json.gz']);
    expect(summary.warnings.total).toBe(6);
    expect(await countEvents(store)).toBe(16_002);
    expect(await everyStoredRecordReadsBack(store)).toBe(16_002);
    await store.close();
  });

  it('two JSON documents in one file: each record stored under its own position, found and read back as itself', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'two-trails.json'), `${JSON.stringify({ Records: [record(1)] })}\n${JSON.stringify({ Records: [record(2)] })}\n`);
    writeFileSync(path.join(dir, 'two-arrays.json'), `${JSON.stringify([record(3)])}\n${JSON.stringify([record(4)])}`);
    const store = await openStore(path.join(dir, 's.duckdb'));
    await ingestPaths(store, [dir]);
    for (const i of [1, 2, 3, 4]) expect((await getEventById(store, record(i).eventID as string))?.requestId).toBe(`req-${i}`);
    expect(await everyStoredRecordReadsBack(store)).toBe(4);
    await store.close();
  });

  it('JSON that a lenient parser takes (NaN, Infinity, trailing commas, comments) never reaches the store unread: warned, the rest loads', async () => {
    const dir = tempDir();
    const good = JSON.stringify(record(1));
    writeFileSync(path.join(dir, 'nan.json'), `{"Records":[${good},${JSON.stringify(record(2)).replace('"eventVersion"', '"x":NaN,"eventVersion"')},${JSON.stringify(record(3))}]}`);
    writeFileSync(path.join(dir, 'trailing-comma.json'), `{"Records":[${JSON.stringify(record(4)).replace(/}$/, ',}')},${JSON.stringify(record(5))}]}`);
    writeFileSync(path.join(dir, 'infinity.json'), `[${JSON.stringify(record(6)).replace('"eventVersion"', '"x":-Infinity,"eventVersion"')}]`);
    const store = await openStore(path.join(dir, 's.duckdb'));
    const summary = await ingestPaths(store, [dir]);
    expect(warned(summary, 'invalid-json')?.count).toBe(3);
    expect(await everyStoredRecordReadsBack(store)).toBe(3); // records 1, 3 and 5
    await store.close();
  });

  it('a file changed after it was read: DuckDB reads the copy kept from the bytes that were checked, never the file again', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    writeFileSync(a, JSON.stringify({ Records: [record(1)] }));
    writeFileSync(b, JSON.stringify({ Records: [record(2)] }));
    const store = await openStore(path.join(dir, 's.duckdb'));
    const listing = {
      files: (async function* () {
        yield { source: a, localPath: a, bytes: 100 };
        // Swap it once it has been read, scanned and kept (however slow the machine).
        const kept = path.join(store.evidenceDir, keptPathOf(sha256(readFileSync(a))));
        while (!existsSync(kept)) await new Promise((r) => setTimeout(r, 10));
        writeFileSync(a, JSON.stringify({ Records: [{ ...record(1), eventName: 'Forged', requestParameters: JSON.parse('['.repeat(300) + ']'.repeat(300)) }] }));
        yield { source: b, localPath: b, bytes: 100 };
      })(),
      total: { files: 2, bytes: 200 }, skipped: {}, layoutKind: 'local' as const, layoutRoots: [],
    };
    const summary = await ingestListing(store, listing);
    expect(summary.warnings.total).toBe(0);
    expect((await getEventById(store, record(1).eventID as string))?.eventName).toBe(record(1).eventName);
    const [row] = await store.all<{ event_name: string }>(`SELECT event_name FROM events WHERE event_id = $1`, [record(1).eventID as string]);
    expect(row!.event_name).toBe(record(1).eventName);
    await store.close();
  });

  it('a truncated trail file loads its whole records and warns where it was cut', async () => {
    const dir = tempDir();
    const text = JSON.stringify({ Records: [record(1), record(2), record(3)] });
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'cut.json'), text.slice(0, text.length - 40));
    const store = await openStore(path.join(dir, 's.duckdb'));
    const summary = await ingestPaths(store, [dir]);
    expect(summary.events.new).toBe(2);
    expect(warned(summary, 'invalid-json')?.examples[0]).toMatchObject({ index: 2 });
    expect(await everyStoredRecordReadsBack(store)).toBe(2);
    await store.close();
  });
});
