// The terminal UI rendered by ink-testing-library on a store: frames as text, keys as a terminal
// sends them, and waiting for the frame the store's answers lead to.

import { render } from 'ink-testing-library';
import { App } from '../../src/tui/components/app.js';
import type { TuiData } from '../../src/tui/data.js';
import type { Size } from '../../src/tui/layout.js';

/** Bytes a terminal sends for keys. */
export const KEYS = { enter: '\r', escape: '\u001b', down: '\u001b[B', up: '\u001b[A', pageDown: '\u001b[6~', backspace: '\u007f' };

export interface Frames {
  frame: () => string;
  press: (...keys: string[]) => Promise<void>;
  /** Waits until the frame's text (styles aside) shows `text`; returns the frame as drawn. */
  waitFor: (text: string | RegExp, timeoutMs?: number) => Promise<string>;
  unmount: () => void;
}

/** The styles Ink writes: SGR sequences (colour, bold, dim, inverse and their resets). */
// eslint-disable-next-line no-control-regex -- escape sequences are what this matches
export const SGR = /\u001b\[[0-9;]*m/g;

const tick = () => new Promise((resolve) => setTimeout(resolve, 15));

export function renderTui(data: TuiData, options: { size: Size; eventId?: string; color?: boolean }): Frames {
  const app = render(<App data={data} size={options.size} eventId={options.eventId} color={options.color ?? false} />);
  const frame = () => app.lastFrame() ?? '';
  return {
    frame,
    async press(...keys) {
      for (const key of keys) {
        app.stdin.write(key);
        // Ink holds a lone ESC a moment to tell it from the start of a sequence.
        await (key === KEYS.escape ? new Promise((resolve) => setTimeout(resolve, 80)) : tick());
      }
    },
    async waitFor(text, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      // Matched on the text alone: with colour on, styles sit between the words.
      const plain = () => frame().replace(SGR, '');
      const found = () => (typeof text === 'string' ? plain().includes(text) : text.test(plain()));
      while (!found()) {
        if (Date.now() > deadline) throw new Error(`No frame showed ${String(text)} within ${timeoutMs} ms; the last was:\n${frame()}`);
        await tick();
      }
      return frame();
    },
    unmount: () => app.unmount(),
  };
}
