// Archives a responder is handed (issue 17): .zip, .tar, .tar.gz / .tgz, and single .bz2 / .zst
// files. Each is found by its first bytes, not its name, and its members are written to a temporary
// folder, one file each, named by number (a member's own path never becomes a path here: no
// "zip slip"). A member is then listed like a file in a folder: its source is
// `<archive>!/<path in the archive>`, it is hashed and kept as its own bytes (the evidence), and
// it is deleted once ingested. Archives inside archives are opened too, a few levels deep.
//
// Libraries: yauzl (zip), tar-stream (tar), unbzip2-stream (bzip2) and fzstd (Zstandard), all
// JavaScript: nothing to build. Bounded: all that an archive given holds, members of archives inside
// it included, may not decompress to more than EXPANSION times its size (at least MIN_BUDGET: a
// bomb stops there), nor one member past MAX_MEMBER_BYTES.

import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';
import tarStream from 'tar-stream';
import unbzip2 from 'unbzip2-stream';
import yauzl from 'yauzl';
import { DIGEST_FOLDER, PASSED_OVER_FOLDERS, type SourceFile } from '../source.js';
import { sniff, SNIFF_BYTES } from '../sniff.js';
import { gunzipStart } from '../tables.js';
import { fileErrorText, type IngestWarning } from '../warnings.js';

export type ArchiveKind = 'zip' | 'tar' | 'tar-gzip' | 'bzip2' | 'zstd';

/** Names that say a file is an archive: looked at even when its name also says logs (x.json.zst). */
const ARCHIVE_NAME = /\.(zip|tar|tgz|tar\.gz|bz2|zst)$/i;
/** An archive's members together decompress to at most this many times its size… */
const EXPANSION = 100;
/** …or this, for a small one; one member never past MAX_MEMBER_BYTES. */
const MIN_BUDGET = 256 * 1024 ** 2;
const MAX_MEMBER_BYTES = 4 * 1024 ** 3;

/** What is left to write of one archive given (shared by the archives inside it). */
interface Budget {
  left: number;
  /** The most, in all, for the warning. */
  total: number;
}
/** Archives inside archives are opened this many levels deep. */
const MAX_NESTING = 3;
/** Bytes of a gzip decompressed to see whether a tar is inside. */
const HEAD_BYTES = 64 * 1024;

/** Whether a listed file is an archive, and which: from its first bytes. */
export async function archiveKindOf(file: string): Promise<ArchiveKind | undefined> {
  const handle = await open(file, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const kind = sniff(head.subarray(0, SNIFF_BYTES));
  if (kind === 'zip' || kind === 'tar' || kind === 'bzip2' || kind === 'zstd') return kind;
  if (kind !== 'gzip') return undefined;
  try {
    const inner = gunzipStart(head, head.length);
    return sniff(inner.subarray(0, SNIFF_BYTES)) === 'tar' ? 'tar-gzip' : undefined;
  } catch {
    return undefined; // a damaged gzip: read as a log file, whose reading says what is wrong
  }
}

/** What opening archives gave: the files to list, the reasons files were passed over, warnings. */
export interface Opened {
  files: SourceFile[];
  skipped: Record<string, number>;
  warnings: IngestWarning[];
  /** The temporary folder members were written to (removed by the listing's close), if any. */
  tempDir?: string;
}

/** Temporary folders to remove when the process exits: one listener for them all. */
const atExit = new Set<string>();
function removeAtExit(dir: string): void {
  if (atExit.size === 0) process.once('exit', () => { for (const d of atExit) rmSync(d, { recursive: true, force: true }); });
  atExit.add(dir);
}

/** Replaces each archive among `files` by its members; the other files are kept as they are. */
export async function openArchives(
  files: SourceFile[],
  isLogName: (name: string) => boolean,
  /** What AWS's own file name says a file is, out of its folder (a digest, an Insights file). */
  namedAs: (name: string) => 'digest' | 'insight' | undefined = () => undefined,
): Promise<Opened> {
  const out: Opened = { files: [], skipped: {}, warnings: [] };
  let tempDir: string | undefined;
  let next = 0;
  const newMemberPath = async () => {
    if (tempDir === undefined) {
      const made = await mkdtemp(path.join(os.tmpdir(), 'trail-trace-archive-'));
      tempDir = made;
      // Gone however the process ends (a second Ctrl-C exits at once), not only when the listing closes.
      removeAtExit(made);
    }
    return path.join(tempDir, `${next++}`);
  };
  const visit = async (file: SourceFile, depth: number, shared?: Budget): Promise<void> => {
    let budget = shared;
    // A file is looked at unless its name says it holds logs (and nothing says archive).
    const looked = file.byContent || ARCHIVE_NAME.test(file.localPath) || !isLogName(path.basename(file.localPath));
    if (file.kind === 'digest' || file.failure || !looked) {
      out.files.push(file);
      return;
    }
    let kind: ArchiveKind | undefined;
    try {
      kind = await archiveKindOf(file.localPath);
    } catch (err) {
      out.files.push({ ...file, failure: { kind: 'unreadable', detail: fileErrorText(err) } });
      return;
    }
    if (!kind) {
      out.files.push(file);
      return;
    }
    if (depth >= MAX_NESTING) {
      out.warnings.push({ kind: 'unreadable', source: file.source, detail: `an archive inside ${MAX_NESTING} archives: not opened` });
      return;
    }
    const members: SourceFile[] = [];
    const problems: IngestWarning[] = [];
    const total = Math.max(MIN_BUDGET, file.bytes * EXPANSION);
    budget ??= { left: total, total };
    try {
      await extract(kind, file, newMemberPath, (m) => members.push(m), (w) => problems.push(w), budget);
    } catch (err) {
      // Nothing came out of it: the archive is a file that failed, counted and named as one.
      if (members.length === 0 && problems.length === 0) {
        out.files.push({ ...file, failure: { kind: 'unreadable', detail: `${KIND_TEXT[kind]} that could not be read: ${fileErrorText(err)}` } });
        return;
      }
      problems.push({ kind: 'unreadable', source: file.source, detail: `${KIND_TEXT[kind]} that could not be read whole: ${fileErrorText(err)}` });
    }
    out.warnings.push(...problems);
    for (const member of members) {
      const name = member.source.slice(member.source.lastIndexOf('/') + 1);
      const folders = member.source.slice(file.source.length + 2).split('/').slice(0, -1);
      // Hidden: .DS_Store, ._resource forks, __MACOSX/ (macOS's zips); not a ../ in a name.
      if (name.startsWith('.') || folders.some((f) => (f.startsWith('.') && f !== '.' && f !== '..') || f === '__MACOSX')) {
        skip(out, 'hidden files');
        if (!member.failure) await rm(member.localPath, { force: true });
        continue;
      }
      const named = namedAs(name);
      const passedOver = folders.map((f) => PASSED_OVER_FOLDERS[f]).find(Boolean) ?? (named === 'insight' ? PASSED_OVER_FOLDERS['CloudTrail-Insight'] : undefined);
      if (passedOver) {
        skip(out, passedOver);
        if (!member.failure) await rm(member.localPath, { force: true });
        continue;
      }
      const digest = folders.includes(DIGEST_FOLDER) || named === 'digest' ? { kind: 'digest' as const } : {};
      await visit({ ...member, ...digest, ...(isLogName(name) ? {} : { byContent: true }) }, depth + 1, budget);
    }
  };
  for (const file of files) await visit(file, 0);
  if (tempDir) out.tempDir = tempDir;
  return out;
}

function skip(out: Opened, reason: string): void {
  out.skipped[reason] = (out.skipped[reason] ?? 0) + 1;
}

const KIND_TEXT: Record<ArchiveKind, string> = {
  zip: 'a zip archive', tar: 'a tar archive', 'tar-gzip': 'a gzipped tar archive', bzip2: 'a bzip2 file', zstd: 'a Zstandard file',
};

type Sink = (member: SourceFile) => void;
type Warn = (warning: IngestWarning) => void;

async function extract(kind: ArchiveKind, archive: SourceFile, target: () => Promise<string>, add: Sink, warn: Warn, budget: Budget): Promise<void> {
  if (kind === 'zip') return extractZip(archive, target, add, warn, budget);
  if (kind === 'tar' || kind === 'tar-gzip') return extractTar(archive, kind === 'tar-gzip', target, add, warn, budget);
  // A single compressed file: one member, named as the file less its extension.
  const name = archive.source.slice(archive.source.lastIndexOf('/') + 1);
  const inner = name.replace(/\.(bz2|zst)$/i, '') || 'content';
  const localPath = await target();
  const decompress: Transform = kind === 'bzip2' ? (unbzip2() as unknown as Transform) : zstdStream();
  const input = createReadStream(archive.localPath);
  const bytes = await writeMember(input.pipe(decompress), localPath, budget, () => input.destroy());
  if (bytes === undefined) return warn(tooLarge(archive.source, budget));
  add({ source: `${archive.source}!/${inner}`, localPath, bytes });
}

/** Writes one member within the budget: its bytes, or undefined (nothing kept) past it. */
async function writeMember(source: Readable, file: string, budget: Budget, stop?: () => void): Promise<number | undefined> {
  const written = await writeCapped(source, file, Math.min(MAX_MEMBER_BYTES, budget.left));
  if (written === undefined) {
    stop?.();
    budget.left = 0;
    return undefined;
  }
  budget.left -= written;
  return written;
}

/** A member that could not be taken out: a file found that failed, counted and named as one (nothing on disk). */
function unreadable(source: string, detail: string): SourceFile {
  return { source, localPath: '', bytes: 0, failure: { kind: 'unreadable', detail } };
}

function tooLarge(source: string, budget: Budget): IngestWarning {
  return { kind: 'file-too-large', source, detail: `the archive decompresses to more than ${Math.round(budget.total / 1024 ** 2)} MiB (or a member past 4 GiB): the rest not read (an archive bomb?)` };
}

/** Writes a stream to a file, stopping past `cap` bytes: the bytes written, or undefined (and no file) when past it. */
async function writeCapped(source: Readable, file: string, cap: number): Promise<number | undefined> {
  let written = 0;
  let over = false;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      if (written > cap) {
        over = true;
        done(new Error('past the cap'));
        return;
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, counter, createWriteStream(file));
  } catch (err) {
    await rm(file, { force: true });
    if (over) return undefined;
    throw err;
  }
  return written;
}

/** fzstd's streaming decompressor as a Transform. */
function zstdStream(): Transform {
  let decompressor: ZstdDecompress | undefined;
  const feed = (stream: Transform, data: Uint8Array, final: boolean, done: (err?: Error) => void) => {
    try {
      decompressor ??= new ZstdDecompress((out) => stream.push(Buffer.from(out.buffer, out.byteOffset, out.length)));
      decompressor.push(data, final);
      done();
    } catch (err) {
      done(err as Error);
    }
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      feed(this, new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length), false, done);
    },
    flush(done) {
      feed(this, new Uint8Array(0), true, done);
    },
  });
}

function extractZip(archive: SourceFile, target: () => Promise<string>, add: Sink, warn: Warn, budget: Budget): Promise<void> {
  return new Promise((resolve, reject) => {
    // Names are decoded here, not by yauzl, which refuses a whole archive for one member named
    // ../x: such a name never becomes a path (members are written by number), so it is only a name.
    yauzl.open(archive.localPath, { lazyEntries: true, autoClose: true, decodeStrings: false }, (openError, zip) => {
      if (openError || !zip) return reject(openError ?? new Error('not a zip archive'));
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const raw = entry.fileName as unknown as Buffer;
        // Bit 11: the name is UTF-8; else the old IBM PC code page, of which ASCII is the same.
        const name = raw.toString((entry.generalPurposeBitFlag & 0x800) !== 0 ? 'utf8' : 'latin1').replace(/\\/g, '/').replace(/^\/+/, '');
        const source = `${archive.source}!/${name}`;
        const nextEntry = () => zip.readEntry();
        if (name.endsWith('/')) return nextEntry();
        // Unix mode in the upper half of the external attributes: a link is not followed out of the archive.
        const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
        if (mode === 0o120000) {
          warn({ kind: 'not-a-file', source, detail: 'a link inside the archive: not followed' });
          return nextEntry();
        }
        if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
          add(unreadable(source, 'encrypted: extract it with its password first'));
          return nextEntry();
        }
        if (entry.uncompressedSize > Math.min(MAX_MEMBER_BYTES, budget.left)) {
          warn(tooLarge(source, budget));
          return nextEntry();
        }
        // Where it goes first: the member's stream is read as soon as it is open. yauzl passes an
        // error of its damaged bytes on to that stream, and one with no listener yet (while a
        // path was being made) crashed the process.
        target().then((localPath) => {
          zip.openReadStream(entry, (streamError, stream) => {
            if (streamError || !stream) {
              add(unreadable(source, fileErrorText(streamError)));
              return nextEntry();
            }
            writeMember(stream, localPath, budget).then(
              (bytes) => (bytes === undefined ? warn(tooLarge(source, budget)) : add({ source, localPath, bytes })),
              (err: unknown) => add(unreadable(source, fileErrorText(err))),
            ).then(nextEntry, reject);
          });
        }, reject);
      });
      zip.readEntry();
    });
  });
}

async function extractTar(archive: SourceFile, gzipped: boolean, target: () => Promise<string>, add: Sink, warn: Warn, budget: Budget): Promise<void> {
  const extractor = tarStream.extract();
  const input = createReadStream(archive.localPath);
  const bytes: Readable = gzipped ? input.pipe(createGunzip()) : input;
  // A failure reading or decompressing ends the entries with that error.
  input.on('error', (err) => extractor.destroy(err));
  bytes.on('error', (err) => extractor.destroy(err));
  bytes.pipe(extractor as unknown as NodeJS.WritableStream);
  for await (const entry of extractor) {
    const { header } = entry;
    const name = header.name.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '');
    const source = `${archive.source}!/${name}`;
    const left = Math.min(MAX_MEMBER_BYTES, budget.left);
    if (header.type !== 'file' && header.type !== 'contiguous-file') {
      if (header.type === 'symlink' || header.type === 'link') warn({ kind: 'not-a-file', source, detail: 'a link inside the archive: not followed' });
    } else if ((header.size ?? 0) > left) {
      warn(tooLarge(source, budget));
    } else {
      // The archive's failing while a path is made destroys the entry with that error: heard here
      // (an error with no listener would crash the process), and met by the loop, which then throws it.
      entry.on('error', () => undefined);
      const localPath = await target();
      try {
        const written = await writeMember(Readable.from(entry as AsyncIterable<Buffer>), localPath, budget);
        if (written === undefined) warn(tooLarge(source, budget));
        else add({ source, localPath, bytes: written });
      } catch (err) {
        add(unreadable(source, fileErrorText(err)));
      }
    }
    // Whatever of the entry was not read is skipped to reach the next.
    entry.resume();
  }
}
