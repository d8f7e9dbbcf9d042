// The terminal UI's state: which screens are open (a stack, so Esc goes back), the help overlay,
// the prompt, selections, timeline filters and scroll positions; and the actions that change it
// (src/tui/state.ts reduces them, src/tui/scope-state.ts those of the scope's screens; state.ts
// re-exports these types).

import type { StoreCoverage } from '../trace/lookups.js';
import type { DifferingCopy, Trace } from '../trace/model.js';
import type { CallSummary, Scope } from '../trace/scope-model.js';
import type { CallCursor, ServiceCount, TimelineEntry, TimelineFilters, TimelinePage } from './data.js';
import type { Size } from './layout.js';
import type { Member } from './members.js';
import type { WorthTracing } from './worth.js';

export interface StartScreen {
  kind: 'start';
  id: number;
  selected: number;
  /** Why the store could not answer for this screen; it is not asked again. */
  error?: string;
}

export interface ChainScreen {
  kind: 'chain';
  id: number;
  eventId: string;
  /** null while tracing, or when the store does not hold the event (`missing`). */
  trace: Trace | null;
  missing: boolean;
  selected: number;
  /** Why the last fetch (f) for this chain failed, shown whole above it. */
  fetchFailure?: string;
  error?: string;
}

export interface TimelineScreen {
  kind: 'timeline';
  id: number;
  trace: Trace;
  member: Member;
  filters: TimelineFilters;
  /** Bumped at each filter change, so a page asked for under the old filters is dropped. */
  version: number;
  /** Index of the selected call among those that pass the filters. */
  cursor: number;
  /** Index of the first call on screen. */
  top: number;
  /** null until the first page arrives. */
  total: number | null;
  /** The calls held: one window of the timeline, never all of it. */
  page: { offset: number; entries: TimelineEntry[] } | null;
  services: ServiceCount[] | null;
  error?: string;
}

export interface DetailScreen {
  kind: 'detail';
  id: number;
  eventId: string;
  /** The chain this event was opened from, for `r`. */
  trace: Trace | null;
  record: string | null;
  /** Other copies of the event that differ from the one shown (issue 17, point 4): said above the record. */
  copies: DifferingCopy[];
  missing: boolean;
  scroll: number;
  /** Secret-looking values (session tokens, passwords) shown as they are; masked by default. */
  reveal: boolean;
  error?: string;
}

/** The scope of an event: the tree of credentials its origin minted, and the eviction row. */
export interface ScopeScreen {
  kind: 'scope';
  id: number;
  eventId: string;
  /** null while scoping. */
  scope: Scope | null;
  /** Index among the tree's rows (src/tui/scope-layout.ts scopeRows). */
  selected: number;
  error?: string;
}

/** The calls of one credential held: the pages on screen, never all of them. */
export interface CallPages {
  /** Where page p starts (the last call of page p - 1; null for page 0), for the pages reached so far. */
  starts: (CallCursor | null)[];
  /** The pages held, by number. */
  pages: { index: number; calls: CallSummary[] }[];
  /** The calls in all pages: the scope's sum, until the last page says exactly. */
  total: number;
}

/** One credential of a scope, expanded: its changes, then its calls page by page. */
export interface CredentialScreen {
  kind: 'credential';
  id: number;
  scope: Scope;
  credentialId: string;
  /** Index of the selected item: the credential's changes first, then its calls. */
  cursor: number;
  /** The first list line on screen (headings are lines too: src/tui/scope-layout.ts). */
  top: number;
  calls: CallPages;
  error?: string;
}

/** The scope's eviction checklist, scrolled like a record. */
export interface EvictionScreen {
  kind: 'eviction';
  id: number;
  scope: Scope;
  scroll: number;
  error?: string;
}

export type Screen = StartScreen | ChainScreen | TimelineScreen | DetailScreen | ScopeScreen | CredentialScreen | EvictionScreen;

export interface Prompt {
  /** fetch-day: the day an event the store lacks was logged, for f (Athena and S3 are searched on that day). */
  kind: 'search' | 'event-id' | 'fetch-day';
  text: string;
}

export interface State {
  size: Size;
  /** Open screens, the shown one last; never empty. */
  stack: Screen[];
  nextId: number;
  help: boolean;
  prompt: Prompt | null;
  /** One line for the status bar: what just happened. */
  message: string | null;
  start: { coverage: StoreCoverage; worth: WorthTracing[]; all: boolean } | null;
  /** Whether the start screen lists every group worth tracing (m), not the first of each kind. */
  startAll: boolean;
  /** A report to write: the trace, numbered so each `r` writes once. */
  report: { trace: Trace; seq: number } | null;
  /** A fetch (f) running for a chain screen, numbered so each f fetches once; Esc cancels it. */
  fetch: FetchRun | null;
  /** Whether f can fetch (the UI was started with --fetch). */
  canFetch: boolean;
  /** Who holds the store while the UI waits for it (an ingest writing), else null. */
  storeHolder: string | null;
  quit: boolean;
}

export interface FetchRun {
  seq: number;
  /** The chain screen traced again when it ends. */
  screenId: number;
  eventId: string;
  /** YYYY-MM-DD: the day to search for an event the store lacks (else Event history only). */
  day?: string;
  /** What the fetch said last: the question asked, what it found, what it cost. */
  line: string | null;
  cancelled: boolean;
}

export type Action =
  | { type: 'move'; delta: number }
  | { type: 'page'; direction: 1 | -1 }
  | { type: 'edge'; to: 'first' | 'last' }
  | { type: 'enter' }
  | { type: 'back' }
  | { type: 'trace' }
  | { type: 'all-sessions' }
  | { type: 'toggle-filter'; filter: 'writesOnly' | 'errorsOnly' }
  | { type: 'next-service' }
  | { type: 'clear-filters' }
  | { type: 'help' }
  | { type: 'prompt'; kind: Prompt['kind'] }
  | { type: 'prompt-input'; text: string }
  | { type: 'prompt-erase' }
  | { type: 'prompt-submit' }
  | { type: 'prompt-cancel' }
  | { type: 'report' }
  | { type: 'scope' }
  | { type: 'reveal' }
  | { type: 'quit' }
  | { type: 'fetch' }
  | { type: 'fetch-line'; seq: number; line: string }
  | { type: 'fetched'; seq: number; screenId: number; trace: Trace; cost: string }
  /** `stopped`: by the user (Esc), not a failure. */
  | { type: 'fetch-failed'; seq: number; message: string; stopped?: boolean }
  | { type: 'store-holder'; holder: string | null }
  | { type: 'resize'; size: Size }
  | { type: 'start-loaded'; coverage: StoreCoverage; worth: WorthTracing[]; all: boolean }
  | { type: 'more' }
  | { type: 'traced'; screenId: number; trace: Trace | null }
  | { type: 'timeline-page'; screenId: number; version: number; page: TimelinePage }
  | { type: 'services'; screenId: number; services: ServiceCount[] }
  | { type: 'record'; screenId: number; record: string | null; copies: DifferingCopy[] }
  | { type: 'reported'; path: string }
  | { type: 'scoped'; screenId: number; scope: Scope }
  | { type: 'scope-calls'; screenId: number; page: number; limit: number; calls: CallSummary[] }
  /** A load failed: its screen (if any) shows why and is not asked again. */
  | { type: 'failed'; message: string; screenId: number | null };
