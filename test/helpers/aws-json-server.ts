// A loopback stand-in for the AWS APIs trail-trace calls, speaking their real wire protocols so the
// real SDK clients (and the built CLI, through AWS_ENDPOINT_URL) work against it unchanged:
// CloudTrail LookupEvents and Athena (awsJson1_1), STS GetCallerIdentity (awsQuery), Account
// ListRegions (restJson1). Athena SQL runs on DuckDB over a seeded CloudTrail table (athena-table.ts).
// Requests are routed by the SigV4 credential scope (access key → account, region, service);
// signatures are not verified.
//
// Protocol facts checked against the installed SDK (node_modules/@aws-sdk/client-*/dist-cjs/index.js
// and @aws-sdk/core/dist-cjs/submodules/protocols/index.js):
// - CloudTrail and Athena are AwsJson1_1Protocol: POST /, `x-amz-target: <serviceTarget>.<Op>` with
//   serviceTarget "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101" / "AmazonAthena".
//   Timestamps are epoch seconds both ways (JsonCodec default timestamp format 7 = epoch-seconds).
//   Errors: the code comes from the `x-amzn-errortype` header or the body's `__type`, the message
//   from `message` ?? `Message`, and modeled members are copied from the body by member name. Both
//   services' exceptions model `Message` (capital M), so that is the key sent for them.
// - STS (3.1169) is AwsQueryProtocol: form body `Action=GetCallerIdentity&Version=2011-06-15`, XML
//   answer wrapped in <GetCallerIdentityResult>, errors as <ErrorResponse><Error><Code>…. An
//   awsJson1_0 form (`x-amz-target: AWSSecurityTokenServiceV20110615.<Op>`) is accepted as well.
// - Account is AwsRestJsonProtocol: `POST /listRegions`; its errors model a lowercase `message` and
//   HTTP statuses (AccessDenied 403, Validation 400). MaxResults is 1–50 (botocore shape
//   ListRegionsRequestMaxResultsInteger); the default page size of 20 is an assumption.
// - CloudTrail's ThrottlingException is classified as throttling by the SDK retry strategy by its
//   name; its model has no retryable trait, so `$retryable` stays unset.
// - Athena's ClientRequestToken is an idempotency token: the SDK sends a fresh UUID when the caller
//   gives none, so only an explicit token makes two starts the same query.

import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openAthenaTable, type AthenaTable, type AthenaTableOptions, type QueryOutcome } from './athena-table.js';

export { CLOUDTRAIL_COLUMNS_AWS, CLOUDTRAIL_COLUMNS_EXTENDED, type AthenaTableOptions } from './athena-table.js';

export type RegionOptStatus = 'ENABLED' | 'ENABLED_BY_DEFAULT' | 'DISABLED' | 'ENABLING' | 'DISABLING';

export interface AwsTestServerOptions {
  /** Access key id → 12-digit account id. Any other key is refused as an invalid token. */
  accounts: Record<string, string>;
  /** CloudTrail records (as in log files) served by LookupEvents. */
  lookupRecords?: Record<string, unknown>[];
  /** LookupEvents per (account, region): more than this many accepted in 1 s → ThrottlingException. Default 2. */
  lookupPerSecond?: number;
  /** e.g. { action: 'cloudtrail:LookupEvents' } → AccessDeniedException (for every key, or just accessKeyId). */
  /** Calls refused as access denied: by action, optionally only for one key or region, or only once `afterAccepted` calls of it in that region were answered. */
  deny?: { accessKeyId?: string; action: string; region?: string; afterAccepted?: number }[];
  /** The first `times` calls of `action` (e.g. 'athena:GetQueryResults') answer Athena's TooManyRequestsException. */
  throttle?: { action: string; times: number };
  /** Answers calls made in this region only after this many milliseconds (a slow region). */
  latency?: { region: string; ms: number };
  /** LookupEvents answers every follow-up page with the very NextToken it was sent (a stuck endpoint). */
  lookupRepeatsToken?: boolean;
  /** CloudTrail public keys (DER) served by ListPublicKeys, by region; one key per page. */
  publicKeys?: Record<string, { der: Uint8Array; from: string; to: string }[]>;
  /** Served by ListRegions. Default DEFAULT_REGIONS. */
  regions?: { name: string; status: RegionOptStatus }[];
  athena?: AthenaTableOptions;
}

export interface RecordedRequest {
  service: string;
  action: string;
  account: string | null;
  region: string | null;
  /** Date.now() on arrival. */
  atMs: number;
  status: number;
  /** The parsed request: JSON body, or the form fields for awsQuery. */
  body: unknown;
}

export interface AwsTestServer {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  /** Every request handled, in arrival order. */
  requests(): RecordedRequest[];
  stop(): Promise<void>;
}

/** The 17 commercial Regions enabled by default, plus two opt-in Regions left disabled. */
export const DEFAULT_REGIONS: { name: string; status: RegionOptStatus }[] = [
  ...['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2',
    'ca-central-1', 'eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1',
    'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'].map((name) => ({ name, status: 'ENABLED_BY_DEFAULT' as const })),
  { name: 'af-south-1', status: 'DISABLED' },
  { name: 'ap-east-1', status: 'DISABLED' },
];

/** The identity every key stands for (its account varies). */
export const investigatorArn = (account: string) => `arn:aws:iam::${account}:user/investigator`;

// ---- Errors and callers -----------------------------------------------------------------------

class AwsError extends Error {
  constructor(readonly code: string, message: string, readonly status = 400, readonly extra: Record<string, unknown> = {}) {
    super(message);
  }
}

interface Caller {
  accessKeyId: string;
  account: string;
  region: string;
  service: string;
  /** Arrival time (Date.now()), as in requests(). */
  atMs: number;
}

type Protocol = 'json' | 'query' | 'rest-json';
type Json = Record<string, unknown>;

const INVALID_TOKEN = 'The security token included in the request is invalid.';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** An opaque pagination token bound to the request parameters it was issued for. */
function pageToken(offset: number, params: unknown): string {
  return Buffer.from(JSON.stringify({ o: offset, h: sha(JSON.stringify(params)).slice(0, 16) })).toString('base64url');
}

function readPageToken(token: string, params: unknown, error: AwsError): number {
  try {
    const { o, h } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o: unknown; h: unknown };
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0 && h === sha(JSON.stringify(params)).slice(0, 16)) return o;
  } catch {
    // falls through to the error
  }
  throw error;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

// ---- CloudTrail LookupEvents (spec §6) --------------------------------------------------------

interface IndexedRecord {
  record: Json;
  account: string;
  region: string;
  timeMs: number;
  eventId: string;
}

const LOOKUP_KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'];

/** LookupEvents' Username: the IAM user name, or for a role session the session name (spec §6.2, UNVERIFIED). */
function usernameOf(record: Json): string | undefined {
  const identity = obj(record.userIdentity);
  if (identity.type === 'AssumedRole') return str(identity.arn)?.split('/').pop();
  if (identity.type === 'Root') return str(identity.userName) ?? 'root';
  return str(identity.userName);
}

function resourcesOf(record: Json): { ResourceType?: string; ResourceName?: string }[] {
  const list = Array.isArray(record.resources) ? record.resources : [];
  return list.map((r) => ({ ResourceType: str(obj(r).type), ResourceName: str(obj(r).ARN) }));
}

const matchesAttribute: Record<string, (r: Json, value: string) => boolean> = {
  EventId: (r, v) => r.eventID === v,
  EventName: (r, v) => r.eventName === v,
  ReadOnly: (r, v) => r.readOnly !== undefined && String(r.readOnly) === v,
  Username: (r, v) => usernameOf(r) === v,
  ResourceType: (r, v) => resourcesOf(r).some((x) => x.ResourceType === v),
  ResourceName: (r, v) => resourcesOf(r).some((x) => x.ResourceName === v),
  EventSource: (r, v) => r.eventSource === v,
  AccessKeyId: (r, v) => obj(r.userIdentity).accessKeyId === v,
};

/** A lookupRecords entry with this key is served with this text as its CloudTrailEvent. */
export const RAW_TEXT = '__cloudTrailEventText';

function toEvent({ record, timeMs }: IndexedRecord) {
  return {
    EventId: str(record.eventID),
    EventName: str(record.eventName),
    ReadOnly: record.readOnly === undefined ? undefined : String(record.readOnly),
    AccessKeyId: str(obj(record.userIdentity).accessKeyId),
    EventTime: timeMs / 1000,
    EventSource: str(record.eventSource),
    Username: usernameOf(record),
    Resources: resourcesOf(record),
    // A test can hand a record's text over as is, to serve one that is not valid JSON.
    CloudTrailEvent: typeof record[RAW_TEXT] === 'string' ? record[RAW_TEXT] : JSON.stringify(record),
  };
}

function createCloudTrail(options: AwsTestServerOptions) {
  const perSecond = options.lookupPerSecond ?? 2;
  const acceptedAt = new Map<string, number[]>(); // "<account>/<region>" → accept times (ms)
  const index: IndexedRecord[] = (options.lookupRecords ?? [])
    .map((record) => ({
      record,
      account: String(record.recipientAccountId),
      region: String(record.awsRegion),
      timeMs: Date.parse(String(record.eventTime)),
      eventId: String(record.eventID),
    }))
    .filter((r) => !Number.isNaN(r.timeMs))
    // Newest first; ties by eventID so pages are deterministic.
    .sort((a, b) => b.timeMs - a.timeMs || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));

  /** 2 TPS per account and Region (spec §6.1): refused when `perSecond` were accepted in the last 1000 ms. */
  function throttle(caller: Caller) {
    const key = `${caller.account}/${caller.region}`;
    const now = caller.atMs;
    const recent = (acceptedAt.get(key) ?? []).filter((t) => now - t < 1000);
    if (recent.length >= perSecond) {
      acceptedAt.set(key, recent);
      throw new AwsError('ThrottlingException', 'Rate exceeded');
    }
    acceptedAt.set(key, [...recent, now]);
  }

  function lookupEvents(caller: Caller, input: Json) {
    throttle(caller);
    const attributes = Array.isArray(input.LookupAttributes) ? input.LookupAttributes.map(obj) : [];
    if (attributes.length > 1) {
      throw new AwsError('InvalidLookupAttributesException', 'You can only specify one lookup attribute.');
    }
    const attribute = attributes[0];
    const key = str(attribute?.AttributeKey);
    const value = str(attribute?.AttributeValue);
    if (attribute && (!key || !LOOKUP_KEYS.includes(key) || value === undefined)) {
      throw new AwsError('InvalidLookupAttributesException', `The lookup attribute ${key ?? '(none)'} is not valid.`);
    }
    const maxResults = input.MaxResults ?? 50;
    if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) {
      throw new AwsError('InvalidMaxResultsException', 'MaxResults must be an integer between 1 and 50.');
    }
    const start = typeof input.StartTime === 'number' ? input.StartTime * 1000 : -Infinity;
    const end = typeof input.EndTime === 'number' ? input.EndTime * 1000 : Infinity;
    if (start > end) throw new AwsError('InvalidTimeRangeException', 'Start time must be before or equal to end time.');
    const category = input.EventCategory;
    if (category !== undefined && category !== 'insight') {
      throw new AwsError('InvalidEventCategoryException', `Event category ${String(category)} is not valid.`);
    }
    // The token is valid only with the same filters (spec §6.2); MaxResults may change between pages.
    const params = [caller.account, caller.region, attributes, input.StartTime, input.EndTime, category];
    const offset = typeof input.NextToken === 'string'
      ? readPageToken(input.NextToken, params, new AwsError('InvalidNextTokenException', 'The NextToken is not valid for this request.'))
      : 0;

    const matching = index.filter((r) =>
      r.account === caller.account &&
      r.region === caller.region &&
      r.timeMs >= start && r.timeMs <= end &&
      (r.record.eventCategory === 'Insight') === (category === 'insight') &&
      // Event history holds management events (and Insights), never data events (spec §6.1).
      r.record.eventCategory !== 'Data' && r.record.managementEvent !== false &&
      (!key || matchesAttribute[key]!(r.record, value!)),
    );
    const page = matching.slice(offset, offset + maxResults);
    const next = offset + maxResults < matching.length ? pageToken(offset + maxResults, params) : undefined;
    if (options.lookupRepeatsToken && typeof input.NextToken === 'string') return { Events: page.map(toEvent), NextToken: input.NextToken };
    return { Events: page.map(toEvent), NextToken: next };
  }

  /** ListPublicKeys: the region's keys valid in [StartTime, EndTime], one per page (awsJson1_1 timestamps are epoch seconds). */
  function listPublicKeys(caller: Caller, input: Json) {
    const keys = options.publicKeys?.[caller.region ?? ''] ?? [];
    const start = typeof input.StartTime === 'number' ? input.StartTime * 1000 : -Infinity;
    const end = typeof input.EndTime === 'number' ? input.EndTime * 1000 : Infinity;
    const valid = keys.filter((k) => Date.parse(k.from) <= end && Date.parse(k.to) >= start);
    const at = typeof input.NextToken === 'string' ? Number(input.NextToken) : 0;
    const key = valid[at];
    const page = key
      ? [{ Value: Buffer.from(key.der).toString('base64'), ValidityStartTime: Date.parse(key.from) / 1000, ValidityEndTime: Date.parse(key.to) / 1000, Fingerprint: createHash('md5').update(key.der).digest('hex') }]
      : [];
    return { PublicKeyList: page, ...(at + 1 < valid.length ? { NextToken: String(at + 1) } : {}) };
  }

  return { LookupEvents: lookupEvents, ListPublicKeys: listPublicKeys };
}

// ---- STS and Account --------------------------------------------------------------------------

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function callerIdentity(caller: Caller) {
  const userId = 'AIDA' + sha(caller.accessKeyId).slice(0, 17).toUpperCase();
  return { Arn: investigatorArn(caller.account), UserId: userId, Account: caller.account };
}

/** An awsQuery answer: <OpResponse><OpResult>…</OpResult><ResponseMetadata>… (flat string members only). */
function queryXml(action: string, result: Json, requestId: string): string {
  const members = Object.entries(result).map(([k, v]) => `<${k}>${xmlEscape(String(v))}</${k}>`).join('');
  return (
    `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${action}Result>${members}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

const OPT_STATUSES = ['ENABLED', 'ENABLING', 'DISABLING', 'DISABLED', 'ENABLED_BY_DEFAULT'];

function listRegions(regions: { name: string; status: RegionOptStatus }[], input: Json) {
  const wanted = Array.isArray(input.RegionOptStatusContains) ? input.RegionOptStatusContains.map(String) : [];
  const bad = wanted.find((s) => !OPT_STATUSES.includes(s));
  if (bad) {
    throw new AwsError('ValidationException', `1 validation error detected: Value '${bad}' at 'regionOptStatusContains' ` +
      `failed to satisfy constraint: Member must satisfy enum value set: [${OPT_STATUSES.join(', ')}]`);
  }
  const maxResults = input.MaxResults ?? 20;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) {
    throw new AwsError('ValidationException', `1 validation error detected: Value '${String(maxResults)}' at 'maxResults' ` +
      'failed to satisfy constraint: Member must have value between 1 and 50');
  }
  const params = [...wanted].sort();
  const offset = typeof input.NextToken === 'string'
    ? readPageToken(input.NextToken, params, new AwsError('ValidationException', 'The NextToken is not valid.'))
    : 0;
  const matching = regions.filter((r) => wanted.length === 0 || wanted.includes(r.status));
  const page = matching.slice(offset, offset + maxResults);
  return {
    Regions: page.map((r) => ({ RegionName: r.name, RegionOptStatus: r.status })),
    NextToken: offset + maxResults < matching.length ? pageToken(offset + maxResults, params) : undefined,
  };
}

// ---- Athena (spec §7.4) -----------------------------------------------------------------------

type FinalState =
  | { state: 'SUCCEEDED'; outcome: Extract<QueryOutcome, { ok: true }>; engineMs: number }
  | { state: 'FAILED'; reason: string; engineMs: number }
  | { state: 'CANCELLED' };

interface Execution {
  id: string;
  account: string;
  query: string;
  context: Json;
  workGroup: string;
  outputLocation: string;
  submittedMs: number;
  completedMs?: number;
  polls: number;
  stopped: boolean;
  final: Promise<FinalState>;
  settled?: FinalState;
}

/** Athena ExecutionParameters are SQL literals put in place of each `?` outside quotes and comments. */
export function bindExecutionParameters(sql: string, params: string[]): string {
  let out = '';
  let used = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    const skipTo = (end: string, from: number) => {
      const j = sql.indexOf(end, from);
      const stop = j < 0 ? sql.length : j + end.length;
      out += sql.slice(i, stop);
      i = stop - 1;
    };
    if (ch === "'" || ch === '"') skipTo(ch, i + 1);
    else if (sql.startsWith('--', i)) skipTo('\n', i);
    else if (sql.startsWith('/*', i)) skipTo('*/', i + 2);
    else if (ch === '?') out += params[used++] ?? '?';
    else out += ch;
  }
  if (used !== params.length) {
    throw new Error(`Incorrect number of parameters: expected ${used} but found ${params.length}`);
  }
  return out;
}

function createAthena(options: AthenaTableOptions | undefined, table: AthenaTable | undefined) {
  const executions = new Map<string, Execution>();
  const byToken = new Map<string, string>();
  const workgroups = options?.workgroups ?? { primary: { outputLocation: 's3://athena-results/' } };
  // Read at each look, so that a test can change it between runs.
  const pollsBeforeDone = () => options?.pollsBeforeDone ?? 2;
  const createdSeconds = Math.floor(Date.now() / 1000);

  function configured(): [AthenaTableOptions, AthenaTable] {
    if (!options || !table) throw new AwsError('InvalidRequestException', 'The Athena stand-in has no table (options.athena).');
    return [options, table];
  }

  function execution(caller: Caller, input: Json): Execution {
    const found = executions.get(str(input.QueryExecutionId) ?? '');
    if (!found || found.account !== caller.account) {
      throw new AwsError('InvalidRequestException', `QueryExecution ${String(input.QueryExecutionId)} was not found`);
    }
    return found;
  }

  /** QUEUED, then RUNNING, for the first `pollsBeforeDone` looks; then the final state. */
  function stateNow(e: Execution): FinalState | 'QUEUED' | 'RUNNING' {
    if (e.stopped) return { state: 'CANCELLED' };
    if (e.polls < pollsBeforeDone()) return e.polls === 0 ? 'QUEUED' : 'RUNNING';
    return e.settled ?? 'RUNNING';
  }

  async function start(caller: Caller, input: Json) {
    const [opts, tbl] = configured();
    const query = str(input.QueryString);
    if (!query) throw new AwsError('InvalidRequestException', 'QueryString must not be empty.');
    const token = str(input.ClientRequestToken);
    const reused = token && !options?.forgetTokens && byToken.get(`${caller.account}/${token}`);
    if (reused) return { QueryExecutionId: reused };
    const workGroup = str(input.WorkGroup) ?? 'primary';
    const wg = workgroups[workGroup];
    if (!wg) throw new AwsError('InvalidRequestException', `WorkGroup ${workGroup} is not found.`);
    const location = str(obj(input.ResultConfiguration).OutputLocation) ?? wg.outputLocation;
    if (!location) {
      throw new AwsError('InvalidRequestException', 'No output location provided. An output location is required either through ' +
        'the Workgroup result configuration setting or as an API input.');
    }
    const id = randomUUID();
    const context = obj(input.QueryExecutionContext);
    const e: Execution = {
      id, account: caller.account, query, context, workGroup, submittedMs: Date.now(), polls: 0, stopped: false,
      outputLocation: `${location}${location.endsWith('/') ? '' : '/'}${id}.csv`,
      final: run(opts, tbl, query, str(context.Database), Array.isArray(input.ExecutionParameters) ? input.ExecutionParameters.map(String) : []),
    };
    void e.final.then((f) => {
      e.settled = f;
      e.completedMs ??= Date.now();
    });
    executions.set(id, e);
    if (token) byToken.set(`${caller.account}/${token}`, id);
    return { QueryExecutionId: id };
  }

  async function run(
    opts: AthenaTableOptions, tbl: AthenaTable, query: string, database: string | undefined, params: string[],
  ): Promise<FinalState> {
    if (opts.cancelQueriesContaining !== undefined && query.includes(opts.cancelQueriesContaining)) return { state: 'CANCELLED' };
    if (opts.failQueriesContaining && query.includes(opts.failQueriesContaining.text)) {
      return { state: 'FAILED', reason: opts.failQueriesContaining.reason, engineMs: 0 };
    }
    const began = performance.now();
    let outcome: QueryOutcome;
    try {
      outcome = await tbl.run(bindExecutionParameters(query, params), database);
    } catch (err) {
      outcome = { ok: false, reason: `INVALID_PARAMETER_USAGE: ${(err as Error).message}` };
    }
    const engineMs = Math.round(performance.now() - began);
    return outcome.ok ? { state: 'SUCCEEDED', outcome, engineMs } : { state: 'FAILED', reason: outcome.reason, engineMs };
  }

  async function getQueryExecution(caller: Caller, input: Json) {
    const e = execution(caller, input);
    if (!e.stopped && e.polls >= pollsBeforeDone()) e.settled ??= await e.final; // the final answer waits for DuckDB
    const now = stateNow(e);
    e.polls++;
    const status: Json = { State: typeof now === 'string' ? now : now.state, SubmissionDateTime: e.submittedMs / 1000 };
    if (typeof now !== 'string') {
      status.CompletionDateTime = (e.completedMs ?? Date.now()) / 1000;
      if (now.state === 'FAILED') {
        status.StateChangeReason = now.reason;
        status.AthenaError = { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: now.reason };
      }
    }
    const engineMs = typeof now !== 'string' && now.state !== 'CANCELLED' ? now.engineMs : 0;
    // The partition-pruned figure once known; a failed or cancelled scan, not modelled, the whole table.
    const done = typeof now === 'string' ? e.settled : now;
    const scanned = now === 'QUEUED' ? 0 : done?.state === 'SUCCEEDED' ? done.outcome.scannedBytes : (table?.seededBytes ?? 0);
    return {
      QueryExecution: {
        QueryExecutionId: e.id, Query: e.query, StatementType: 'DML', SubstatementType: 'SELECT',
        ResultConfiguration: { OutputLocation: e.outputLocation },
        ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: false } },
        QueryExecutionContext: e.context, Status: status,
        Statistics: {
          EngineExecutionTimeInMillis: engineMs, DataScannedInBytes: scanned,
          TotalExecutionTimeInMillis: engineMs, QueryQueueTimeInMillis: 0, ServicePreProcessingTimeInMillis: 0,
          QueryPlanningTimeInMillis: 0, ServiceProcessingTimeInMillis: 0, ResultReuseInformation: { ReusedPreviousResult: false },
        },
        WorkGroup: e.workGroup,
        EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
      },
    };
  }

  function getQueryResults(caller: Caller, input: Json) {
    const e = execution(caller, input);
    const now = stateNow(e);
    if (typeof now === 'string') throw new AwsError('InvalidRequestException', `Query has not yet finished. Current state: ${now}`);
    // UNVERIFIED wording for failed and cancelled queries.
    if (now.state === 'FAILED') throw new AwsError('InvalidRequestException', now.reason);
    if (now.state === 'CANCELLED') throw new AwsError('InvalidRequestException', 'Query has been cancelled');
    const max = input.MaxResults ?? 1000;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 1000) {
      throw new AwsError('InvalidRequestException', `1 validation error detected: Value '${String(max)}' at 'maxResults' ` +
        'failed to satisfy constraint: Member must have value less than or equal to 1000');
    }
    const offset = typeof input.NextToken === 'string'
      ? readPageToken(input.NextToken, [e.id], new AwsError('InvalidRequestException', 'The NextToken is not valid.'))
      : 0;
    const { columns, rows } = now.outcome;
    // The header row (column names) is the first row of the first page only, and counts toward MaxResults.
    const all = [columns.map((c) => c.Name), ...rows];
    const page = all.slice(offset, offset + max);
    return {
      UpdateCount: 0,
      ResultSet: {
        Rows: page.map((row) => ({ Data: row.map((v) => (v === null ? {} : { VarCharValue: v })) })),
        ResultSetMetadata: { ColumnInfo: columns },
      },
      NextToken: offset + max < all.length ? pageToken(offset + max, [e.id]) : undefined,
    };
  }

  function stopQueryExecution(caller: Caller, input: Json) {
    const e = execution(caller, input);
    if (typeof stateNow(e) === 'string') {
      e.stopped = true;
      e.completedMs = Date.now();
    }
    return {};
  }

  function getTableMetadata(_caller: Caller, input: Json) {
    const [opts] = configured();
    const same = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
    if (!same(input.CatalogName, 'AwsDataCatalog') || !same(input.DatabaseName, opts.database) || !same(input.TableName, opts.table)) {
      // What Athena said for a missing table in 2023 (noctua#205): it does not name the table.
      throw new AwsError('MetadataException', 'Entity Not Found (Service: AmazonDataCatalog; Status Code: 400; ' +
        `Error Code: EntityNotFoundException; Request ID: ${randomUUID()}; Proxy: null)`);
    }
    return {
      TableMetadata: {
        Name: opts.table.toLowerCase(), CreateTime: createdSeconds, TableType: 'EXTERNAL_TABLE',
        Columns: opts.columns, PartitionKeys: opts.partitionKeys,
        Parameters: {
          EXTERNAL: 'TRUE',
          inputformat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
          outputformat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          'serde.serialization.lib': 'org.apache.hive.hcatalog.data.JsonSerDe',
          ...opts.parameters,
        },
      },
    };
  }

  return {
    GetTableMetadata: getTableMetadata,
    StartQueryExecution: start,
    GetQueryExecution: getQueryExecution,
    GetQueryResults: getQueryResults,
    StopQueryExecution: stopQueryExecution,
  };
}

// ---- HTTP -------------------------------------------------------------------------------------

type Handler = (caller: Caller, input: Json) => unknown;

const TARGET_PREFIXES: Record<string, string> = {
  'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101': 'cloudtrail',
  AmazonAthena: 'athena',
  AWSSecurityTokenServiceV20110615: 'sts',
};

/** Protocol and operation of a request, from what the SDK puts on the wire. */
function identifyOperation(req: IncomingMessage, text: string): { protocol: Protocol; action: string; body: unknown } {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    const dot = target.lastIndexOf('.');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = text;
    }
    return { protocol: 'json', action: target.slice(dot + 1), body };
  }
  if (String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
    const body = Object.fromEntries(new URLSearchParams(text));
    return { protocol: 'query', action: body.Action ?? '', body };
  }
  const name = (req.url ?? '/').split('?')[0]!.replace(/^\//, '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = text;
  }
  return { protocol: 'rest-json', action: name.charAt(0).toUpperCase() + name.slice(1), body };
}

interface Reply {
  protocol: Protocol;
  service: string;
  action: string;
}

function send(res: ServerResponse, { protocol, service, action }: Reply, status: number, payload: unknown, error?: AwsError) {
  const requestId = randomUUID();
  if (protocol === 'query') {
    const xml = error
      ? `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${error.code}</Code>` +
        `<Message>${xmlEscape(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
      : queryXml(action, payload as Json, requestId);
    res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
    res.end(xml);
    return;
  }
  const headers: Record<string, string> = {
    'content-type': protocol === 'json' ? (service === 'sts' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1') : 'application/json',
    'x-amzn-requestid': requestId,
  };
  let body = payload;
  if (error) {
    headers['x-amzn-errortype'] = error.code;
    // CloudTrail and Athena model their exceptions' message as `Message`; restJson services as `message`.
    const messageKey = service === 'cloudtrail' || service === 'athena' ? 'Message' : 'message';
    body = { __type: error.code, [messageKey]: error.message, ...error.extra };
  }
  res.writeHead(status, headers);
  res.end(JSON.stringify(body));
}

export async function startAwsServer(options: AwsTestServerOptions): Promise<AwsTestServer> {
  const table = options.athena ? await openAthenaTable(options.athena) : undefined;
  const regions = options.regions ?? DEFAULT_REGIONS;
  const handlers: Record<string, Record<string, Handler>> = {
    cloudtrail: createCloudTrail(options),
    athena: createAthena(options.athena, table),
    sts: { GetCallerIdentity: callerIdentity },
    account: { ListRegions: (_caller, input) => listRegions(regions, input) },
  };
  const log: RecordedRequest[] = [];

  let throttled = 0;
  async function handle(req: IncomingMessage, res: ServerResponse, text: string) {
    const { protocol, action, body } = identifyOperation(req, text);
    // Authorization: AWS4-HMAC-SHA256 Credential=<AKID>/<date>/<region>/<service>/aws4_request, …
    const scope = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(String(req.headers.authorization ?? ''));
    const target = String(req.headers['x-amz-target'] ?? '');
    const service = scope?.[3] ?? TARGET_PREFIXES[target.slice(0, target.lastIndexOf('.'))] ?? 'unknown';
    const account = scope ? options.accounts[scope[1]!] ?? null : null;
    const entry: RecordedRequest = { service, action, account, region: scope?.[2] ?? null, atMs: Date.now(), status: 0, body };
    log.push(entry);
    const reply = (status: number, payload: unknown, error?: AwsError) => {
      entry.status = status;
      send(res, { protocol, service, action }, status, payload, error);
    };
    const fail = (error: AwsError) => reply(error.status, undefined, error);
    try {
      if (!scope || !account) {
        // Unknown key: STS says InvalidClientTokenId (403); JSON services UnrecognizedClientException.
        if (protocol === 'query') throw new AwsError('InvalidClientTokenId', INVALID_TOKEN, 403);
        throw new AwsError('UnrecognizedClientException', INVALID_TOKEN, protocol === 'rest-json' ? 403 : 400);
      }
      const caller: Caller = { accessKeyId: scope[1]!, account, region: scope[2]!, service, atMs: entry.atMs };
      if (options.latency?.region === caller.region) await new Promise((r) => setTimeout(r, options.latency!.ms));
      const handler = handlers[service]?.[action];
      if (!handler) {
        throw protocol === 'query'
          ? new AwsError('InvalidAction', `Could not find operation ${action} for version ${String(obj(body).Version)}`)
          : new AwsError('UnknownOperationException', `${service}:${action} is not implemented by the test server`,
            protocol === 'rest-json' ? 404 : 400);
      }
      if (typeof body !== 'object' || body === null) throw new AwsError('SerializationException', 'The request body is not valid JSON.');
      const denied = (options.deny ?? []).some(
        (d) => d.action === `${service}:${action}` && (!d.accessKeyId || d.accessKeyId === caller.accessKeyId) && (!d.region || d.region === caller.region)
          && (d.afterAccepted === undefined || log.filter((e) => e.action === action && e.region === caller.region && e.status === 200).length >= d.afterAccepted),
      );
      if (denied) {
        const what = `${service}:${action}`;
        throw new AwsError(
          protocol === 'query' ? 'AccessDenied' : 'AccessDeniedException',
          `User: ${investigatorArn(account)} is not authorized to perform: ${what} because no identity-based policy allows the ${what} action`,
          protocol === 'json' ? 400 : 403,
        );
      }
      if (options.throttle?.action === `${service}:${action}` && throttled < options.throttle.times) {
        throttled++;
        throw new AwsError('TooManyRequestsException', 'Rate exceeded', 400);
      }
      const result = await handler(caller, body as Json);
      reply(200, result);
    } catch (err) {
      if (err instanceof AwsError) fail(err);
      else fail(new AwsError(protocol === 'query' ? 'InternalFailure' : 'InternalServerException', `Test server bug: ${(err as Error).stack}`, 500));
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests: () => log.map((r) => ({ ...r })),
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      table?.close();
    },
  };
}
