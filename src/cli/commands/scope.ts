// `trail-trace scope <start>`: everything a credential minted, did and changed, and how to evict it.

import { EXIT, UserError } from '../../errors.js';
import { scopeFetching, scopeInStore, type ScopeWindow } from '../../app/scope.js';
import { shellWord } from '../../text/shell.js';
import type { Fetcher } from '../../app/fetch.js';
import type { Store } from '../../store/store.js';
import type { Scope } from '../../trace/scope-model.js';
import { isoSeconds } from '../../trace/time.js';
import { renderScopeJson } from '../../report/scope-json.js';
import { renderScopeText } from '../../report/scope-text.js';
import { ScopeStartNotFound } from '../../trace/scope-build.js';
import { terminalSafe } from '../../text/sanitize.js';
import { useColor, type Io } from '../output.js';
import { openStoreTelling, storePathFrom, timeWindow, traceHintOptions, traceTyped } from './common.js';
import type { ScopeValues } from './specs.js';

/** --fetch fetches over the window the user names: a scope's calls run as long as its credentials live. */
function fetchWindow(options: ScopeValues, window: ScopeWindow): Required<ScopeWindow> {
  if (!window.from) {
    throw new UserError(
      'scope --fetch needs --from: the calls of each credential are fetched from then to --to (default: now).',
      `Give the window to look in, e.g. trail-trace scope ${shellWord(options.start)} --fetch --from 2026-03-09 --to 2026-03-11 (a day before the first sign of the incident to now is a good start).`,
    );
  }
  return { from: window.from, to: window.to ?? new Date() };
}

/** The scope made with a Fetcher, what was not fetched in its warnings. */
async function scopedWithFetch(options: ScopeValues, span: Required<ScopeWindow>, io: Io, storePath: string, work: (fetcher: Fetcher) => Promise<Scope>, store: Store): Promise<Scope> {
  const { noteUnfetched, withFetch } = await import('./fetch-setup.js');
  const goOn = `trail-trace scope ${shellWord(options.start)}${options.account ? ` --account ${options.account}` : ''} --from ${isoSeconds(span.from.getTime())} --to ${isoSeconds(span.to.getTime())}${options.db ? ` --db ${shellWord(storePath)}` : ''}`;
  return withFetch(store, options, io, 'scope --fetch', async (fetcher) => {
    const scope = await work(fetcher!);
    noteUnfetched(scope, fetcher, goOn);
    return scope;
  }, false);
}

export async function runScope(options: ScopeValues, io: Io): Promise<number> {
  const window = timeWindow(options.from || undefined, options.to || undefined);
  if (options.account && !options.fetch) throw new UserError('--account says where to fetch the calls from, and works only with --fetch.', 'Add --fetch, or leave it out to scope the store as it is.');
  const span = options.fetch ? fetchWindow(options, window) : null;
  const storePath = storePathFrom(options.db, io.env);
  // Fetched logs are stored: --fetch writes to the store.
  const store = await openStoreTelling(storePath, io, { readOnly: !options.fetch });
  try {
    const hints = traceHintOptions(options, io.env);
    const findingOptions = hints.ipRanges ? { ipRanges: hints.ipRanges } : {};
    const notFound = (error: unknown): never => {
      if (error instanceof ScopeStartNotFound) {
        throw new UserError(
          `Nothing to scope from ${terminalSafe(options.start)} in the store ${storePath}${span ? ', and the sources returned none of its calls' : ''}: ${terminalSafe(error.message)}.`,
          span
            ? 'Check the key, ARN or event id and the --from/--to window; give --account when the start is a key or ARN of a known account.'
            : 'Check the key, ARN or event id, widen --from/--to, or load the logs that hold its calls (trail-trace ingest …), or fetch them: --fetch --from … (trail-trace source --help).',
          EXIT.notFound,
        );
      }
      throw error;
    };
    const scope = span
      ? await scopedWithFetch(options, span, io, storePath, async (fetcher) => {
        const traceEvent = (eventId: string) => traceTyped(store, storePath, eventId, { ...hints, fetcher, find: options.account ? { account: options.account } : {} });
        return scopeFetching(store, options.start, span, traceEvent, findingOptions, { fetcher, accounts: options.account ? [options.account] : null }).catch(notFound);
      }, store)
      : await scopeInStore(store, options.start, window, (eventId) => traceTyped(store, storePath, eventId, hints), findingOptions).catch(notFound);
    if (options.format === 'json') io.stdout.write(renderScopeJson(scope));
    else io.stdout.write(renderScopeText(scope, { color: useColor(io.stdout, io.env, options.color), width: io.stdout.columns }));
    return 0;
  } finally {
    await store.close();
  }
}
