// The scope's screens in the reducer (src/tui/state.ts calls these): the tree of credentials, one
// credential expanded into its changes and its calls (paged: only the pages on screen are held),
// and the eviction checklist. Pure.

import type { CallSummary, Scope, ScopeChange } from '../trace/scope-model.js';
import type { Size } from './layout.js';
import {
  callAt, changesBy, credentialListOf, credentialOf, credentialRows, cursorAfter, evictionLines, evictionRows, followItem,
  listItems, listLines, pagesInView, SCOPE_PAGE, scopeRows, type ScopeRow,
} from './scope-layout.js';
import type { Action, CredentialScreen, EvictionScreen, ScopeScreen, State } from './screens.js';
import { push, topScreen, updateScreen } from './stack.js';

function clamp(n: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, n));
}

export function newScopeScreen(eventId: string): Omit<ScopeScreen, 'id'> {
  return { kind: 'scope', eventId, scope: null, selected: 0 };
}

export function newCredentialScreen(scope: Scope, credentialId: string): Omit<CredentialScreen, 'id'> {
  const calls = credentialOf(scope, credentialId)?.activity?.calls ?? 0;
  return { kind: 'credential', scope, credentialId, cursor: 0, top: 0, calls: { starts: [null], pages: [], total: calls } };
}

export function newEvictionScreen(scope: Scope): Omit<EvictionScreen, 'id'> {
  return { kind: 'eviction', scope, scroll: 0 };
}

/** The tree's row under the selection. */
export function selectedScopeRow(screen: ScopeScreen): ScopeRow | undefined {
  return screen.scope ? scopeRows(screen.scope)[screen.selected] : undefined;
}

export function moveScope(screen: ScopeScreen, delta: number): ScopeScreen {
  if (!screen.scope) return screen;
  return { ...screen, selected: clamp(screen.selected + delta, 0, scopeRows(screen.scope).length - 1) };
}

/** The credential screen's selected item: a change, a call (undefined while its page is read), or nothing. */
export type CredentialItem = { kind: 'change'; change: ScopeChange } | { kind: 'call'; call: CallSummary | undefined };

export function selectedItem(screen: CredentialScreen): CredentialItem | null {
  const changes = changesBy(screen.scope, screen.credentialId);
  if (screen.cursor < changes.length) return { kind: 'change', change: changes[screen.cursor]! };
  if (screen.cursor - changes.length < screen.calls.total) return { kind: 'call', call: callAt(screen, screen.cursor - changes.length) };
  return null;
}

export function moveCredential(screen: CredentialScreen, delta: number, size: Size): CredentialScreen {
  const list = credentialListOf(screen);
  const items = listItems(list);
  if (items === 0) return screen;
  const cursor = clamp(screen.cursor + delta, 0, items - 1);
  return { ...screen, cursor, top: followItem(screen.top, list, cursor, credentialRows(size)) };
}

/** A page of calls arrived: held if it is on screen, and where the next one starts noted either way. */
export function callsArrived(screen: CredentialScreen, page: number, limit: number, calls: CallSummary[], size: Size): CredentialScreen {
  const starts = [...screen.calls.starts];
  const last = calls.at(-1);
  if (calls.length === limit && last && starts.length === page + 1) starts.push(cursorAfter(last));
  // A short page is the last: the calls are exactly counted now.
  const total = calls.length < limit ? page * SCOPE_PAGE + calls.length : Math.max(screen.calls.total, page * SCOPE_PAGE + calls.length);
  const counted = { ...screen, calls: { ...screen.calls, starts, total } };
  const list = credentialListOf(counted);
  const cursor = clamp(screen.cursor, 0, Math.max(0, listItems(list) - 1));
  // Fewer calls than the sums said: the list never starts past its end.
  const top = followItem(Math.min(screen.top, Math.max(0, listLines(list) - credentialRows(size))), list, cursor, credentialRows(size));
  const inView = new Set(pagesInView(list, top, credentialRows(size)));
  const pages = [...screen.calls.pages.filter((p) => p.index !== page && inView.has(p.index)), ...(inView.has(page) ? [{ index: page, calls }] : [])];
  return { ...counted, cursor, top, calls: { starts, total, pages } };
}

export function lastEvictionScroll(screen: EvictionScreen, size: Size): number {
  return Math.max(0, evictionLines(screen.scope, size).length - evictionRows(size));
}

export function scrollEviction(screen: EvictionScreen, delta: number, size: Size): EvictionScreen {
  return { ...screen, scroll: clamp(screen.scroll + delta, 0, lastEvictionScroll(screen, size)) };
}

/** The eventID `t` traces on a scope screen: a credential's making call, or the change or call selected. */
export function scopeEventToTrace(screen: ScopeScreen | CredentialScreen | EvictionScreen): string | null {
  switch (screen.kind) {
    case 'scope': {
      const row = selectedScopeRow(screen);
      return row?.kind === 'credential' ? row.credential.issuedBy?.eventId ?? null : null;
    }
    case 'credential': {
      const item = selectedItem(screen);
      return item?.kind === 'change' ? item.change.eventId : item?.call?.eventId ?? null;
    }
    case 'eviction':
      return null;
  }
}

/** S: the scope of the chain shown (its target event, traced back to its origin), or of the start screen's selected row. */
export function scopeShown(state: State): State {
  const top = topScreen(state);
  const eventId = top.kind === 'chain' ? top.trace?.target.eventId : top.kind === 'start' ? state.start?.worth[top.selected]?.eventId : undefined;
  if (eventId) return push(state, newScopeScreen(eventId));
  return { ...state, message: 'S scopes a chain: press it on a chain, or on a row of the start screen.' };
}

/** The store's answers for the scope's screens. */
export function scopeLoaded(state: State, action: Extract<Action, { type: 'scoped' | 'scope-calls' }>): State {
  if (action.type === 'scoped') return updateScreen<ScopeScreen>(state, action.screenId, 'scope', (s) => ({ ...s, scope: action.scope, selected: 0 }));
  return updateScreen<CredentialScreen>(state, action.screenId, 'credential', (s) => callsArrived(s, action.page, action.limit, action.calls, state.size));
}
