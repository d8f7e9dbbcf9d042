// `trail-trace report <eventId> [-o incident.md]`: the markdown incident report.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic, type TextWriter } from '../../atomic-write.js';
import { EXIT, UserError } from '../../errors.js';
import { renderMarkdown } from '../../report/markdown/index.js';
import { incidentOf } from '../../store/report-data.js';
import { scopeOfTrace } from '../../app/scope.js';
import { collapseCopies } from '../../trace/activity.js';
import { toolVersion } from '../../version.js';
import type { Io } from '../output.js';
import type { ReportValues } from './specs.js';
import { openStoreTelling, traceTyped, storePathFrom, traceHintOptions } from './common.js';
import { isoSeconds } from '../../trace/time.js';


/** The options as declared in specs.ts (read and checked there; --timeline-limit here, by timelineLimitOf). */
export type ReportOptions = ReportValues;

/**
 * When the report was made: now, or SOURCE_DATE_EPOCH (seconds, the reproducible-builds
 * convention) so the same store gives the same bytes in tests and archived runs.
 */
export function reportTime(env: NodeJS.ProcessEnv, now = new Date()): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return isoSeconds(now);
  if (!/^\d+$/.test(epoch)) throw new UserError(`SOURCE_DATE_EPOCH=${epoch} is not a number of seconds.`, 'Unset it, or set it to seconds since 1970, e.g. 1773000000.');
  return isoSeconds(Number(epoch) * 1000);
}

const FOLDER_HINT = (folder: string) => `Give a file name with -o, e.g. -o ${path.join(folder, 'incident.md')}.`;

/**
 * The file -o names, resolved; a user error when it names a folder (an existing one, or any path
 * ending in a separator), which is said before anything about overwriting.
 */
export function reportFile(output: string): string {
  const file = path.resolve(output);
  if (existsSync(file) && statSync(file).isDirectory()) throw new UserError(`${file} is a folder; the report was not written.`, FOLDER_HINT(file));
  if (output.endsWith('/') || output.endsWith(path.sep)) throw new UserError(`${output} names a folder (it ends with ${output.at(-1)}); the report was not written.`, FOLDER_HINT(file));
  return file;
}

/**
 * Writes the report to `file` whole or not at all (src/atomic-write.ts), never over an existing
 * file unless `force`: a full disk or a kill leaves no truncated report, and a good one is kept.
 */
export function writeReport(file: string, markdown: string, force: boolean, write?: TextWriter): void {
  try {
    writeFileAtomic(file, markdown, force, write);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UserError(`${file} already exists; the report was not written.`, 'Pass --force to replace it, or choose another name with -o.');
    if (code === 'ENOENT') throw new UserError(`Cannot write ${file}: the folder ${path.dirname(file)} does not exist.`, 'Create it first, or choose another path with -o.');
    if (code === 'EISDIR') throw new UserError(`${file} is a folder; the report was not written.`, FOLDER_HINT(file));
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new UserError(`Cannot write ${file}: ${code === 'EROFS' ? 'the file system is read-only' : 'permission denied'}.`, 'Choose a path you can write with -o.', EXIT.unreadable);
    if (code === 'ENOSPC' || code === 'EDQUOT') throw new UserError(`Cannot write ${file}: the disk is full; nothing was written${force ? ' and the existing file is unchanged' : ''}.`, 'Free some space, or choose another disk with -o.', EXIT.unreadable);
    throw err;
  }
}

export async function runReport(options: ReportOptions, io: Io): Promise<number> {
  const file = options.output === undefined || options.output === '-' ? null : reportFile(options.output);
  const storePath = storePathFrom(options.db, io.env);
  const generatedAt = reportTime(io.env);
  // Fetched logs are stored: --fetch writes to the store.
  const store = await openStoreTelling(storePath, io, { readOnly: !options.fetch });
  let markdown: string;
  let done: string;
  try {
    const hints = traceHintOptions(options, io.env);
    const fetched = options.fetch
      ? await (await import('./fetch-setup.js')).tracedWithFetch(store, storePath, options, io, hints, 'report')
      : null;
    const trace = fetched?.trace ?? await traceTyped(store, storePath, options.eventId, hints);
    const incident = await incidentOf(store, trace, { toolVersion: toolVersion(), generatedAt });
    // With --fetch, the Evidence lists the questions this trace asked (or found answered before), not every question the store was ever asked.
    if (fetched) incident.fetched = fetched.asked;
    if (options.scope && options.fetch) {
      // A scope walks everything the origin's credentials did; --fetch brought only what the trace asked.
      const times = [trace.target.eventTime, trace.origin?.event?.eventTime, ...trace.hops.map((h) => h.issuedBy?.eventTime)].filter((t): t is string => !!t).sort();
      const day = (iso: string, plus: number) => new Date(Date.parse(iso.slice(0, 10)) + plus * 86_400_000).toISOString().slice(0, 10);
      const commands = await (await import('./fetch-setup.js')).windowCommands(store, day(times[0]!, 0), day(times.at(-1)!, 1), options.db ? storePath : undefined);
      incident.scope = {
        unavailable: 'the store holds only the records --fetch brought for this trace, and a scope needs every call of the window: ' +
          `load the window (${commands.length ? commands.join('; or ') : 'trail-trace ingest athena|s3|lookup … --from … --to …'}), then make the report again without --fetch ` +
          '(or make the scope alone with trail-trace scope EVENT-ID --fetch --from …)',
      };
    } else if (options.scope) incident.scope = await scopeOfTrace(store, trace, hints.ipRanges ? { ipRanges: hints.ipRanges } : {});
    markdown = renderMarkdown(incident, { timelineLimit: options.full ? null : options.timelineLimit });
    const calls = collapseCopies(incident.activity).length;
    done = `${trace.status} chain, ${trace.hops.length === 1 ? '1 hop' : `${trace.hops.length} hops`}, ${calls.toLocaleString('en-US')} ${calls === 1 ? 'call' : 'calls'} in the timeline`;
  } finally {
    await store.close();
  }
  if (file === null) {
    io.stdout.write(markdown);
    return 0;
  }
  writeReport(file, markdown, options.force);
  io.stderr.write(`Report written to ${file} (${done}).\n`);
  return 0;
}
