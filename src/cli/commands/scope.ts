// `trail-trace scope <start>`: everything a credential minted, did and changed, and how to evict it.

import { EXIT, UserError } from '../../errors.js';
import { scopeInStore } from '../../app/scope.js';
import { renderScopeJson } from '../../report/scope-json.js';
import { renderScopeText } from '../../report/scope-text.js';
import { ScopeStartNotFound } from '../../trace/scope-build.js';
import { terminalSafe } from '../../text/sanitize.js';
import { useColor, type Io } from '../output.js';
import { openStoreTelling, storePathFrom, timeWindow, traceHintOptions, traceTyped } from './common.js';
import type { ScopeValues } from './specs.js';

export async function runScope(options: ScopeValues, io: Io): Promise<number> {
  const window = timeWindow(options.from || undefined, options.to || undefined);
  const storePath = storePathFrom(options.db, io.env);
  const store = await openStoreTelling(storePath, io, { readOnly: true });
  try {
    const hints = traceHintOptions(options, io.env);
    const findingOptions = hints.ipRanges ? { ipRanges: hints.ipRanges } : {};
    const scope = await scopeInStore(store, options.start, window, (eventId) => traceTyped(store, storePath, eventId, hints), findingOptions).catch((error: unknown) => {
      if (error instanceof ScopeStartNotFound) {
        throw new UserError(
          `Nothing to scope from ${terminalSafe(options.start)} in the store ${storePath}: ${terminalSafe(error.message)}.`,
          'Check the key, ARN or event id, widen --from/--to, or load the logs that hold its calls (trail-trace ingest …).',
          EXIT.notFound,
        );
      }
      throw error;
    });
    if (options.format === 'json') io.stdout.write(renderScopeJson(scope));
    else io.stdout.write(renderScopeText(scope, { color: useColor(io.stdout, io.env, options.color), width: io.stdout.columns }));
    return 0;
  } finally {
    await store.close();
  }
}
