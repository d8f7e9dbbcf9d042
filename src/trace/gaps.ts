// Where the logs run out: which account, region and time window would hold the missing event,
// and the command that loads it. The date folders in S3 keys are DELIVERY dates, so the window's
// last day is followed by one more (spec §4.8 #2).

import { shellWord } from '../text/shell.js';
import type { Gap } from './model.js';
import type { LoadedRoot } from './lookups.js';
import { formatIso } from './time.js';
import { accountLogPrefix, deliveryDays } from './awslogs.js';


/**
 * A value of a hint's command as one shell word. A NUL (possible in a forged record's account id)
 * cannot be passed to a command at all: it is written as the two characters \0, so the hint is
 * printed, visibly wrong, instead of failing the trace.
 */
export function hintWord(value: string): string {
  return shellWord(value.replaceAll('\0', '\\0'));
}

export interface GapRequest {
  reason: string;
  accountId: string | null;
  /** Known region of the missing event, or null when it could be any. */
  region: string | null;
  /** Regions to try first when region is null. */
  likelyRegions: string[];
  fromMs: number;
  toMs: number;
}

export interface HintContext {
  /** Where the store was loaded from: a files hint spells the organisation id of its keys. */
  loadedFrom?: LoadedRoot[];
  /**
   * The folder under which the hint's `aws s3 sync` makes a new folder for the gap (named for the
   * account, region and window): --gap-dir or TRAIL_TRACE_GAP_DIR, else the current folder. Never
   * a folder the store was loaded from, which holds other evidence.
   */
  gapDir?: string;
  /** The files ingest command prefix, e.g. "trail-trace ingest files --db /x/y.duckdb". */
  ingestFilesCommand?: string;
  /**
   * The hint of a source the store was loaded from, worded by its kind (src/sources/hints.ts): the
   * gap loaded the way the store was. Null, or absent, for the files hint (`filesHint` gives it).
   */
  hintFor?: (req: GapRequest, filesHint: () => string) => GapHint | null;
}

/** A gap's command, and why that way when it is not the obvious one. */
export interface GapHint {
  hint: string;
  why?: string;
}

/** The regions a gap's command names: the missing event's, else those to try first. */
export function hintRegions(req: GapRequest): string[] {
  return req.region ? [req.region] : [...new Set(req.likelyRegions)];
}



/** "2026-03-09T10:30:00Z" → "20260309T1030Z": a time for a folder name. */
function compactTime(ms: number): string {
  return formatIso(ms).replace(/[-:]/g, '').replace(/\d\dZ$/, 'Z');
}

/** The new folder a files hint syncs into: named for the account, region and window, under --gap-dir. */
export function gapFolder(req: GapRequest, ctx: HintContext): string {
  // The account is checked before (buildHint); a region comes from a record too: only a region name.
  const region = /^[a-z]{2}(-[a-z]+)+-\d+$/.test(req.region ?? '') ? req.region : 'all-regions';
  const name = `trail-trace-gap-${req.accountId ?? 'ACCOUNT-ID'}-${region}-${compactTime(req.fromMs)}-${compactTime(req.toMs)}`;
  const base = (ctx.gapDir ?? '.').replace(/\/+$/, '') || '/';
  return base === '.' ? `./${name}` : `${base}/${name}`;
}

/** `aws s3 sync` of the window's delivery-day folders into a new folder, then `ingest files` of it. */
function filesHint(req: GapRequest, ctx: HintContext): string {
  // Placeholders a shell takes literally (no `<…>`, which a pasted command would run as a
  // redirect); upper case is not a valid bucket name, so a command run as it is fails loudly.
  const account = req.accountId ?? 'ACCOUNT-ID';
  const org = ctx.loadedFrom?.find((r) => r.orgId)?.orgId;
  const keyPrefix = accountLogPrefix(org, account);
  const folder = gapFolder(req, ctx);
  const region = req.region ?? '*';
  const includes = deliveryDays(req.fromMs, req.toMs, 10)
    .map((day) => `--include ${hintWord(`${region}/${day}/*`)}`)
    .join(' ');
  const ingest = ctx.ingestFilesCommand ?? 'trail-trace ingest files';
  return `aws s3 sync s3://YOUR-TRAIL-BUCKET/${keyPrefix} ${hintWord(`${folder}/${keyPrefix}`)} --exclude '*' ${includes} && ${ingest} ${hintWord(folder)}`;
}

/** The command that loads the gap, the way the store was loaded, and why that way when it is not obvious. */
export function buildHint(request: GapRequest, ctx: HintContext): GapHint {
  // Account ids come from the records: only a well-formed one is written into a command line.
  const req = /^\d{12}$/.test(request.accountId ?? '') ? request : { ...request, accountId: null };
  const files = () => filesHint(req, ctx);
  return ctx.hintFor?.(req, files) ?? { hint: files() };
}

export function makeGap(req: GapRequest, ctx: HintContext): Gap {
  const { hint, why } = buildHint(req, ctx);
  return {
    reason: req.reason,
    accountId: req.accountId,
    region: req.region,
    regions: req.region ? [req.region] : [...new Set(req.likelyRegions)],
    from: formatIso(req.fromMs),
    to: formatIso(req.toMs),
    hint,
    ...(why ? { hintWhy: why } : {}),
  };
}
