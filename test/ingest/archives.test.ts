// Archives a responder is handed (src/ingest/sources/archives.ts): zip, tar, tar.gz, bzip2 and
// Zstandard, found by their first bytes, opened member by member into a temporary folder, and
// loaded like the folder they came from; hostile archives (a bomb, a member named ../.., a link) are
// warnings, an encrypted or damaged member or archive a file that could not be read, counted; never
// a crash or a file written outside.

import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import tarStream from 'tar-stream';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestListing, type IngestSummary } from '../../src/ingest/run-ingest.js';
import { archiveKindOf } from '../../src/ingest/sources/archives.js';
import { FilesSource } from '../../src/ingest/sources/files.js';
import { openStore } from '../../src/store/store.js';
import { countEvents } from '../../src/store/events.js';
import { filesUnder } from '../helpers/files.js';
import { FIXTURES, removeDir, suiteDir } from '../helpers/temp.js';

const ORG_TRAIL = path.join(FIXTURES, 'org-trail');
let dir: string;

/** A zip of entries (name → bytes, or options for odd ones), written with yazl. */
async function zip(file: string, entries: { name: string; bytes: Buffer; mode?: number; store?: boolean }[]): Promise<string> {
  const z = new yazl.ZipFile();
  for (const e of entries) z.addBuffer(e.bytes, e.name, { ...(e.mode !== undefined ? { mode: e.mode } : {}), compress: !e.store });
  z.end();
  await pipeline(z.outputStream, createWriteStream(file));
  return file;
}

/** A tar (gzipped if asked) of entries, written with tar-stream. */
async function tar(file: string, entries: { name: string; bytes?: Buffer; type?: 'file' | 'symlink' | 'directory'; linkname?: string }[], gzip = false): Promise<string> {
  const pack = tarStream.pack();
  for (const e of entries) {
    const header = { name: e.name, type: e.type ?? 'file', ...(e.linkname ? { linkname: e.linkname } : {}) } as const;
    if (header.type === 'file') pack.entry(header, e.bytes ?? Buffer.alloc(0));
    else pack.entry(header);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack as AsyncIterable<Buffer>) chunks.push(c);
  writeFileSync(file, gzip ? gzipSync(Buffer.concat(chunks)) : Buffer.concat(chunks));
  return file;
}

/** The org trail's files as archive entries, under trail/. */
const trailEntries = () => filesUnder(ORG_TRAIL).map((f) => ({ name: `trail/${path.relative(ORG_TRAIL, f).split(path.sep).join('/')}`, bytes: readFileSync(f) }));

async function ingest(paths: string[]): Promise<{ summary: IngestSummary; events: number }> {
  const store = await openStore(path.join(dir, `s${Math.random().toString(36).slice(2)}.duckdb`));
  try {
    const summary = await ingestListing(store, await new FilesSource(paths).list());
    return { summary, events: await countEvents(store) };
  } finally {
    await store.close();
  }
}

const tempArchives = () => readdirSync(os.tmpdir()).filter((n) => n.startsWith('trail-trace-archive-'));

let trail: { summary: IngestSummary; events: number };
const tempBefore = new Set<string>();
beforeAll(async () => {
  dir = suiteDir();
  for (const n of tempArchives()) tempBefore.add(n);
  trail = await ingest([ORG_TRAIL]);
}, 60_000);
afterAll(() => removeDir(dir));

describe('archives load like the folder they hold', () => {
  it.each([
    ['zip', (f: string) => zip(f, trailEntries())],
    ['tar', (f: string) => tar(f, trailEntries())],
    ['tar.gz', (f: string) => tar(f, trailEntries(), true)],
    ['zip inside a zip', async (f: string) => zip(f, [{ name: 'inner/trail.zip', bytes: readFileSync(await zip(`${f}.inner`, trailEntries())), store: true }])],
  ])('%s', async (_kind, make) => {
    // Named so that nothing but the content says what it is.
    const file = await make(path.join(dir, `export-${Math.random().toString(36).slice(2)}.bin`));
    const { summary, events } = await ingest([file]);
    expect(events).toBe(trail.events);
    expect(summary.events).toEqual(trail.summary.events);
    expect(summary.digests).toBe(1);
    expect(summary.skipped).toEqual({ 'Insights files': 1 });
    expect(summary.warnings.total).toBe(0);
  }, 60_000);

  it('knows a digest or an Insights file out of its folder by AWS\'s name, inside an archive too', async () => {
    const digestName = 'AWSLogs/o-7rt3xq2k9p/222222222222/CloudTrail-Digest/';
    const entries = trailEntries().map((e) => (e.name.includes(digestName) || e.name.includes('CloudTrail-Insight/') ? { ...e, name: `loose/${e.name.split('/').pop()}` } : e));
    const { summary, events } = await ingest([await zip(path.join(dir, 'loose.zip'), entries)]);
    expect(events).toBe(trail.events);
    expect(summary.digests).toBe(1);
    expect(summary.skipped).toEqual({ 'Insights files': 1 });
    expect(summary.files.empty).toBe(0);
  });

  it('reads .bz2 and .zst files, and passes over one whose content is not logs', async () => {
    const { summary, events } = await ingest([path.join(FIXTURES, 'compressed')]);
    // Both hold the same bytes once decompressed: the second is the first again.
    expect(summary.files).toMatchObject({ loaded: 1, alreadyLoaded: 1, failed: 0 });
    expect(summary.events).toEqual({ new: 3, duplicate: 0 });
    expect(events).toBe(3);
    expect(summary.skipped).toEqual({ 'files whose content is not logs': 2 }); // README.md and notes.txt.zst
  });

  it('tells archives from logs by their first bytes', async () => {
    const gz = path.join(dir, 'plain.json.gz');
    writeFileSync(gz, gzipSync('{"Records":[]}'));
    expect(await archiveKindOf(gz)).toBeUndefined();
    expect(await archiveKindOf(await tar(path.join(dir, 'k.tgz'), [{ name: 'a.json', bytes: Buffer.from('{}') }], true))).toBe('tar-gzip');
    expect(await archiveKindOf(path.join(FIXTURES, 'compressed/events.ndjson.zst'))).toBe('zstd');
  });

});

afterAll(() => {
  // Every ingest above removed the members it wrote, hostile archives too.
  expect(tempArchives().filter((n) => !tempBefore.has(n))).toEqual([]);
});

describe('hostile archives are warnings, and the rest loads', () => {
  const record = (id: string) => Buffer.from(JSON.stringify({ Records: [{ eventVersion: '1.08', eventID: id, eventTime: '2026-03-09T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', userIdentity: { type: 'IAMUser' } }] }));

  it('a member named to escape is written inside, named as it is in the archive', async () => {
    const outside = path.join(dir, 'escaped.json');
    // yazl refuses such names: written with names of the same length, then renamed in the bytes.
    const file = await zip(path.join(dir, 'slip.zip'), [{ name: 'aa/aa/escaped.json', bytes: record('slip-1') }, { name: 'Xetc/abs.json', bytes: record('slip-2') }]);
    const latin = readFileSync(file).toString('latin1').replaceAll('aa/aa/escaped.json', '../../escaped.json').replaceAll('Xetc/abs.json', '/etc/abs.json');
    writeFileSync(file, Buffer.from(latin, 'latin1'));
    const { summary, events } = await ingest([file]);
    expect(events).toBe(2);
    expect(existsSync(outside)).toBe(false);
    expect(summary.warnings.total).toBe(0);
  });

  it('a link inside an archive is not followed', async () => {
    const t = await tar(path.join(dir, 'links.tar'), [{ name: 'etc-passwd.json', type: 'symlink', linkname: '/etc/passwd' }, { name: 'ok.json', bytes: record('link-ok') }]);
    const z = await zip(path.join(dir, 'links.zip'), [{ name: 'shadow.json', bytes: Buffer.from('/etc/shadow'), mode: 0o120777 }, { name: 'ok.json', bytes: record('link-ok-2') }]);
    const { summary, events } = await ingest([t, z]);
    expect(events).toBe(2);
    expect(summary.warnings.byKind['not-a-file']?.count).toBe(2);
    expect(summary.warnings.byKind['not-a-file']?.examples.map((e) => e.source)).toEqual([`${t}!/etc-passwd.json`, `${z}!/shadow.json`]);
  });

  it('a bomb stops at its bound; the other members load', async () => {
    // 300 MiB of one byte: over 1000 times what it takes in the archive, and past 256 MiB.
    const bomb = Buffer.alloc(300 * 1024 * 1024, 0x20);
    const file = await zip(path.join(dir, 'bomb.zip'), [{ name: 'bomb.json', bytes: bomb }, { name: 'ok.json', bytes: record('bomb-ok') }]);
    const { summary, events } = await ingest([file]);
    expect(events).toBe(1);
    expect(summary.warnings.byKind['file-too-large']?.examples[0]).toMatchObject({ source: `${file}!/bomb.json`, detail: expect.stringMatching(/archive bomb/) });
  }, 60_000);

  it('an encrypted member is a file that could not be read, counted and named, and says what to do', async () => {
    const bytes = readFileSync(await zip(path.join(dir, 'locked.zip'), [{ name: 'secret.json', bytes: record('locked-1') }, { name: 'open.json', bytes: record('locked-2') }]));
    // The first member's "encrypted" bit (0x1 of the general purpose flags), in its local header and in the central directory.
    bytes[6]! |= 0x1;
    bytes[bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 8]! |= 0x1;
    mkdirSync(path.join(dir, 'locked'));
    writeFileSync(path.join(dir, 'locked', 'locked.zip'), bytes);
    const { summary, events } = await ingest([path.join(dir, 'locked')]);
    expect(events).toBe(1);
    expect(summary.files).toMatchObject({ seen: 2, loaded: 1, failed: 1 });
    expect(summary.warnings.byKind.unreadable?.examples).toEqual([{ kind: 'unreadable', source: path.join(dir, 'locked', 'locked.zip!/secret.json'), detail: 'encrypted: extract it with its password first' }]);
  });

  it('a damaged archive is a file that could not be read, counted and named, and the other files load', async () => {
    const good = await zip(path.join(dir, 'good.zip'), [{ name: 'ok.json', bytes: record('damaged-ok') }]);
    const bytes = readFileSync(good);
    const damaged = path.join(dir, 'damaged.zip');
    writeFileSync(damaged, bytes.subarray(0, bytes.length - 30));
    const tgz = path.join(dir, 'damaged.tgz');
    writeFileSync(tgz, gzipSync(Buffer.alloc(2048, 1)).subarray(0, 30));
    mkdirSync(path.join(dir, 'mixed'));
    writeFileSync(path.join(dir, 'mixed', 'a.zip'), readFileSync(damaged));
    writeFileSync(path.join(dir, 'mixed', 'b.json'), record('damaged-ok-2'));
    const { summary, events } = await ingest([path.join(dir, 'mixed')]);
    expect(events).toBe(1);
    expect(summary.files).toMatchObject({ seen: 2, loaded: 1, failed: 1 });
    expect(summary.warnings.byKind.unreadable?.examples[0]).toMatchObject({ source: path.join(dir, 'mixed', 'a.zip'), detail: expect.stringMatching(/^a zip archive that could not be read: /) });
    // A member whose compressed bytes are damaged is a file of the archive that failed, counted too.
    const big = Buffer.from(Array.from({ length: 200 }, (_, i) => `{"eventID":"e${i}","eventTime":"2026-03-09T10:47:31Z"}`).join('\n'));
    const two = readFileSync(await zip(path.join(dir, 'two.zip'), [{ name: 'broken.json', bytes: big }, { name: 'fine.json', bytes: record('damaged-ok-3') }]));
    two.fill(0x78, 60, 120);
    mkdirSync(path.join(dir, 'members'));
    writeFileSync(path.join(dir, 'members', 'two.zip'), two);
    const members = await ingest([path.join(dir, 'members')]);
    expect(members.events).toBe(1);
    expect(members.summary.files).toMatchObject({ seen: 2, loaded: 1, failed: 1 });
    expect(members.summary.warnings.byKind.unreadable?.examples[0]).toMatchObject({ source: path.join(dir, 'members', 'two.zip!/broken.json') });
  });
});
