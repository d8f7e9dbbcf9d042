// The terminal UI's data (src/tui/data.ts TuiData), answered from the store: coverage, the events
// worth tracing, traces, timeline pages (queries/tui/*.sql, windowed in SQL so tens of thousands
// of calls never sit in memory), raw records, the markdown report and scopes. The tracer's answers come
// from the same functions `from-event`, `report` and `scope` use (traceEventById, chainMatch,
// incidentOf, scopeOfTrace, scopeCallsPage).

import path from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';
import { UserError } from '../errors.js';
import { renderMarkdown } from '../report/markdown/index.js';
import { rawRecordOf, type EventRow } from '../store/events.js';
import { differingCopiesOf } from '../store/copies.js';
import { sql } from '../store/queries.js';
import { chainMatchParams, defineChainMembers, incidentOf, toChainEvent, type ChainEventRow } from '../store/report-data.js';
import type { StoreAccess } from '../store/lease.js';
import type { Store } from '../store/store.js';
import { storeCoverage } from '../store/trace-lookups.js';
import { chainRolesOf } from '../trace/activity.js';
import type { Trace } from '../trace/model.js';
import type { Scope } from '../trace/scope-model.js';
import { terminalSafe } from '../text/sanitize.js';
import { isWriteCall, sensitiveCallNames, sensitiveReason } from '../trace/sensitive.js';
import type { FetchedTrace, TimelineEntry, TuiData } from '../tui/data.js';
import { memberMatch } from '../tui/members.js';
import { worthOf, type WorthRow } from '../tui/worth.js';
import { scopeCallsPage, scopeOfTrace } from './scope.js';
import { traceEventById, type TraceByIdOptions } from './trace-event.js';

export interface StoreTuiDataOptions {
  /** How gap hints spell the ingest commands (the CLI's --db). */
  traceOptions?: TraceByIdOptions;
  /** Where `r` writes incident-<eventId>.md. */
  reportDir: string;
  toolVersion: string;
  /** ISO 8601 UTC "now" for the report's "made at". */
  now: () => string;
  /** The trace of an event with fetching (the CLI's --fetch, its sources and budget); without it the UI fetches nothing. */
  fetchTrace?: (store: Store, eventId: string, onLine: (line: string) => void, signal: AbortSignal, where: { day?: string }) => Promise<FetchedTrace>;
  /** Where the UI hears who holds the store while it waits (src/store/lease.ts onWait). */
  watchStore?: TuiData['watchStore'];
}

/** Passes who holds the store, as a lease tells it, to whoever listens (the UI's status line). */
export function storeWaitNotices(): { notify: (holder: string | null) => void; watch: TuiData['watchStore'] } {
  const listeners = new Set<(holder: string | null) => void>();
  return {
    notify: (holder) => {
      for (const listener of listeners) listener(holder);
    },
    watch: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Most groups per kind on the start screen, and when the user asks for all of them (m). */
export const WORTH_PER_KIND = 8;
export const WORTH_ALL = 500;
/** Access-denied errors by one caller within 10 minutes that make a burst. */
export const DENIED_BURST = 3;

type TimelineRow = ChainEventRow & { call_ids: string[]; total: bigint };

function toEntry(row: TimelineRow, trace: Trace): TimelineEntry {
  const event = toChainEvent(row);
  return {
    event,
    callIds: row.call_ids,
    actor: event.actor,
    otherCredential: event.otherCredential,
    roles: chainRolesOf(row.call_ids, trace),
    write: isWriteCall(event),
    sensitive: sensitiveReason(event),
  };
}

/** A name for the report file from an eventID, which the log chose: no path separators, no dots first. */
export function reportFileStem(eventId: string): string {
  return `incident-${eventId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100)}`;
}

/** Writes `text` to `<stem>.md` in `dir`, or `<stem>-2.md`, `-3`… when taken: never over a file. */
function writeNewFile(dir: string, stem: string, text: string): string {
  for (let n = 1; ; n++) {
    const file = path.join(dir, n === 1 ? `${stem}.md` : `${stem}-${n}.md`);
    try {
      // Whole or not at all; an existing name is EEXIST, never replaced (src/atomic-write.ts).
      writeFileAtomic(file, text, false);
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 999) throw err;
    }
  }
}

/**
 * The scope of a stored event over the whole store, as `trail-trace scope <eventId>`: the event
 * traced with the function the UI's chains are traced with, then scoped from its origin. Started
 * from the trace (scopeOfTrace), never from the id: an eventID is the log's to choose, and one
 * spelled like a key or an ARN must not scope that key instead. Why nothing can be scoped is the
 * user's to read.
 */
async function scopeOfEvent(store: Store, eventId: string, traceOptions: TraceByIdOptions = {}): Promise<Scope> {
  const trace = await traceEventById(store, eventId, traceOptions);
  if (!trace) throw new UserError(`Event ${terminalSafe(eventId)} is not in this store.`, 'Press i to enter another event id, or Esc to go back.');
  const scope = await scopeOfTrace(store, trace, traceOptions.ipRanges ? { ipRanges: traceOptions.ipRanges } : {});
  if ('unavailable' in scope) {
    throw new UserError(`Nothing to scope from event ${terminalSafe(eventId)}: ${terminalSafe(scope.unavailable)}.`, 'Load the logs that hold its calls (trail-trace ingest …), then try again.');
  }
  return scope;
}

/** Fetching writes: the store is opened to write for the whole fetch, then let go of as after any use. */
function fetchWith(access: StoreAccess, fetchTrace: NonNullable<StoreTuiDataOptions['fetchTrace']>): NonNullable<TuiData['fetchTrace']> {
  return (eventId, onLine, signal, where) => access.use('write', (store) => fetchTrace(store, eventId, onLine, signal, where));
}

/** What each opening of the store needs for the UI's queries: the session's temporary macros. */
export async function prepareTuiSession(store: Store): Promise<void> {
  await defineChainMembers(store);
  await store.run(sql('tui/chain-calls-macro'));
}

/**
 * The UI's data over the store, asked one thing at a time through `access`: a lease that opens
 * the store for each burst of questions and lets go of it between them (src/store/lease.ts), or
 * a store held open (tests). Each opening must have run prepareTuiSession.
 */
export function storeTuiData(access: StoreAccess, options: StoreTuiDataOptions): TuiData {
  const read = <T>(fn: (store: Store) => Promise<T>) => access.use('read', fn);
  const loggingNames = sensitiveCallNames().filter((n) => n.startsWith('cloudtrail:')).map((n) => n.slice('cloudtrail:'.length));
  return {
    storePath: access.path,
    coverage: () => read((store) => storeCoverage(store)),
    worthTracing: (all = false) => read(async (store) => {
      const rows = await store.all<WorthRow>(sql('tui/worth-tracing'), { logging_names: loggingNames, per_kind: all ? WORTH_ALL : WORTH_PER_KIND, denied_burst: DENIED_BURST });
      return rows.map(worthOf);
    }),
    trace: (eventId) => read((store) => traceEventById(store, eventId, options.traceOptions)),
    timelinePage: (query, offset, limit) => read(async (store) => {
      const f = query.filters;
      const page = (at: number, n: number) => store.all<TimelineRow>(sql('tui/timeline-page'), {
        ...chainMatchParams(memberMatch(query.trace, query.member)),
        writes_only: f.writesOnly, errors_only: f.errorsOnly, service: f.service, search: f.text === '' ? null : f.text, limit: n, offset: at,
      });
      const rows = await page(offset, limit);
      // A page past the end carries no total: ask the first row for it.
      const total = rows[0]?.total ?? (offset > 0 ? (await page(0, 1))[0]?.total : 0) ?? 0;
      return { offset, total: Number(total), entries: rows.map((r) => toEntry(r, query.trace)) };
    }),
    services: (trace, member) => read(async (store) => {
      const rows = await store.all<{ event_source: string; calls: bigint }>(sql('tui/timeline-services'), chainMatchParams(memberMatch(trace, member)));
      return rows.map((r) => ({ service: r.event_source, calls: Number(r.calls) }));
    }),
    rawRecord: (eventId) => read(async (store) => {
      const [row] = await store.all<EventRow & Record<string, unknown>>(sql('trace/event-by-id'), { event_id: eventId });
      return row ? ((await rawRecordOf(store, row)) ?? null) : null;
    }),
    recordCopies: (eventId) => read(async (store) => (await differingCopiesOf(store, [eventId])).get(eventId) ?? []),
    writeReport: (trace) => read(async (store) => {
      const incident = await incidentOf(store, trace, { toolVersion: options.toolVersion, generatedAt: options.now() });
      // The same report as `trail-trace report`: with its Scope and Eviction sections.
      const ipRanges = options.traceOptions?.ipRanges;
      incident.scope = await scopeOfTrace(store, trace, ipRanges ? { ipRanges } : {});
      return writeNewFile(options.reportDir, reportFileStem(trace.target.eventId), renderMarkdown(incident));
    }),
    scope: (eventId) => read((store) => scopeOfEvent(store, eventId, options.traceOptions)),
    scopeCalls: (scope, credentialId, after, limit) => read((store) => scopeCallsPage(store, scope, credentialId, after, limit)),
    ...(options.fetchTrace ? { fetchTrace: fetchWith(access, options.fetchTrace) } : {}),
    watchStore: options.watchStore ?? (() => () => undefined),
  };
}
