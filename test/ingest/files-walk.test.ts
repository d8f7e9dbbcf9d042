// The folder walk of `ingest files` (src/ingest/sources/files.ts) on real folders: links to files
// and folders followed, loops and links to nothing warned once, FIFOs, sockets and devices never
// opened, folders and files that cannot be read warned while the rest is listed.

import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { readdir, readlink, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT, UserError } from '../../src/errors.js';
import { ingestListing, ingestPaths } from '../../src/ingest/run-ingest.js';
import type { SourceFile, SourceListing } from '../../src/ingest/source.js';
import { FilesSource, type ListingFs } from '../../src/ingest/sources/files.js';
import { countEvents } from '../../src/store/events.js';
import { openStore } from '../../src/store/store.js';
import { apiCall, iamUser } from '../helpers/records.js';
import { tempDir } from '../helpers/temp.js';

const MET_AGAIN = 'met again by another path (a link, or given twice)';

function trail(file: string, ...ids: number[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const records = ids.map((i) => apiCall({
    identity: iamUser('111111111111', 'alice', 'AKIAALICE00000000001'), time: `2026-03-09T10:${String(i).padStart(2, '0')}:00Z`,
    account: '111111111111', eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  }));
  writeFileSync(file, JSON.stringify({ Records: records }));
}

async function list(paths: string[], fs?: ListingFs): Promise<SourceListing & { files: SourceFile[] }> {
  const listing = await new FilesSource(paths, fs).list();
  return listing as SourceListing & { files: SourceFile[] };
}

/** The listed files' paths below `dir`, in listing order. */
const sources = (listing: { files: SourceFile[] }, dir: string) => listing.files.map((f) => path.relative(dir, f.source));

/** The warnings as kind, path below `dir`, and detail. */
const warned = (listing: SourceListing, dir: string) => (listing.warnings ?? []).map((w) => [w.kind, path.relative(dir, w.source), w.detail]);

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A unix socket listening at `file`, closed after the test. */
async function socketAt(file: string): Promise<void> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(file, resolve));
}

/** Node's own calls, except that reading `locked` (a folder, or a file's stat) is refused as for a user without the right. */
function refusing(locked: string[], call: 'readdir' | 'stat'): ListingFs {
  const refused = (what: string) => Object.assign(new Error(`EACCES: permission denied, ${call} '${what}'`), { code: 'EACCES', path: what });
  return {
    readdir: (dir) => (call === 'readdir' && locked.includes(dir) ? Promise.reject(refused(dir)) : readdir(dir, { withFileTypes: true })),
    stat: (file) => (call === 'stat' && locked.includes(file) ? Promise.reject(refused(file)) : stat(file, { bigint: true })),
    readlink: (link) => readlink(link),
  };
}

describe('ingest files: the folder walk', () => {
  it('follows links to files and folders outside the folder, named by the link', async () => {
    const dir = tempDir();
    trail(path.join(dir, 'logs/a.json'), 1);
    trail(path.join(dir, 'elsewhere/more/b.json'), 2);
    trail(path.join(dir, 'single/c.json.gz'), 3);
    symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'logs/linked-folder'));
    symlinkSync('../single/c.json.gz', path.join(dir, 'logs/linked.json.gz'));
    const listing = await list([path.join(dir, 'logs')]);
    expect(sources(listing, dir)).toEqual(['logs/a.json', 'logs/linked-folder/more/b.json', 'logs/linked.json.gz']);
    expect(listing.files.map((f) => f.bytes).every((n) => n > 0)).toBe(true); // the target's size, not the link's
    expect(listing.warnings).toEqual([]);
    expect(listing.skipped).toEqual({});
  });

  it('lists a file or folder once however many links lead to it, by its own path when it has one; a path given twice too', async () => {
    const dir = tempDir();
    trail(path.join(dir, 'logs/z-real/a.json'), 1);
    trail(path.join(dir, 'logs/z-real/b.json'), 2);
    // Both sort before their target, and are met first.
    symlinkSync('z-real', path.join(dir, 'logs/a-link-to-folder'));
    symlinkSync('z-real/a.json', path.join(dir, 'logs/a-link-to-file.json'));
    // Outside the folder, reached by two links.
    trail(path.join(dir, 'outside/c.json'), 3);
    symlinkSync('../outside/c.json', path.join(dir, 'logs/c1.json'));
    symlinkSync('../outside/c.json', path.join(dir, 'logs/c2.json'));
    const listing = await list([path.join(dir, 'logs'), path.join(dir, 'logs/z-real/b.json')]);
    expect(sources(listing, dir)).toEqual(['logs/z-real/a.json', 'logs/z-real/b.json', 'logs/c1.json']);
    expect(listing.skipped).toEqual({ [MET_AGAIN]: 4 }); // the folder link, a-link-to-file, c2, b.json given again
    expect(listing.warnings).toEqual([]);
  });

  it('warns once for each link back to a folder above it, or round a loop of links, and lists the rest', async () => {
    const dir = tempDir();
    trail(path.join(dir, 'logs/a/a.json'), 1);
    trail(path.join(dir, 'other/b.json'), 2);
    symlinkSync('..', path.join(dir, 'logs/a/up'));
    symlinkSync('.', path.join(dir, 'logs/self'));
    symlinkSync('loop-2', path.join(dir, 'logs/loop-1'));
    symlinkSync('loop-1', path.join(dir, 'logs/loop-2'));
    // Two folders, each with a link to the other: only one is inside the folder given.
    symlinkSync('../../other', path.join(dir, 'logs/a/to-other'));
    symlinkSync(path.join(dir, 'logs/a'), path.join(dir, 'other/to-a'));
    const listing = await list([path.join(dir, 'logs')]);
    expect(sources(listing, dir)).toEqual(['logs/a/a.json', 'logs/a/to-other/b.json']);
    // Links are followed once the folders are walked, in the order they were met.
    expect(warned(listing, dir)).toEqual([
      ['link-loop', 'logs/a/up', 'a link to a folder above it'],
      ['link-loop', 'logs/loop-1', 'a loop of links, that never leads to a file or folder'],
      ['link-loop', 'logs/loop-2', 'a loop of links, that never leads to a file or folder'],
      ['link-loop', 'logs/self', 'a link to a folder above it'],
      ['link-loop', 'logs/a/to-other/to-a', 'a link to a folder above it'],
    ]);
  });

  it('warns about a link to nothing, naming where it leads; one given on the command line is a user error', async () => {
    const dir = tempDir();
    trail(path.join(dir, 'logs/a.json'), 1);
    symlinkSync('gone.json', path.join(dir, 'logs/dangling.json'));
    symlinkSync('a.json/x', path.join(dir, 'logs/through-a-file.json'));
    const listing = await list([path.join(dir, 'logs')]);
    expect(sources(listing, dir)).toEqual(['logs/a.json']);
    expect(warned(listing, dir)).toEqual([
      ['broken-link', 'logs/dangling.json', 'a link to gone.json, which does not exist'],
      ['broken-link', 'logs/through-a-file.json', 'a link to a.json/x, which does not exist'],
    ]);
    const given = await list([path.join(dir, 'logs/dangling.json')]).catch((e: unknown) => e);
    expect(given).toBeInstanceOf(UserError);
    expect(given).toMatchObject({ message: expect.stringMatching(/dangling\.json: a link to gone\.json, which does not exist\.$/), exitCode: EXIT.notFound });
    symlinkSync('loop-2', path.join(dir, 'loop-1'));
    symlinkSync('loop-1', path.join(dir, 'loop-2'));
    const loop = await list([path.join(dir, 'loop-1')]).catch((e: unknown) => e);
    expect(loop).toMatchObject({ message: expect.stringMatching(/loop-1: a loop of links, that never leads to a file or folder\.$/), exitCode: EXIT.notFound });
  });

  it('never opens a FIFO, a socket or a device: each is a warning, in a folder, through a link or given by name', { timeout: 10_000 }, async () => {
    const dir = tempDir();
    trail(path.join(dir, 'logs/a.json'), 1);
    // Opening a FIFO without a writer blocks for ever: a walk that opened one would not end.
    execFileSync('mkfifo', [path.join(dir, 'logs/pipe.json')]);
    execFileSync('mkfifo', [path.join(dir, 'given.json')]);
    await socketAt(path.join(dir, 'logs/agent.sock'));
    symlinkSync('/dev/null', path.join(dir, 'logs/null.json'));
    const listing = await list([path.join(dir, 'logs'), path.join(dir, 'given.json')]);
    expect(sources(listing, dir)).toEqual(['logs/a.json']);
    expect(warned(listing, dir)).toEqual([
      ['not-a-file', 'logs/agent.sock', 'a socket'],
      ['not-a-file', 'logs/pipe.json', 'a FIFO (named pipe)'],
      ['not-a-file', 'given.json', 'a FIFO (named pipe)'],
      ['not-a-file', 'logs/null.json', 'a link to a character device'],
    ]);
  });

  it('warns about a sub-folder it may not read and lists the rest; the folder given, unreadable, is a user error', async () => {
    const dir = tempDir();
    trail(path.join(dir, 'logs/a.json'), 1);
    trail(path.join(dir, 'logs/locked/b.json'), 2);
    trail(path.join(dir, 'logs/z/c.json'), 3);
    symlinkSync('locked', path.join(dir, 'logs/link-to-locked'));
    const locked = path.join(dir, 'logs/locked');
    const listing = await list([path.join(dir, 'logs')], refusing([locked], 'readdir'));
    expect(sources(listing, dir)).toEqual(['logs/a.json', 'logs/z/c.json']);
    // Warned once: the link leads to a folder already met.
    expect(warned(listing, dir)).toEqual([['unreadable-folder', 'logs/locked', 'permission denied']]);
    expect(listing.skipped).toEqual({ [MET_AGAIN]: 1 });

    const given = await list([locked], refusing([locked], 'readdir')).catch((e: unknown) => e);
    expect(given).toBeInstanceOf(UserError);
    expect(given).toMatchObject({ message: `Cannot read ${locked}: permission denied.`, exitCode: EXIT.unreadable });
  });

  it('lists a file it cannot look at as one that could not be read, and the rest', async () => {
    const dir = tempDir();
    trail(path.join(dir, 'logs/a.json'), 1);
    trail(path.join(dir, 'logs/b.json'), 2);
    const listing = await list([path.join(dir, 'logs')], refusing([path.join(dir, 'logs/a.json')], 'stat'));
    expect(listing.files.map((f) => [path.relative(dir, f.source), f.failure])).toEqual([
      ['logs/a.json', { kind: 'unreadable', detail: 'permission denied' }],
      ['logs/b.json', undefined],
    ]);
  });
});

describe('ingest files: what the walk could not list, in the summary', () => {
  it('counts each as a warning and loads the rest; --strict stops at the first before any file is read', { timeout: 20_000 }, async () => {
    const dir = tempDir();
    trail(path.join(dir, 'logs/a.json'), 1, 2);
    trail(path.join(dir, 'elsewhere/b.json'), 3);
    symlinkSync('../elsewhere', path.join(dir, 'logs/linked'));
    symlinkSync('.', path.join(dir, 'logs/self'));
    symlinkSync('gone.json', path.join(dir, 'logs/dangling.json'));
    execFileSync('mkfifo', [path.join(dir, 'logs/pipe.json')]);
    const store = await openStore(path.join(dir, 's.duckdb'));
    try {
      const s = await ingestPaths(store, [path.join(dir, 'logs')]);
      expect(s.files).toMatchObject({ seen: 2, loaded: 2, failed: 0 });
      expect(s.events.new).toBe(3);
      expect(s.warnings.total).toBe(3);
      expect(Object.fromEntries(Object.entries(s.warnings.byKind).map(([kind, w]) => [kind, w.count]))).toEqual({ 'not-a-file': 1, 'broken-link': 1, 'link-loop': 1 });
      expect(s.warnings.byKind['not-a-file']?.examples).toEqual([{ kind: 'not-a-file', source: path.join(dir, 'logs/pipe.json'), detail: 'a FIFO (named pipe)' }]);

      const listing = await new FilesSource([path.join(dir, 'elsewhere'), path.join(dir, 'logs')]).list();
      const strict = await ingestListing(store, listing, { strict: true });
      expect(strict.stoppedByStrict).toBe(true);
      expect(strict.warnings.total).toBe(1);
      expect(strict.files).toMatchObject({ loaded: 0, alreadyLoaded: 0 });
      expect(await countEvents(store)).toBe(3);
    } finally {
      await store.close();
    }
  });
});
