// Every command, declared once (src/cli/spec.ts): its words, arguments, options and how each value
// is read, its help, and its run, which loads the command's own module only when it runs. main.ts
// builds the program from this list; each command module types its options from its declaration.

import { CEILING_LIMITS, DEFAULT_LIMITS } from '../../ingest/json-scan.js';
import { DEFAULT_TIMELINE_LIMIT } from '../../report/markdown/defaults.js';
import { ATHENA_HELP, FILES_HELP, FROM_EVENT_HELP, LOOKUP_HELP, REPORT_HELP, S3_HELP, SCOPE_HELP, SOURCE_HELP, TUI_HELP, VERIFY_HELP } from '../help.js';
import { UserError } from '../../errors.js';
import { terminalSafe } from '../../text/sanitize.js';
import { ACCOUNT_ID, REGION_NAME, sizeText } from '../options.js';
import {
  anyText, command, flag, matching, negatable, oneOf, onUnlessNo, requiredText, text, textList, trimmedText, url, wholeNumber,
  type ArgumentSpec, type OptionSpec, type ValuesOf,
} from '../spec.js';

// Options several commands take.

const db = {
  flags: '--db <file>', description: 'the store (DuckDB file); default $TRAIL_TRACE_DB or ./trail-trace.duckdb',
  // Empty means the default store, as TRAIL_TRACE_DB= does.
  read: anyText,
} satisfies OptionSpec<string | undefined>;

const gapDir = {
  flags: '--gap-dir <dir>', read: text,
  description: 'where a gap\'s command downloads missing logs: a new folder per gap under this one; default $TRAIL_TRACE_GAP_DIR or the current folder',
} satisfies OptionSpec<string | undefined>;

const awsIpRanges = {
  flags: '--aws-ip-ranges <file>', read: text,
  description: 'AWS\'s ip-ranges.json, downloaded by you: findings then say whether an address is AWS\'s; default $TRAIL_TRACE_AWS_IP_RANGES (never fetched)',
} satisfies OptionSpec<string | undefined>;

const noColor = { flags: '--no-color', description: 'no colour (also: NO_COLOR=1)', read: negatable } satisfies OptionSpec<boolean | undefined>;
const noProgress = { flags: '--no-progress', description: 'no progress bar (it is shown only on a terminal anyway)', read: onUnlessNo } satisfies OptionSpec<boolean>;

/** --profile, --region, --endpoint-url: the AWS options of every command that calls AWS. */
const aws = {
  profile: { flags: '--profile <name>', description: 'AWS profile (~/.aws/config): SSO, role + MFA (prompted), keys; default: the SDK chain', read: text },
  region: { flags: '--region <region>', description: 'AWS region for the API calls; default: AWS_REGION or the profile\'s', read: matching(REGION_NAME, 'a region name such as us-east-1') },
  endpointUrl: { flags: '--endpoint-url <url>', description: 'send the command\'s API calls there (MinIO, LocalStack, tests); also AWS_ENDPOINT_URL[_S3|_CLOUDTRAIL|_ATHENA|_STS]', read: url },
} satisfies Record<string, OptionSpec<unknown>>;

const limitText = (k: 'fileBytes' | 'recordBytes' | 'stringBytes') => sizeText(DEFAULT_LIMITS[k]);
const ceilingText = (k: 'fileBytes' | 'recordBytes' | 'stringBytes') => sizeText(CEILING_LIMITS[k]);

/** What every ingest command ends with: --strict, the limits on what is read, and output. */
function ingestTail(unreadable: string) {
  return {
    strict: { flags: '--strict', description: `stop at the first unreadable ${unreadable} instead of warning`, default: false, read: flag },
    maxFileSize: { flags: '--max-file-size <size>', description: `largest file read, decompressed (default ${limitText('fileBytes')}; up to ${ceilingText('fileBytes')})`, read: anyText },
    maxRecordSize: { flags: '--max-record-size <size>', description: `largest record stored (default ${limitText('recordBytes')})`, read: anyText },
    maxStringSize: { flags: '--max-string-size <size>', description: `longest JSON string in a record (default ${limitText('stringBytes')})`, read: anyText },
    maxDepth: { flags: '--max-depth <levels>', description: `deepest nesting of objects and arrays (default ${DEFAULT_LIMITS.depth}; up to ${CEILING_LIMITS.depth})`, read: anyText },
    progress: noProgress,
    color: { ...noColor, description: 'no colour in the summary' },
    format: {
      flags: '--format <format>', description: 'the summary as text for people, or json for scripts (one trail-trace/ingest@1 document on stdout)',
      choices: ['text', 'json'], default: 'text', read: oneOf(['text', 'json'] as const),
    },
  } satisfies Record<string, OptionSpec<unknown>>;
}

// Given empty (`--regions "$REGIONS"` with nothing in it), the window and filters mean "not given",
// as they always have: anyText passes '' on and the commands read it so.
const from = (what = 'events from this time') => ({ flags: '--from <time>', description: `${what}: 2026-03-09, 2026-03-09T14:00Z, or an age (36h, 7d)`, read: anyText }) satisfies OptionSpec<string | undefined>;
const to = { flags: '--to <time>', description: 'events up to this time (default: now)', read: anyText } satisfies OptionSpec<string | undefined>;
const accounts = { flags: '--accounts <ids>', description: 'only these accounts (comma-separated 12-digit ids)', read: anyText } satisfies OptionSpec<string | undefined>;

const eventId = { name: '<eventId>', description: "the record's eventID", read: requiredText('an event id is required', true) } satisfies ArgumentSpec<string>;

/** --timeline-limit as a number of calls, with what a good value looks like. */
const timelineLimit = (raw: unknown): number => {
  const given = String(raw ?? DEFAULT_TIMELINE_LIMIT).trim();
  const n = /^\d+$/.test(given) ? Number(given) : NaN;
  if (Number.isSafeInteger(n) && n >= 1) return n;
  throw new UserError(
    `--timeline-limit ${terminalSafe(given)}: the timeline limit must be a whole number of calls, at least 1.`,
    'Use e.g. --timeline-limit 500, or --full to list every call.',
  );
};

// The commands, in the order --help lists them.

const ingestFilesArgs = { paths: { name: '<paths...>', description: 'files or folders; folders are read recursively', read: textList } } satisfies Record<string, ArgumentSpec<unknown>>;
const ingestFilesOptions = {
  db,
  digestMetadata: { flags: '--digest-metadata <file>', read: text, description: 'the S3 metadata of the digest files (their signatures), as {"<key>": <aws s3api head-object output>}: trail-trace verify needs it for the newest digests of a folder copy' },
  ...ingestTail('file or record'),
} satisfies Record<string, OptionSpec<unknown>>;
export type IngestFilesValues = ValuesOf<typeof ingestFilesArgs> & ValuesOf<typeof ingestFilesOptions>;

export const ingestFiles = command({
  name: 'ingest files',
  description: 'load CloudTrail log files and folders (as `aws s3 sync` leaves them)',
  args: ingestFilesArgs,
  options: ingestFilesOptions,
  help: FILES_HELP,
  run: async (values, io): Promise<number> => (await import('./ingest-files.js')).runIngestFiles(values, io),
});

const ingestS3Args = { url: { name: '<location>', description: 's3://bucket or s3://bucket/prefix (the folder holding AWSLogs/)', read: requiredText() } } satisfies Record<string, ArgumentSpec<unknown>>;
const ingestS3Options = {
  db,
  accounts,
  regions: { flags: '--regions <names>', description: 'only these regions (comma-separated)', read: anyText },
  from: from(),
  to,
  concurrency: { flags: '--concurrency <n>', description: 'parallel downloads', default: '8', read: wholeNumber(1, 64) },
  ...aws,
  ...ingestTail('object or record'),
} satisfies Record<string, OptionSpec<unknown>>;
export type IngestS3Values = ValuesOf<typeof ingestS3Args> & ValuesOf<typeof ingestS3Options>;

export const ingestS3 = command({
  name: 'ingest s3',
  description: 'load an account or organisation trail from its S3 bucket',
  args: ingestS3Args,
  options: ingestS3Options,
  help: S3_HELP,
  run: async (values, io): Promise<number> => (await import('./ingest-s3.js')).runIngestS3(values, io),
});

const ingestLookupArgs = {} satisfies Record<string, ArgumentSpec<unknown>>;
const ingestLookupOptions = {
  db,
  account: { flags: '--account <id>', description: 'check that the credentials are for this account (gap hints say which one they need)', read: matching(ACCOUNT_ID, 'a 12-digit account id') },
  regions: { flags: '--regions <names>', description: 'these regions (comma-separated); default: every region enabled for the account', read: anyText },
  from: { ...from(), description: `${from().description}; default 90d` },
  to,
  attribute: { flags: '--attribute <key=value>', description: 'only events matching one LookupEvents attribute, e.g. AccessKeyId=ASIA…', read: anyText },
  concurrency: { flags: '--concurrency <n>', description: 'regions fetched at the same time', default: '8', read: wholeNumber(1, 64) },
  /** Events per LookupEvents page (tests use small pages to exercise paging). */
  pageSize: { flags: '--page-size <n>', description: 'events per LookupEvents call (1-50)', default: '50', hidden: true, read: wholeNumber(1, 50) },
  ...aws,
  ...ingestTail('record'),
} satisfies Record<string, OptionSpec<unknown>>;
export type IngestLookupValues = ValuesOf<typeof ingestLookupArgs> & ValuesOf<typeof ingestLookupOptions>;

export const ingestLookup = command({
  name: 'ingest lookup',
  description: 'load CloudTrail Event history (LookupEvents API, last 90 days) of the account',
  args: ingestLookupArgs,
  options: ingestLookupOptions,
  help: LOOKUP_HELP,
  run: async (values, io): Promise<number> => (await import('./ingest-lookup.js')).runIngestLookup(values, io),
});

const ingestAthenaArgs = {} satisfies Record<string, ArgumentSpec<unknown>>;
const ingestAthenaOptions = {
  db,
  database: { flags: '--database <name>', description: 'the Glue/Athena database holding the CloudTrail table', mandatory: true, read: requiredText() },
  table: { flags: '--table <name>', description: 'the CloudTrail table', mandatory: true, read: requiredText() },
  from: from('events from this time (required)'),
  to,
  accounts,
  regions: { flags: '--regions <names>', description: 'only events of these regions (comma-separated)', read: anyText },
  workgroup: { flags: '--workgroup <name>', description: 'Athena workgroup (default: primary)', read: text },
  output: { flags: '--output <s3url>', description: 'where Athena writes the results, when the workgroup does not say', read: matching(/^s3:\/\/[^/]+/, 'an S3 location such as s3://athena-results/trail-trace/') },
  catalog: { flags: '--catalog <name>', description: 'data catalog', default: 'AwsDataCatalog', read: requiredText() },
  /** Rows per GetQueryResults page (tests use small pages to exercise paging). */
  pageSize: { flags: '--page-size <n>', description: 'rows per GetQueryResults call (1-1000)', default: '1000', hidden: true, read: wholeNumber(1, 1000) },
  ...aws,
  ...ingestTail('record'),
} satisfies Record<string, OptionSpec<unknown>>;
export type IngestAthenaValues = ValuesOf<typeof ingestAthenaArgs> & ValuesOf<typeof ingestAthenaOptions>;

export const ingestAthena = command({
  name: 'ingest athena',
  description: 'load events from an Athena table over the trail\'s bucket (one partition-pruned query)',
  args: ingestAthenaArgs,
  options: ingestAthenaOptions,
  help: ATHENA_HELP,
  run: async (values, io): Promise<number> => (await import('./ingest-athena.js')).runIngestAthena(values, io),
});

const verifyArgs = {} satisfies Record<string, ArgumentSpec<unknown>>;
const verifyOptions = {
  db,
  format: { flags: '--format <format>', description: 'text for people, json for scripts', choices: ['text', 'json'], default: 'text', read: oneOf(['text', 'json'] as const) },
  publicKeys: { flags: '--public-keys <file>', description: 'AWS\'s CloudTrail public keys, as `aws cloudtrail list-public-keys` prints them (kept in the store)', read: text },
  fetchPublicKeys: { flags: '--fetch-public-keys', description: 'fetch them with cloudtrail:ListPublicKeys for the regions and days of the stored digests (kept in the store)', default: false, read: flag },
  ...aws,
  progress: noProgress,
  color: noColor,
} satisfies Record<string, OptionSpec<unknown>>;
export type VerifyValues = ValuesOf<typeof verifyArgs> & ValuesOf<typeof verifyOptions>;

export const verify = command({
  name: 'verify',
  description: 'check the evidence: every kept file against its SHA-256, every stored event against its record',
  args: verifyArgs,
  options: verifyOptions,
  help: VERIFY_HELP,
  run: async (values, io): Promise<number> => (await import('./verify.js')).runVerify(values, io),
});

const traceOptions = { db, gapDir, awsIpRanges };

/** --account, --region and --day say where to fetch an event from: without --fetch they would do nothing, silently. */
function findOnlyWithFetch(values: { fetch: boolean; account?: string | undefined; region?: string | undefined; day?: string | undefined }): void {
  const given = (['account', 'region', 'day'] as const).filter((k) => values[k] !== undefined);
  if (given.length && !values.fetch) {
    throw new UserError(`--${given[0]} says where to fetch the event from, and works only with --fetch.`, 'Add --fetch, or leave it out to trace from the store as it is.');
  }
}

/** --fetch and its budget: what a trace may fetch from the sources the store keeps (`source add`). */
const fetchOptions = {
  fetch: { flags: '--fetch', description: 'fetch what the store lacks from the sources it keeps (trail-trace source add): the event, then each hop', default: false, read: flag },
  maxScan: { flags: '--max-scan <size>', description: 'most data Athena may scan for this command: no query starts past it, and a running query that passes it is stopped (what it scanned is billed)', default: '20GB', read: requiredText() },
  maxObjects: { flags: '--max-objects <n>', description: 'most S3 objects downloaded, or files of a folder source read', default: '5000', read: wholeNumber(1, 10_000_000) },
  maxRequests: { flags: '--max-requests <n>', description: 'most AWS API requests (LookupEvents calls, S3 listings, Athena queries and result pages; retries included); no new question is asked past it', default: '1000', read: wholeNumber(1, 10_000_000) },
  account: { flags: '--account <id>', description: 'with --fetch, the account whose logs hold the event, when it is not in the store', read: matching(ACCOUNT_ID, 'a 12-digit account id') },
  region: { flags: '--region <region>', description: 'with --fetch, the event\'s region, when it is not in the store', read: matching(REGION_NAME, 'a region name such as us-east-1') },
  day: { flags: '--day <date>', description: 'with --fetch, the event\'s day (UTC, YYYY-MM-DD): Athena and S3 are searched for an event only on its day', read: matching(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-03-09') },
} satisfies Record<string, OptionSpec<unknown>>;

const fromEventArgs = { eventId } satisfies Record<string, ArgumentSpec<unknown>>;
const fromEventOptions = {
  ...traceOptions,
  ...fetchOptions,
  format: { flags: '--format <format>', description: 'text for people, json for scripts (trail-trace/trace@1)', choices: ['text', 'json'], default: 'text', read: oneOf(['text', 'json'] as const) },
  color: noColor,
  tui: { flags: '--tui', description: 'open the interactive terminal UI on this event (same as `trail-trace tui <eventId>`)', default: false, read: flag },
} satisfies Record<string, OptionSpec<unknown>>;
export type FromEventValues = ValuesOf<typeof fromEventArgs> & ValuesOf<typeof fromEventOptions>;

export const fromEvent = command({
  name: 'from-event',
  description: 'trace one event to its origin: every hop, how it was linked, how sure that is',
  args: fromEventArgs,
  options: fromEventOptions,
  help: FROM_EVENT_HELP,
  run: async (values, io): Promise<number> => {
    findOnlyWithFetch(values);
    if (values.tui) return (await import('./tui.js')).runTui(values, io);
    return (await import('./from-event.js')).runFromEvent(values, io);
  },
});

const scopeArgs = {
  start: { name: '<start>', description: 'an access key id (AKIA…/ASIA…), a principal ARN (IAM user, role, root), a role-session ARN, or an eventID (or its unique prefix)', read: requiredText('a start is required: an access key id, an ARN or an event id', true) },
} satisfies Record<string, ArgumentSpec<unknown>>;
const scopeOptions = {
  db,
  awsIpRanges,
  from: { ...from('calls and credentials from this time'), description: `${from('calls and credentials from this time').description}; default: the store's first event` },
  to: { ...to, description: 'up to this time (default: the store\'s last event)' },
  format: { flags: '--format <format>', description: 'text for people, json for scripts (trail-trace/scope@1)', choices: ['text', 'json'], default: 'text', read: oneOf(['text', 'json'] as const) },
  color: noColor,
  fetch: { ...fetchOptions.fetch, description: 'fetch from the sources the store keeps (trail-trace source add) the calls made with each credential of the scope in --from … --to, round by round' },
  maxScan: fetchOptions.maxScan,
  maxObjects: fetchOptions.maxObjects,
  maxRequests: fetchOptions.maxRequests,
  account: { ...fetchOptions.account, description: 'with --fetch, the account a start key or ARN belongs to, when the store does not say (else every account is searched)' },
} satisfies Record<string, OptionSpec<unknown>>;
export type ScopeValues = ValuesOf<typeof scopeArgs> & ValuesOf<typeof scopeOptions>;

export const scope = command({
  name: 'scope',
  description: 'everything a credential minted, did and changed, and the ordered steps to evict it',
  args: scopeArgs,
  options: scopeOptions,
  help: SCOPE_HELP,
  run: async (values, io): Promise<number> => (await import('./scope.js')).runScope(values, io),
});

const reportArgs = { eventId } satisfies Record<string, ArgumentSpec<unknown>>;
const reportOptions = {
  ...traceOptions,
  ...fetchOptions,
  output: { flags: '-o, --output <file>', description: 'write the report to this file (- or no -o: standard output)', read: text },
  force: { flags: '--force', description: 'replace the -o file if it exists', default: false, read: flag },
  full: { flags: '--full', description: 'list every call in the timeline instead of the most important ones', default: false, read: flag },
  timelineLimit: { flags: '--timeline-limit <n>', description: 'most calls listed in the timeline without --full', default: String(DEFAULT_TIMELINE_LIMIT), read: timelineLimit },
  scope: { flags: '--no-scope', description: 'leave out the Scope and Eviction sections (what the origin\'s credentials minted, did and changed; how to evict them)', read: onUnlessNo },
} satisfies Record<string, OptionSpec<unknown>>;
export type ReportValues = ValuesOf<typeof reportArgs> & ValuesOf<typeof reportOptions>;

export const report = command({
  name: 'report',
  description: 'write a markdown incident report: summary, chain diagram, timeline, indicators, evidence',
  args: reportArgs,
  options: reportOptions,
  help: REPORT_HELP,
  run: async (values, io): Promise<number> => {
    findOnlyWithFetch(values);
    return (await import('./report.js')).runReport(values, io);
  },
});

const tuiArgs = { eventId: { name: '[eventId]', description: 'open on the chain of this event; without it, a start screen of events worth tracing', read: trimmedText } } satisfies Record<string, ArgumentSpec<unknown>>;
const tuiOptions = { ...traceOptions, ...fetchOptions, color: noColor } satisfies Record<string, OptionSpec<unknown>>;
export type TuiValues = ValuesOf<typeof tuiArgs> & ValuesOf<typeof tuiOptions>;

export const tui = command({
  name: 'tui',
  description: 'the interactive terminal UI: the chain, each session\'s calls, raw records (? lists the keys)',
  args: tuiArgs,
  options: tuiOptions,
  help: TUI_HELP,
  run: async (values, io): Promise<number> => {
    findOnlyWithFetch(values);
    return (await import('./tui.js')).runTui(values, io);
  },
});

const sourceName = { flags: '--name <name>', description: 'what to call the source (default: from what it names)', read: text } satisfies OptionSpec<string | undefined>;
const managementAccounts = {
  flags: '--management-accounts <ids>', read: anyText,
  description: 'the organisation\'s management account and delegated administrators (comma-separated): AssumeRoot and Identity Center questions read only these accounts instead of every account',
} satisfies OptionSpec<string | undefined>;

const sourceAddAthenaArgs = {} satisfies Record<string, ArgumentSpec<unknown>>;
const sourceAddAthenaOptions = {
  db,
  database: { flags: '--database <name>', description: 'the Glue/Athena database holding the CloudTrail table', mandatory: true, read: requiredText() },
  table: { flags: '--table <name>', description: 'the CloudTrail table (AWS\'s DDL; partitions by account, region and date keep queries small)', mandatory: true, read: requiredText() },
  region: { ...aws.region, description: 'the region of the Athena table; default AWS_REGION' },
  workgroup: { flags: '--workgroup <name>', description: 'Athena workgroup (default: primary)', read: text },
  output: { flags: '--output <s3url>', description: 'where Athena writes results, when the workgroup does not say', read: matching(/^s3:\/\/[^/]+/, 'an S3 location such as s3://athena-results/trail-trace/') },
  catalog: { flags: '--catalog <name>', description: 'data catalog', default: 'AwsDataCatalog', read: requiredText() },
  managementAccounts,
  profile: aws.profile,
  name: sourceName,
} satisfies Record<string, OptionSpec<unknown>>;
export type SourceAddAthenaValues = ValuesOf<typeof sourceAddAthenaArgs> & ValuesOf<typeof sourceAddAthenaOptions>;

export const sourceAddAthena = command({
  name: 'source add athena',
  description: 'fetch from an Athena table over the trail: one partition-pruned query per question',
  args: sourceAddAthenaArgs,
  options: sourceAddAthenaOptions,
  help: SOURCE_HELP,
  run: async (values, io): Promise<number> => (await import('./source.js')).runSourceAddAthena(values, io),
});

const sourceAddS3Args = { url: { name: '<location>', description: 's3://bucket or s3://bucket/prefix (the folder holding AWSLogs/)', read: requiredText() } } satisfies Record<string, ArgumentSpec<unknown>>;
const sourceAddS3Options = { db, managementAccounts, ...aws, name: sourceName } satisfies Record<string, OptionSpec<unknown>>;
export type SourceAddS3Values = ValuesOf<typeof sourceAddS3Args> & ValuesOf<typeof sourceAddS3Options>;

export const sourceAddS3 = command({
  name: 'source add s3',
  description: 'fetch from the trail\'s bucket: only the account, region and day folders a question needs',
  args: sourceAddS3Args,
  options: sourceAddS3Options,
  help: SOURCE_HELP,
  run: async (values, io): Promise<number> => (await import('./source.js')).runSourceAddS3(values, io),
});

const sourceAddLookupArgs = {} satisfies Record<string, ArgumentSpec<unknown>>;
const sourceAddLookupOptions = {
  db,
  account: { flags: '--account <id>', description: 'check that the credentials are for this account', read: matching(ACCOUNT_ID, 'a 12-digit account id') },
  regions: { flags: '--regions <names>', description: 'the regions to ask (comma-separated); default: every region enabled for the account', read: anyText },
  profile: aws.profile,
  region: { ...aws.region, description: 'the region for the account\'s own API calls; default: AWS_REGION or the profile\'s' },
  name: sourceName,
} satisfies Record<string, OptionSpec<unknown>>;
export type SourceAddLookupValues = ValuesOf<typeof sourceAddLookupArgs> & ValuesOf<typeof sourceAddLookupOptions>;

export const sourceAddLookup = command({
  name: 'source add lookup',
  description: 'fetch from one account\'s Event history (LookupEvents: management events, 90 days)',
  args: sourceAddLookupArgs,
  options: sourceAddLookupOptions,
  help: SOURCE_HELP,
  run: async (values, io): Promise<number> => (await import('./source.js')).runSourceAddLookup(values, io),
});

const sourceAddFilesArgs = { path: { name: '<folder>', description: 'the folder holding AWSLogs/ (a mounted bucket, a large copy)', read: requiredText() } } satisfies Record<string, ArgumentSpec<unknown>>;
const sourceAddFilesOptions = { db, managementAccounts, name: sourceName } satisfies Record<string, OptionSpec<unknown>>;
export type SourceAddFilesValues = ValuesOf<typeof sourceAddFilesArgs> & ValuesOf<typeof sourceAddFilesOptions>;

export const sourceAddFiles = command({
  name: 'source add files',
  description: 'fetch from a folder holding AWSLogs/ (a mounted bucket, a copy too big to load): only the folders a question needs',
  args: sourceAddFilesArgs,
  options: sourceAddFilesOptions,
  help: SOURCE_HELP,
  run: async (values, io): Promise<number> => (await import('./source.js')).runSourceAddFiles(values, io),
});

const sourceListArgs = {} satisfies Record<string, ArgumentSpec<unknown>>;
const sourceListOptions = {
  db,
  format: { flags: '--format <format>', description: 'text for people, json for scripts', choices: ['text', 'json'], default: 'text', read: oneOf(['text', 'json'] as const) },
} satisfies Record<string, OptionSpec<unknown>>;
export type SourceListValues = ValuesOf<typeof sourceListArgs> & ValuesOf<typeof sourceListOptions>;

export const sourceList = command({
  name: 'source list',
  description: 'the sources this store fetches from',
  args: sourceListArgs,
  options: sourceListOptions,
  run: async (values, io): Promise<number> => (await import('./source.js')).runSourceList(values, io),
});

const sourceRemoveArgs = { name: { name: '<name>', description: 'the source (as source list names it)', read: requiredText() } } satisfies Record<string, ArgumentSpec<unknown>>;
const sourceRemoveOptions = { db } satisfies Record<string, OptionSpec<unknown>>;
export type SourceRemoveValues = ValuesOf<typeof sourceRemoveArgs> & ValuesOf<typeof sourceRemoveOptions>;

export const sourceRemove = command({
  name: 'source remove',
  description: 'forget a source (the events fetched from it stay)',
  args: sourceRemoveArgs,
  options: sourceRemoveOptions,
  run: async (values, io): Promise<number> => (await import('./source.js')).runSourceRemove(values, io),
});

export const COMMANDS = [
  ingestFiles, ingestS3, ingestLookup, ingestAthena, verify, fromEvent, scope, report, tui,
  sourceAddAthena, sourceAddS3, sourceAddLookup, sourceAddFiles, sourceList, sourceRemove,
];
