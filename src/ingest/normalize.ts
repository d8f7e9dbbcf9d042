// Containers parsed in Node (NDJSON, lookup-events output, a single object, or anything DuckDB
// refused) → one JSON text per record, plus typed problems. Never throws on bad input.
// Field extraction itself happens once, in queries/ingest/extract-events.sql, for every path.

import type { Container } from './container.js';
import type { WarningKind } from './warnings.js';

export interface StagedRecord {
  index: number;
  json: string;
}

export interface ParseProblem {
  kind: WarningKind;
  index?: number;
  detail: string;
}

export interface ParsedContainer {
  container: Container;
  records: StagedRecord[];
  problems: ParseProblem[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function fromArray(items: unknown[], container: Container): ParsedContainer {
  return { container, records: items.map((item, index) => ({ index, json: JSON.stringify(item) })), problems: [] };
}

/** `aws cloudtrail lookup-events` output: each Events[i].CloudTrailEvent is a record as a string. */
function fromLookup(events: unknown[]): ParsedContainer {
  const out: ParsedContainer = { container: 'lookup', records: [], problems: [] };
  events.forEach((entry, index) => {
    const text = isObject(entry) ? entry.CloudTrailEvent : undefined;
    if (typeof text !== 'string') {
      out.problems.push({ kind: 'not-cloudtrail', index, detail: 'Events entry without a CloudTrailEvent string' });
      return;
    }
    try {
      JSON.parse(text);
      out.records.push({ index, json: text });
    } catch (err) {
      out.problems.push({ kind: 'invalid-json', index, detail: `CloudTrailEvent: ${(err as Error).message}` });
    }
  });
  return out;
}

/** A whole-file JSON value whose shape tells the container. */
function fromValue(value: unknown): ParsedContainer {
  if (Array.isArray(value)) return fromArray(value, 'array');
  if (isObject(value)) {
    if (Array.isArray(value.Records)) return fromArray(value.Records, 'records');
    if (Array.isArray(value.Events)) return fromLookup(value.Events);
    return { container: 'object', records: [{ index: 0, json: JSON.stringify(value) }], problems: [] };
  }
  return { container: 'object', records: [], problems: [{ kind: 'not-cloudtrail', detail: `a JSON ${typeof value}, not CloudTrail` }] };
}

function fromLines(text: string): ParsedContainer {
  const out: ParsedContainer = { container: 'ndjson', records: [], problems: [] };
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      JSON.parse(line);
      out.records.push({ index, json: line });
    } catch (err) {
      out.problems.push({ kind: 'invalid-json', index, detail: `line ${index + 1}: ${(err as Error).message}` });
    }
  });
  return out;
}

/** Parses a decompressed log file. */
export function parseContainerText(text: string): ParsedContainer {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { container: 'object', records: [], problems: [{ kind: 'empty-file', detail: 'no content' }] };
  try {
    return fromValue(JSON.parse(body));
  } catch (wholeFileError) {
    // Not one JSON value: NDJSON if most lines parse on their own, else invalid JSON.
    const asLines = fromLines(body);
    if (asLines.records.length > 0 && asLines.records.length >= asLines.problems.length) return asLines;
    return { container: 'object', records: [], problems: [{ kind: 'invalid-json', detail: (wholeFileError as Error).message }] };
  }
}
