// The terminal UI's keys: what each press means in the current state, and the help overlay's
// list of them (one table, so the help can never miss a key). Pure.

import type { Action, State } from './state.js';
import { topScreen } from './state.js';

/** The fields of Ink's `Key` that the UI reads (ink's useInput). */
export interface KeyPress {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  tab?: boolean;
}

/** One line of the help overlay. */
export interface KeyHelp {
  keys: string;
  what: string;
}

// It fits an 80×24 terminal: keep it to 16 lines of keys, or the last lines are cut.
export const KEY_HELP: { title: string; keys: KeyHelp[] }[] = [
  {
    title: 'Everywhere',
    keys: [
      { keys: '↑↓ jk  PgUp PgDn', what: 'move the selection, a page (^B ^F); scroll the record' },
      { keys: 'g G  Home End', what: 'first or last' },
      { keys: 'Enter', what: 'open: a hop or credential → its calls; a call → its record' },
      { keys: 'Esc  Backspace', what: 'back to the previous screen' },
      { keys: 't', what: 'trace the selected event (a hop: the call that minted it)' },
      { keys: 'i', what: 'trace an event by its id (paste it)' },
      { keys: '/', what: 'search: the timeline, the chain\'s calls, or the record' },
      { keys: 'S', what: 'scope: what the chain\'s origin minted and did; eviction' },
      { keys: 'r', what: 'write the markdown report: incident-<eventId>.md here' },
      { keys: 'f', what: 'with --fetch: fetch what the chain lacks; Esc stops it' },
      { keys: '?  q', what: 'this help (any key closes it); quit (also Ctrl-C)' },
    ],
  },
  {
    title: 'Chain, timeline, start screen, record',
    keys: [
      { keys: 'a', what: 'timeline of all sessions of the chain' },
      { keys: 'w  e', what: 'writes only, errors only (hide the other calls)' },
      { keys: 's  c', what: 'next service (iam, s3, …), then all; clear the filters' },
      { keys: 'm', what: 'start screen: every group worth tracing, or 8 a kind' },
      { keys: 'x', what: 'record: show or mask secret values (tokens, passwords)' },
    ],
  },
];

function promptKey(input: string, key: KeyPress): Action | null {
  if (key.return) return { type: 'prompt-submit' };
  if (key.escape) return { type: 'prompt-cancel' };
  if (key.backspace || key.delete) return { type: 'prompt-erase' };
  if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab) return null;
  return input === '' ? null : { type: 'prompt-input', text: input };
}

function movementKey(input: string, key: KeyPress): Action | null {
  if (key.upArrow || input === 'k') return { type: 'move', delta: -1 };
  if (key.downArrow || input === 'j') return { type: 'move', delta: 1 };
  if (key.pageUp || (key.ctrl && input === 'b')) return { type: 'page', direction: -1 };
  if (key.pageDown || (key.ctrl && input === 'f') || input === ' ') return { type: 'page', direction: 1 };
  if (key.home || input === 'g') return { type: 'edge', to: 'first' };
  if (key.end || input === 'G') return { type: 'edge', to: 'last' };
  return null;
}

const LETTERS: Readonly<Record<string, Action>> = {
  q: { type: 'quit' },
  '?': { type: 'help' },
  t: { type: 'trace' },
  i: { type: 'prompt', kind: 'event-id' },
  r: { type: 'report' },
  a: { type: 'all-sessions' },
  w: { type: 'toggle-filter', filter: 'writesOnly' },
  e: { type: 'toggle-filter', filter: 'errorsOnly' },
  s: { type: 'next-service' },
  c: { type: 'clear-filters' },
  m: { type: 'more' },
  x: { type: 'reveal' },
  S: { type: 'scope' },
  f: { type: 'fetch' },
};

const CONTROL_KEYS: Readonly<Record<string, KeyPress>> = {
  '\r': { return: true },
  '\n': { return: true },
  '\t': { tab: true },
  '\u007f': { delete: true },
  '\b': { backspace: true },
};

/**
 * The presses in one chunk of input. A terminal sends keys typed faster than the app reads them
 * (or sent by a script) in one chunk, which Ink passes on whole, as it does a paste: "j\r" is j
 * then Enter. Runs of printable text stay together, so a pasted event id fills the prompt at once.
 */
export function keyPresses(input: string, key: KeyPress): { input: string; key: KeyPress }[] {
  const flagged = Object.values(key).some((v) => v === true);
  if (flagged || Array.from(input).length <= 1) return [{ input, key }];
  const presses: { input: string; key: KeyPress }[] = [];
  for (const part of input.split(/([\r\n\t\u007f\b])/u)) {
    if (part === '') continue;
    const control = CONTROL_KEYS[part];
    if (control) presses.push({ input: '', key: control });
    else presses.push({ input: part, key: {} });
  }
  return presses;
}

/** What a key press means now, or null when it means nothing. */
export function actionForKey(state: State, input: string, key: KeyPress): Action | null {
  if (state.prompt) return promptKey(input, key);
  // The help overlay: q still quits, any other key only closes it.
  if (state.help) return input === 'q' && !key.ctrl ? { type: 'quit' } : { type: 'help' };
  // Typed or sent faster than read: one letter at a time.
  if (Array.from(input).length > 1) return null;
  const moved = movementKey(input, key);
  if (moved) return moved;
  if (key.return) return { type: 'enter' };
  if (key.escape || key.backspace || key.delete) return { type: 'back' };
  if (key.ctrl || key.meta) return null;
  // On the start screen there is nothing to search yet: / asks for an event id, like i.
  if (input === '/') return { type: 'prompt', kind: topScreen(state).kind === 'start' ? 'event-id' : 'search' };
  return LETTERS[input] ?? null;
}
