// Kept copies of the original log files, content-addressed by the SHA-256 of their bytes:
// every record stays verbatim (DESIGN.md "Store"), and the hash is the evidence a digest check needs.

import { createHash, randomUUID } from 'node:crypto';
import { gunzipSync, gzip } from 'node:zlib';
import { access, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';

const gzipAsync = promisify(gzip);

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Relative path of a kept file inside the evidence folder. */
export function keptPathOf(hash: string): string {
  return path.join(hash.slice(0, 2), `${hash}.json.gz`);
}

/** Writes the kept copy (gzip) unless it exists; atomic through a temporary name. */
export async function keepCopy(evidenceDir: string, hash: string, original: Uint8Array): Promise<string> {
  const rel = keptPathOf(hash);
  const full = path.join(evidenceDir, rel);
  try {
    await access(full);
    return rel;
  } catch {
    // not kept yet
  }
  await mkdir(path.dirname(full), { recursive: true });
  const bytes = isGzip(original) ? original : await gzipAsync(original);
  // Unique per call: identical files read at once are kept by two calls (the same bytes either way).
  const tmp = `${full}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, full);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined); // the error to report is the write's
    throw err;
  }
  return rel;
}

/**
 * Removes the temporary files a writer killed mid-copy left in the evidence folder (keepCopy's
 * `*.tmp`, never a kept file). Only a writer calls it: DuckDB lets one process open the store for
 * writing, so any temporary file there belongs to a writer that is gone. Returns how many.
 */
export async function removeOrphanTemps(evidenceDir: string): Promise<number> {
  let removed = 0;
  let folders: string[];
  try {
    folders = await readdir(evidenceDir);
  } catch {
    return 0; // no evidence folder yet
  }
  for (const folder of folders) {
    let names: string[];
    try {
      names = await readdir(path.join(evidenceDir, folder));
    } catch {
      continue; // not a folder
    }
    for (const name of names.filter((n) => n.endsWith('.tmp'))) {
      await rm(path.join(evidenceDir, folder, name), { force: true });
      removed += 1;
    }
  }
  return removed;
}

/** The decompressed text of a kept file. */
export async function readKept(evidenceDir: string, keptPath: string): Promise<string> {
  const bytes = await readFile(path.join(evidenceDir, keptPath));
  return gunzipSync(bytes).toString('utf8');
}
