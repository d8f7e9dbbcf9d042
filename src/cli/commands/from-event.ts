// `trail-trace from-event <eventId>`: who really made this event.

import { z } from 'zod';
import { renderJson } from '../../report/json.js';
import { renderText } from '../../report/text.js';
import { useColor, type Io } from '../output.js';
import { openStoreTelling, traceTyped, storePathFrom, traceHintOptions } from './common.js';

export const FromEventOptions = z.object({
  eventId: z.string().trim().min(1, 'an event id is required'),
  db: z.string().optional(),
  gapDir: z.string().min(1).optional(),
  awsIpRanges: z.string().min(1).optional(),
  format: z.enum(['text', 'json']).default('text'),
  color: z.boolean().optional(),
});
export type FromEventOptions = z.infer<typeof FromEventOptions>;

export async function runFromEvent(options: FromEventOptions, io: Io): Promise<number> {
  const storePath = storePathFrom(options.db, io.env);
  const store = await openStoreTelling(storePath, io, { readOnly: true });
  try {
    const trace = await traceTyped(store, storePath, options.eventId, traceHintOptions(options, io.env));
    if (options.format === 'json') io.stdout.write(renderJson(trace));
    else io.stdout.write(renderText(trace, { color: useColor(io.stdout, io.env, options.color), width: io.stdout.columns }));
    return 0;
  } finally {
    await store.close();
  }
}
