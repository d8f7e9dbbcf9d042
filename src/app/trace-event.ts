// Trace one stored event: fetch it from the store, walk its chain through the store's lookups (the
// pure tracer, src/trace), and check the evidence it rests on. The application layer: the store
// answers queries, the tracer decides, and this wires them with the clock.

import type { Trace } from '../trace/model.js';
import type { HintContext } from '../trace/gaps.js';
import type { AwsIpRanges } from '../trace/ip-ranges.js';
import { walk } from '../trace/walk.js';
import { checkShownRecords } from '../store/evidence-check.js';
import { addIntegrity } from '../store/integrity.js';
import { getEventById } from '../store/events.js';
import type { Store } from '../store/store.js';
import { createTraceLookups, layoutRoots } from '../store/trace-lookups.js';

export interface TraceByIdOptions {
  /** How the gap hints should spell the ingest commands (e.g. with --db). */
  ingestFilesCommand?: string;
  ingestS3Command?: string;
  ingestAthenaCommand?: string;
  ingestLookupCommand?: string;
  /** Where a files hint makes its new download folder (HintContext.gapDir). */
  gapDir?: string;
  /** AWS's ip-ranges.json, when the user gave it: findings say whether an address is AWS's. */
  ipRanges?: AwsIpRanges;
  /** Now, for the hints' "logs not delivered yet" (default: the clock). */
  nowMs?: number;
}

/** The trace of eventId, or null when the store does not hold that event. */
export async function traceEventById(store: Store, eventId: string, options: TraceByIdOptions = {}): Promise<Trace | null> {
  const target = await getEventById(store, eventId);
  if (!target) return null;
  const { ipRanges, nowMs = Date.now(), ...hintOptions } = options;
  const hint: HintContext = { ...(await layoutRoots(store)), nowMs, ...hintOptions };
  const trace = await walk(target, createTraceLookups(store), { hint, ...(ipRanges ? { ipRanges } : {}) });
  // Never shown when a record it rests on comes from a file changed since it was loaded; and each
  // record says what CloudTrail's digests say of its file.
  await addIntegrity(store, trace, await checkShownRecords(store, trace, target.location));
  return trace;
}
