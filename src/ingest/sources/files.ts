// Files and folders as `aws s3 sync` leaves them: walks folders recursively, keeps `.json`,
// `.json.gz` (and NDJSON `.jsonl`/`.ndjson`), lists digest files as such (kept for verify) and skips
// Insights folders and files (spec §4.8 #14).

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { EXIT, UserError } from '../../errors.js';
import { layoutRootOf } from '../../trace/awslogs.js';
import { DIGEST_FOLDER, PASSED_OVER_FOLDERS, type Source, type SourceFile, type SourceListing } from '../source.js';
import { terminalSafe } from '../../text/sanitize.js';

const LOG_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;
// A digest or Insights file out of its folder keeps AWS's name: <account>_CloudTrail-Digest_<region>_…
const NAMED_FILE = /^\d{12}_(CloudTrail-Digest|CloudTrail-Insight)_/;

export class FilesSource implements Source {
  readonly name = 'files';
  constructor(private readonly paths: string[]) {}

  async list(): Promise<SourceListing> {
    const files: SourceFile[] = [];
    const skipped: Record<string, number> = {};
    const skip = (reason: string) => (skipped[reason] = (skipped[reason] ?? 0) + 1);

    const walk = async (dir: string, inDigestFolder: boolean): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true });
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          // A store's own kept copies and record lines, when the store sits inside the folder being loaded.
          const reason = PASSED_OVER_FOLDERS[entry.name] ?? (/\.(evidence|staging)$/.test(entry.name) ? 'trail-trace store folders' : undefined);
          if (reason) skip(reason);
          else await walk(full, inDigestFolder || entry.name === DIGEST_FOLDER);
        } else if (entry.isFile()) {
          const named = NAMED_FILE.exec(entry.name)?.[1];
          if (named === 'CloudTrail-Insight') skip(PASSED_OVER_FOLDERS[named]!);
          else if (!LOG_FILE.test(entry.name)) skip('not a .json / .json.gz file');
          else {
            const file: SourceFile = { source: full, localPath: full, bytes: (await stat(full)).size };
            files.push(inDigestFolder || named === DIGEST_FOLDER ? { ...file, kind: 'digest' } : file);
          }
        }
      }
    };

    for (const given of this.paths) {
      const resolved = path.resolve(given);
      let info;
      try {
        info = await stat(resolved);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') {
          throw new UserError(`Cannot read ${terminalSafe(given)}: no such file or folder.`, 'Pass a folder as `aws s3 sync` leaves it (…/AWSLogs/) or .json / .json.gz files.', EXIT.notFound);
        }
        throw new UserError(`Cannot read ${terminalSafe(given)}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : terminalSafe((err as Error).message)}.`, 'Check its permissions, or copy the logs somewhere you can read.', EXIT.unreadable);
      }
      // A file named explicitly is read whatever its extension.
      if (info.isFile()) {
        const digest = NAMED_FILE.exec(path.basename(resolved))?.[1] === DIGEST_FOLDER || resolved.split(/[/\\]/).includes(DIGEST_FOLDER);
        files.push({ source: resolved, localPath: resolved, bytes: info.size, ...(digest ? { kind: 'digest' as const } : {}) });
      } else if (info.isDirectory()) await walk(resolved, resolved.split(/[/\\]/).includes(DIGEST_FOLDER));
    }

    const roots = new Map<string, { root: string; orgId: string | null }>();
    for (const f of files) {
      if (f.kind === 'digest') continue;
      const r = layoutRootOf(f.localPath);
      if (r) roots.set(`${r.root}\0${r.orgId}`, r);
    }
    return {
      files,
      total: { files: files.length, bytes: files.reduce((n, f) => n + f.bytes, 0) },
      skipped,
      layoutKind: 'local',
      layoutRoots: [...roots.values()],
    };
  }
}
