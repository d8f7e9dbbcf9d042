// How the scope's screens are laid out, shared by their reducer (src/tui/scope-state.ts: moving,
// paging) and their views (src/tui/components/scope-view.tsx, credential-view.tsx): the tree of
// credentials as rows, a credential's changes and calls as lines, the eviction checklist as lines.
// Pure.

import { CREDENTIAL_KIND_WORDS, type CallSummary, type CredentialKind, type Scope, type ScopeChange, type ScopeCredential } from '../trace/scope-model.js';
import type { CallCursor } from './data.js';
import { bodyHeight, bodyWidth, type Size } from './layout.js';
import type { CredentialScreen } from './screens.js';
import { commandText, safe } from './text.js';

/** Calls asked for per scopeCalls page: a few screens' worth, never a credential's all. */
export const SCOPE_PAGE = 200;

/** A row of the scope screen: a credential (with the tree's lines before it), or the eviction checklist. */
export type ScopeRow =
  | { kind: 'credential'; credential: ScopeCredential; lead: string }
  | { kind: 'eviction' };

/**
 * The credentials in tree order, each under the one that minted it (in the walk's order), then
 * the eviction row. A credential whose parent is not in the scope is listed as a root, so none is lost.
 */
export function scopeRows(scope: Scope): ScopeRow[] {
  const ids = new Set(scope.credentials.map((c) => c.id));
  const children = new Map<string | null, ScopeCredential[]>();
  for (const credential of scope.credentials) {
    const parent = credential.parent !== null && ids.has(credential.parent) && credential.parent !== credential.id ? credential.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), credential]);
  }
  const rows: ScopeRow[] = [];
  const seen = new Set<string>();
  const visit = (credential: ScopeCredential, lead: string, stem: string) => {
    if (seen.has(credential.id)) return;
    seen.add(credential.id);
    rows.push({ kind: 'credential', credential, lead });
    const kids = children.get(credential.id) ?? [];
    kids.forEach((kid, i) => {
      const last = i === kids.length - 1;
      visit(kid, `${stem}${last ? '└─ ' : '├─ '}`, `${stem}${last ? '   ' : '│  '}`);
    });
  };
  for (const root of children.get(null) ?? []) visit(root, '', '');
  return [...rows, { kind: 'eviction' }];
}

/** Lines of the scope screen above the tree (title, counts, window, blank, headings) and below it (the selected row). */
const SCOPE_ABOVE = 5;
const SCOPE_BELOW = 3;

/** Credential kinds in words, as `trail-trace scope` prints them. */
export const KIND_WORDS = CREDENTIAL_KIND_WORDS;

/** Short, for the tree's rows. */
export const KIND_SHORT: Readonly<Record<CredentialKind, string>> = {
  'long-term-key': 'key',
  'role-session': 'session',
  'session-token': 'token',
  'federation-token': 'federated',
  'console-session': 'console',
  'identity-center-session': 'SSO',
  'root-session': 'root',
};

/** Rows of the tree on screen. */
export function scopeTreeRows(size: Size, scope: Scope): number {
  return Math.max(1, bodyHeight(size) - SCOPE_ABOVE - (scope.warnings.length > 0 ? 1 : 0) - SCOPE_BELOW);
}

export function credentialOf(scope: Scope, credentialId: string): ScopeCredential | undefined {
  return scope.credentials.find((c) => c.id === credentialId);
}

/** What the credential changed (refused attempts included), in time order. */
export function changesBy(scope: Scope, credentialId: string): ScopeChange[] {
  return scope.changes.filter((c) => c.by === credentialId);
}

/** Credential screen: who it is above the list (three lines); the selected item's details below (two). */
const CREDENTIAL_ABOVE = 3;
const CREDENTIAL_BELOW = 2;

/** Lines of the credential's list on screen. */
export function credentialRows(size: Size): number {
  return Math.max(3, bodyHeight(size) - CREDENTIAL_ABOVE - CREDENTIAL_BELOW);
}

/**
 * The credential screen's list, as lines: the changes heading, two lines per change (what and
 * where; why it matters), the calls heading, one line per call. Selectable items are the changes,
 * then the calls; `itemLines` says which lines an item takes, headings included for the first.
 */
export interface CredentialList {
  changes: number;
  calls: number;
}

export function credentialListOf(screen: Pick<CredentialScreen, 'scope' | 'credentialId' | 'calls'>): CredentialList {
  return { changes: changesBy(screen.scope, screen.credentialId).length, calls: screen.calls.total };
}

export function listItems(list: CredentialList): number {
  return list.changes + list.calls;
}

export function listLines(list: CredentialList): number {
  return 2 + 2 * list.changes + list.calls;
}

/** The line of the calls heading. */
export function callsHeadingLine(list: CredentialList): number {
  return 1 + 2 * list.changes;
}

/** The first and last line of item `index`; the first item and the first call bring their heading. */
export function itemLines(list: CredentialList, index: number): { first: number; last: number } {
  if (index < list.changes) return { first: index === 0 ? 0 : 1 + 2 * index, last: 2 + 2 * index };
  const line = callsHeadingLine(list) + 1 + (index - list.changes);
  return { first: index === 0 ? 0 : index === list.changes ? line - 1 : line, last: line };
}

/** The first list line to show so that item `index` is wholly in view in `rows` lines. */
export function followItem(top: number, list: CredentialList, index: number, rows: number): number {
  const { first, last } = itemLines(list, index);
  if (first < top) return first;
  if (last >= top + rows) return Math.max(0, Math.min(first, last - rows + 1));
  return top;
}

/** The calls whose lines are on screen: [from, to). */
export function callsInView(list: CredentialList, top: number, rows: number): { from: number; to: number } {
  const firstCallLine = callsHeadingLine(list) + 1;
  const from = Math.max(0, top - firstCallLine);
  const to = Math.min(list.calls, Math.max(0, top + rows - firstCallLine));
  return { from, to: Math.max(from, to) };
}

/** Numbers of the pages that hold the calls on screen. */
export function pagesInView(list: CredentialList, top: number, rows: number): number[] {
  const { from, to } = callsInView(list, top, rows);
  if (to <= from) return [];
  const pages: number[] = [];
  for (let p = Math.floor(from / SCOPE_PAGE); p <= Math.floor((to - 1) / SCOPE_PAGE); p++) pages.push(p);
  return pages;
}

/** A held call by its index among the credential's calls, if its page is held. */
export function callAt(screen: Pick<CredentialScreen, 'calls'>, index: number): CallSummary | undefined {
  const page = screen.calls.pages.find((p) => p.index === Math.floor(index / SCOPE_PAGE));
  return page?.calls[index % SCOPE_PAGE];
}

/** Where the page after one that ends with `call` starts. */
export function cursorAfter(call: CallSummary): CallCursor {
  return { time: call.eventTime, eventId: call.eventId };
}

/**
 * The page to ask for so the calls on screen are held, or null when they are. Pages are read
 * after the last call of the page before (keyset paging): a page not reached yet is reached
 * through the pages before it, each dropped once its end is known.
 */
export function callPageNeeded(screen: CredentialScreen, size: Size): { page: number; after: CallCursor | null } | null {
  const { starts, pages } = screen.calls;
  const held = new Set(pages.map((p) => p.index));
  for (const page of pagesInView(credentialListOf(screen), screen.top, credentialRows(size))) {
    if (held.has(page)) continue;
    if (page < starts.length) return { page, after: starts[page]! };
    const reached = starts.length - 1;
    return held.has(reached) ? null : { page: reached, after: starts[reached]! };
  }
  return null;
}

/** Eviction screen: a title and a note above the checklist. */
const EVICTION_ABOVE = 2;

export function evictionRows(size: Size): number {
  return Math.max(1, bodyHeight(size) - EVICTION_ABOVE);
}

/** Words of `text` (already safe) in lines of at most `width` columns, each after `indent`; a word too long is cut. */
function wrapWords(text: string, width: number, indent: string): string[] {
  const w = Math.max(10, width - Array.from(indent).length);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const parts = Array.from(word);
    for (let i = 0; i < Math.max(1, parts.length); i += w) {
      const piece = parts.slice(i, i + w).join('');
      const joined = line === '' ? piece : `${line} ${piece}`;
      if (Array.from(joined).length <= w) line = joined;
      else {
        lines.push(line);
        line = piece;
      }
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => `${indent}${l}`);
}

/** A command cut at the width, never at spaces, so it reads as printed: copy it whole from `trail-trace scope`. */
function commandLines(command: string, width: number, indent: string): string[] {
  const text = Array.from(`$ ${commandText(command)}`);
  const w = Math.max(10, width - indent.length);
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += w) lines.push(`${indent}${text.slice(i, i + w).join('')}`);
  return lines;
}

/** A line of the eviction checklist, and what it is (the view styles each kind). */
export interface EvictionLine {
  kind: 'step' | 'why' | 'command' | 'heading' | 'note';
  text: string;
}

/**
 * The eviction checklist as lines, as `trail-trace scope` prints it: each step, why, and its AWS
 * CLI command (control characters escaped, backslashes kept: the command is shell-quoted), then
 * what limited the scope.
 */
export function evictionLines(scope: Scope, size: Size): EvictionLine[] {
  const width = bodyWidth(size) - 1;
  const lines: EvictionLine[] = [];
  const add = (kind: EvictionLine['kind'], texts: string[]) => lines.push(...texts.map((text) => ({ kind, text })));
  for (const step of scope.eviction) {
    // "  1. deactivate-access-key AKIA…", a long target (an ARN) going on under the action.
    const [head, ...rest] = wrapWords(`${safe(step.action)} ${safe(step.target)}`, width, '     ');
    add('step', [`${String(step.step).padStart(3)}. ${head!.slice(5)}`, ...rest]);
    add('why', wrapWords(safe(step.why), width, '     '));
    if (step.command) add('command', commandLines(step.command, width, '     '));
    else add('note', ['     (no command: the logs lack a value it needs, or no API does it)']);
  }
  if (scope.eviction.length === 0) add('note', ['  Nothing to do: no credential or change to undo.']);
  if (scope.warnings.length > 0) {
    add('note', ['']);
    add('heading', ['Warnings: what limited the scope']);
    add('why', scope.warnings.flatMap((warning) => wrapWords(safe(warning), width, '  ')));
  }
  return lines;
}
