// Files and folders as `aws s3 sync` leaves them, and as people keep them: walks folders
// recursively, keeps `.json`, `.json.gz` (and NDJSON `.jsonl`/`.ndjson`), lists digest files as
// such (kept for verify) and skips Insights folders and files (spec §4.8 #14). Links to files and
// folders are followed; what cannot be listed (a folder it may not read, a link to nothing, a loop,
// a FIFO) is a warning, and the rest is listed.

import type { BigIntStats, Dirent } from 'node:fs';
import { readdir, readlink, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { EXIT, UserError } from '../../errors.js';
import { layoutRootOf } from '../../trace/awslogs.js';
import { DIGEST_FOLDER, PASSED_OVER_FOLDERS, type Source, type SourceFile, type SourceListing } from '../source.js';
import { fileErrorText, type IngestWarning, type WarningKind } from '../warnings.js';
import { openArchives } from './archives.js';
import { terminalSafe } from '../../text/sanitize.js';

/** Names that say a file holds logs: one that does not say so is listed, and read only if its content is logs. */
const LOG_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;
// A digest or Insights file out of its folder keeps AWS's name: <account>_CloudTrail-Digest_<region>_…
const NAMED_FILE = /^\d{12}_(CloudTrail-Digest|CloudTrail-Insight)_/;
/** A DuckDB store and its write-ahead log, when the store sits inside the folder being loaded. */
const STORE_FILE = /\.duckdb(\.wal)?$/i;
/** Why a file or folder reached a second time is listed once (the skipped reason). */
const MET_AGAIN = 'met again by another path (a link, or given twice)';

/** The file-system calls a listing makes: node's own, or a test's that fails where it says. */
export interface ListingFs {
  readdir(dir: string): Promise<Dirent[]>;
  /** Follows links (a link is listed as what it leads to); bigint: Windows file ids pass 2^53. */
  stat(file: string): Promise<BigIntStats>;
  readlink(link: string): Promise<string>;
}

const NODE_FS: ListingFs = {
  readdir: (dir) => readdir(dir, { withFileTypes: true }),
  stat: (file) => stat(file, { bigint: true }),
  readlink: (link) => readlink(link),
};

export class FilesSource implements Source {
  readonly name = 'files';
  constructor(private readonly paths: string[], private readonly fs: ListingFs = NODE_FS) {}

  async list(): Promise<SourceListing> {
    const walk = new FolderWalk(this.fs);
    for (const given of this.paths) {
      const resolved = path.resolve(given);
      let info: BigIntStats;
      let entries: Dirent[] | undefined;
      try {
        info = await this.fs.stat(resolved);
        if (info.isDirectory()) entries = await this.fs.readdir(resolved);
      } catch (err) {
        throw cannotRead(given, err, await this.fs.readlink(resolved).catch(() => undefined));
      }
      await walk.given(resolved, info, entries);
    }
    await walk.followLinks();

    // Archives (by their first bytes) are replaced by their members, written to a temporary folder.
    const opened = await openArchives(walk.files, (name) => LOG_FILE.test(name), (name) => {
      const named = NAMED_FILE.exec(name)?.[1];
      return named === DIGEST_FOLDER ? 'digest' : named === 'CloudTrail-Insight' ? 'insight' : undefined;
    });
    const { files, tempDir } = opened;
    const warnings = [...walk.warnings, ...opened.warnings];
    const skipped = { ...walk.skipped };
    for (const [reason, n] of Object.entries(opened.skipped)) skipped[reason] = (skipped[reason] ?? 0) + n;
    const isMember = (f: SourceFile) => tempDir !== undefined && f.localPath.startsWith(tempDir + path.sep);
    const roots = new Map<string, { root: string; orgId: string | null }>();
    for (const f of files) {
      // A member's folders are inside its archive: no place a gap's command could load from.
      if (f.kind === 'digest' || isMember(f)) continue;
      const r = layoutRootOf(f.localPath);
      if (r) roots.set(`${r.root}\0${r.orgId}`, r);
    }
    return {
      files,
      total: { files: files.length, bytes: files.reduce((n, f) => n + f.bytes, 0) },
      skipped,
      warnings,
      layoutKind: 'local',
      layoutRoots: [...roots.values()],
      ...(tempDir ? {
        // A member is deleted once stored (its kept copy is the evidence); what is left goes at the end.
        release: async (f: SourceFile) => (isMember(f) ? rm(f.localPath, { force: true }) : undefined),
        close: () => rm(tempDir, { recursive: true, force: true }),
      } : {}),
    };
  }
}

/**
 * A path given on the command line that cannot be read: the user's to fix, before anything is
 * loaded. `linkTo`: where it leads, when it is a link.
 */
function cannotRead(given: string, err: unknown, linkTo?: string): UserError {
  const code = (err as NodeJS.ErrnoException).code;
  const what = terminalSafe(given);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    const why = linkTo === undefined ? 'no such file or folder' : `a link to ${terminalSafe(linkTo)}, which does not exist`;
    return new UserError(`Cannot read ${what}: ${why}.`, 'Pass a folder as `aws s3 sync` leaves it (…/AWSLogs/) or .json / .json.gz files.', EXIT.notFound);
  }
  if (code === 'ELOOP') {
    return new UserError(`Cannot read ${what}: a loop of links, that never leads to a file or folder.`, 'Pass the folder or files the links were meant to lead to.', EXIT.notFound);
  }
  return new UserError(`Cannot read ${what}: ${terminalSafe(fileErrorText(err))}.`, 'Check its permissions, or copy the logs somewhere you can read.', EXIT.unreadable);
}

/** A folder being walked, and the folders above it on the way there: a link back to one of them is a loop. */
interface Folder {
  path: string;
  above: ReadonlySet<bigint>;
  inDigestFolder: boolean;
}

/** A link met in a folder, followed once every folder is walked. */
interface Link {
  path: string;
  name: string;
  in: Folder;
}

/**
 * One listing's walk. Links are followed after every folder given is walked without them, so that
 * a file is named by its own path when it has one that needs no link (and a link to a folder
 * walked anyway adds nothing). A file or folder is listed once however many links lead to it:
 * each is known by device and inode (a file reached twice would only be a duplicate by SHA-256,
 * but it would be read twice).
 */
class FolderWalk {
  readonly files: SourceFile[] = [];
  readonly skipped: Record<string, number> = {};
  readonly warnings: IngestWarning[] = [];
  private readonly met = new Set<bigint>();
  private readonly links: Link[] = [];

  constructor(private readonly fs: ListingFs) {}

  private warn(kind: WarningKind, source: string, detail: string): void {
    this.warnings.push({ kind, source, detail });
  }

  private skip(reason: string): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
  }

  /** Whether this file or folder was listed already; if not, it is from now on. */
  private metAgain(info: BigIntStats): boolean {
    const id = identity(info);
    if (id === undefined) return false;
    if (this.met.has(id)) return true;
    this.met.add(id);
    return false;
  }

  /** A path given on the command line, and what is in it when it is a folder. */
  async given(given: string, info: BigIntStats, entries: Dirent[] | undefined): Promise<void> {
    const inDigestFolder = given.split(/[/\\]/).includes(DIGEST_FOLDER);
    if (!info.isFile() && !info.isDirectory()) return this.warn('not-a-file', given, specialFileKind(info));
    if (this.metAgain(info)) return this.skip(MET_AGAIN);
    // A file named explicitly is read whatever its extension.
    const digest = inDigestFolder || NAMED_FILE.exec(path.basename(given))?.[1] === DIGEST_FOLDER;
    if (info.isFile()) this.files.push({ source: given, localPath: given, bytes: Number(info.size), ...(digest ? { kind: 'digest' as const } : {}) });
    else await this.walk({ path: given, above: within(new Set(), info), inDigestFolder }, entries ?? []);
  }

  private async walk(folder: Folder, entries: Dirent[]): Promise<void> {
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(folder.path, entry.name);
      if (entry.isSymbolicLink()) this.links.push({ path: full, name: entry.name, in: folder });
      else if (entry.isDirectory()) await this.subfolder(full, entry.name, folder);
      else if (entry.isFile()) await this.file(full, entry.name, folder);
      // Never opened: a FIFO without a writer would block the ingest for ever.
      else this.warn('not-a-file', full, specialFileKind(entry));
    }
  }

  /** A folder inside one being walked: passed over by its name, already walked, a loop, or walked. */
  private async subfolder(dir: string, name: string, parent: Folder, known?: BigIntStats): Promise<void> {
    // A store's own kept copies and record lines, when the store sits inside the folder being loaded.
    const reason = PASSED_OVER_FOLDERS[name] ?? (/\.(evidence|staging)$/.test(name) ? 'trail-trace store folders' : undefined);
    if (reason) return this.skip(reason);
    let info: BigIntStats;
    let entries: Dirent[];
    try {
      info = known ?? (await this.fs.stat(dir));
      const id = identity(info);
      if (id !== undefined && parent.above.has(id)) return this.warn('link-loop', dir, 'a link to a folder above it');
      if (this.metAgain(info)) return this.skip(MET_AGAIN);
      entries = await this.fs.readdir(dir);
    } catch (err) {
      return this.warn('unreadable-folder', dir, fileErrorText(err));
    }
    const folder = { path: dir, above: within(parent.above, info), inDigestFolder: parent.inDigestFolder || name === DIGEST_FOLDER };
    await this.walk(folder, entries);
  }

  /** A file inside a folder being walked: listed when its name says it holds logs. */
  private async file(file: string, name: string, folder: Folder, known?: BigIntStats): Promise<void> {
    const named = NAMED_FILE.exec(name)?.[1];
    if (named === 'CloudTrail-Insight') return this.skip(PASSED_OVER_FOLDERS[named]!);
    // Hidden files (.DS_Store, editors' swap files) are no one's logs; nor is a store kept beside them.
    if (name.startsWith('.')) return this.skip('hidden files');
    if (STORE_FILE.test(name)) return this.skip('trail-trace store files');
    // Any other file is read if its content is logs (CloudWatch Logs exports are named 000000.gz).
    const listed: SourceFile = { source: file, localPath: file, bytes: 0, ...(LOG_FILE.test(name) ? {} : { byContent: true }) };
    const asDigest = folder.inDigestFolder || named === DIGEST_FOLDER ? { kind: 'digest' as const } : {};
    let info: BigIntStats;
    try {
      info = known ?? (await this.fs.stat(file));
    } catch (err) {
      // Listed all the same: counted with the files that could not be read, as when opening it fails.
      this.files.push({ ...listed, failure: { kind: 'unreadable', detail: fileErrorText(err) } });
      return;
    }
    if (this.metAgain(info)) return this.skip(MET_AGAIN);
    this.files.push({ ...listed, bytes: Number(info.size), ...asDigest });
  }

  /** Follows the links met in the folders walked, and those met in the folders they lead to. */
  async followLinks(): Promise<void> {
    // The list grows as folders that links lead to are walked.
    for (let i = 0; i < this.links.length; i++) {
      const link = this.links[i]!;
      let info: BigIntStats;
      try {
        info = await this.fs.stat(link.path);
      } catch (err) {
        await this.brokenLink(link, err);
        continue;
      }
      if (info.isDirectory()) await this.subfolder(link.path, link.name, link.in, info);
      else if (info.isFile()) await this.file(link.path, link.name, link.in, info);
      else this.warn('not-a-file', link.path, `a link to ${specialFileKind(info)}`);
    }
  }

  private async brokenLink(link: Link, err: unknown): Promise<void> {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return this.warn('link-loop', link.path, 'a loop of links, that never leads to a file or folder');
    const target = await this.fs.readlink(link.path).catch(() => undefined);
    const to = target === undefined ? 'a link' : `a link to ${target}`;
    this.warn('broken-link', link.path, code === 'ENOENT' || code === 'ENOTDIR' ? `${to}, which does not exist` : `${to}: ${fileErrorText(err)}`);
  }
}

/**
 * A file or folder's identity: its device and inode number. None on a file system without inode
 * numbers (some network shares on Windows say 0): there a file reached twice is read twice (and
 * is a duplicate by SHA-256), and a loop of links ends where paths grow too long to read.
 */
function identity(info: BigIntStats): bigint | undefined {
  return info.ino === 0n ? undefined : (info.dev << 64n) | info.ino;
}

/** The folders above a folder's entries: those above it, and itself. */
function within(above: ReadonlySet<bigint>, info: BigIntStats): ReadonlySet<bigint> {
  const id = identity(info);
  return id === undefined ? above : new Set([...above, id]);
}

/** What a file that is neither a regular file nor a folder is, in words (the warning's detail). */
function specialFileKind(info: Pick<Dirent, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'neither a file nor a folder';
}
