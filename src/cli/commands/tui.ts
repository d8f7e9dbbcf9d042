// `trail-trace tui [eventId]` (and `from-event <eventId> --tui`): the interactive terminal UI over
// the store. Needs a terminal on both sides; anything else is told where the same answers are.
// The UI holds the store only while it reads (src/store/lease.ts), so an ingest can run beside it;
// with --fetch, f on a chain fetches what it lacks, as `from-event --fetch` does.

import { EXIT, UserError } from '../../errors.js';
import { toolVersion } from '../../version.js';
import { useColor, type Io } from '../output.js';
import { openStoreTelling, resolveTyped, storePathFrom, traceHintOptions } from './common.js';
import type { TuiValues } from './specs.js';
import { isoSeconds } from '../../trace/time.js';
import { shellWord } from '../../text/shell.js';
import type { Store } from '../../store/store.js';
import type { FetchedTrace } from '../../tui/data.js';
import type { MfaPrompt } from '../../aws/config.js';
import type { TraceByIdOptions } from '../../app/trace-event.js';

/** The options as declared in specs.ts (tui, or from-event --tui). */
export type TuiOptions = Pick<
  TuiValues,
  'eventId' | 'db' | 'gapDir' | 'awsIpRanges' | 'color' | 'fetch' | 'maxScan' | 'maxObjects' | 'maxRequests' | 'account' | 'region' | 'day'
>;

function notATerminal(which: string, eventId: string | undefined): UserError {
  const id = eventId ?? '<eventId>';
  return new UserError(
    `The terminal UI needs an interactive terminal, and ${which} is not one.`,
    `For scripts and pipes use \`trail-trace from-event ${id} --format text|json\` or \`trail-trace report ${id}\`.`,
  );
}

/** How long quitting waits for a stopped fetch to end before the process goes without it. */
const QUIT_GRACE_MS = 3000;

/** The UI owns the terminal's input: a profile that needs an MFA code is told where it can be typed. */
function noMfaHere(eventId: string): MfaPrompt {
  return async (serial) => {
    throw new UserError(
      `The source's profile needs an MFA code for ${serial}, which the terminal UI cannot ask for.`,
      `Fetch once in a shell, where it can: trail-trace from-event ${shellWord(eventId)} --fetch (or export temporary credentials first).`,
      EXIT.aws,
    );
  };
}

/** The trace of `eventId` with fetching, as `from-event --fetch` makes it, for f in the UI. */
function fetchTraceWith(options: TuiOptions, io: Io, storePath: string, hints: TraceByIdOptions) {
  return async (store: Store, eventId: string, onLine: (line: string) => void, signal: AbortSignal, where: { day?: string }): Promise<FetchedTrace> => {
    const { fetchingWith, findFrom, goOnCommand, traceFetching } = await import('./fetch-setup.js');
    const run = { env: io.env, command: 'tui --fetch', onLine, signal, mfaPrompt: noMfaHere(eventId) };
    const goOn = goOnCommand('from-event', eventId, options.db, storePath);
    // --account, --region and --day say where the event the UI was opened on is; for another, the day typed at f.
    const find = where.day ? { day: where.day } : eventId === options.eventId ? findFrom(options) : {};
    try {
      let unfetched = 0;
      let cost = '';
      const result = await fetchingWith(store, options, run, async (fetcher) => {
        const traced = await traceFetching(store, storePath, eventId, hints, fetcher, find, goOn);
        unfetched = traced.unfetched;
        return traced.trace;
      }, (line) => (cost = line));
      const left = unfetched > 0 ? ` ${unfetched} thing${unfetched === 1 ? '' : 's'} not fetched: r writes the report, which says what.` : '';
      return { trace: result, cost: `${signal.aborted ? 'Stopped (what was fetched is stored; f goes on). ' : ''}${cost}.${left}` };
    } catch (err) {
      if (signal.aborted) throw new UserError('Stopped: the fetch was interrupted.', 'What was fetched is stored; f goes on.', EXIT.interrupted);
      throw err;
    }
  };
}

export async function runTui(options: TuiOptions, io: Io): Promise<number> {
  const stdin = io.stdin ?? process.stdin;
  if (io.stdout.isTTY !== true) throw notATerminal('standard output', options.eventId);
  if (stdin.isTTY !== true) throw notATerminal('standard input', options.eventId);
  const storePath = storePathFrom(options.db, io.env);
  // Opened once before the screen is taken: a missing store, a wrong file or a log replayed is said
  // here, on stderr. With --fetch, a store that cannot be written is said now, not at the first f.
  // The event named may be a unique prefix of an eventID, as from-event takes it: resolved here.
  let eventId = options.eventId;
  const opened = await openStoreTelling(storePath, io, { readOnly: !options.fetch });
  try {
    if (eventId !== undefined) {
      const resolved = await resolveTyped(opened, eventId);
      if ('eventId' in resolved) eventId = resolved.eventId;
    }
  } finally {
    await opened.close();
  }
  // Ink draws only its last frame when CI is set (is-in-ci reads process.env as Ink loads);
  // both ends are a terminal here, so someone is looking. Hence also the late imports.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  const { prepareTuiSession, storeTuiData, storeWaitNotices } = await import('../../app/tui-data.js');
  const { StoreLease } = await import('../../store/lease.js');
  const { runTui: run } = await import('../../tui/run.js');
  const waits = storeWaitNotices();
  const lease = new StoreLease(storePath, { prepare: prepareTuiSession, onWait: waits.notify });
  try {
    const hints = traceHintOptions(options, io.env);
    const data = storeTuiData(lease, {
      traceOptions: hints,
      reportDir: process.cwd(),
      toolVersion: toolVersion(),
      now: () => isoSeconds(Date.now()),
      watchStore: waits.watch,
      ...(options.fetch ? { fetchTrace: fetchTraceWith(options, io, storePath, hints) } : {}),
    });
    await run(data, { eventId, fetchFirst: options.fetch, color: useColor(io.stdout, io.env, options.color), stdout: io.stdout, stdin });
    return 0;
  } finally {
    // A fetch running at quit was stopped; it ends at its next look (a request to AWS that never
    // answers would keep it). The user has quit: after a few seconds, the process goes anyway
    // (what was stored is committed; DuckDB's log keeps the rest consistent).
    const closed = lease.close().then(() => true);
    const late = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), QUIT_GRACE_MS).unref());
    if (!(await Promise.race([closed, late]))) process.exit(0);
  }
}
