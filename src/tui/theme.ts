// Colours of the terminal UI. Colour is a hint, never the only signal (every confidence and mark
// is also a word or a symbol), and it is off with NO_COLOR or --no-color: Ink's own colour
// detection does not read NO_COLOR, so the UI decides and simply sets no colour.

import { createContext, useContext } from 'react';
import type { Confidence } from '../trace/model.js';

export type Tone = 'green' | 'cyan' | 'yellow' | 'red' | 'magenta' | 'blue' | 'gray';

export interface Theme {
  color: boolean;
}

export const ThemeContext = createContext<Theme>({ color: true });

/** A colour name for Ink's `color` prop, or undefined when colour is off. */
export function useTone(): (tone: Tone) => Tone | undefined {
  const { color } = useContext(ThemeContext);
  return (tone) => (color ? tone : undefined);
}

/** exact green, strong cyan, heuristic yellow, missing red (as `from-event` prints them). */
export function confidenceTone(confidence: Confidence | null): Tone {
  switch (confidence) {
    case 'exact': return 'green';
    case 'strong': return 'cyan';
    case 'heuristic': return 'yellow';
    case null: return 'red';
  }
}
