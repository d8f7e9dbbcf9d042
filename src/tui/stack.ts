// The terminal UI's screens as a stack (the shown one last, so Esc goes back): the few ways the
// reducers (src/tui/state.ts, src/tui/scope-state.ts) change it. Pure.

import type { Screen, State } from './screens.js';

export function topScreen(state: State): Screen {
  return state.stack[state.stack.length - 1]!;
}

/** A screen before it has an id (Omit applied to each kind of screen). */
export type NewScreen = Screen extends infer S ? (S extends Screen ? Omit<S, 'id'> : never) : never;

export function push(state: State, screen: NewScreen): State {
  return { ...state, stack: [...state.stack, { ...screen, id: state.nextId } as Screen], nextId: state.nextId + 1 };
}

export function replaceTop(state: State, screen: Screen): State {
  return { ...state, stack: [...state.stack.slice(0, -1), screen] };
}

/** Changes screen `id` if it is still open and of `kind` (an answer may come for a screen since closed). */
export function updateScreen<S extends Screen>(state: State, id: number, kind: S['kind'], f: (s: S) => S): State {
  return { ...state, stack: state.stack.map((s) => (s.id === id && s.kind === kind ? f(s as S) : s)) };
}
