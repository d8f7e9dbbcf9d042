// Files parsed in Node (NDJSON, lookup-events output, a single object, a trail file with a record
// past a limit, anything DuckDB refused) → the verbatim JSON text of each record, plus typed
// problems. Never throws on bad input. The same split reads kept files back (src/store/events.ts),
// so a record's index means the same at ingest and when it is shown. Field extraction itself
// happens once, in queries/ingest/extract-events.sql, for every path.

import { detectContainer, type Container } from './container.js';
import { DEFAULT_LIMITS, scanJson, type JsonLimits, type ScanMode, type ScanResult } from './json-scan.js';
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

/** Where a container's records are, for the scanner. */
export function scanModeOf(container: Container): ScanMode {
  if (container === 'records') return 'records';
  if (container === 'lookup') return 'lookup';
  if (container === 'array') return 'array';
  return 'values';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function parses(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

/** `aws cloudtrail lookup-events` output: each Events[i].CloudTrailEvent is a record as a string. */
function lookupRecord(entry: unknown, index: number, limits: JsonLimits, out: ParsedContainer): void {
  const text = isObject(entry) ? entry.CloudTrailEvent : undefined;
  if (typeof text !== 'string') {
    out.problems.push({ kind: 'not-cloudtrail', index, detail: 'Events entry without a CloudTrailEvent string' });
    return;
  }
  // The string is a record of its own: bounded like any other before it is parsed.
  const inner = scanJson(Buffer.from(text, 'utf8'), 'values', limits);
  const problem = inner.fileProblems[0] ?? inner.records.find((r) => r.problem)?.problem;
  if (problem) {
    out.problems.push({ kind: problem.kind, index, detail: `CloudTrailEvent: ${problem.detail}` });
    return;
  }
  const parsed = parses(text);
  if (!parsed.ok) out.problems.push({ kind: 'invalid-json', index, detail: `CloudTrailEvent: ${parsed.message}` });
  else out.records.push({ index, json: text });
}

/**
 * Splits a decompressed log file into records. `scan` is the scanner's pass over the same bytes
 * when the caller already made it (ingest scans every file as it reads it).
 */
export function splitRecords(file: Buffer, limits: JsonLimits = DEFAULT_LIMITS, known?: { container: Container; scan: ScanResult }): ParsedContainer {
  // Offsets are the scanner's, in the file as it is (a byte-order mark included).
  const text = file;
  let container = known?.container ?? detectContainer(text.subarray(0, 4096).toString('utf8'));
  if (container === undefined) {
    const empty = text.length <= 4096 && text.toString('utf8').replace(/^\uFEFF/, '').trim() === '';
    return { container: 'object', records: [], problems: [empty ? { kind: 'empty-file', detail: 'no content' } : { kind: 'invalid-json', detail: 'does not start with { or [' }] };
  }
  let scan = known?.scan ?? scanJson(text, scanModeOf(container), limits);
  // One object whose "Records" (or "Events") is not its first key is still that container.
  if (scanModeOf(container) === 'values' && scan.records.length === 1 && (scan.topLevelKeys.records || scan.topLevelKeys.events)) {
    container = scan.topLevelKeys.records ? 'records' : 'lookup';
    scan = scanJson(text, scanModeOf(container), limits);
  }
  if (scanModeOf(container) === 'values') container = scan.records.length > 1 ? 'ndjson' : 'object';
  const out: ParsedContainer = { container, records: [], problems: [] };
  for (const p of scan.fileProblems) out.problems.push({ kind: p.kind, detail: p.detail });
  const sharedLines = new Set(scan.sharedLines);
  const seenLines = new Set<number>();
  for (const r of scan.records) {
    if (r.problem) {
      out.problems.push({ kind: r.problem.kind, index: r.index, detail: r.problem.detail });
      continue;
    }
    // Two values on one line are not NDJSON: neither can be told apart by its position.
    if (sharedLines.has(r.index)) {
      if (!seenLines.has(r.index)) out.problems.push({ kind: 'invalid-json', index: r.index, detail: `line ${r.index + 1}: more than one JSON value on the line` });
      seenLines.add(r.index);
      continue;
    }
    const json = text.toString('utf8', r.start, r.end);
    const parsed = parses(json);
    if (!parsed.ok) {
      const where = container === 'ndjson' ? `line ${r.index + 1}: ` : '';
      out.problems.push({ kind: 'invalid-json', index: r.index, detail: `${where}${parsed.message}` });
    } else if (container === 'lookup') {
      lookupRecord(parsed.value, r.index, limits, out);
    } else {
      out.records.push({ index: r.index, json });
    }
  }
  if (scan.unterminated) {
    out.problems.push({ kind: 'invalid-json', index: scan.unterminated.index, detail: 'the file ends inside this record (truncated)' });
  } else if (scan.cutShort) {
    out.problems.push({ kind: 'invalid-json', detail: 'the file ends before its JSON does (truncated)' });
  }
  if (out.records.length === 0 && out.problems.length === 0 && container === 'object') {
    out.problems.push({ kind: 'empty-file', detail: 'no content' });
  }
  return out;
}
