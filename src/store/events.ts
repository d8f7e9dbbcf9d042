// Reading events back as TrailEvents: STS / sign-in / SSO records come from identity_events,
// anything else from the kept copy of its file (the verbatim original, DESIGN.md "Store").

import path from 'node:path';
import { CEILING_LIMITS } from '../ingest/json-scan.js';
import { splitRecords } from '../ingest/normalize.js';
import { toTrailEvent } from '../trace/record.js';
import type { TrailEvent } from '../trace/model.js';
import { UserError } from '../errors.js';
import { checkKept, hashOfKeptPath, readKeptBytes } from './evidence.js';
import { sql } from './queries.js';
import type { SqlParam, Store } from './store.js';

export interface EventRow {
  event_id: string;
  record: string | null;
  kept_path: string;
  container: string;
  source: string;
  record_index: number;
}

/** Parsed kept files, most recently used last; a trace touches few files. */
const keptCache = new Map<string, string[]>();
const KEPT_CACHE_FILES = 16;

async function recordsOfKeptFile(store: Store, keptPath: string): Promise<string[]> {
  const key = path.join(store.evidenceDir, keptPath);
  const hit = keptCache.get(key);
  if (hit) {
    keptCache.delete(key);
    keptCache.set(key, hit);
    return hit;
  }
  let bytes: Buffer;
  try {
    bytes = await readKeptBytes(store.evidenceDir, keptPath);
  } catch (err) {
    // The store's records live beside it: a store copied or moved without its evidence folder
    // still answers lookups, but cannot show a record.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EACCES') throw err;
    throw new UserError(
      `The kept copy of a log file is missing from ${store.evidenceDir} (${keptPath}): ${code === 'ENOENT' ? 'no such file' : 'permission denied'}.`,
      `The store keeps every record in the folder beside it (${path.basename(store.evidenceDir)}); copy or move that folder with the .duckdb file, or load the logs again with trail-trace ingest.`,
    );
  }
  const check = await checkKept(bytes, hashOfKeptPath(keptPath) ?? '');
  if (check.verdict === 'changed') throw new TamperedEvidence(store, keptPath, check.detail);
  // Read back with the most any ingest could have allowed: records stored then are all found.
  const parsed = splitRecords(check.text, CEILING_LIMITS);
  const byIndex: string[] = [];
  for (const r of parsed.records) byIndex[r.index] = r.json;
  keptCache.set(key, byIndex);
  if (keptCache.size > KEPT_CACHE_FILES) keptCache.delete(keptCache.keys().next().value!);
  return byIndex;
}

/**
 * A kept file no longer matches the SHA-256 recorded when it was loaded: its records are not shown,
 * whatever they now say (issue 13: a forged record must never reach a trace or a report).
 */
export class TamperedEvidence extends UserError {
  constructor(store: Store, readonly keptPath: string, detail: string) {
    super(
      `The kept copy ${path.join(store.evidenceDir, keptPath)} was changed after it was loaded (${detail}); trail-trace will not show records from it.`,
      'Run trail-trace verify to list every changed file. Delete the changed copy and load the original log again with trail-trace ingest: it is kept anew.',
    );
    this.name = 'TamperedEvidence';
  }
}

/** The verbatim JSON text of a stored event's record. */
export async function rawRecordOf(store: Store, row: EventRow): Promise<string | undefined> {
  if (row.record) return row.record;
  const records = await recordsOfKeptFile(store, row.kept_path);
  return records[Number(row.record_index)];
}

export async function toEvents(store: Store, rows: EventRow[]): Promise<TrailEvent[]> {
  const events: TrailEvent[] = [];
  for (const row of rows) {
    const raw = await rawRecordOf(store, row);
    if (raw === undefined) continue;
    const result = toTrailEvent(JSON.parse(raw), { source: row.source, index: Number(row.record_index) });
    if (result.ok) events.push(result.event);
  }
  return events;
}

export async function queryEvents(store: Store, name: string, params: SqlParam[]): Promise<TrailEvent[]> {
  return toEvents(store, await store.all<EventRow & Record<string, unknown>>(sql(name), params));
}

export async function getEventById(store: Store, eventId: string): Promise<TrailEvent | undefined> {
  return (await queryEvents(store, 'trace/event-by-id', [eventId]))[0];
}

export async function countEvents(store: Store): Promise<number> {
  const rows = await store.all<{ n: bigint }>(`SELECT count(*) AS n FROM events`);
  return Number(rows[0]?.n ?? 0);
}
