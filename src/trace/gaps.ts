// Where the logs run out: which account, region and time window would hold the missing event,
// and the command that loads it. The date folders in S3 keys are DELIVERY dates, so the window's
// last day is followed by one more (spec §4.8 #2).

import { shellWord } from '../text/shell.js';
import type { Gap } from './model.js';
import type { StoreCoverage } from './lookups.js';
import { formatIso } from './time.js';
import { accountLogPrefix, deliveryDays } from './awslogs.js';

const DAY_MS = 24 * 3600 * 1000;

/**
 * A value of a hint's command as one shell word. A NUL (possible in a forged record's account id)
 * cannot be passed to a command at all: it is written as the two characters \0, so the hint is
 * printed, visibly wrong, instead of failing the trace.
 */
function quote(value: string): string {
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
  /** Local folders that held an AWSLogs/ tree: their organization id spells the key prefix. */
  layoutRoots?: StoreCoverage['layoutRoots'];
  /**
   * The folder under which the hint's `aws s3 sync` makes a new folder for the gap (named for the
   * account, region and window): --gap-dir or TRAIL_TRACE_GAP_DIR, else the current folder. Never
   * a folder the store was loaded from, which holds other evidence.
   */
  gapDir?: string;
  /** S3 locations the store was loaded from: when known, the hint loads straight from there. */
  s3Roots?: StoreCoverage['s3Roots'];
  /** The ingest command prefix, e.g. "trail-trace ingest files --db /x/y.duckdb". */
  ingestFilesCommand?: string;
  /** The same for S3, e.g. "trail-trace ingest s3 --db /x/y.duckdb". */
  ingestS3Command?: string;
  /** Athena tables the store was loaded from: the hint queries the same table. */
  athenaTables?: StoreCoverage['athenaTables'];
  ingestAthenaCommand?: string;
  /** Accounts whose Event history was loaded: the hint looks up the missing window the same way. */
  lookupAccounts?: StoreCoverage['lookupAccounts'];
  ingestLookupCommand?: string;
  /** The time of the trace: Event history only reaches 90 days back from it. */
  nowMs?: number;
}



/** `trail-trace ingest s3 s3://… --accounts … --regions … --from … --to …` for the window. */
function s3Hint(req: GapRequest, ctx: HintContext, s3: NonNullable<HintContext['s3Roots']>[number]): string {
  const location = `s3://${s3.bucket}${s3.prefix ? `/${s3.prefix.replace(/\/$/, '')}` : ''}`;
  const regions = req.region ? [req.region] : [...new Set(req.likelyRegions)];
  const parts = [ctx.ingestS3Command ?? 'trail-trace ingest s3', quote(location)];
  if (req.accountId) parts.push('--accounts', quote(req.accountId));
  if (regions.length) parts.push('--regions', quote(regions.join(',')));
  parts.push('--from', formatIso(req.fromMs), '--to', formatIso(req.toMs));
  // The store was loaded from another endpoint (MinIO, LocalStack, a VPC endpoint): so is the gap.
  if (s3.endpointUrl) parts.push('--endpoint-url', quote(s3.endpointUrl));
  return parts.join(' ');
}

/** `trail-trace ingest athena --database … --table … --region … --accounts … --regions … --from … --to …` */
function athenaHint(req: GapRequest, ctx: HintContext, t: NonNullable<HintContext['athenaTables']>[number]): string {
  const regions = req.region ? [req.region] : [...new Set(req.likelyRegions)];
  const parts = [ctx.ingestAthenaCommand ?? 'trail-trace ingest athena', '--database', quote(t.database), '--table', quote(t.table), '--region', t.region];
  if (t.catalog !== 'AwsDataCatalog') parts.push('--catalog', quote(t.catalog));
  if (req.accountId) parts.push('--accounts', quote(req.accountId));
  if (regions.length) parts.push('--regions', quote(regions.join(',')));
  parts.push('--from', formatIso(req.fromMs), '--to', formatIso(req.toMs));
  return parts.join(' ');
}

/**
 * `trail-trace ingest lookup --account … --regions … --from … --to …`: Event history answers for the
 * caller's account only, so the command names the account it needs credentials in (and checks them).
 */
function lookupHint(req: GapRequest, ctx: HintContext): string {
  const regions = req.region ? [req.region] : [...new Set(req.likelyRegions)];
  const parts = [ctx.ingestLookupCommand ?? 'trail-trace ingest lookup'];
  if (req.accountId) parts.push('--account', quote(req.accountId));
  if (regions.length) parts.push('--regions', quote(regions.join(',')));
  parts.push('--from', formatIso(req.fromMs), '--to', formatIso(req.toMs));
  return parts.join(' ');
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
  const org = ctx.layoutRoots?.find((r) => r.orgId)?.orgId;
  const keyPrefix = accountLogPrefix(org, account);
  const folder = gapFolder(req, ctx);
  const region = req.region ?? '*';
  const includes = deliveryDays(req.fromMs, req.toMs, 10)
    .map((day) => `--include ${quote(`${region}/${day}/*`)}`)
    .join(' ');
  const ingest = ctx.ingestFilesCommand ?? 'trail-trace ingest files';
  return `aws s3 sync s3://YOUR-TRAIL-BUCKET/${keyPrefix} ${quote(`${folder}/${keyPrefix}`)} --exclude '*' ${includes} && ${ingest} ${quote(folder)}`;
}

/** The command that loads the gap, the way the store was loaded, and why that way when it is not obvious. */
export function buildHint(request: GapRequest, ctx: HintContext): { hint: string; why?: string } {
  // Account ids come from the records: only a well-formed one is written into a command line.
  const req = /^\d{12}$/.test(request.accountId ?? '') ? request : { ...request, accountId: null };
  const s3 = ctx.s3Roots?.[0];
  if (s3) return { hint: s3Hint(req, ctx, s3) };
  const table = ctx.athenaTables?.[0];
  if (table) return { hint: athenaHint(req, ctx, table) };
  // Event history keeps 90 days: an older window is only in the trail's files.
  const lookupReaches = ctx.nowMs === undefined || req.fromMs >= ctx.nowMs - 90 * DAY_MS;
  if (ctx.lookupAccounts?.length) {
    if (lookupReaches) return { hint: lookupHint(req, ctx) };
    return {
      hint: filesHint(req, ctx),
      why: 'The store was loaded from Event history, which keeps only the last 90 days; this window is older, so its events are only in the trail\'s files in S3.',
    };
  }
  return { hint: filesHint(req, ctx) };
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
