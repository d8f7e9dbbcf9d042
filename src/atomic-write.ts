// Writing a file whole or not at all: the text goes to a temporary file beside the target, then
// takes the target's name in one step (rename replaces; link refuses an existing name). A full
// disk or a killed process leaves the target as it was, never a truncated report.

import { linkSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type TextWriter = (file: string, text: string, options: { flag: string }) => void;

/**
 * Writes `text` to `file` through a temporary file in the same folder. Without `replace` an
 * existing `file` is an EEXIST error and stays as it was. Errors are the file system's own
 * (ENOSPC, EACCES, ENOENT…), thrown after the temporary file is removed.
 */
export function writeFileAtomic(file: string, text: string, replace: boolean, write: TextWriter = writeFileSync): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    write(tmp, text, { flag: 'wx' });
    if (replace) renameSync(tmp, file);
    else linkSync(tmp, file);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // Renamed away, or never made.
    }
  }
}
