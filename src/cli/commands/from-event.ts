// `trail-trace from-event <eventId>`: who really made this event.

import { renderJson } from '../../report/json.js';
import { renderText } from '../../report/text.js';
import { useColor, type Io } from '../output.js';
import { openStoreTelling, traceTyped, storePathFrom, traceHintOptions } from './common.js';
import type { FromEventValues } from './specs.js';

/** The options as declared in specs.ts (read and checked there). */
export type FromEventOptions = FromEventValues;

export async function runFromEvent(options: FromEventOptions, io: Io): Promise<number> {
  const storePath = storePathFrom(options.db, io.env);
  // Fetched logs are stored: --fetch writes to the store.
  const store = await openStoreTelling(storePath, io, { readOnly: !options.fetch });
  try {
    const hints = traceHintOptions(options, io.env);
    const trace = await (options.fetch
      ? (await import('./fetch-setup.js')).tracedWithFetch(store, storePath, options, io, hints, 'from-event').then((r) => r.trace)
      : traceTyped(store, storePath, options.eventId, hints));
    if (options.format === 'json') io.stdout.write(renderJson(trace));
    else io.stdout.write(renderText(trace, { color: useColor(io.stdout, io.env, options.color), width: io.stdout.columns }));
    return 0;
  } finally {
    await store.close();
  }
}
