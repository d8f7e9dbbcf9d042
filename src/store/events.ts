// Reading events back as TrailEvents: STS / sign-in / SSO records come from identity_events,
// anything else from the kept copy of its file (the verbatim original, DESIGN.md "Store").

import path from 'node:path';
import { CEILING_LIMITS } from '../ingest/json-scan.js';
import { jsonContainer, recordReader } from '../ingest/normalize.js';
import { cannotReReadTable, readTable, tableOf } from '../ingest/tables.js';
import { toTrailEvent } from '../trace/record.js';
import type { TrailEvent } from '../trace/model.js';
import { checkKept, hashOfKeptPath } from './evidence.js';
import { checkKeptFile, fileFingerprint, readKeptOrExplain, rememberVerified, TamperedEvidence } from './evidence-check.js';
import { sql } from './queries.js';
import type { ShownEvent } from './copies.js';
import type { SqlParams, Store } from './store.js';

export interface EventRow {
  event_id: string;
  record: string | null;
  kept_path: string;
  container: string;
  source: string;
  record_index: number;
}

/** Kept files read, each as a reader of its records by index, most recently used last; a trace touches few files. */
const keptCache = new Map<string, (index: number) => string | undefined>();
const KEPT_CACHE_FILES = 16;

async function recordsOfKeptFile(store: Store, keptPath: string, container: string): Promise<(index: number) => string | undefined> {
  const key = path.join(store.evidenceDir, keptPath);
  const hit = keptCache.get(key);
  if (hit) {
    // Changed since it was read into the cache: refused.
    await checkKeptFile(store, keptPath, true);
    keptCache.delete(key);
    keptCache.set(key, hit);
    return hit;
  }
  // Missing, or changed since it was loaded: refused.
  const before = await fileFingerprint(key);
  const bytes = await readKeptOrExplain(store, keptPath);
  const check = await checkKept(bytes, hashOfKeptPath(keptPath) ?? '');
  if (check.verdict === 'changed') throw new TamperedEvidence(store, keptPath, check.detail);
  rememberVerified(key, before);
  // Read back with the most any ingest could have allowed: records stored then are all found. The
  // bytes are those ingest read (their SHA-256 is the kept copy's name): a record is read (and, in
  // another tool's shape, unwrapped) when it is asked for, never the whole file at once.
  let reader: (index: number) => string | undefined;
  // A Parquet file's rows are read by DuckDB's reader, as at ingest (src/ingest/tables.ts).
  const table = tableOf(check.text);
  if (table) {
    const byIndex: string[] = [];
    try {
      await readTable(check.text, table, CEILING_LIMITS, (r) => void (byIndex[r.index] = r.json));
    } catch (err) {
      throw cannotReReadTable(keptPath, true, err);
    }
    reader = (index) => byIndex[index];
  } else {
    // As the store recorded the file when it was loaded, and read it: by DuckDB as it is, or in Node.
    const [how] = await store.all<{ by_duckdb: boolean | null }>(
      'SELECT bool_and(read_by_duckdb) AS by_duckdb FROM source_files WHERE kept_path = $kept_path', { kept_path: keptPath });
    reader = recordReader(check.text, CEILING_LIMITS, jsonContainer(container), how?.by_duckdb ?? null);
  }
  keptCache.set(key, reader);
  if (keptCache.size > KEPT_CACHE_FILES) keptCache.delete(keptCache.keys().next().value!);
  return reader;
}

/** The verbatim JSON text of a stored event's record. */
export async function rawRecordOf(store: Store, row: EventRow): Promise<string | undefined> {
  if (row.record) return row.record;
  const record = await recordsOfKeptFile(store, row.kept_path, row.container);
  return record(Number(row.record_index));
}

export async function toEvents(store: Store, rows: EventRow[]): Promise<TrailEvent[]> {
  const events: TrailEvent[] = [];
  for (const row of rows) {
    const raw = await rawRecordOf(store, row);
    if (raw === undefined) continue;
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch {
      continue; // not JSON: never stored from this position, so not the row's record
    }
    const result = toTrailEvent(record, { source: row.source, index: Number(row.record_index), keptPath: row.kept_path });
    if (result.ok) events.push(result.event);
  }
  return events;
}

export async function queryEvents(store: Store, name: string, params: SqlParams): Promise<TrailEvent[]> {
  return toEvents(store, await store.all<EventRow & Record<string, unknown>>(sql(name), params));
}

export async function getEventById(store: Store, eventId: string): Promise<TrailEvent | undefined> {
  return (await queryEvents(store, 'trace/event-by-id', { event_id: eventId }))[0];
}

/**
 * The event with this eventID, and what shown-event.sql says of the copy the store uses (the same
 * lookup, once: a trace's target is both), or undefined when not stored.
 */
export async function getShownEventById(store: Store, eventId: string): Promise<{ event: TrailEvent; shown: ShownEvent } | undefined> {
  const rows = await store.all<EventRow & ShownEvent & Record<string, unknown>>(sql('trace/shown-event'), { event_id: eventId });
  const [event] = await toEvents(store, rows);
  const row = rows[0];
  if (!event || !row) return undefined;
  const shown: ShownEvent = {
    file_id: Number(row.file_id), kept_path: row.kept_path, container: row.container, source: row.source,
    record_index: Number(row.record_index), untracked: row.untracked, has_copies: row.has_copies,
  };
  return { event, shown };
}

/**
 * The eventID a user meant: the id itself when stored, else the one stored id it is a prefix of
 * (at least 8 characters, as git takes a unique commit prefix). `ambiguous` lists a few candidates.
 */
export async function resolveEventId(store: Store, typed: string): Promise<{ eventId: string } | { ambiguous: string[] } | { none: true }> {
  // Through the eventID index, as a trace looks it up: never a scan of every eventID.
  const [exact] = await store.all<{ event_id: string }>(sql('trace/event-by-id'), { event_id: typed });
  if (exact) return { eventId: typed };
  if (typed.length < 8) return { none: true };
  const rows = await store.all<{ event_id: string }>(sql('trace/event-ids-by-prefix'), { prefix: typed });
  if (rows.length === 1) return { eventId: rows[0]!.event_id };
  if (rows.length > 1) return { ambiguous: rows.map((r) => r.event_id) };
  return { none: true };
}

export async function countEvents(store: Store): Promise<number> {
  const rows = await store.all<{ n: bigint }>(`SELECT count(*) AS n FROM events`);
  return Number(rows[0]?.n ?? 0);
}
