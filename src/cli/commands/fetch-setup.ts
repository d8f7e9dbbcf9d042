// --fetch for the tracing commands: the sources the store keeps, opened with their own profiles,
// a Fetcher within the budget the user gave, progress on stderr, Ctrl-C that stops (and cancels a
// running Athena query), and what was not fetched said in the trace.

import { Fetcher, costText, type FetchBudget } from '../../app/fetch.js';
import type { EventWhereabouts, TraceByIdOptions } from '../../app/trace-event.js';
import { sizeOption, traceTyped } from './common.js';
import { terminalMfaPrompt, type MfaPrompt } from '../../aws/config.js';
import { EXIT, UserError } from '../../errors.js';
import { kindOfStored } from '../../sources/kinds.js';
import type { OpenedSource } from '../../sources/registry.js';
import { listSources } from '../../store/sources.js';
import type { Store } from '../../store/store.js';
import { terminalSafe } from '../../text/sanitize.js';
import type { Trace } from '../../trace/model.js';
import type { FetchedQuestionView } from '../../trace/incident.js';
import type { Io } from '../output.js';
import { shellWord } from '../../text/shell.js';

export interface FetchCliOptions {
  fetch?: boolean;
  maxScan: string;
  maxObjects: number;
  maxRequests: number;
  account?: string | undefined;
  region?: string | undefined;
  day?: string | undefined;
}

function budgetFrom(o: FetchCliOptions): FetchBudget {
  return { maxScanBytes: sizeOption(o.maxScan, '--max-scan', Infinity, 0), maxObjects: o.maxObjects, maxRequests: o.maxRequests };
}

export function findFrom(o: FetchCliOptions): EventWhereabouts {
  return { ...(o.account ? { account: o.account } : {}), ...(o.region ? { region: o.region } : {}), ...(o.day ? { day: o.day } : {}) };
}

/** Where a fetch runs: the environment, how it says what it does, what stops it, who asks for an MFA code. */
export interface FetchRun {
  env: NodeJS.ProcessEnv;
  /** The command, as the sources' errors name it. */
  command: string;
  onLine: (text: string) => void;
  signal: AbortSignal;
  mfaPrompt: MfaPrompt;
}

/** Opens the store's sources; a source that cannot be opened (a profile gone) stops the command. */
async function openSources(store: Store, run: Pick<FetchRun, 'env' | 'mfaPrompt' | 'command'>): Promise<OpenedSource[]> {
  const stored = await listSources(store);
  if (stored.length === 0) {
    throw new UserError(
      `--fetch needs a source to fetch from, and the store ${store.path} keeps none.`,
      'Add one: trail-trace source add athena --database DB --table TABLE --region REGION (or source add s3 s3://BUCKET, source add lookup --profile P, source add files FOLDER). `trail-trace source --help` says more.',
      EXIT.usage,
    );
  }
  const opened: OpenedSource[] = [];
  try {
    for (const s of stored) {
      const usable = kindOfStored(s);
      if (!usable) {
        throw new UserError(`The source ${terminalSafe(s.name)} (${terminalSafe(s.kind)}) is not one this version of trail-trace can use.`, `Remove it (trail-trace source remove ${shellWord(s.name)}) and add it again.`, EXIT.usage);
      }
      opened.push(await usable.kind.open(s.name, usable.settings, { env: run.env, mfaPrompt: run.mfaPrompt, command: run.command }));
    }
  } catch (err) {
    for (const o of opened) o.close();
    throw err;
  }
  return opened;
}

/**
 * Runs `work` with a Fetcher over the store's sources, within the budget the options give, and
 * says in one line what fetching cost (`onCost`), whether the work ends well or not. The caller
 * says where progress goes and what stops it (a signal: Ctrl-C in a shell, Esc in the terminal UI).
 */
export async function fetchingWith<T>(
  store: Store, options: FetchCliOptions, run: FetchRun, work: (fetcher: Fetcher) => Promise<T>, onCost: (line: string) => void, takeTurns = true,
): Promise<T> {
  const budget = budgetFrom(options);
  const sources = await openSources(store, run);
  // A trace holds no session state in the store: a reader waiting for it is let in between two
  // questions. A scope does (a temporary macro): it keeps the store throughout.
  const fetcher = new Fetcher(store, sources, { budget, signal: run.signal, onLine: run.onLine, takeTurns });
  try {
    return await work(fetcher);
  } finally {
    for (const o of sources) o.close();
    onCost(`fetched: ${fetcher.questions} question${fetcher.questions === 1 ? '' : 's'} asked of ${sources.length} source${sources.length === 1 ? '' : 's'}; ${costText(fetcher.spent())}`);
  }
}

/**
 * Runs `work` with a Fetcher when --fetch was given (undefined otherwise), then says on stderr
 * what fetching cost, and adds to the trace what was not fetched and how to go on.
 */
export async function withFetch<T>(
  store: Store, options: FetchCliOptions, io: Io, command: string, work: (fetcher: Fetcher | undefined) => Promise<T>, takeTurns = true,
): Promise<T> {
  if (!options.fetch) return work(undefined);
  const abort = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    abort.abort();
    io.stderr.write('\nStopping the fetch (a running Athena query is cancelled); Ctrl-C again to quit now…\n');
  };
  process.on('SIGINT', onSigint);
  const interrupted = () => new UserError('Stopped: the fetch was interrupted.', 'What was fetched is stored; run the same command again to go on.', EXIT.interrupted);
  const run: FetchRun = { env: io.env, command, onLine: (text) => io.stderr.write(`${text}\n`), signal: abort.signal, mfaPrompt: terminalMfaPrompt() };
  try {
    let result: T;
    try {
      result = await fetchingWith(store, options, run, work, (cost) => io.stderr.write(`${cost}\n`), takeTurns);
    } catch (err) {
      // "Not in the store" after a stopped search is the stop, not an answer.
      if (abort.signal.aborted && !(err instanceof UserError && err.exitCode === EXIT.interrupted)) throw interrupted();
      throw err;
    }
    if (abort.signal.aborted) throw interrupted();
    return result;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** What was not fetched, in the trace's warnings: the budget that stopped it and the command to go on. Returns how many were added. */
export function noteUnfetched(trace: Pick<Trace, 'warnings'> & Partial<Pick<Trace, 'findings'>>, fetcher: Fetcher | undefined, goOn: string): number {
  if (!fetcher) return 0;
  // How far fetching looked, where that bounds the answer (not counted as "not fetched").
  for (const note of fetcher.notes) trace.warnings.push(`fetched: ${note}`);
  if (fetcher.questions > 0 && trace.findings?.length) {
    trace.warnings.push(
      'fetched: the findings judge the credentials\' use against what the store holds, which with --fetch is the windows fetched for this trace: a workload\'s usual addresses and clients are those of that window, not of weeks of history',
    );
  }
  const before = trace.warnings.length;
  if (fetcher.stopped.length) {
    trace.warnings.push(
      `not fetched, the budget being spent: ${fetcher.stopped.join('; ')}. To go on with a larger budget: ${goOn} --fetch --max-scan SIZE --max-objects N --max-requests N`,
    );
  }
  for (const what of fetcher.unasked) trace.warnings.push(`not fetched, no source can answer the question: ${what}`);
  for (const what of fetcher.unread) trace.warnings.push(`fetched, but not all of it could be stored: ${what}`);
  for (const [source, why] of fetcher.failures) trace.warnings.push(`the source ${source} could not answer, and was not asked again: ${why}`);
  return trace.warnings.length - before;
}

/** The command that traces `eventId` again on the same store, for "to go on" advice (--fetch and the budget are added to it). */
export function goOnCommand(command: 'from-event' | 'report', eventId: string, db: string | undefined, storePath: string): string {
  return `trail-trace ${command} ${shellWord(eventId)}${db ? ` --db ${shellWord(storePath)}` : ''}`;
}

/** The trace of `eventId` with a Fetcher, what was not fetched in its warnings; how many such warnings. */
export async function traceFetching(
  store: Store, storePath: string, eventId: string, hints: TraceByIdOptions, fetcher: Fetcher, find: EventWhereabouts, goOn: string,
): Promise<{ trace: Trace; unfetched: number }> {
  const trace = await traceTyped(store, storePath, eventId, { ...hints, fetcher, find });
  return { trace, unfetched: noteUnfetched(trace, fetcher, goOn) };
}

/** The trace of the event the user typed, fetching what the store lacks (--fetch). */
export async function tracedWithFetch(
  store: Store, storePath: string, options: FetchCliOptions & { eventId: string; db?: string | undefined }, io: Io, hints: TraceByIdOptions, command: 'from-event' | 'report',
): Promise<{ trace: Trace; asked: FetchedQuestionView[] }> {
  return withFetch(store, options, io, `${command} --fetch`, async (fetcher) => {
    const { trace } = await traceFetching(store, storePath, options.eventId, hints, fetcher!, findFrom(options), goOnCommand(command, options.eventId, options.db, storePath));
    return { trace, asked: fetcher!.asked };
  });
}

/** The commands that load a whole window from each source the store keeps (`ingest …`), with --db when given. */
export async function windowCommands(store: Store, from: string, to: string, db: string | undefined): Promise<string[]> {
  const { windowCommandFor } = await import('./source.js');
  const out: string[] = [];
  for (const s of await listSources(store)) {
    const usable = kindOfStored(s);
    if (usable) out.push(windowCommandFor(usable.kind, usable.settings, from, to, db));
  }
  return out;
}
