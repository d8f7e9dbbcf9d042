// What the terminal UI must ask the store for next, derived from its state: the start screen's
// coverage and list, a trace, the timeline page that covers what is on screen (and the services
// to filter by), a record, a report, a scope, and the page of a credential's calls on screen.
// Pure; the App runs each load once and dispatches the answer.

import { EXIT, UserError } from '../errors.js';
import type { Scope } from '../trace/scope-model.js';
import type { CallCursor, TimelineQuery, TuiData } from './data.js';
import { PAGE_SIZE, timelineRows } from './layout.js';
import { callPageNeeded, SCOPE_PAGE } from './scope-layout.js';
import type { Action, State, TimelineScreen } from './state.js';
import { topScreen } from './state.js';

export type Load =
  | { kind: 'start'; screenId: number; all: boolean }
  | { kind: 'trace'; screenId: number; eventId: string }
  | { kind: 'page'; screenId: number; version: number; query: TimelineQuery; offset: number; limit: number }
  | { kind: 'services'; screenId: number; query: TimelineQuery }
  | { kind: 'record'; screenId: number; eventId: string }
  | { kind: 'report'; seq: number; query: Pick<TimelineQuery, 'trace'> }
  | { kind: 'scope'; screenId: number; eventId: string }
  | { kind: 'scope-calls'; screenId: number; scope: Scope; credentialId: string; page: number; after: CallCursor | null; limit: number }
  | { kind: 'fetch'; seq: number; screenId: number; eventId: string; day?: string };

/** Identifies a load, so the same one is never run twice at once. */
export function loadKey(load: Load): string {
  switch (load.kind) {
    case 'start': return `start:${load.all}`;
    case 'trace': return `trace:${load.screenId}`;
    case 'page': return `page:${load.screenId}:${load.version}:${load.offset}`;
    case 'services': return `services:${load.screenId}`;
    case 'record': return `record:${load.screenId}`;
    case 'report': return `report:${load.seq}`;
    case 'scope': return `scope:${load.screenId}`;
    case 'scope-calls': return `scope-calls:${load.screenId}:${load.page}`;
    case 'fetch': return `fetch:${load.seq}`;
  }
}

/** The page to fetch so the rows on screen are held, or null when they are. */
export function pageNeeded(screen: TimelineScreen, rows: number): { offset: number; limit: number } | null {
  const { page, total, top } = screen;
  if (total === null) return page === null ? { offset: 0, limit: PAGE_SIZE } : null;
  const end = Math.min(total, top + rows);
  if (page && top >= page.offset && end <= page.offset + page.entries.length) return null;
  // Centre the window on the screen, so paging either way stays inside it for a while.
  const offset = Math.max(0, Math.min(top - Math.floor((PAGE_SIZE - rows) / 2), total - PAGE_SIZE));
  return { offset, limit: PAGE_SIZE };
}

export function loadsNeeded(state: State): Load[] {
  const loads: Load[] = [];
  if (state.report) loads.push({ kind: 'report', seq: state.report.seq, query: { trace: state.report.trace } });
  if (state.fetch) {
    const f = state.fetch;
    loads.push({ kind: 'fetch', seq: f.seq, screenId: f.screenId, eventId: f.eventId, ...(f.day ? { day: f.day } : {}) });
  }
  const top = topScreen(state);
  if (top.error !== undefined) return loads;
  switch (top.kind) {
    case 'start':
      if (!state.start) loads.push({ kind: 'start', screenId: top.id, all: state.startAll });
      break;
    case 'chain':
      // A fetch for this chain traces it too: a plain trace would come back first, or last, and stand in for it.
      if (!top.trace && !top.missing && state.fetch?.screenId !== top.id) loads.push({ kind: 'trace', screenId: top.id, eventId: top.eventId });
      break;
    case 'timeline': {
      const query = { trace: top.trace, member: top.member, filters: top.filters };
      const page = pageNeeded(top, timelineRows(state.size));
      if (page) loads.push({ kind: 'page', screenId: top.id, version: top.version, query, ...page });
      if (!top.services) loads.push({ kind: 'services', screenId: top.id, query });
      break;
    }
    case 'detail':
      if (top.record === null && !top.missing) loads.push({ kind: 'record', screenId: top.id, eventId: top.eventId });
      break;
    case 'scope':
      if (!top.scope) loads.push({ kind: 'scope', screenId: top.id, eventId: top.eventId });
      break;
    case 'credential': {
      const page = callPageNeeded(top, state.size);
      if (page) loads.push({ kind: 'scope-calls', screenId: top.id, scope: top.scope, credentialId: top.credentialId, ...page, limit: SCOPE_PAGE });
      break;
    }
    case 'eviction':
      break;
  }
  return loads;
}

function failure(err: unknown, load: Load): Action {
  const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
  // A user error says itself what happened (a changed evidence file, a missing one).
  if (load.kind === 'fetch') {
    const stopped = err instanceof UserError && err.exitCode === EXIT.interrupted;
    return { type: 'fetch-failed', seq: load.seq, message: err instanceof UserError ? `${why} ${err.hint ?? ''}`.trim() : `The fetch failed: ${why}`, stopped };
  }
  const message = err instanceof UserError ? `${why} ${err.hint ?? ''}`.trim() : `The store could not answer: ${why}`;
  return { type: 'failed', message, screenId: load.kind === 'report' ? null : load.screenId };
}

/** What a long load (a fetch) needs besides the data: where it says how it goes, and what stops it. */
export interface LoadContext {
  progress: (action: Action) => void;
  signal: AbortSignal;
}

/** Runs one load against the data and returns the action that carries its answer. */
export async function runLoad(data: TuiData, load: Load, context?: LoadContext): Promise<Action> {
  try {
    switch (load.kind) {
      case 'start': {
        const coverage = await data.coverage();
        return { type: 'start-loaded', coverage, worth: await data.worthTracing(load.all), all: load.all };
      }
      case 'trace':
        return { type: 'traced', screenId: load.screenId, trace: await data.trace(load.eventId) };
      case 'page':
        return { type: 'timeline-page', screenId: load.screenId, version: load.version, page: await data.timelinePage(load.query, load.offset, load.limit) };
      case 'services':
        return { type: 'services', screenId: load.screenId, services: await data.services(load.query.trace, load.query.member) };
      case 'record': {
        const record = await data.rawRecord(load.eventId);
        return { type: 'record', screenId: load.screenId, record, copies: record === null ? [] : await data.recordCopies(load.eventId) };
      }
      case 'report':
        return { type: 'reported', path: await data.writeReport(load.query.trace) };
      case 'scope':
        return { type: 'scoped', screenId: load.screenId, scope: await data.scope(load.eventId) };
      case 'scope-calls': {
        const calls = await data.scopeCalls(load.scope, load.credentialId, load.after, load.limit);
        return { type: 'scope-calls', screenId: load.screenId, page: load.page, limit: load.limit, calls };
      }
      case 'fetch': {
        if (!data.fetchTrace) return { type: 'fetch-failed', seq: load.seq, message: 'Fetching is off: start the UI with --fetch.' };
        const onLine = (line: string) => context?.progress({ type: 'fetch-line', seq: load.seq, line });
        const { trace, cost } = await data.fetchTrace(load.eventId, onLine, context?.signal ?? new AbortController().signal, load.day ? { day: load.day } : {});
        return { type: 'fetched', seq: load.seq, screenId: load.screenId, trace, cost };
      }
    }
  } catch (err) {
    return failure(err, load);
  }
}
