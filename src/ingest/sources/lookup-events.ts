// CloudTrail Event history through the LookupEvents API (spec §6): management events of one
// account, per region, for the last 90 days, at most two requests per second per account and
// region. The window --from..--to is cut into 6-hour slices (aligned to UTC); each slice of each
// region is fetched page by page (NextToken) into one local file in the `lookup-events` output
// shape ({"Events":[…]}), which the loader reads like any `aws cloudtrail lookup-events` output.
// A slice whose end is safely in the past is stored as complete, so running the same command
// again (after Ctrl-C, say) fetches only what is missing.

import { LOOKUP_ATTRIBUTE_KEYS, LOOKUP_HISTORY_DAYS } from './lookup-limits.js';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { LookupEventsCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { orderedReadAhead } from '../read-ahead.js';
import pLimit from 'p-limit';
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import { isThrottling, userErrorFromAws } from '../../aws/errors.js';
import { terminalSafe } from '../../text/sanitize.js';
import { EXIT, UserError } from '../../errors.js';
import { loadedObjectKey } from '../../store/load.js';
import { sleep } from '../sleep.js';
import type { Source, SourceFile, SourceListing } from '../source.js';
import { formatIso as iso } from '../../trace/time.js';

const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** Event history keeps 90 days (spec §6.1). */
/** Slice length: short enough that a resumed run repeats little, long enough that empty slices cost few calls. */
const SLICE_MS = 6 * HOUR_MS;
/**
 * Events reach Event history within minutes, sometimes much later (spec §4.8 #1): a slice that
 * ended less than a day ago is stored without the "complete" mark and fetched again next time.
 */
const SETTLED_MS = 24 * HOUR_MS;
/** The marker stored with a slice fetched completely after it had settled. */
export const COMPLETE = 'complete';


export interface LookupAttribute {
  key: (typeof LOOKUP_ATTRIBUTE_KEYS)[number];
  value: string;
}

/** "EventName=AssumeRole" → { key, value }, checked against the keys LookupEvents accepts. */
export function parseLookupAttribute(text: string): LookupAttribute {
  const eq = text.indexOf('=');
  const key = eq > 0 ? text.slice(0, eq) : '';
  const value = eq > 0 ? text.slice(eq + 1) : '';
  const known = LOOKUP_ATTRIBUTE_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
  if (!known || !value) {
    throw new UserError(
      `--attribute ${text} is not Key=Value with a key LookupEvents accepts.`,
      `Keys: ${LOOKUP_ATTRIBUTE_KEYS.join(', ')}. Example: --attribute AccessKeyId=ASIAIOSFODNN7EXAMPLE (one attribute per command).`,
    );
  }
  return { key: known, value };
}

/**
 * At most `perSecond` requests per second for one account and region: a token bucket holding one
 * token, so requests are at least 1/perSecond apart and no one-second window ever sees more than
 * `perSecond` of them. Shared by everything that calls that account-region, retries included.
 */
export class RequestPacer {
  private nextAt = 0;
  private readonly gapMs: number;

  constructor(perSecond: number, private readonly now: () => number = Date.now) {
    // A little margin: requests sent exactly 500 ms apart can arrive closer than that.
    this.gapMs = 1000 / perSecond + 25;
  }

  /** Resolves when the caller may send its request. */
  async take(signal?: AbortSignal): Promise<void> {
    const now = this.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.gapMs;
    if (at > now) await sleep(at - now, signal);
  }
}

/**
 * Requests a second per account and region: Event history's 2 (spec §6.1), or what
 * TRAIL_TRACE_LOOKUP_RATE says (1 to 100), for a stand-in that allows more (as ingest's batch size
 * is a knob). Never more than AWS allows unless told.
 */
export function lookupRate(env: NodeJS.ProcessEnv): number {
  const rate = Number(env.TRAIL_TRACE_LOOKUP_RATE);
  return Number.isFinite(rate) && rate >= 1 && rate <= 100 ? rate : 2;
}

/** One pacer per account and region, created on first use. */
export class RequestPacers {
  private readonly pacers = new Map<string, RequestPacer>();
  constructor(private readonly perSecond = 2) {}
  for(account: string, region: string): RequestPacer {
    const key = `${account}/${region}`;
    let pacer = this.pacers.get(key);
    if (!pacer) this.pacers.set(key, (pacer = new RequestPacer(this.perSecond)));
    return pacer;
  }
}

export interface TimeSlice {
  start: Date;
  /** Inclusive, as LookupEvents reads EndTime: one second before the next slice starts. */
  end: Date;
}

/** --from..--to cut at 6-hour UTC boundaries, oldest first; both ends inclusive, whole seconds. */
export function timeSlices(from: Date, to: Date): TimeSlice[] {
  const slices: TimeSlice[] = [];
  const last = Math.floor(to.getTime() / 1000) * 1000;
  let start = Math.floor(from.getTime() / 1000) * 1000;
  while (start <= last) {
    const boundary = (Math.floor(start / SLICE_MS) + 1) * SLICE_MS;
    const end = Math.min(boundary - 1000, last);
    slices.push({ start: new Date(start), end: new Date(end) });
    start = boundary;
  }
  return slices;
}


/** How a slice is named in the store (source_files.source) and in warnings. */
export function sliceSource(account: string, region: string, slice: TimeSlice, attribute?: LookupAttribute): string {
  const filter = attribute ? `&${encodeURIComponent(attribute.key)}=${encodeURIComponent(attribute.value)}` : '';
  return `lookup-events://${account}/${region}?from=${iso(slice.start)}&to=${iso(slice.end)}${filter}`;
}

export interface LookupSourceOptions {
  /** The account the credentials belong to (LookupEvents answers for it only). */
  account: string;
  regions: string[];
  from: Date;
  to: Date;
  attribute?: LookupAttribute;
  /**
   * The window as one slice: a trace's narrow question (a few minutes, or one EventId over 90
   * days) is one series of calls per region, not one per six hours.
   */
  whole?: boolean;
  /** A CloudTrail client per region; its own retries should be off (the pacer spaces retries too). */
  clientFor(region: string): CloudTrailClient;
  pacers: RequestPacers;
  /** Regions fetched at the same time (each is paced on its own). */
  concurrency: number;
  /** Scratch folder for the fetched slices; emptied as they are loaded. */
  downloadDir: string;
  /** Slices already in the store, as loadedObjectKey(source, COMPLETE) spells them. */
  loaded: Set<string>;
  signal?: AbortSignal;
  /** Events per page: 50, LookupEvents' maximum, unless a test wants more pages. */
  pageSize?: number;
  now?: () => Date;
  /** The command the user ran, for error messages (default "ingest lookup"). */
  command?: string;
}

interface SliceJob {
  region: string;
  slice: TimeSlice;
  source: string;
}

/** Throttling and server errors are retried with exponential backoff and jitter, each try paced. */
const MAX_TRIES = 8;

export class LookupEventsSource implements Source {
  readonly name = 'lookup';

  constructor(private readonly options: LookupSourceOptions) {}

  /** The slices to fetch, region by region, with those already stored left out. */
  plan(): { jobs: SliceJob[]; alreadyLoaded: number } {
    const o = this.options;
    const jobs: SliceJob[] = [];
    let alreadyLoaded = 0;
    const slices = o.whole ? [{ start: new Date(Math.floor(o.from.getTime() / 1000) * 1000), end: new Date(Math.floor(o.to.getTime() / 1000) * 1000) }] : timeSlices(o.from, o.to);
    for (const region of o.regions) {
      for (const slice of slices) {
        const source = sliceSource(o.account, region, slice, o.attribute);
        if (o.loaded.has(loadedObjectKey(source, COMPLETE))) alreadyLoaded++;
        else jobs.push({ region, slice, source });
      }
    }
    return { jobs, alreadyLoaded };
  }

  async list(): Promise<SourceListing> {
    const o = this.options;
    const { jobs, alreadyLoaded } = this.plan();
    await mkdir(o.downloadDir, { recursive: true });
    return {
      files: this.fetchAll(jobs),
      total: { files: jobs.length, bytes: 0 },
      alreadyLoaded,
      skipped: {},
      layoutKind: 'lookup',
      layoutRoots: [{ root: `lookup-events://${o.account}`, orgId: null }],
      release: async (file) => {
        if (file.localPath.startsWith(o.downloadDir)) await rm(file.localPath, { force: true });
      },
      close: async () => {
        await rm(o.downloadDir, { recursive: true, force: true });
      },
    };
  }

  /**
   * Fetches slices, regions side by side (each paced on its own), ahead of the loader, and yields
   * them in turn (src/ingest/read-ahead.ts, as files and S3 objects are read). A slice that fails
   * stops the others at once; every slice fetched by then is still yielded (API pages cost minutes
   * to fetch again), then the failure is thrown. On Ctrl-C what was fetched is yielded and the rest
   * is left for the next run.
   */
  private async *fetchAll(jobs: SliceJob[]): AsyncGenerator<SourceFile> {
    const o = this.options;
    // Stops the requests and back-off waits: on Ctrl-C, and when the loader stops reading
    // (--strict, an error) or a slice fails.
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    let failure: { error: unknown } | undefined;
    const limit = pLimit(Math.max(1, o.concurrency));
    // A slice that fails or is stopped gives nothing; the first failure is thrown once the
    // slices fetched before the stop are yielded. (After a stop, a request that fails is the
    // stop itself, not news.)
    const fetch = (job: SliceJob) => limit(() => this.fetchSlice(job, stop.signal)).catch((error: unknown) => {
      if (!stop.signal.aborted) {
        failure = { error };
        stop.abort();
      }
      return undefined;
    });
    try {
      // A few slices wait for the loader beyond those being fetched.
      const slices = orderedReadAhead(inTurnByRegion(jobs), fetch, { ahead: 2 * Math.max(1, o.concurrency), stop: () => stop.signal.aborted });
      for await (const file of slices) {
        if (!file) continue;
        let taken = false;
        try {
          yield file;
          taken = true;
        } finally {
          // The loader stopped reading: the requests in flight stop before they are waited for.
          if (!taken) stop.abort();
        }
      }
      if (failure) throw failure.error;
    } finally {
      stop.abort();
      o.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** All pages of one slice into one local file: {"Events":[…],"LookupRequest":{…}}. */
  private async fetchSlice(job: SliceJob, signal: AbortSignal): Promise<SourceFile> {
    const o = this.options;
    const file = path.join(o.downloadDir, `${job.region}-${job.slice.start.getTime()}-${Math.random().toString(36).slice(2, 8)}.json`);
    const out = createWriteStream(file);
    const write = async (text: string) => {
      if (!out.write(text)) await once(out, 'drain');
    };
    let events = 0;
    let settled = false;
    let nextToken: string | undefined;
    const tokens = new Set<string>();
    let pages = 0;
    try {
      await write('{"Events":[');
      do {
        const page = await this.page(job, nextToken, signal);
        pages++;
        if (page.Events !== undefined && !Array.isArray(page.Events)) throw this.badPage(job, pages, 'its Events is not a list');
        for (const event of page.Events ?? []) {
          await write(`${events ? ',' : ''}\n${JSON.stringify(event)}`);
          events++;
        }
        nextToken = page.NextToken;
        // An endpoint that hands back a token it gave before would keep the ingest asking forever.
        if (nextToken !== undefined) {
          if (tokens.has(nextToken)) throw this.badPage(job, pages, 'it repeats a NextToken an earlier page gave');
          tokens.add(nextToken);
        }
      } while (nextToken && !signal.aborted);
      // Interrupted or recent slices are stored without the marker: the next run fetches them again.
      settled = !signal.aborted && job.slice.end.getTime() < (o.now ?? (() => new Date()))().getTime() - SETTLED_MS;
      // The request that produced the file: evidence of what was asked. It also makes files of
      // different slices (or of one slice, open and then complete) differ when their events do not:
      // the store keeps one copy per content and would take the second for the first.
      const request = {
        account: o.account, region: job.region, startTime: iso(job.slice.start), endTime: iso(job.slice.end),
        ...(o.attribute ? { lookupAttribute: { [o.attribute.key]: o.attribute.value } } : {}),
        complete: settled,
      };
      await write(`\n],"LookupRequest":${JSON.stringify(request)}}\n`);
    } finally {
      out.end();
      await once(out, 'close');
    }
    return {
      source: job.source,
      localPath: file,
      bytes: (await stat(file)).size,
      ...(settled ? { etag: COMPLETE } : {}),
    };
  }

  /** A page that cannot be followed: the ingest stops with what it has stored, and says which page. */
  private badPage(job: SliceJob, page: number, why: string): UserError {
    return new UserError(
      `Event history of account ${this.options.account} in ${job.region} sent a page that cannot be followed (page ${page} of ${iso(job.slice.start)} – ${iso(job.slice.end)}): ${why}.`,
      'Stopped instead of asking again; the slices fetched before are stored. Check --endpoint-url (or AWS_ENDPOINT_URL*), or retry later.',
      EXIT.aws,
    );
  }

  private async page(job: SliceJob, nextToken: string | undefined, signal: AbortSignal) {
    const o = this.options;
    const pacer = o.pacers.for(o.account, job.region);
    const client = o.clientFor(job.region);
    const command = new LookupEventsCommand({
      StartTime: job.slice.start,
      EndTime: job.slice.end,
      MaxResults: o.pageSize ?? 50,
      ...(o.attribute ? { LookupAttributes: [{ AttributeKey: o.attribute.key, AttributeValue: o.attribute.value }] } : {}),
      ...(nextToken ? { NextToken: nextToken } : {}),
    });
    for (let attempt = 1; ; attempt++) {
      await pacer.take(signal);
      try {
        return await client.send(command, { abortSignal: signal });
      } catch (err) {
        const e = err as Parameters<typeof isTransientError>[0];
        // The SDK's own classification: throttling, 5xx, dropped connections, timeouts.
        const retryable = isThrottling(err) || isThrottlingError(e) || isTransientError(e) || isServerError(e);
        if (retryable && attempt < MAX_TRIES && !signal.aborted) {
          // 1 s, 2 s, 4 s … (at most 30 s), with full jitter.
          await sleep(Math.random() * Math.min(30_000, 1000 * 2 ** (attempt - 1)), signal);
          continue;
        }
        throw this.explain(err, job);
      }
    }
  }

  private explain(err: unknown, job: SliceJob): unknown {
    const o = this.options;
    const e = err as { name?: string; message?: string };
    const range = `${iso(job.slice.start)} – ${iso(job.slice.end)}`;
    if (e.name === 'InvalidTimeRangeException') {
      return new UserError(
        `LookupEvents refused the time range ${range} in ${job.region}: ${terminalSafe(e.message ?? '')}`,
        `Event history keeps the last ${LOOKUP_HISTORY_DAYS} days; for older events use ingest s3 or ingest athena.`,
        EXIT.aws,
      );
    }
    if (isThrottling(err)) {
      return new UserError(
        `CloudTrail kept throttling LookupEvents in ${job.region} after ${MAX_TRIES} tries.`,
        'Another tool may be using the same account\'s 2 requests per second; run the same command later (the slices stored so far are kept).',
        EXIT.aws,
      );
    }
    // The credentials worked for STS: a region that refuses them is one not enabled for the account.
    if (e.name === 'UnrecognizedClientException' || e.name === 'InvalidClientTokenId') {
      return new UserError(
        `CloudTrail in ${job.region} does not accept these credentials (${e.name}): the region is probably not enabled for account ${o.account}.`,
        'Leave it out of --regions (without --regions, only enabled regions are read).',
        EXIT.aws,
      );
    }
    return userErrorFromAws(err, { action: 'cloudtrail:LookupEvents', resource: `account ${o.account}, region ${job.region}`, command: o.command ?? 'ingest lookup' }) ?? err;
  }
}

/** Days between `from` and now, for the 90-day explanation. */
export function daysBefore(from: Date, now: Date): number {
  return (now.getTime() - from.getTime()) / DAY_MS;
}

export { LOOKUP_ATTRIBUTE_KEYS, LOOKUP_HISTORY_DAYS };

/** The jobs taken in turn from each region (r1, r2, …, r1, r2, …): the slices fetched at once are of different regions. */
export function inTurnByRegion<T extends { region: string }>(jobs: T[]): T[] {
  const byRegion = new Map<string, T[]>();
  for (const job of jobs) byRegion.set(job.region, [...(byRegion.get(job.region) ?? []), job]);
  const queues = [...byRegion.values()];
  const out: T[] = [];
  for (let i = 0; out.length < jobs.length; i++) for (const q of queues) if (i < q.length) out.push(q[i]!);
  return out;
}
