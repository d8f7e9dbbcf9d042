// A SIEM export past 16 MiB (issue 17): its records are unwrapped as they stream past and written to
// record lines for DuckDB, never all held in memory (scan-file.ts stageRecordsToLines); what is
// stored, warned, traced and verified is what a small export of the same records gives.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { LinesFile } from '../../src/ingest/lines-file.js';
import { LINES_MIN_BYTES } from '../../src/ingest/scan-file.js';
import { countEvents, getShownEventById } from '../../src/store/events.js';
import { openStore } from '../../src/store/store.js';
import { verifyStore } from '../../src/store/verify.js';
import { apiCall, iamUser } from '../helpers/records.js';
import { tempDir } from '../helpers/temp.js';

const ALICE = iamUser('111111111111', 'alice', 'AKIAALICE00000000001');
const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** n Elasticsearch hits, the record as text under message, a bad line every 1,000th. */
function exportLines(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i += 1) {
    if (i % 1000 === 999) {
      out.push(i % 2000 === 999 ? '{"_source": not json}' : JSON.stringify({ _source: { message: 'a load balancer log line' } }));
      continue;
    }
    const { eventTime, ...rest } = apiCall({ identity: ALICE, time: new Date(Date.UTC(2026, 2, 9) + i * 1000).toISOString().replace('.000Z', 'Z'), account: '111111111111', eventId: id(i), requestId: `r${i}` });
    out.push(JSON.stringify({ _index: 'cloudtrail', _id: id(i), _source: { '@timestamp': eventTime, message: JSON.stringify(rest), host: { name: 'x'.repeat(400) } } }));
  }
  return `${out.join('\n')}\n`;
}

describe('a SIEM export larger than 16 MiB', () => {
  it('a line DuckDB refuses in its record lines (a bare number, a key twice): the export is loaded from memory, each warning said once', async () => {
    const dir = tempDir();
    const lines = exportLines(24_000).split('\n');
    lines[7] = '42';
    lines[9] = lines[9]!.replace('"_index":"cloudtrail"', '"_index":"cloudtrail","_index":"again"');
    writeFileSync(path.join(dir, 'odd.ndjson'), lines.join('\n'));
    const store = await openStore(path.join(dir, 's.duckdb'));
    const summary = await ingestPaths(store, [path.join(dir, 'odd.ndjson')]);
    expect(summary.events.new).toBe(24_000 - 24 - 1);
    expect(summary.warnings.byKind['not-an-object']).toMatchObject({ count: 1, examples: [{ index: 7 }] });
    expect(summary.warnings.byKind['invalid-json']?.count).toBe(12);
    expect(summary.readAs.files).toBe(1);
    expect((await getShownEventById(store, id(9)))?.event.location?.index).toBe(9);
    await store.close();
  }, 120_000);

  it('a CloudWatch Logs export line\'s stamp stands in for a missing eventTime at ingest, small or large, as when read back', async () => {
    const dir = tempDir();
    const line = (i: number) => {
      const { eventTime: _none, ...rest } = apiCall({ identity: ALICE, time: '2026-03-09T10:00:00Z', account: '111111111111', eventId: id(i), requestId: `r${i}` });
      return `2026-03-09T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z ${JSON.stringify({ ...rest, pad: 'p'.repeat(700) })}`;
    };
    for (const [name, n] of [['small.log', 10], ['large.log', 24_000]] as const) {
      writeFileSync(path.join(dir, name), `${Array.from({ length: n }, (_, i) => line(i)).join('\n')}\n`);
      const store = await openStore(path.join(dir, `${name}.duckdb`));
      const summary = await ingestPaths(store, [path.join(dir, name)]);
      expect(summary.events.new, name).toBe(n);
      expect(summary.warnings.total, name).toBe(0);
      const shown = await getShownEventById(store, id(7));
      expect(shown?.event.eventTime).toBe('2026-03-09T10:00:07Z');
      await store.close();
    }
  }, 120_000);

  it('a top-level array read in Node (hits past 16 MiB, or a record past a limit) is verified and traced as Node read it, each element unwrapped', async () => {
    const dir = tempDir();
    const hits = exportLines(24_000).trim().split('\n').filter((l) => l.startsWith('{"_index"'));
    writeFileSync(path.join(dir, 'hits.json'), `[${hits.join(',')}]`);
    const bare = (i: number) => apiCall({ identity: ALICE, time: '2026-03-09T10:00:00Z', account: '111111111111', eventId: id(100_000 + i), requestId: `b${i}` });
    const deep = { ...bare(3), eventID: id(100_003), nested: JSON.parse('['.repeat(150) + ']'.repeat(150)) };
    writeFileSync(path.join(dir, 'mixed.json'), JSON.stringify([bare(0), { _index: 'x', _source: bare(1) }, deep, bare(2)]));
    const store = await openStore(path.join(dir, 's.duckdb'));
    const summary = await ingestPaths(store, [path.join(dir, 'hits.json'), path.join(dir, 'mixed.json')]);
    expect(summary.events.new).toBe(hits.length + 3);
    expect((await verifyStore(store)).records).toMatchObject({ compared: hits.length + 3, differences: [] });
    expect((await getShownEventById(store, id(0)))?.event.eventId).toBe(id(0));
    expect((await getShownEventById(store, id(100_001)))?.event).toMatchObject({ eventId: id(100_001), location: { index: 1 } });
    await store.close();
  }, 120_000);

  it('record lines that cannot be written (a full disk, the folder gone) are an error from finish, never a wait for ever', async () => {
    const lines = new LinesFile(path.join(tempDir(), 'gone', 'x.ndjson'));
    await lines.add({ index: 0, json: '{"a":1}' });
    await expect(lines.finish()).rejects.toThrow(/ENOENT/);
  });

  it('stores, warns, traces and verifies as a small one, its records streamed to lines', async () => {
    const dir = tempDir();
    const big = exportLines(24_000);
    expect(Buffer.byteLength(big)).toBeGreaterThan(LINES_MIN_BYTES);
    const small = exportLines(3_000);
    writeFileSync(path.join(dir, 'big.ndjson'), big);
    writeFileSync(path.join(dir, 'small.ndjson'), small);
    const stores = [];
    for (const name of ['big.ndjson', 'small.ndjson']) {
      const store = await openStore(path.join(dir, `${name}.duckdb`));
      const summary = await ingestPaths(store, [path.join(dir, name)]);
      stores.push({ store, summary });
    }
    const [large, few] = stores;
    // 24 bad lines (12 not JSON, 12 not CloudTrail), in file order; every other record stored.
    expect(large!.summary.events).toEqual({ new: 24_000 - 24, duplicate: 0 });
    expect(await countEvents(large!.store)).toBe(24_000 - 24);
    expect(large!.summary.warnings.byKind['invalid-json']?.count).toBe(12);
    expect(large!.summary.warnings.byKind['not-cloudtrail']?.count).toBe(12);
    expect(large!.summary.warnings.byKind['invalid-json']?.examples[0]).toMatchObject({ index: 999 });
    expect(large!.summary.readAs).toEqual({ files: 1, examples: [{ source: path.join(dir, 'big.ndjson'), how: expect.stringContaining('eventTime taken from "@timestamp" for 23,976 records') }] });
    // The same record, read back from the kept export, as from the small one.
    for (const i of [0, 1, 998, 1000, 2998]) {
      const [a, b] = [await getShownEventById(large!.store, id(i)), await getShownEventById(few!.store, id(i))];
      expect(a?.event.eventTime).toBe(b?.event.eventTime);
      expect({ ...a?.event, location: undefined }).toEqual({ ...b?.event, location: undefined });
      expect(a?.event.location?.index).toBe(i);
    }
    expect(await getShownEventById(large!.store, id(999))).toBeUndefined();
    const verified = await verifyStore(large!.store);
    expect(verified.records).toMatchObject({ compared: 24_000 - 24, differences: [] });
    for (const s of stores) await s.store.close();
  }, 120_000);
});
