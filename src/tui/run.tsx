// Starts the terminal UI on a real terminal: the alternate screen (the shell's scrollback is left
// as it was), the app sized to the terminal and resized with it, and back to the shell on quit.

import { render, useStdout } from 'ink';
import { useEffect, useState } from 'react';
import type { TuiData } from './data.js';
import type { Size } from './layout.js';
import { App } from './components/app.js';

export interface RunTuiOptions {
  eventId?: string;
  /** With an event id and the data able to fetch: fetch for its chain at once. */
  fetchFirst?: boolean;
  color: boolean;
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

const ALTERNATE_SCREEN = '\u001b[?1049h\u001b[H';
const MAIN_SCREEN = '\u001b[?1049l';

/**
 * The terminal's size less one line: Ink clears the whole screen before every frame that fills
 * the terminal, which flickers, and redraws only what changed otherwise.
 */
function sizeOf(stdout: NodeJS.WriteStream): Size {
  return { columns: stdout.columns || 80, rows: Math.max(1, (stdout.rows || 24) - 1) };
}

function Sized({ data, options }: { data: TuiData; options: RunTuiOptions }) {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    const onResize = () => setSize(sizeOf(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return <App data={data} size={size} eventId={options.eventId} fetchFirst={options.fetchFirst ?? false} color={options.color} />;
}

/** Runs the UI until the user quits. */
export async function runTui(data: TuiData, options: RunTuiOptions): Promise<void> {
  options.stdout.write(ALTERNATE_SCREEN);
  try {
    const instance = render(<Sized data={data} options={options} />, { stdout: options.stdout, stdin: options.stdin, exitOnCtrlC: true });
    await instance.waitUntilExit();
  } finally {
    options.stdout.write(MAIN_SCREEN);
  }
}
