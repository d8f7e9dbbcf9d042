// Before a trace is shown, the kept files holding its records (target, issuing events, their
// copies, the origin event) are checked against the SHA-256 recorded when they were loaded: a
// trace, report or TUI never rests on a record whose file was changed since (issue 13).

import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { RecordLocation, Trace } from '../trace/model.js';
import { chainMatch } from '../trace/activity.js';
import { EXIT, UserError } from '../errors.js';
import { hashOfKeptPath, keptHashMatches, readKeptBytes } from './evidence.js';
import { listParam, sql } from './queries.js';
import type { Store } from './store.js';

/**
 * A kept file no longer matches the SHA-256 recorded when it was loaded: its records are not shown,
 * whatever they now say (issue 13: a forged record must never reach a trace or a report).
 */
export class TamperedEvidence extends UserError {
  constructor(store: Store, readonly keptPath: string, detail: string) {
    super(
      `The kept copy ${path.join(store.evidenceDir, keptPath)} was changed after it was loaded (${detail}); trail-trace will not show records from it.`,
      `Run trail-trace verify to list every changed file. To restore it, delete it and load the original log again with trail-trace ingest (files, s3 or lookup): a file already stored gets its kept copy back.`,
    );
    this.name = 'TamperedEvidence';
  }
}

export interface CheckedRecordFile {
  eventId: string;
  source: string;
  index: number;
  sha256: string;
  keptPath: string;
}

/** A kept file's bytes; a user error saying what to do when it is gone. */
export async function readKeptOrExplain(store: Store, keptPath: string): Promise<Buffer> {
  try {
    return await readKeptBytes(store.evidenceDir, keptPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EACCES') throw err;
    throw new UserError(
      code === 'ENOENT'
        ? `The kept copy of a log file is missing from ${store.evidenceDir} (${keptPath}): no such file.`
        : `The kept copy of a log file in ${store.evidenceDir} cannot be read (${keptPath}): permission denied.`,
      `The store keeps every record in the folder beside it (${path.basename(store.evidenceDir)}); copy or move that folder with the .duckdb file, or load the logs again with trail-trace ingest (files already stored are kept anew).`,
      EXIT.unreadable,
    );
  }
}

/**
 * What the file system says of a file that changes whenever its bytes do: its identity (device,
 * inode), size, and the times of its last write and last change of status, in nanoseconds. The
 * change time (ctime) is set by the kernel on every write and cannot be set back by a user, unlike
 * the modification time. Undefined when the file cannot be looked at.
 */
export async function fileFingerprint(file: string): Promise<string | undefined> {
  try {
    const s = await stat(file, { bigint: true });
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    return undefined;
  }
}

/** Kept files this process hashed and found as loaded, with their fingerprint then (most recent last). */
const verified = new Map<string, string>();
const VERIFIED_FILES = 256;

/** Remembers that the kept file had its recorded SHA-256 while its fingerprint was `fingerprint` (taken before it was read). */
export function rememberVerified(file: string, fingerprint: string | undefined): void {
  if (fingerprint === undefined) return;
  verified.delete(file);
  verified.set(file, fingerprint);
  if (verified.size > VERIFIED_FILES) verified.delete(verified.keys().next().value!);
}

/**
 * Throws TamperedEvidence when the kept file no longer matches its SHA-256, a UserError when it is
 * gone. Hashed every time, unless `fromMemory`: the caller shows records from the bytes this process
 * hashed already (events.ts's cache), and the file system says the file was not written to since
 * (its fingerprint, ctime included, is the same) — a trace reads records of one large export several
 * times, and each hash of a gigabyte costs a second or more. Whether the file on disk is still as
 * loaded (what a trace, the TUI and a report say of it) is always hashed: a write through a shared
 * memory mapping can change a file without touching its times.
 */
export async function checkKeptFile(store: Store, keptPath: string, fromMemory = false): Promise<void> {
  const file = path.join(store.evidenceDir, keptPath);
  const before = await fileFingerprint(file);
  if (fromMemory && before !== undefined && verified.get(file) === before) return;
  const bytes = await readKeptOrExplain(store, keptPath);
  if (!(await keptHashMatches(bytes, hashOfKeptPath(keptPath) ?? ''))) {
    verified.delete(file);
    throw new TamperedEvidence(store, keptPath, 'its SHA-256 differs from the one recorded when it was loaded');
  }
  rememberVerified(file, before);
}

/** The files holding a trace's records, each checked; throws on the first changed or missing one. */
export async function checkTraceEvidence(store: Store, trace: Trace): Promise<CheckedRecordFile[]> {
  const rows = await store.all<{ event_id: string; source: string; record_index: number; sha256: string; kept_path: string }>(
    sql('report/record-sources'),
    { event_ids: listParam(chainMatch(trace).named.map((n) => n.eventId)) },
  );
  for (const keptPath of new Set(rows.map((r) => r.kept_path))) await checkKeptFile(store, keptPath);
  return rows.map((r) => ({ eventId: r.event_id, source: r.source, index: Number(r.record_index), sha256: r.sha256, keptPath: r.kept_path }));
}

/**
 * The files of the records a trace shows (the target, each hop's issuing event), from the locations
 * the walk already holds, each checked: no query on events, so that a trace costs no second scan by
 * eventID. (The report checks every record it lists, copies too: checkTraceEvidence.)
 */
export async function checkShownRecords(store: Store, trace: Trace, target: RecordLocation | undefined): Promise<{ eventId: string; source: string; keptPath: string }[]> {
  // The exact kept copy each record was read from (a path loaded twice with different content has
  // two): the location the store gave the event.
  const shown = [
    ...(target?.keptPath ? [{ eventId: trace.target.eventId, source: target.source, keptPath: target.keptPath }] : []),
    ...trace.hops.flatMap((h) => (h.issuedBy?.location?.keptPath ? [{ eventId: h.issuedBy.eventId, source: h.issuedBy.location.source, keptPath: h.issuedBy.location.keptPath }] : [])),
  ];
  for (const keptPath of new Set(shown.map((s) => s.keptPath))) await checkKeptFile(store, keptPath);
  return shown;
}
