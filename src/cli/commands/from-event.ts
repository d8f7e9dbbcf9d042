// `trail-trace from-event <eventId>`: who really made this event.

import { renderJson } from '../../report/json.js';
import { renderText } from '../../report/text.js';
import { useColor, type Io } from '../output.js';
import { textOption } from '../options.js';
import { UserError } from '../../errors.js';
import { openStoreTelling, traceTyped, storePathFrom, traceHintOptions } from './common.js';

export interface FromEventOptions {
  eventId: string;
  db?: string | undefined;
  gapDir?: string | undefined;
  awsIpRanges?: string | undefined;
  format: 'text' | 'json';
  color?: boolean | undefined;
}

/**
 * The options as commander gives them (it has checked --format's choices), checked here without
 * zod: a trace's start-up is most of its time, and loading zod was a seventh of it.
 */
export function fromEventOptions(raw: Record<string, unknown>): FromEventOptions {
  const format = raw.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UserError(`--format: expected "text" or "json"`);
  return {
    eventId: textOption(raw.eventId, '<eventId>', { required: true, trim: true, emptyMessage: 'an event id is required' })!,
    // As every command: an empty --db means the default store.
    db: typeof raw.db === 'string' ? raw.db : undefined,
    gapDir: textOption(raw.gapDir, '--gap-dir'),
    awsIpRanges: textOption(raw.awsIpRanges, '--aws-ip-ranges'),
    format,
    color: typeof raw.color === 'boolean' ? raw.color : undefined,
  };
}

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
