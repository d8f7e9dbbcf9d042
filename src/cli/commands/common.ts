// Options several commands share.

import { sizeText } from '../options.js';

import { readFileSync } from 'node:fs';
import bytes from 'bytes';
import { EXIT, UserError } from '../../errors.js';
import { terminalSafe } from '../../text/sanitize.js';
import { openStore, resolveStorePath, type OpenOptions, type Store } from '../../store/store.js';
import type { Io } from '../output.js';
import { traceEventById, type TraceByIdOptions } from '../../app/trace-event.js';
import { resolveEventId } from '../../store/events.js';
import type { Trace } from '../../trace/model.js';
import { storeCoverage } from '../../store/trace-lookups.js';
import { shellWord } from '../../text/shell.js';
import { awsIpRanges, type AwsIpRanges } from '../../trace/ip-ranges.js';
import { CEILING_LIMITS, DEFAULT_LIMITS, type JsonLimits } from '../../ingest/json-scan.js';
import { ACCOUNT_ID, REGION_NAME } from '../options.js';


export function storePathFrom(db: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolveStorePath(db, env);
}



/** The trace options every tracing command shares: where gap downloads go, AWS's address ranges. */
export interface TraceCliOptions {
  db?: string | undefined;
  gapDir?: string | undefined;
  awsIpRanges?: string | undefined;
}

/** AWS's ip-ranges.json from --aws-ip-ranges or TRAIL_TRACE_AWS_IP_RANGES, read and checked; none when neither is set. */
export function readIpRanges(file: string | undefined, env: NodeJS.ProcessEnv): AwsIpRanges | undefined {
  const chosen = file ?? (env.TRAIL_TRACE_AWS_IP_RANGES || undefined);
  if (!chosen) return undefined;
  const how = file ? '--aws-ip-ranges' : 'TRAIL_TRACE_AWS_IP_RANGES';
  let text: string;
  try {
    text = readFileSync(chosen, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      `Cannot read ${terminalSafe(chosen)} (${how}): ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code ?? 'unreadable'}.`,
      'Download it once with `curl -o ip-ranges.json https://ip-ranges.amazonaws.com/ip-ranges.json` and pass that file (trail-trace never fetches it).',
      EXIT.unreadable,
    );
  }
  try {
    return awsIpRanges(JSON.parse(text));
  } catch (err) {
    throw new UserError(
      `${terminalSafe(chosen)} (${how}) is not AWS's ip-ranges.json: ${terminalSafe((err as Error).message)}.`,
      'Pass the file published at https://ip-ranges.amazonaws.com/ip-ranges.json, as downloaded.',
      EXIT.unreadable,
    );
  }
}

/**
 * How a trace's gap hints should spell the ingest commands, so they load into the same store, and
 * where their downloads go (--gap-dir, else TRAIL_TRACE_GAP_DIR, else the current folder); and
 * AWS's address ranges when given (--aws-ip-ranges, else TRAIL_TRACE_AWS_IP_RANGES).
 */
export function traceHintOptions(options: TraceCliOptions, env: NodeJS.ProcessEnv): TraceByIdOptions {
  const { db } = options;
  const dir = options.gapDir ?? (env.TRAIL_TRACE_GAP_DIR || undefined);
  const ipRanges = readIpRanges(options.awsIpRanges, env);
  return {
    ...(dir ? { gapDir: dir } : {}),
    ...(ipRanges ? { ipRanges } : {}),
    ingestCommand: (kind) => ingestCommandFor(db, env, kind),
  };
}

/** The error for an event id the store does not hold, saying what the store does hold. */
export async function eventNotInStore(store: Store, storePath: string, eventId: string, fetched = false, stoppedByBudget: string[] = []): Promise<UserError> {
  const cov = await storeCoverage(store);
  const holds = cov.events === 0
    ? 'which is empty'
    : `which holds ${cov.events.toLocaleString('en-US')} events from ${cov.accounts.length} account(s), ${cov.from} to ${cov.to}`;
  if (stoppedByBudget.length) {
    return new UserError(
      `Event ${terminalSafe(eventId)} is not in the store ${storePath}, ${holds}: the fetch budget stopped the search for it (${terminalSafe(stoppedByBudget.join('; '))}).`,
      'Run it again with a larger --max-scan, --max-objects or --max-requests, or narrow the search with --account, --region and --day.',
      EXIT.notFound,
    );
  }
  if (fetched) {
    return new UserError(
      `Event ${terminalSafe(eventId)} is not in the store ${storePath}, ${holds}, and the sources did not return it.`,
      'Check the id (the record\'s eventID). Athena and S3 are searched only on the day you name: give --day YYYY-MM-DD (and --account, --region when known). Event history reaches back 90 days and holds no data events.',
      EXIT.notFound,
    );
  }
  return new UserError(
    `Event ${terminalSafe(eventId)} is not in the store ${storePath}, ${holds}.`,
    'Check the id (the record\'s eventID), or load the logs that hold it: trail-trace ingest files <folder>, or fetch it from where the logs live: --fetch (trail-trace source --help).',
    EXIT.notFound,
  );
}

/** How hints should spell an ingest command so it targets the same store. */
export function ingestCommandFor(db: string | undefined, env: NodeJS.ProcessEnv, kind = 'files'): string {
  if (db) return `trail-trace ingest ${kind} --db ${shellWord(storePathFrom(db, env))}`;
  return `trail-trace ingest ${kind}`;
}


const RELATIVE = /^(\d+)\s*([mhd])$/;

/** A time option: an ISO date or date-time (UTC unless it says otherwise), or "36h" / "7d" / "90m" ago. */
export function parseTimeOption(text: string, name: string, now = new Date()): Date {
  const t = text.trim();
  const rel = RELATIVE.exec(t);
  if (rel) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2] as 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(rel[1]) * unit);
  }
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(t) ? `${t}Z` : t;
  const d = new Date(iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(t) || Number.isNaN(d.getTime())) {
    throw new UserError(`${name} ${text} is not a time.`, `Use an ISO date or time (2026-03-09, 2026-03-09T14:00Z) or an age such as 36h or 7d.`);
  }
  return d;
}

/** The --from / --to window, checked. */
export function timeWindow(from: string | undefined, to: string | undefined, now = new Date()): { from?: Date; to?: Date } {
  const f = from ? parseTimeOption(from, '--from', now) : undefined;
  const t = to ? parseTimeOption(to, '--to', now) : undefined;
  if (f && t && f > t) throw new UserError(`--from ${from} is after --to ${to}.`, 'Swap them: --from is the start of the window.');
  return { ...(f ? { from: f } : {}), ...(t ? { to: t } : {}) };
}

/** CloudTrail began delivering logs in November 2013: no trail holds anything older. */
const CLOUDTRAIL_START = Date.parse('2013-11-01T00:00:00Z');
const DAY_MS = 86_400_000;

/**
 * A window of trail files checked for sense before anything is listed: nothing before CloudTrail
 * existed, nothing past tomorrow. (Folders are listed per day: `--from 0001-01-01 --to 9999-12-31`
 * would plan three million days.)
 */
export function trailWindow(window: { from?: Date; to?: Date }, now = new Date()): { from?: Date; to?: Date } {
  const fix = 'Give the days of the incident, e.g. --from 2026-03-08 --to 2026-03-10, or an age such as --from 3d.';
  if (window.from && window.from.getTime() < CLOUDTRAIL_START) {
    throw new UserError(`--from ${window.from.toISOString().slice(0, 10)} is before CloudTrail existed (November 2013): no trail holds such logs.`, fix);
  }
  if (window.to && window.to.getTime() > now.getTime() + DAY_MS) {
    throw new UserError(`--to ${window.to.toISOString().slice(0, 10)} is in the future: no trail holds such logs yet.`, fix);
  }
  return window;
}

/** --accounts: 12-digit account ids, checked. */
export function accountsOption(value: string | undefined): string[] | undefined {
  const accounts = listOption(value);
  for (const a of accounts ?? []) {
    if (!ACCOUNT_ID.test(a)) throw new UserError(`--accounts: ${a} is not a 12-digit account id.`, 'Example: --accounts 111122223333,444455556666');
  }
  return accounts;
}

/** --regions: region names, checked. */
export function regionsOption(value: string | undefined): string[] | undefined {
  const regions = listOption(value);
  for (const r of regions ?? []) {
    if (!REGION_NAME.test(r)) throw new UserError(`--regions: ${r} is not a region name.`, 'Example: --regions us-east-1,eu-west-1');
  }
  return regions;
}

/** "a,b c" → ["a", "b", "c"] */
export function listOption(value: string | undefined): string[] | undefined {
  if (!value) return undefined;
  const items = value.split(/[\s,]+/).filter(Boolean);
  return items.length ? items : undefined;
}


/** A size option (64MB, 4GB, or bytes), checked: positive, at most `ceiling`; `fallback` when not given. */
export function sizeOption(text: string | undefined, flag: string, ceiling: number, fallback: number): number {
  if (text === undefined) return fallback;
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : bytes.parse(text);
  if (n === null || !Number.isFinite(n) || n <= 0) {
    throw new UserError(`${flag} ${terminalSafe(text)} is not a size.`, `Give a size such as 64MB or 4GB (or a number of bytes).`);
  }
  if (n > ceiling) {
    throw new UserError(`${flag} ${terminalSafe(text)} is above the most trail-trace can read safely, ${sizeText(ceiling)}.`, `Give at most ${sizeText(ceiling)}.`);
  }
  return Math.floor(n);
}

/** The input limits from --max-file-size, --max-record-size, --max-string-size and --max-depth. */
export function limitsFrom(options: { maxFileSize?: string | undefined; maxRecordSize?: string | undefined; maxStringSize?: string | undefined; maxDepth?: string | undefined }): JsonLimits {
  let depth = DEFAULT_LIMITS.depth;
  if (options.maxDepth !== undefined) {
    depth = Number(options.maxDepth);
    if (!Number.isInteger(depth) || depth < 1 || depth > CEILING_LIMITS.depth) {
      throw new UserError(`--max-depth ${terminalSafe(options.maxDepth)} is not a nesting depth trail-trace can read safely.`, `Give a whole number from 1 to ${CEILING_LIMITS.depth}.`);
    }
  }
  return {
    fileBytes: sizeOption(options.maxFileSize, '--max-file-size', CEILING_LIMITS.fileBytes, DEFAULT_LIMITS.fileBytes),
    recordBytes: sizeOption(options.maxRecordSize, '--max-record-size', CEILING_LIMITS.recordBytes, DEFAULT_LIMITS.recordBytes),
    stringBytes: sizeOption(options.maxStringSize, '--max-string-size', CEILING_LIMITS.stringBytes, DEFAULT_LIMITS.stringBytes),
    depth,
  };
}

/** How long a command waits for its turn at a store another process holds (TRAIL_TRACE_LOCK_WAIT, seconds). */
export function lockWaitMs(env: NodeJS.ProcessEnv): number {
  const raw = env.TRAIL_TRACE_LOCK_WAIT;
  const seconds = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 86_400) * 1000 : DEFAULT_LOCK_WAIT_MS;
}
const DEFAULT_LOCK_WAIT_MS = 30_000;

/**
 * Opens the store and tells the user on stderr what opening had to do (a log replayed or set
 * aside). Held by another process, it waits its turn (an ingest lets a waiting process in between
 * two batches, the terminal UI within a second), saying so, for TRAIL_TRACE_LOCK_WAIT seconds.
 */
export async function openStoreTelling(storePath: string, io: Io, options: OpenOptions = {}): Promise<Store> {
  const maxMs = lockWaitMs(io.env);
  const onWait = (holder: string) => io.stderr.write(`The store is in use by ${terminalSafe(holder)}; waiting for its turn (up to ${maxMs / 1000} s)…\n`);
  const store = await openStore(storePath, { wait: { maxMs, onWait }, ...options });
  for (const notice of store.notices) io.stderr.write(`note: ${terminalSafe(notice)}\n`);
  return store;
}

/**
 * The eventID the user meant by `typed` (itself, or the one stored id it is a unique prefix of), or
 * `none`; a prefix of several is a user error listing them.
 */
export async function resolveTyped(store: Store, typed: string): Promise<{ eventId: string } | { none: true }> {
  const resolved = await resolveEventId(store, typed);
  if ('ambiguous' in resolved) {
    throw new UserError(
      `${terminalSafe(typed)} is the start of more than one eventID in the store: ${resolved.ambiguous.map((id) => terminalSafe(id)).join(', ')}${resolved.ambiguous.length >= 6 ? ', …' : ''}.`,
      'Give more of the id.',
    );
  }
  return resolved;
}

/**
 * Traces the event the user named: its eventID, or a unique prefix of one (8 characters or more,
 * as git takes a commit's). An unknown id says what the store holds; an ambiguous prefix lists ids.
 */
export async function traceTyped(store: Store, storePath: string, typed: string, options: TraceByIdOptions): Promise<Trace> {
  const resolved = await resolveTyped(store, typed);
  // Not in the store: with --fetch, the sources are asked for it by the id as typed.
  const trace = await traceEventById(store, 'eventId' in resolved ? resolved.eventId : typed, options);
  if (!trace) throw await eventNotInStore(store, storePath, typed, options.fetcher !== undefined, options.fetcher?.stopped ?? []);
  return trace;
}
