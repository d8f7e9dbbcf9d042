// `trail-trace from-event <eventId>`: who really made this event.

import { z } from 'zod';
import { UserError } from '../../errors.js';
import { renderJson } from '../../report/json.js';
import { renderText } from '../../report/text.js';
import { terminalSafe } from '../../report/sanitize.js';
import { openStore } from '../../store/store.js';
import { traceEventById } from '../../store/trace-event.js';
import { storeCoverage } from '../../store/trace-lookups.js';
import { useColor, type Io } from '../output.js';
import { ingestCommandFor, storePathFrom } from './common.js';

export const FromEventOptions = z.object({
  eventId: z.string().trim().min(1, 'an event id is required'),
  db: z.string().optional(),
  format: z.enum(['text', 'json']).default('text'),
  color: z.boolean().optional(),
});
export type FromEventOptions = z.infer<typeof FromEventOptions>;

export async function runFromEvent(options: FromEventOptions, io: Io): Promise<number> {
  const storePath = storePathFrom(options.db, io.env);
  const store = await openStore(storePath, { readOnly: true });
  try {
    const trace = await traceEventById(store, options.eventId, {
      ingestFilesCommand: ingestCommandFor(options.db, io.env),
      ingestS3Command: ingestCommandFor(options.db, io.env, 's3'),
      ingestAthenaCommand: ingestCommandFor(options.db, io.env, 'athena'),
      ingestLookupCommand: ingestCommandFor(options.db, io.env, 'lookup'),
    });
    if (!trace) {
      const cov = await storeCoverage(store);
      const holds = cov.events === 0
        ? 'which is empty'
        : `which holds ${cov.events.toLocaleString('en-US')} events from ${cov.accounts.length} account(s), ${cov.from} to ${cov.to}`;
      throw new UserError(
        `Event ${terminalSafe(options.eventId)} is not in the store ${storePath}, ${holds}.`,
        'Check the id (the record\'s eventID), or load the logs that hold it: trail-trace ingest files <folder>.',
      );
    }
    if (options.format === 'json') io.stdout.write(renderJson(trace));
    else io.stdout.write(renderText(trace, { color: useColor(io.stdout, io.env, options.color), width: io.stdout.columns }));
    return 0;
  } finally {
    await store.close();
  }
}
