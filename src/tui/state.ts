// The terminal UI's reducer: how each action (src/tui/screens.ts) changes the state. Pure: no
// React, no store. What the store must be asked for next is derived from the state
// (src/tui/loads.ts); its answers come back as actions.

import type { Trace } from '../trace/model.js';
import { NO_FILTERS, type TimelineEntry, type TimelineFilters } from './data.js';
import {
  bodyHeight, chainItems, detailLines, detailRows, followCursor, timelineRows, type Size,
} from './layout.js';
import { ALL_MEMBERS, sameMember, type Member } from './members.js';
import type { WorthTracing } from './worth.js';
import {
  lastEvictionScroll, moveCredential, moveScope, newCredentialScreen, newEvictionScreen, scopeEventToTrace, scopeLoaded,
  scopeShown, scrollEviction, selectedItem, selectedScopeRow,
} from './scope-state.js';
import { credentialRows, evictionRows, scopeTreeRows } from './scope-layout.js';
import type { Action, ChainScreen, DetailScreen, State, TimelineScreen } from './screens.js';
import { push, replaceTop, topScreen, updateScreen } from './stack.js';

export type * from './screens.js';
export { topScreen } from './stack.js';

export interface StartOptions {
  /** Open on the chain of this event; without it, the start screen. */
  eventId?: string;
  /** f fetches what a chain lacks (the UI was started with --fetch). */
  canFetch?: boolean;
  /** Fetch for the event's chain at once (`--fetch` with an event id). */
  fetchFirst?: boolean;
}

export function initialState(size: Size, options: StartOptions = {}): State {
  const state: State = {
    size, stack: [{ kind: 'start', id: 0, selected: 0 }], nextId: 1, help: false, prompt: null, message: null, start: null, startAll: false,
    report: null, fetch: null, canFetch: options.canFetch ?? false, storeHolder: null, quit: false,
  };
  if (!options.eventId) return state;
  const opened = openChain(state, options.eventId);
  // Opened with --fetch on an event: its --account, --region and --day are the UI's options already.
  return options.fetchFirst && state.canFetch ? startFetch(opened, 'asked') : opened;
}

/**
 * f: fetch what the shown chain lacks, then trace it again in place. An event the store lacks is
 * searched on a day the user gives (Athena and S3 read that day only), so that is asked first.
 */
function startFetch(state: State, day?: string | 'asked'): State {
  const top = topScreen(state);
  if (state.fetch) return { ...state, message: 'A fetch is running: Esc on its chain stops it.' };
  if (!state.canFetch) {
    return { ...state, message: 'f fetches what a chain lacks when the UI is started with --fetch (trail-trace tui --fetch).' };
  }
  if (top.kind !== 'chain') return { ...state, message: 'f fetches for a chain: open one first (Enter or t).' };
  if (top.missing && day === undefined) return { ...state, prompt: { kind: 'fetch-day', text: '' } };
  const fetch = { seq: state.nextId, screenId: top.id, eventId: top.eventId, ...(day && day !== 'asked' ? { day } : {}), line: null, cancelled: false };
  return { ...state, fetch, nextId: state.nextId + 1, message: null };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The answers of a fetch: what it says as it goes, the trace it ends with, or why it failed. */
function fetchAnswered(state: State, action: Action): State {
  const fetch = state.fetch;
  switch (action.type) {
    case 'fetch-line':
      return fetch?.seq === action.seq ? { ...state, fetch: { ...fetch, line: action.line } } : state;
    case 'fetched': {
      const done = { ...state, fetch: fetch?.seq === action.seq ? null : fetch, message: action.cost };
      return updateScreen<ChainScreen>(done, action.screenId, 'chain', (s) => {
        const { error: _error, fetchFailure: _failure, ...rest } = s;
        return { ...rest, trace: action.trace, missing: false, selected: clamp(s.selected, 0, chainItems(action.trace).length - 1) };
      });
    }
    case 'fetch-failed': {
      if (fetch?.seq !== action.seq) return state;
      if (action.stopped) return { ...state, fetch: null, message: 'Fetch stopped: what was fetched is stored; f goes on.' };
      const done = { ...state, fetch: null, message: 'The fetch failed: why is shown above the chain.' };
      return updateScreen<ChainScreen>(done, fetch.screenId, 'chain', (s) => ({ ...s, fetchFailure: action.message }));
    }
    default:
      return state;
  }
}

function clamp(n: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, n));
}

function openChain(state: State, eventId: string): State {
  return push(state, { kind: 'chain', eventId, trace: null, missing: false, selected: 0 });
}

function openTimeline(state: State, trace: Trace, member: Member, filters: TimelineFilters = NO_FILTERS): State {
  return push(state, { kind: 'timeline', trace, member, filters, version: 0, cursor: 0, top: 0, total: null, page: null, services: null });
}

function openDetail(state: State, eventId: string, trace: Trace | null): State {
  return push(state, { kind: 'detail', eventId, trace, record: null, copies: [], missing: false, scroll: 0, reveal: false });
}

/** The trace the shown screen belongs to, if any (a scope's screens belong to a scope). */
export function currentTrace(state: State): Trace | null {
  const top = topScreen(state);
  return 'trace' in top ? top.trace : null;
}

/** Start-screen rows the list shows. */
export function worthList(state: State): WorthTracing[] {
  return state.start?.worth ?? [];
}

/** The timeline entry under the cursor, when its page is held. */
export function selectedEntry(screen: TimelineScreen): TimelineEntry | undefined {
  return screen.page?.entries[screen.cursor - screen.page.offset];
}

function withCursor(state: State, screen: TimelineScreen, cursor: number): State {
  const last = Math.max(0, (screen.total ?? 0) - 1);
  const c = clamp(cursor, 0, last);
  return replaceTop(state, { ...screen, cursor: c, top: followCursor(screen.top, c, timelineRows(state.size)) });
}

function withFilters(state: State, screen: TimelineScreen, filters: TimelineFilters): State {
  return replaceTop(state, { ...screen, filters, version: screen.version + 1, cursor: 0, top: 0, total: null, page: null });
}

function lastDetailScroll(state: State, screen: DetailScreen): number {
  if (screen.record === null) return 0;
  return Math.max(0, detailLines(screen, state.size).length - detailRows(state.size));
}

/** Moves the selection (or scrolls the record) by `delta` lines. */
function move(state: State, delta: number): State {
  const top = topScreen(state);
  switch (top.kind) {
    case 'start':
      return replaceTop(state, { ...top, selected: clamp(top.selected + delta, 0, Math.max(0, worthList(state).length - 1)) });
    case 'chain':
      return top.trace ? replaceTop(state, { ...top, selected: clamp(top.selected + delta, 0, chainItems(top.trace).length - 1) }) : state;
    case 'timeline':
      return top.total === null ? state : withCursor(state, top, top.cursor + delta);
    case 'detail':
      return replaceTop(state, { ...top, scroll: clamp(top.scroll + delta, 0, lastDetailScroll(state, top)) });
    case 'scope': return replaceTop(state, moveScope(top, delta));
    case 'credential': return replaceTop(state, moveCredential(top, delta, state.size));
    case 'eviction': return replaceTop(state, scrollEviction(top, delta, state.size));
  }
}

function pageLength(state: State): number {
  const top = topScreen(state);
  if (top.kind === 'timeline') return timelineRows(state.size);
  if (top.kind === 'detail') return detailRows(state.size);
  if (top.kind === 'scope' && top.scope) return scopeTreeRows(state.size, top.scope);
  if (top.kind === 'credential') return credentialRows(state.size);
  if (top.kind === 'eviction') return evictionRows(state.size);
  return Math.max(1, Math.floor(bodyHeight(state.size) / 3));
}

function toEdge(state: State, to: 'first' | 'last'): State {
  return move(state, to === 'first' ? -Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER);
}

function enter(state: State): State {
  const top = topScreen(state);
  switch (top.kind) {
    case 'start': {
      const row = worthList(state)[top.selected];
      return row ? openChain(state, row.eventId) : state;
    }
    case 'chain': {
      if (!top.trace) return state;
      const item = chainItems(top.trace)[top.selected];
      if (item?.kind === 'target') return openDetail(state, top.trace.target.eventId, top.trace);
      if (item?.kind === 'hop') return openTimeline(state, top.trace, { kind: 'hop', index: item.index });
      if (item?.kind === 'origin') return openTimeline(state, top.trace, { kind: 'origin' });
      if (item?.kind === 'gap') {
        return { ...state, message: state.canFetch ? 'f fetches it from the sources the store keeps, and traces again.' : 'Load the logs with the command shown, then trace again (t on the target).' };
      }
      return state;
    }
    case 'timeline': {
      const entry = selectedEntry(top);
      return entry ? openDetail(state, entry.event.eventId, top.trace) : state;
    }
    case 'detail':
    case 'eviction':
      return state;
    case 'scope': {
      const row = selectedScopeRow(top);
      if (row?.kind === 'credential') return push(state, newCredentialScreen(top.scope!, row.credential.id));
      return row?.kind === 'eviction' ? push(state, newEvictionScreen(top.scope!)) : state;
    }
    case 'credential': {
      const item = selectedItem(top);
      const eventId = item?.kind === 'change' ? item.change.eventId : item?.call?.eventId;
      return eventId ? openDetail(state, eventId, null) : state;
    }
  }
}

/** The eventID `t` traces on the shown screen, if any. */
function eventToTrace(state: State): string | null {
  const top = topScreen(state);
  switch (top.kind) {
    case 'start':
      return worthList(state)[top.selected]?.eventId ?? null;
    case 'chain': {
      if (!top.trace) return null;
      const item = chainItems(top.trace)[top.selected];
      if (item?.kind === 'target') return top.trace.target.eventId;
      if (item?.kind === 'hop') return top.trace.hops[item.index]?.issuedBy?.eventId ?? null;
      if (item?.kind === 'origin') return top.trace.origin?.event?.eventId ?? null;
      return null;
    }
    case 'timeline':
      return selectedEntry(top)?.event.eventId ?? null;
    case 'detail':
      return top.eventId;
    default:
      return scopeEventToTrace(top);
  }
}

function traceSelected(state: State): State {
  const eventId = eventToTrace(state);
  if (eventId === null) return { ...state, message: 'Nothing to trace here: select an event, a hop or the origin.' };
  return openChain(state, eventId);
}

function allSessions(state: State): State {
  const top = topScreen(state);
  if (top.kind === 'chain' && top.trace) return openTimeline(state, top.trace, ALL_MEMBERS);
  if (top.kind === 'timeline' && !sameMember(top.member, ALL_MEMBERS)) return openTimeline(state, top.trace, ALL_MEMBERS, top.filters);
  return state;
}

function nextService(state: State, screen: TimelineScreen): State {
  const services = screen.services ?? [];
  if (services.length === 0) return state;
  const at = services.findIndex((s) => s.service === screen.filters.service);
  const next = at + 1 < services.length ? services[at + 1]!.service : null;
  return withFilters(state, screen, { ...screen.filters, service: next });
}

function submitPrompt(state: State): State {
  const prompt = state.prompt;
  if (!prompt) return state;
  const text = prompt.text.trim();
  const closed = { ...state, prompt: null };
  if (prompt.kind === 'event-id') return text === '' ? closed : openChain(closed, text);
  if (prompt.kind === 'fetch-day') {
    if (text !== '' && !DAY.test(text)) return { ...closed, message: `Not a day: ${text}. Give it as YYYY-MM-DD, or nothing to search Event history only.` };
    return startFetch(closed, text === '' ? 'asked' : text);
  }
  const top = topScreen(closed);
  if (top.kind === 'timeline') return withFilters(closed, top, { ...top.filters, text });
  if (top.kind === 'chain' && top.trace && text !== '') return openTimeline(closed, top.trace, ALL_MEMBERS, { ...NO_FILTERS, text });
  if (top.kind === 'detail' && top.record !== null && text !== '') return findInRecord(closed, top, text);
  return closed;
}

/** Scrolls the record to the next line holding `text` (ignoring case), wrapping around. */
function findInRecord(state: State, screen: DetailScreen, text: string): State {
  const lines = detailLines(screen, state.size);
  const needle = text.toLowerCase();
  const order = [...lines.keys()].map((i) => (screen.scroll + 1 + i) % lines.length);
  const hit = order.find((i) => lines[i]!.toLowerCase().includes(needle));
  if (hit === undefined) return { ...state, message: `Not in this record: ${text}` };
  return replaceTop(state, { ...screen, scroll: clamp(hit, 0, lastDetailScroll(state, screen)) });
}

/** Keeps only printable text from a key press or a paste: control characters never reach the prompt. */
function printable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '');
}

function promptAction(state: State, action: Action): State {
  const prompt = state.prompt!;
  switch (action.type) {
    case 'prompt-input': return { ...state, prompt: { ...prompt, text: (prompt.text + printable(action.text)).slice(0, 200) } };
    case 'prompt-erase': return { ...state, prompt: { ...prompt, text: Array.from(prompt.text).slice(0, -1).join('') } };
    case 'prompt-submit': return submitPrompt(state);
    case 'prompt-cancel': return { ...state, prompt: null };
    default: return state;
  }
}

/** A new terminal size: the shown timeline or record keeps its selection in view. */
function resize(state: State, size: Size): State {
  const resized = { ...state, size };
  const top = topScreen(resized);
  if (top.kind === 'timeline') return replaceTop(resized, { ...top, top: followCursor(top.top, top.cursor, timelineRows(size)) });
  if (top.kind === 'detail') return replaceTop(resized, { ...top, scroll: Math.min(top.scroll, lastDetailScroll(resized, top)) });
  if (top.kind === 'credential') return replaceTop(resized, moveCredential(top, 0, size));
  if (top.kind === 'eviction') return replaceTop(resized, { ...top, scroll: Math.min(top.scroll, lastEvictionScroll(top, size)) });
  return resized;
}

/** The results of the store's answers (src/tui/loads.ts). */
function loaded(state: State, action: Action): State {
  switch (action.type) {
    case 'start-loaded':
      // An answer for the other list (m pressed while it was asked for) is not this one.
      if (action.all !== state.startAll) return state;
      return { ...state, start: { coverage: action.coverage, worth: action.worth, all: action.all } };
    case 'traced':
      // A trace from the store never replaces one a fetch made (with what was not fetched in it).
      if (state.fetch?.screenId === action.screenId) return state;
      return updateScreen<ChainScreen>(state, action.screenId, 'chain', (s) => ({ ...s, trace: action.trace, missing: action.trace === null }));
    case 'timeline-page':
      return updateScreen<TimelineScreen>(state, action.screenId, 'timeline', (s) => {
        if (s.version !== action.version) return s;
        const total = action.page.total;
        const cursor = clamp(s.cursor, 0, Math.max(0, total - 1));
        return { ...s, total, cursor, top: Math.min(s.top, cursor), page: { offset: action.page.offset, entries: action.page.entries } };
      });
    case 'services':
      return updateScreen<TimelineScreen>(state, action.screenId, 'timeline', (s) => ({ ...s, services: action.services }));
    case 'record':
      return updateScreen<DetailScreen>(state, action.screenId, 'detail', (s) => ({ ...s, record: action.record, copies: action.copies, missing: action.record === null }));
    case 'reported':
      return { ...state, report: null, message: `Report written to ${action.path}` };
    case 'scoped':
    case 'scope-calls':
      return scopeLoaded(state, action);
    case 'failed': {
      const failed = { ...state, report: null, message: action.message };
      return { ...failed, stack: failed.stack.map((x) => (x.id === action.screenId ? { ...x, error: action.message } : x)) };
    }
    default:
      return state;
  }
}

export function reduce(state: State, action: Action): State {
  if (state.prompt && action.type.startsWith('prompt-')) return promptAction(state, action);
  // A key press clears the last message; answers from the store keep it.
  const s = ['resize', 'start-loaded', 'traced', 'timeline-page', 'services', 'record', 'reported', 'scoped', 'scope-calls', 'failed', 'fetch-line', 'fetched', 'fetch-failed', 'store-holder'].includes(action.type)
    ? state
    : { ...state, message: null };
  const top = topScreen(s);
  switch (action.type) {
    case 'move': return move(s, action.delta);
    case 'page': return move(s, action.direction * pageLength(s));
    case 'edge': return toEdge(s, action.to);
    case 'enter': return enter(s);
    case 'back':
      // Esc on the chain being fetched for stops the fetch first.
      if (s.fetch && !s.fetch.cancelled && s.fetch.screenId === top.id) return { ...s, fetch: { ...s.fetch, cancelled: true }, message: 'Stopping the fetch…' };
      return s.stack.length > 1 ? { ...s, stack: s.stack.slice(0, -1) } : s;
    case 'fetch': return startFetch(s);
    case 'fetch-line':
    case 'fetched':
    case 'fetch-failed':
      return fetchAnswered(s, action);
    case 'store-holder': return { ...s, storeHolder: action.holder };
    case 'trace': return traceSelected(s);
    case 'all-sessions': return allSessions(s);
    case 'scope': return scopeShown(s);
    case 'reveal': {
      const top = topScreen(s);
      return top.kind === 'detail' ? replaceTop(s, { ...top, reveal: !top.reveal }) : s;
    }
    case 'more': return topScreen(s).kind === 'start' ? { ...s, startAll: !s.startAll, start: null } : s;
    case 'toggle-filter':
      return top.kind === 'timeline' ? withFilters(s, top, { ...top.filters, [action.filter]: !top.filters[action.filter] }) : s;
    case 'next-service': return top.kind === 'timeline' ? nextService(s, top) : s;
    case 'clear-filters': return top.kind === 'timeline' ? withFilters(s, top, NO_FILTERS) : s;
    case 'help': return { ...s, help: !s.help };
    case 'prompt': return { ...s, help: false, prompt: { kind: action.kind, text: action.kind === 'search' && top.kind === 'timeline' ? top.filters.text : '' } };
    case 'report': {
      const trace = currentTrace(s);
      if (!trace) return { ...s, message: 'Trace an event first (Enter or t); r then writes its markdown report.' };
      return { ...s, report: { trace, seq: s.nextId }, nextId: s.nextId + 1, message: 'Writing the report…' };
    }
    case 'quit': return { ...s, quit: true };
    case 'resize': return resize(s, action.size);
    default: return loaded(s, action);
  }
}
