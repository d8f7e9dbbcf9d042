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
 * when the caller already made it (ingest scans every file as it reads it). `parseEach: false`
 * (reading back a kept copy whose SHA-256 was just checked, so the bytes ingest read) does not
 * parse each record to check it: the caller parses the one it wants. Indexes are the same.
 */
export function splitRecords(
  file: Buffer,
  limits: JsonLimits = DEFAULT_LIMITS,
  known?: { container: Container; scan: ScanResult },
  parseEach = true,
): ParsedContainer {
  // Offsets are the scanner's, in the file as it is (a byte-order mark included).
  let container = known?.container ?? detectContainer(file.subarray(0, 4096).toString('utf8'));
  if (container === undefined) {
    const empty = file.length <= 4096 && file.toString('utf8').replace(/^\uFEFF/, '').trim() === '';
    return { container: 'object', records: [], problems: [empty ? { kind: 'empty-file', detail: 'no content' } : { kind: 'invalid-json', detail: 'does not start with { or [' }] };
  }
  let scan = known?.scan ?? scanJson(file, scanModeOf(container), limits);
  const actual = containerOf(container, scan);
  if (actual !== container && scanModeOf(actual) !== 'values') scan = scanJson(file, scanModeOf(actual), limits);
  container = actual;
  return recordsFromScan(container, scan, (start, end) => file.toString('utf8', start, end), limits, parseEach);
}

/**
 * The container a scan shows: one object whose "Records" (or "Events") is not its first key is
 * still that container (its records are then found by scanning again in that mode); top-level values
 * are NDJSON when several, an object when one.
 */
export function containerOf(guessed: Container, scan: ScanResult): Container {
  if (scanModeOf(guessed) !== 'values') return guessed;
  if (scan.records.length === 1 && (scan.topLevelKeys.records || scan.topLevelKeys.events)) return scan.topLevelKeys.records ? 'records' : 'lookup';
  return scan.records.length > 1 ? 'ndjson' : 'object';
}

/**
 * The records a scan found, each read with `slice` (its JSON text) and, unless `parseEach` is false,
 * parsed to check it; problems as warnings. lookup-events output is always parsed: its records
 * are strings inside it.
 */
export function recordsFromScan(
  container: Container,
  scan: ScanResult,
  slice: (start: number, end: number) => string | undefined,
  limits: JsonLimits,
  parseEach = true,
): ParsedContainer {
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
    const json = slice(r.start, r.end);
    if (json === undefined) continue;
    if (!parseEach && container !== 'lookup') {
      out.records.push({ index: r.index, json });
      continue;
    }
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
  const open = scan.unterminated;
  if (open?.problem) out.problems.push({ kind: open.problem.kind, index: open.index, detail: open.problem.detail });
  else if (open) out.problems.push({ kind: 'invalid-json', index: open.index, detail: 'the file ends inside this record (truncated)' });
  else if (scan.cutShort) out.problems.push({ kind: 'invalid-json', detail: 'the file ends before its JSON does (truncated)' });
  if (out.records.length === 0 && out.problems.length === 0 && container === 'object') {
    out.problems.push({ kind: 'empty-file', detail: 'no content' });
  }
  return out;
}
