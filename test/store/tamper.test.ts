// A kept evidence file changed after ingest (issue 13, point 3): a trace, the report's data and the
// record shown never rest on it; loading the original again restores it.

import { cpSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { getEventById } from '../../src/store/events.js';
import { checkKeptFile, fileFingerprint, rememberVerified, TamperedEvidence } from '../../src/store/evidence-check.js';
import { recordSources } from '../../src/store/report-data.js';
import { openStore, type Store } from '../../src/store/store.js';
import { traceEventById } from '../../src/app/trace-event.js';
import { verifyStore } from '../../src/store/verify.js';
import { prepareTuiSession, storeTuiData } from '../../src/app/tui-data.js';
import { heldStore } from '../../src/store/lease.js';
import { runLoad } from '../../src/tui/loads.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

const scenarios: { name: string; target: string; expect: { hops: { issuedBy: string }[] } }[] =
  JSON.parse(readFileSync(path.join(FIXTURES, 'scenarios.json'), 'utf8')).scenarios;
const chain = scenarios.find((s) => s.name === 'cross-account-chain')!;

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = tempDir();
  cpSync(path.join(FIXTURES, 'org-trail'), path.join(dir, 'logs'), { recursive: true });
  store = await openStore(path.join(dir, 's.duckdb'));
  await ingestPaths(store, [path.join(dir, 'logs')]);
  return async () => store.close();
});

async function keptPathOf(eventId: string): Promise<string> {
  const [row] = await store.all<{ kept_path: string }>(`SELECT f.kept_path FROM events e JOIN source_files f USING (file_id) WHERE event_id = $1`, [eventId]);
  return path.join(store.evidenceDir, row!.kept_path);
}

/** Rewrites a kept file as an attacker would: the same gzip shape, one record's name and address changed. */
function forge(kept: string, eventId: string): void {
  const text = gunzipSync(readFileSync(kept)).toString('utf8');
  const doc = JSON.parse(text) as { Records: Record<string, unknown>[] };
  const record = doc.Records.find((r) => r.eventID === eventId)!;
  record.eventName = 'ListBuckets';
  record.sourceIPAddress = '10.9.9.9';
  writeFileSync(kept, gzipSync(JSON.stringify(doc)));
}

describe('verify', () => {
  it('finds nothing on an untouched store, and compares every stored event', async () => {
    const result = await verifyStore(store);
    expect(result.files.every((f) => f.verdict === 'unsigned')).toBe(true);
    const [{ n }] = await store.all<{ n: bigint }>('SELECT count(*) AS n FROM events') as [{ n: bigint }];
    expect(result.records).toEqual({ compared: Number(n), notCompared: 0, differences: [] });
  });

  it('names the changed file, the record and the fields that differ; a missing copy; and a row edited in the store', async () => {
    const target = chain.target;
    const forgedFile = await keptPathOf(target);
    forge(forgedFile, target);
    const gone = await keptPathOf(chain.expect.hops[1]!.issuedBy);
    rmSync(gone);
    // An edit to the store itself, in a file nobody touched.
    const issuing = chain.expect.hops[0]!.issuedBy;
    expect([forgedFile, gone]).not.toContain(await keptPathOf(issuing));
    await store.run(`UPDATE events SET source_ip = '198.51.100.7' WHERE event_id = $1`, [issuing]);
    await store.run(`UPDATE identity_events SET record = json_merge_patch(record, '{"sourceIPAddress":"198.51.100.7"}') WHERE event_id = $1`, [issuing]);

    const result = await verifyStore(store);
    const verdicts = new Map(result.files.map((f) => [path.join(store.evidenceDir, f.keptPath), f.verdict]));
    expect(verdicts.get(forgedFile)).toBe('tampered');
    expect(verdicts.get(gone)).toBe('missing');
    expect([...verdicts.values()].filter((v) => v !== 'unsigned')).toHaveLength(2);
    const byEvent = new Map(result.records.differences.map((d) => [d.eventId, d]));
    expect(byEvent.get(target)?.fields).toEqual(['eventName', 'sourceIPAddress']);
    expect(byEvent.get(issuing)?.fields).toEqual(['sourceIPAddress', 'record (the copy the tracer reads)']);
    expect(result.records.differences).toHaveLength(2);
    expect(result.records.notCompared).toBeGreaterThan(0);
  });
});

describe('a kept file changed after ingest', () => {
  it('a gzip original re-compressed (its content still hashes right) is a changed copy, not an intact one', async () => {
    const kept = await keptPathOf(chain.target);
    writeFileSync(kept, gzipSync(readFileSync(kept)));
    await expect(getEventById(store, chain.target)).rejects.toBeInstanceOf(TamperedEvidence);
    const result = await verifyStore(store);
    expect(result.files.find((f) => path.join(store.evidenceDir, f.keptPath) === kept)?.verdict).toBe('tampered');
  });

  it('a changed copy that is no longer JSON DuckDB reads: verify reports it and every record of it, instead of failing', async () => {
    const kept = await keptPathOf(chain.target);
    writeFileSync(kept, gzipSync('{"Records":[{"eventID":"x" "y":1}]}'));
    const result = await verifyStore(store);
    expect(result.files.find((f) => path.join(store.evidenceDir, f.keptPath) === kept)?.verdict).toBe('tampered');
    expect(result.records.differences.some((d) => d.eventId === chain.target && d.fields.includes('record'))).toBe(true);
  });

  it('the target read from it is refused, naming the file, instead of showing the forged values', async () => {
    const kept = await keptPathOf(chain.target);
    forge(kept, chain.target);
    const err = await getEventById(store, chain.target).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TamperedEvidence);
    expect((err as Error).message).toContain(kept);
    expect((err as Error).message).toMatch(/changed after it was loaded/);
  });

  it('the terminal UI says so on the screen instead of showing the trace or the record', async () => {
    const data = await storeTuiData(heldStore(store, prepareTuiSession), { reportDir: dir, toolVersion: 'test', now: () => '2026-03-10T00:00:00Z' });
    const kept = await keptPathOf(chain.target);
    forge(kept, chain.target);
    for (const load of [{ kind: 'trace', screenId: 1, eventId: chain.target }, { kind: 'record', screenId: 2, eventId: chain.target }] as const) {
      const action = await runLoad(data, load);
      expect(action).toMatchObject({ type: 'failed', screenId: load.screenId });
      expect((action as { message: string }).message).toMatch(/was changed after it was loaded .*will not show records from it\. Run trail-trace verify/);
    }
  });

  it('a copy changed between two reads of one process, same size and time, is refused on the second (a TUI left open)', async () => {
    expect((await getEventById(store, chain.target))?.eventId).toBe(chain.target);
    const kept = await keptPathOf(chain.target);
    const before = statSync(kept);
    const bytes = readFileSync(kept);
    bytes[bytes.length - 9] = bytes[bytes.length - 9]! ^ 0xff; // inside the gzip trailer's CRC
    writeFileSync(kept, bytes);
    utimesSync(kept, before.atime, before.mtime);
    expect(statSync(kept).size).toBe(before.size);
    await expect(getEventById(store, chain.target)).rejects.toBeInstanceOf(TamperedEvidence);
  });

  it('whether a file is as loaded is always hashed, even when the file system says it was not written to (a write through a shared mapping changes no time)', async () => {
    const kept = await keptPathOf(chain.target);
    const bytes = readFileSync(kept);
    bytes[bytes.length - 9] = bytes[bytes.length - 9]! ^ 0xff;
    writeFileSync(kept, bytes);
    // As if this process had hashed the file as it now is, and found it as loaded.
    rememberVerified(kept, await fileFingerprint(kept));
    const relative = path.relative(store.evidenceDir, kept);
    await expect(checkKeptFile(store, relative)).rejects.toBeInstanceOf(TamperedEvidence);
    await expect(traceEventById(store, chain.target)).rejects.toBeInstanceOf(TamperedEvidence);
  });

  it('a hop whose record the store holds is refused too when its file changed', async () => {
    expect((await traceEventById(store, chain.target))?.hops).toHaveLength(2);
    const issuing = chain.expect.hops[1]!.issuedBy;
    const kept = await keptPathOf(issuing);
    expect(kept).not.toBe(await keptPathOf(chain.target));
    forge(kept, issuing);
    await expect(traceEventById(store, chain.target)).rejects.toBeInstanceOf(TamperedEvidence);
  });

  it('the report\'s records are verified when it is made, and loading the original again restores the copy', async () => {
    const trace = (await traceEventById(store, chain.target))!;
    const sources = await recordSources(store, trace);
    expect(sources.length).toBeGreaterThanOrEqual(3);
    expect(sources.every((s) => s.verified)).toBe(true);

    const kept = await keptPathOf(chain.expect.hops[0]!.issuedBy);
    forge(kept, chain.expect.hops[0]!.issuedBy);
    await expect(recordSources(store, trace)).rejects.toBeInstanceOf(TamperedEvidence);
    const deleted = await keptPathOf(chain.target);
    rmSync(deleted);
    await expect(traceEventById(store, chain.target)).rejects.toThrow(/kept copy of a log file is missing/);

    const again = await ingestPaths(store, [path.join(dir, 'logs')]);
    expect(again.files.restored).toBe(2);
    expect(again.files.loaded).toBe(0);
    expect((await traceEventById(store, chain.target))?.hops).toHaveLength(2);
    expect((await recordSources(store, trace)).every((s) => s.verified)).toBe(true);
  });
});
