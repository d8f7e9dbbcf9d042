// What the terminal UI shows, and the one interface it asks for it through (TuiData): the store's
// coverage, the events most worth tracing, a trace, a timeline page by page, an event's raw record,
// the markdown report, and the scope of a chain (its credentials, a page of one's calls at a time). The UI never reads the store: src/app/tui-data.ts answers TuiData from it
// with the same functions `from-event` and `report` use (lint keeps src/tui off the store).

import type { ChainActor, ChainEvent } from '../trace/activity.js';
import type { StoreCoverage } from '../trace/lookups.js';
import type { DifferingCopy, Trace } from '../trace/model.js';
import type { CallSummary, Scope } from '../trace/scope-model.js';
import type { Member } from './members.js';
import type { WorthTracing } from './worth.js';

export interface TimelineFilters {
  /** Hide read-only calls (src/trace/sensitive.ts isWriteCall). */
  writesOnly: boolean;
  errorsOnly: boolean;
  /** One eventSource, e.g. "iam.amazonaws.com", or every service. */
  service: string | null;
  /** Text to find (ignoring case) in names, ids, ARNs, IPs, user agents…; "" finds everything. */
  text: string;
}

export const NO_FILTERS: TimelineFilters = { writesOnly: false, errorsOnly: false, service: null, text: '' };

export interface TimelineQuery {
  trace: Trace;
  member: Member;
  filters: TimelineFilters;
}

/** One logical call of the timeline (copies in other accounts folded in), with what it means. */
export interface TimelineEntry {
  event: ChainEvent;
  /** eventIDs of every stored copy of the call, the shown one included. */
  callIds: string[];
  actor: ChainActor | null;
  /** Made under the member's session ARN with another credential: shown apart, never as the member's. */
  otherCredential: boolean;
  /** "target", "issued hop 2", "origin event". */
  roles: string[];
  write: boolean;
  sensitive: string | null;
}

export interface TimelinePage {
  offset: number;
  /** Calls that pass the filters, in all pages. */
  total: number;
  entries: TimelineEntry[];
}

export interface ServiceCount {
  service: string;
  calls: number;
}

export interface TuiData {
  readonly storePath: string;
  coverage(): Promise<StoreCoverage>;
  /** The events worth tracing: WORTH_PER_KIND groups of each kind, or all of them (up to WORTH_ALL). */
  worthTracing(all?: boolean): Promise<WorthTracing[]>;
  /** The trace of a stored event, or null when the store does not hold it. */
  trace(eventId: string): Promise<Trace | null>;
  timelinePage(query: TimelineQuery, offset: number, limit: number): Promise<TimelinePage>;
  services(trace: Trace, member: Member): Promise<ServiceCount[]>;
  /** The verbatim JSON of a stored event's record, or null when the store does not hold it. */
  rawRecord(eventId: string): Promise<string | null>;
  /** Other copies of a stored event (same eventID), kept too, that differ from the one the store uses: the record pane says so. */
  recordCopies(eventId: string): Promise<DifferingCopy[]>;
  /** Writes the trace's markdown report into a new file; returns its path. */
  writeReport(trace: Trace): Promise<string>;
  /**
   * The scope of a stored event, as `trail-trace scope <eventId>`: the event traced back to its
   * origin, then every credential the origin minted, what each did and changed, and the eviction.
   */
  scope(eventId: string): Promise<Scope>;
  /** A page of one scope credential's calls, oldest first, after `after` when given: never all of them. */
  scopeCalls(scope: Scope, credentialId: string, after: CallCursor | null, limit: number): Promise<CallSummary[]>;
  /**
   * Traces the event again, fetching what the store lacks from the sources it keeps, within the
   * budget the UI was started with (`--fetch`), saying each step on `onLine`: as `from-event
   * --fetch` does. Absent when the UI was started without --fetch: nothing touches the network.
   */
  fetchTrace?: (eventId: string, onLine: (line: string) => void, signal: AbortSignal, where: { day?: string }) => Promise<FetchedTrace>;
  /** Tells `listener` who holds the store while the UI waits for it, and null once it has it; returns the way to stop listening. */
  watchStore(listener: (holder: string | null) => void): () => void;
}

/** A trace made with fetching, and one line of what fetching cost. */
export interface FetchedTrace {
  trace: Trace;
  cost: string;
}

/** Where a page of a credential's calls starts: after this call (its time and eventID). */
export interface CallCursor {
  time: string;
  eventId: string;
}
