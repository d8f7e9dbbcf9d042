// The shapes a CloudTrail record arrives in besides a trail file's Records (issue 17): a SIEM's
// export wraps it (an Elasticsearch hit's _source, a Logstash event's message or event.original, a
// Splunk result's _raw, a CloudWatch Logs event's message, an EventBridge event's detail), a
// CloudTrail Lake result row or a Parquet row spells it as columns. Each value a file holds is
// unwrapped here, by what it contains, never by the file's name, into the record CloudTrail wrote.
// Pure and deterministic: the same value gives the same record at ingest and when read back.

import { cloudTrailTime, recordFromColumns } from './athena-records.js';
import { scanJson, type JsonLimits } from './json-scan.js';
import type { WarningKind } from './warnings.js';

/**
 * The field trail-trace adds to a record it had to complete or could only read approximately:
 * `{"eventTimeFrom": "@timestamp"}` (the wrapper's time stood in for a missing eventTime),
 * `{"approximate": true}` (nested values read from `{key=value}` text), `{"fromColumns": true}`
 * (rebuilt from a table's columns, which may leave fields out).
 */
export const DERIVED_FIELD = '_trailTrace';

/** What held the record, as the summary names it. */
export type Wrapper =
  | 'elasticsearch-hit'
  | 'logstash-message'
  | 'ecs-original'
  | 'splunk-result'
  | 'splunk-raw'
  | 'cloudwatch-event'
  | 'eventbridge-event'
  | 'lake-row'
  | 'columns';

/** How a summary says what a file looked like: "Elasticsearch hits", "CloudWatch Logs events". */
export const WRAPPER_TEXT: Record<Wrapper, string> = {
  'elasticsearch-hit': 'Elasticsearch / OpenSearch hits',
  'logstash-message': 'events with the record as text under "message"',
  'ecs-original': 'events with the record as text under "event.original"',
  'splunk-result': 'Splunk results',
  'splunk-raw': 'Splunk events',
  'cloudwatch-event': 'CloudWatch Logs events',
  'eventbridge-event': 'EventBridge events',
  'lake-row': 'CloudTrail Lake result rows',
  'columns': 'rows of CloudTrail columns',
};

/** What a summary says of a file whose every record was in this wrapper and none was CloudTrail. */
export const WRAPPER_NONE: Record<Wrapper, string> = {
  'elasticsearch-hit': 'Elasticsearch / OpenSearch hits whose _source is not CloudTrail',
  'logstash-message': 'events whose "message" is not CloudTrail',
  'ecs-original': 'events whose "event.original" is not CloudTrail',
  'splunk-result': 'Splunk results whose _raw is not CloudTrail',
  'splunk-raw': 'Splunk events whose _raw is not CloudTrail',
  'cloudwatch-event': 'CloudWatch Logs events whose messages are not CloudTrail',
  'eventbridge-event': 'EventBridge events that are not CloudTrail records',
  'lake-row': 'CloudTrail Lake result rows without the record\'s fields',
  'columns': 'rows without CloudTrail\'s columns',
};

export type Unwrapped =
  | {
      ok: true;
      /** The record's JSON text: verbatim where the file held it as text or as a bare record. */
      json: string;
      /** The wrappers it was found in, outermost first. */
      via: Wrapper[];
      /** The wrapper field eventTime was taken from, when the record had none. */
      timeFrom?: string;
      /** Some of it was read from a rendering that cannot be read back exactly (Lake's `{k=v}`). */
      approximate?: boolean;
    }
  | { ok: false; kind: WarningKind; detail: string; via: Wrapper[] };

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The same test as extract-events.sql's looks_like_cloudtrail, on a parsed value. */
export function looksLikeCloudTrail(v: Record<string, unknown>): boolean {
  return v.eventVersion !== undefined || v.userIdentity !== undefined || (v.eventSource !== undefined && v.eventName !== undefined)
    || (v.eventID !== undefined && v.eventTime !== undefined);
}

/** CloudTrail's fields in lower case: a row with these is the record spelt as columns. */
function looksLikeColumns(v: Record<string, unknown>): boolean {
  const keys = new Set(Object.keys(v).map((k) => k.toLowerCase()));
  return keys.has('eventid') && (keys.has('eventname') || keys.has('eventsource') || keys.has('eventversion'));
}

/** A field by a dotted name, nested (`event: {original}`) or flat (`"event.original"`). */
function field(v: Record<string, unknown>, dotted: string): unknown {
  if (dotted in v) return v[dotted];
  const [head, ...rest] = dotted.split('.');
  const inner = v[head!];
  return rest.length > 0 && isObject(inner) ? field(inner, rest.join('.')) : undefined;
}

/** Where a wrapper keeps the event's time, in the order they are tried. */
const TIME_FIELDS = ['@timestamp', '_time', 'timestamp', 'time'] as const;

export interface Found {
  record: Record<string, unknown>;
  /** The record's text when the file held it as text (kept verbatim), else undefined. */
  text?: string;
  via: Wrapper[];
  times: { field: string; value: unknown }[];
  approximate?: boolean;
}

type Step = Found | { problem: { kind: WarningKind; detail: string }; via: Wrapper[] } | undefined;

const MAX_NESTING = 4;
/** Fields CloudTrail writes as objects (or arrays), never as text. */
const NESTED = ['userIdentity', 'requestParameters', 'responseElements', 'additionalEventData', 'serviceEventDetails', 'resources', 'tlsDetails'];

/**
 * The record inside `value` (parsed), by trying each shape in turn. `text` is the value's own
 * JSON text when the caller has it (a bare record is kept as written).
 */
export function unwrap(value: unknown, text: string | undefined, limits: JsonLimits, outerTimes: Found['times'] = []): Unwrapped {
  const step = find(value, text, [], outerTimes, limits, 0);
  if (step === undefined) return { ok: false, kind: isObject(value) ? 'not-cloudtrail' : 'not-an-object', detail: describeValue(value), via: [] };
  if ('problem' in step) return { ok: false, ...step.problem, via: step.via };
  const { record, via, times } = step;
  let json = step.text;
  let timeFrom: string | undefined;
  if (record.eventTime === undefined) {
    // The wrapper's time stands in for a missing eventTime (a record's own, even unreadable, is
    // kept and judged as it is); the innermost wrapper's first.
    for (const t of [...times].reverse()) {
      const time = cloudTrailTime(t.value);
      if (time === undefined) continue;
      record.eventTime = time;
      timeFrom = t.field;
      json = undefined;
      break;
    }
  }
  // What trail-trace did to the record, said in the record itself (a field CloudTrail never writes),
  // so that wherever it is shown later the trace can say it too (src/store/derived.ts).
  const fromColumns = via.includes('columns') || via.includes('lake-row');
  if (timeFrom || step.approximate || fromColumns) {
    record[DERIVED_FIELD] = {
      ...(timeFrom ? { eventTimeFrom: timeFrom } : {}), ...(step.approximate ? { approximate: true } : {}),
      // Rebuilt from columns, which may not declare every field CloudTrail writes: a field missing
      // here says nothing of the record (src/store/copy-diff.ts).
      ...(fromColumns ? { fromColumns: true } : {}),
    };
    json = undefined;
  }
  json ??= JSON.stringify(record);
  return { ok: true, json, via, ...(timeFrom ? { timeFrom } : {}), ...(step.approximate ? { approximate: true } : {}) };
}

function find(value: unknown, text: string | undefined, via: Wrapper[], times: Found['times'], limits: JsonLimits, depth: number): Step {
  if (depth > MAX_NESTING) return undefined;
  // A Lake result row: one single-key object per column.
  if (Array.isArray(value) && value.length > 0 && value.every((c) => isObject(c) && Object.keys(c).length === 1)) {
    const row: Record<string, unknown> = {};
    for (const column of value as Record<string, unknown>[]) for (const [k, v] of Object.entries(column)) row[k] = v;
    if (!looksLikeColumns(row)) return { problem: { kind: 'not-cloudtrail', detail: 'a CloudTrail Lake result row without eventID and eventName: select * to have the whole record' }, via: [...via, 'lake-row'] };
    const { record, approximate } = recordFromColumns(row);
    return { record, via: [...via, 'lake-row'], times, approximate };
  }
  if (!isObject(value)) return undefined;
  const here = [...times];
  // A wrapper's time fields, or those a pipeline added to the record itself (Logstash's @timestamp).
  for (const f of TIME_FIELDS) if (value[f] !== undefined && !isObject(value[f])) here.push({ field: f, value: value[f] });
  // The record as the wrapper kept it verbatim goes before fields a SIEM extracted beside it (Splunk
  // puts eventName, userIdentity.arn… next to _raw): those are its reading, not CloudTrail's record.
  for (const [wrapper, held] of [['splunk-raw', value._raw], ['ecs-original', field(value, 'event.original')], ['logstash-message', value.message]] as const) {
    if (typeof held !== 'string' || !(looksLikeCloudTrail(value) || looksLikeColumns(value))) continue;
    const found = fromText(held, wrapper, [...via, wrapper], here, limits, depth);
    if (found && !('problem' in found)) return found;
  }
  if (looksLikeCloudTrail(value)) {
    // A row of columns under CloudTrail's names whose nested fields are text (a Lake result row
    // saved as an object, a CSV export read as JSON): read like columns, nested text parsed.
    if (NESTED.some((f) => typeof value[f] === 'string')) {
      const { record, approximate } = recordFromColumns(value);
      return { record, via: [...via, 'columns'], times: here, approximate };
    }
    return { record: value, ...(text !== undefined ? { text } : {}), via, times: here };
  }
  const inner = (wrapper: Wrapper, v: unknown): Step => {
    const next = [...via, wrapper];
    if (typeof v === 'string') return fromText(v, wrapper, next, here, limits, depth);
    return find(v, undefined, next, here, limits, depth + 1) ?? { problem: { kind: 'not-cloudtrail', detail: `${WRAPPER_TEXT[wrapper]}: ${describeValue(v)}` }, via: next };
  };
  // Elasticsearch / OpenSearch: {"_index", "_id", "_source": {…}}.
  if (isObject(value._source)) return inner('elasticsearch-hit', value._source);
  // Splunk's JSON export: {"preview": false, "result": {"_raw": "…", "_time": "…"}}.
  if (isObject(value.result) && (typeof value.result._raw === 'string' || 'preview' in value)) return inner('splunk-result', value.result);
  if (typeof value._raw === 'string') return inner('splunk-raw', value._raw);
  // EventBridge's "AWS API Call via CloudTrail": {"detail-type", "source", "time", "detail": {…}}.
  if (isObject(value.detail) && typeof value['detail-type'] === 'string') return inner('eventbridge-event', value.detail);
  // CloudWatch Logs: {"timestamp": ms, "message": "…", "ingestionTime", "logStreamName"?, "eventId"?}.
  if (typeof value.message === 'string' && typeof value.timestamp === 'number') return inner('cloudwatch-event', value.message);
  // Logstash / Filebeat: the record as text under "message" or "event.original".
  const original = field(value, 'event.original');
  if (typeof original === 'string') return inner('ecs-original', original);
  if (typeof value.message === 'string') return inner('logstash-message', value.message);
  // The record spelt as columns (Parquet read as JSON, Athena or Lake rows saved as JSON).
  if (looksLikeColumns(value)) {
    const { record, approximate } = recordFromColumns(value);
    return { record, via: [...via, 'columns'], times: here, approximate };
  }
  return undefined;
}

/** A record held as text inside a wrapper: bounded like any record, then parsed. */
function fromText(text: string, wrapper: Wrapper, via: Wrapper[], times: Found['times'], limits: JsonLimits, depth: number): Step {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
    return { problem: { kind: 'not-cloudtrail', detail: `${WRAPPER_TEXT[wrapper]} whose text is not JSON` }, via };
  }
  const scan = scanJson(Buffer.from(trimmed, 'utf8'), 'values', limits);
  const limit = scan.fileProblems[0] ?? scan.records.find((r) => r.problem)?.problem;
  if (limit) return { problem: { kind: limit.kind, detail: `${WRAPPER_TEXT[wrapper]}: ${limit.detail}` }, via };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (err) {
    return { problem: { kind: 'invalid-json', detail: `${WRAPPER_TEXT[wrapper]}: ${(err as Error).message}` }, via };
  }
  return find(parsed, trimmed, via, times, limits, depth + 1)
    ?? { problem: { kind: 'not-cloudtrail', detail: `${WRAPPER_TEXT[wrapper]} whose text is ${describeValue(parsed)}` }, via };
}

/** A few words on what a value is, for a warning: never its content (attacker-controlled). */
export function describeValue(v: unknown): string {
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (isObject(v)) {
    const keys = Object.keys(v);
    return keys.length === 0 ? 'an empty object' : `an object without CloudTrail fields (${keys.length} key${keys.length === 1 ? '' : 's'})`;
  }
  if (v === null) return 'null';
  return `a ${typeof v}`;
}
