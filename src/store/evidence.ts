// Kept copies of the original log files, content-addressed by the SHA-256 of their bytes:
// every record stays verbatim (DESIGN.md "Store"), and the hash is the evidence a digest check needs.

import { createHash, randomUUID } from 'node:crypto';
import { constants as zlibConstants, createGunzip, gunzipSync, gzip } from 'node:zlib';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
  if (existsSync(path.join(evidenceDir, rel))) return rel;
  await writeKept(evidenceDir, rel, original);
  return rel;
}

/** Unique per call: identical files read at once are kept by two calls (the same bytes either way). */
function tempNameOf(full: string): string {
  return `${full}.${process.pid}.${randomUUID()}.tmp`;
}

/**
 * For a file already stored: puts its kept copy back when it is missing or no longer holds these
 * bytes (deleted or changed after it was loaded). `original` hashes to `hash`, so what is written is
 * exactly what was loaded. Returns whether it was restored.
 */
export async function restoreKeptCopy(evidenceDir: string, hash: string, original: Buffer): Promise<boolean> {
  const rel = keptPathOf(hash);
  let kept: Buffer | undefined;
  try {
    kept = await readFile(path.join(evidenceDir, rel));
  } catch {
    kept = undefined;
  }
  if (kept && (isGzip(original) ? kept.equals(original) : await keptHashMatches(kept, hash))) return false;
  await writeKept(evidenceDir, rel, original);
  return true;
}

async function writeKept(evidenceDir: string, rel: string, original: Uint8Array): Promise<void> {
  const full = path.join(evidenceDir, rel);
  const folder = path.dirname(full);
  // A cheap synchronous check: the folder is made once, not asked for on the thread pool per file.
  if (!existsSync(folder)) await mkdir(folder, { recursive: true });
  const bytes = isGzip(original) ? original : await gzipAsync(original);
  const tmp = tempNameOf(full);
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, full);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined); // the error to report is the write's
    throw err;
  }
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

/** The SHA-256 a kept file was stored under, from its name (keptPathOf). */
export function hashOfKeptPath(keptPath: string): string | undefined {
  const name = path.basename(keptPath);
  const hash = name.slice(0, name.indexOf('.'));
  return /^[0-9a-f]{64}$/.test(hash) ? hash : undefined;
}

export type KeptCheck =
  | { verdict: 'intact'; text: Buffer }
  | { verdict: 'changed'; detail: string };

const CHANGED = 'its SHA-256 differs from the one recorded when it was loaded';
/** Past this, a kept file's content is not what was loaded (ingest never reads more). */
const MAX_KEPT_CONTENT = 2 ** 32 - 1;

/** The SHA-256 and size of a gzip's content, streamed in constant memory; undefined if it is not a readable gzip or too large. */
async function contentHash(bytes: Buffer): Promise<{ hash: string; size: number } | undefined> {
  const hash = createHash('sha256');
  let size = 0;
  const gunzip = createGunzip();
  gunzip.end(bytes);
  try {
    for await (const chunk of gunzip) {
      // A gzip original is kept as it came, never gzipped again: content that is itself a gzip
      // (the original re-compressed, which would hash right) is not a kept copy of a plain file.
      if (size === 0 && isGzip(chunk as Buffer)) return undefined;
      size += (chunk as Buffer).length;
      if (size > MAX_KEPT_CONTENT) return undefined;
      hash.update(chunk as Buffer);
    }
  } catch {
    return undefined;
  } finally {
    gunzip.destroy();
  }
  return { hash: hash.digest('hex'), size };
}

/**
 * A kept file's bytes checked against the SHA-256 recorded at ingest, and its decompressed text
 * when they match. The hash is the original file's: a gzip is kept as it came (the hash is of the
 * kept bytes, checked before anything is decompressed), a plain file gzipped (the hash is of the
 * content, streamed without holding it, so an altered file cannot make this read a gzip bomb).
 */
export async function checkKept(bytes: Buffer, hash: string): Promise<KeptCheck> {
  if (sha256(bytes) === hash) {
    if (!isGzip(bytes)) return { verdict: 'intact', text: bytes };
    // Ingest keeps only gzips it could read whole; read what an older store kept all the same.
    return { verdict: 'intact', text: gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH }) };
  }
  if (!isGzip(bytes)) return { verdict: 'changed', detail: CHANGED };
  const content = await contentHash(bytes);
  if (content?.hash !== hash) return { verdict: 'changed', detail: CHANGED };
  return { verdict: 'intact', text: gunzipSync(bytes, { maxOutputLength: Math.max(1, content.size) }) };
}

/** Whether a kept file's bytes are still those loaded under `hash` (see checkKept), without keeping its content. */
export async function keptHashMatches(bytes: Buffer, hash: string): Promise<boolean> {
  if (sha256(bytes) === hash) return true;
  return isGzip(bytes) && (await contentHash(bytes))?.hash === hash;
}

/** A kept file's bytes as they are on disk. */
export async function readKeptBytes(evidenceDir: string, keptPath: string): Promise<Buffer> {
  return readFile(path.join(evidenceDir, keptPath));
}
