// `trail-trace tui [eventId]` (and `from-event <eventId> --tui`): the interactive terminal UI over
// the store. Needs a terminal on both sides; anything else is told where the same answers are.

import { UserError } from '../../errors.js';
import { toolVersion } from '../../version.js';
import { useColor, type Io } from '../output.js';
import { openStoreTelling, storePathFrom, traceHintOptions } from './common.js';
import type { TuiValues } from './specs.js';
import { isoSeconds } from '../../trace/time.js';

/** The options as declared in specs.ts (tui, or from-event --tui). */
export type TuiOptions = Pick<TuiValues, 'eventId' | 'db' | 'gapDir' | 'awsIpRanges' | 'color'>;

function notATerminal(which: string, eventId: string | undefined): UserError {
  const id = eventId ?? '<eventId>';
  return new UserError(
    `The terminal UI needs an interactive terminal, and ${which} is not one.`,
    `For scripts and pipes use \`trail-trace from-event ${id} --format text|json\` or \`trail-trace report ${id}\`.`,
  );
}

export async function runTui(options: TuiOptions, io: Io): Promise<number> {
  const stdin = io.stdin ?? process.stdin;
  if (io.stdout.isTTY !== true) throw notATerminal('standard output', options.eventId);
  if (stdin.isTTY !== true) throw notATerminal('standard input', options.eventId);
  const store = await openStoreTelling(storePathFrom(options.db, io.env), io, { readOnly: true });
  try {
    // Ink draws only its last frame when CI is set (is-in-ci reads process.env as Ink loads);
    // both ends are a terminal here, so someone is looking. Hence also the late import.
    delete process.env.CI;
    delete process.env.CONTINUOUS_INTEGRATION;
    const { storeTuiData } = await import('../../app/tui-data.js');
    const { runTui: run } = await import('../../tui/run.js');
    const data = await storeTuiData(store, {
      traceOptions: traceHintOptions(options, io.env),
      reportDir: process.cwd(),
      toolVersion: toolVersion(),
      now: () => isoSeconds(Date.now()),
    });
    await run(data, { eventId: options.eventId, color: useColor(io.stdout, io.env, options.color), stdout: io.stdout, stdin });
    return 0;
  } finally {
    await store.close();
  }
}
