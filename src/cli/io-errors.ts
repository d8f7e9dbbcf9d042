// File-system failures no command foresaw (a full disk while keeping a copy, a folder that cannot be
// read mid-walk, DuckDB unable to write): the user's to fix, not trail-trace bugs. Told as one
// line of what and one of what to do, with exit code 5, never a stack trace.

import { terminalSafe } from '../text/sanitize.js';

const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  EIO: 'an input/output error (the disk or its connection)',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files on this machine',
};

/** DuckDB's own words for the same failures (its errors carry no errno). */
const DUCKDB_REASONS: [RegExp, string][] = [
  [/No space left on device/i, 'the disk is full'],
  [/Disk quota exceeded/i, 'the disk quota is used up'],
  [/Permission denied/i, 'permission denied'],
  [/Read-only file system/i, 'the file system is read-only'],
];

/** The message and hint for a file-system failure, or undefined when the error is not one. */
export function ioFailure(err: unknown): { message: string; hint: string } | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  const hint = 'Fix that (free some space, check permissions), then run the same command again: what was stored is kept.';
  const reason = e?.code ? REASONS[e.code] : undefined;
  if (reason) {
    const what = e?.path ? ` ${terminalSafe(e.path)}` : '';
    return { message: `Cannot ${e?.syscall ? terminalSafe(e.syscall) : 'use'}${what}: ${reason}.`, hint };
  }
  const text = typeof e?.message === 'string' ? e.message : '';
  // (An IO error, or a commit that could not write its log: "TransactionContext Error: Failed to
  // commit: Could not write file …: No space left on device".)
  if (/^(IO|TransactionContext) Error|Could not (write|read|open) file/i.test(text)) {
    const known = DUCKDB_REASONS.find(([re]) => re.test(text));
    if (known) return { message: `The store cannot be written: ${known[1]} (DuckDB: ${terminalSafe(text.split('\n')[0]!).slice(0, 300)}).`, hint };
  }
  return undefined;
}
