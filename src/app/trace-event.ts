// Trace one stored event: fetch it from the store, walk its chain through the store's lookups (the
// pure tracer, src/trace), and check the evidence it rests on. The application layer: the store
// answers queries, the tracer decides, and this wires them with the clock.

import type { Trace, TrailEvent } from '../trace/model.js';
import type { HintContext } from '../trace/gaps.js';
import type { AwsIpRanges } from '../trace/ip-ranges.js';
import { walk } from '../trace/walk.js';
import { checkShownRecords } from '../store/evidence-check.js';
import { addIntegrity } from '../store/integrity.js';
import { addDifferingCopies } from '../store/copies.js';
import { derivedRecordWarnings } from '../store/derived.js';
import { differingCopyWarnings } from '../trace/copies.js';
import { getShownEventById } from '../store/events.js';
import type { Store } from '../store/store.js';
import { createTraceLookups, loadedRoots } from '../store/trace-lookups.js';
import { gapHinter, plainIngestCommand } from '../sources/hints.js';
import { questions } from '../sources/question.js';
import { isoSeconds } from '../trace/time.js';
import type { Fetcher } from './fetch.js';
import { fetchingLookups } from './fetching-lookups.js';

/** What the user knows of where an event not in the store is logged (--account, --region, --day). */
export interface EventWhereabouts {
  account?: string;
  region?: string;
  /** YYYY-MM-DD (UTC). */
  day?: string;
}

const DAY_MS = 86_400_000;
/** Walks of one chain at most, each from the copy of the target the store used after the last (--fetch). */
const MAX_WALKS = 4;
/** How far back an event id is searched for without --day: as far as Event history reaches. */
const FIND_DAYS = 90;

export interface TraceByIdOptions {
  /** How the gap hints spell `trail-trace ingest <kind>` (e.g. with --db). */
  ingestCommand?: (kind: string) => string;
  /** Where a files hint makes its new download folder (HintContext.gapDir). */
  gapDir?: string;
  /** AWS's ip-ranges.json, when the user gave it: findings say whether an address is AWS's. */
  ipRanges?: AwsIpRanges;
  /** Now, for the hints' "logs not delivered yet" (default: the clock). */
  nowMs?: number;
  /** Fetch what the store lacks from the sources it keeps (--fetch). */
  fetcher?: Fetcher;
  /** Where the event is logged, when it must be fetched. */
  find?: EventWhereabouts;
}

/**
 * Fetches the event from the sources: on its day when the user knows it, else over the last 90
 * days — which only Event history answers cheaply (by EventId): Athena and S3 would read every
 * day of the trail, so they are asked only with --day.
 */
async function fetchTarget(fetcher: Fetcher, eventId: string, find: EventWhereabouts, nowMs: number): Promise<void> {
  const from = find.day ? Date.parse(`${find.day}T00:00:00Z`) : nowMs - FIND_DAYS * DAY_MS;
  const to = find.day ? from + DAY_MS - 1000 : nowMs;
  const question = questions.eventById(eventId, {
    accounts: find.account ? [find.account] : null,
    regions: find.region ? [find.region] : null,
    window: { from: isoSeconds(from), to: isoSeconds(to) },
  });
  await fetcher.ensure(question, find.day ? undefined : (kind) => kind === 'lookup');
}

/** The trace of eventId, or null when the store does not hold that event. */
export async function traceEventById(store: Store, eventId: string, options: TraceByIdOptions = {}): Promise<Trace | null> {
  const { ipRanges, nowMs = Date.now(), fetcher, find, gapDir, ingestCommand = plainIngestCommand } = options;
  // The target and what the store says of its copy, in one lookup.
  let found = await getShownEventById(store, eventId);
  if (!found && fetcher) {
    await fetchTarget(fetcher, eventId, find ?? {}, nowMs);
    found = await getShownEventById(store, eventId);
  }
  if (!found) return null;
  const port = fetcher ? fetchingLookups(createTraceLookups(store), fetcher) : createTraceLookups(store);
  const walkFrom = async (event: TrailEvent) => {
    const loadedFrom = await loadedRoots(store);
    const hint: HintContext = {
      loadedFrom, ...(gapDir ? { gapDir } : {}), ingestFilesCommand: ingestCommand('files'), hintFor: gapHinter(loadedFrom, ingestCommand, nowMs),
    };
    return walk(event, port, { hint, ...(ipRanges ? { ipRanges } : {}) });
  };
  let trace = await walkFrom(found.event);
  // A walk that fetches may bring in another copy of the target that the store then uses instead
  // (a trail file's goes before Event history's: README, "One copy of an event is traced"): the
  // trace starts again from that copy, as a trace of the store would; what was fetched is not asked
  // for again. Copies only ever give way to one that goes before them, so this ends; past a few
  // walks it says so instead.
  // The target's row as the store holds it once the walks are done (what other copies it has).
  let settled = !fetcher;
  for (let walks = 1; fetcher; walks += 1) {
    const now = await getShownEventById(store, eventId);
    if (!now) break;
    if (now.shown.file_id === found.shown.file_id && now.shown.record_index === found.shown.record_index) {
      found = now;
      settled = true;
      break;
    }
    if (walks >= MAX_WALKS) {
      trace.warnings.push(`Another copy of the target event was fetched at each of ${walks} walks of its chain: this trace starts from the copy in ${found.shown.source}; the store now uses the one in ${now.shown.source}. Trace it again to start from that one.`);
      break;
    }
    found = now;
    trace = await walkFrom(found.event);
  }
  const target = found.event;
  // Never shown when a record it rests on comes from a file changed since it was loaded; and each
  // record says what CloudTrail's digests say of its file.
  await addIntegrity(store, trace, await checkShownRecords(store, trace, target.location));
  // And each says when another copy of it, kept too, differs from the one traced (issue 17, point 4).
  // (The target's row from its last lookup, when that was after the last fetch.)
  const shown = await addDifferingCopies(store, trace, settled ? new Map([[eventId, found.shown]]) : undefined);
  trace.warnings.push(...differingCopyWarnings(trace));
  // And when trail-trace had to complete a record or could only read it approximately (issue 17).
  trace.warnings.push(...(await derivedRecordWarnings(store, trace, shown)));
  return trace;
}
