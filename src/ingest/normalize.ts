// Files parsed in Node (NDJSON, lookup-events output, a single object, a trail file with a record
// past a limit, anything DuckDB refused, the containers and wrappers of other tools: shapes.ts) →
// the JSON text of each record (verbatim where the file holds it so), plus typed problems. Never
// throws on bad input. The same split reads kept files back (src/store/events.ts),
// so a record's index means the same at ingest and when it is shown. Field extraction itself
// happens once, in queries/ingest/extract-events.sql, for every path.

import { CONTAINER_TEXT, CONTAINERS_TEXT, detectContainer, type Container } from './container.js';
import { DEFAULT_LIMITS, scanJson, type JsonLimits, type ScanMode, type ScannedRecord, type ScanResult } from './json-scan.js';
import { unwrap, WRAPPER_NONE, WRAPPER_TEXT, type Found, type Wrapper } from './shapes.js';
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
  /** The wrappers records were found in (shapes.ts), each once, in the order first met. */
  wrappers: Wrapper[];
  /** Records whose eventTime was taken from their wrapper, and from which field (the first met). */
  timeFrom?: { field: string; records: number };
  /** Records read in part from a rendering that cannot be read back exactly (CloudTrail Lake's `{k=v}`). */
  approximate: number;
  /** The container's objects one after another in the file (pages of a scroll), when more than one. */
  pages?: number;
}

const SCAN_MODES: Record<Container, ScanMode> = {
  records: 'records', lookup: 'lookup', array: 'array', hits: 'hits', 'log-events': 'log-events', 'lake-rows': 'lake-rows',
  'splunk-results': 'splunk-results', stamped: 'stamped', ndjson: 'values', object: 'values',
};

/** Where a container's records are, for the scanner. */
export function scanModeOf(container: Container): ScanMode {
  return SCAN_MODES[container];
}

/** A container name a store recorded (source_files.container) that is a JSON container, not a table's. */
export function jsonContainer(name: string | undefined): Container | undefined {
  return name !== undefined && Object.hasOwn(SCAN_MODES, name) ? (name as Container) : undefined;
}

/** A single object with one of these keys is that container (the first that matches). */
const CONTAINER_OF_KEY: [string, Container][] = [
  ['Records', 'records'], ['Events', 'lookup'], ['hits', 'hits'], ['QueryResultRows', 'lake-rows'], ['results', 'splunk-results'], ['events', 'log-events'],
];

/** unwrap, with anything it throws on (hostile input past what it bounds) a warning, never a crash. */
export function unwrapSafely(...args: Parameters<typeof unwrap>): ReturnType<typeof unwrap> {
  try {
    return unwrap(...args);
  } catch (err) {
    return { ok: false, kind: 'not-cloudtrail', detail: `could not be read: ${(err as Error).message.slice(0, 120)}`, via: [] };
  }
}

/**
 * Whether reading a value as a record changes it (a wrapper around it, a time added, nested text
 * parsed): such a value is no record DuckDB may read as it is. The same test decides a top-level
 * array's reader at ingest (scan-file.ts) and when its records are read back (below).
 */
export function unwrapChanges(value: unknown, text: string, limits: JsonLimits): boolean {
  const found = unwrapSafely(value, text, limits);
  return found.ok ? found.json !== text : found.via.length > 0;
}

/** Whether a top-level array's first element (its JSON text) is no record DuckDB may read as it is. */
export function firstWrapped(text: string, limits: JsonLimits): boolean {
  try {
    return unwrapChanges(JSON.parse(text), text, limits);
  } catch {
    return false; // the loader says what is wrong with it
  }
}

/** Wrappers a container's name already says. */
const IMPLIED: Partial<Record<Container, Wrapper[]>> = {
  hits: ['elasticsearch-hit'], 'log-events': ['cloudwatch-event'], 'lake-rows': ['lake-row'], 'splunk-results': ['splunk-raw', 'splunk-result'],
};

/** What a file looks like ("an Elasticsearch / OpenSearch response", "JSON lines of Splunk results"), for the summary. */
export function describeFile(parsed: Pick<ParsedContainer, 'container' | 'wrappers' | 'pages'>): string {
  const inner = parsed.wrappers.at(-1);
  const said = inner === undefined || IMPLIED[parsed.container]?.includes(inner);
  const several = parsed.pages !== undefined ? CONTAINERS_TEXT[parsed.container] : undefined;
  const what = several ? several(parsed.pages!.toLocaleString('en-US')) : CONTAINER_TEXT[parsed.container];
  return said ? what : `${what} (${WRAPPER_TEXT[inner]})`;
}

/**
 * Why a file gave nothing, as every summary says it: what it is (when known), and that it held no
 * records, or that none of its n records (or rows) is a CloudTrail event.
 */
export function noEventText(what: string | undefined, n: number, unit: 'record' | 'row' = 'record'): string {
  if (n === 0) return `${what ? `${what} with ` : ''}no ${unit}s in it`;
  const none = n === 1 ? `its only ${unit} is not a CloudTrail event` : `none of its ${n.toLocaleString('en-US')} ${unit}s is a CloudTrail event`;
  return `${what ? `${what}: ` : ''}${none} (see the warnings)`;
}

/** Why a file read whole gave nothing: what it looks like, and that none of its n records is CloudTrail. */
export function whyNothing(parsed: Pick<ParsedContainer, 'container' | 'wrappers'>, records: number): string {
  const inner = parsed.wrappers.at(-1);
  if (records === 0 || !inner) return noEventText(CONTAINER_TEXT[parsed.container], records);
  const count = `${records.toLocaleString('en-US')} record${records === 1 ? '' : 's'}`;
  return `${CONTAINER_TEXT[parsed.container]}: ${WRAPPER_NONE[inner]} (${count}, see the warnings)`;
}

/** Containers of other tools: a file in one is said to be read as such. */
const TOOL_CONTAINERS = new Set<Container>(['hits', 'log-events', 'lake-rows', 'splunk-results', 'stamped']);

/**
 * How a file not in CloudTrail's own shape was read, once per file for the summary ("an
 * Elasticsearch / OpenSearch response; eventTime taken from "@timestamp" for 103 records"), or
 * undefined for CloudTrail's own shapes.
 */
export function howRead(parsed: ParsedContainer): string | undefined {
  if (parsed.wrappers.length === 0 && !TOOL_CONTAINERS.has(parsed.container) && !parsed.timeFrom && parsed.approximate === 0 && parsed.pages === undefined) return undefined;
  const parts = [describeFile(parsed)];
  const n = (k: number) => `${k.toLocaleString('en-US')} record${k === 1 ? '' : 's'}`;
  if (parsed.timeFrom) parts.push(`eventTime taken from ${parsed.timeFrom.field.startsWith('the ') ? parsed.timeFrom.field : `"${parsed.timeFrom.field}"`} for ${n(parsed.timeFrom.records)} that had none`);
  if (parsed.approximate > 0) parts.push(`${n(parsed.approximate)} with nested fields read from text like {key=value, …}, which cannot tell every comma apart: check what matters against the source`);
  return parts.join('; ');
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
  const scanned = scanWhole(file, limits, known);
  if (!scanned.ok) return scanned.parsed;
  return recordsFromScan(scanned.container, scanned.scan, (start, end) => file.toString('utf8', start, end), limits, parseEach);
}

/** The container a whole file is, and the scan of it in that container's mode (offsets in the file as it is, a byte-order mark included). */
function scanWhole(file: Buffer, limits: JsonLimits, known?: { container: Container; scan: ScanResult }, stored?: Container):
  { ok: true; container: Container; scan: ScanResult } | { ok: false; parsed: ParsedContainer } {
  // Read back as the store recorded it when loaded: the same records at the same indexes, whatever
  // a later version would make of the file.
  if (stored) return { ok: true, container: stored, scan: scanJson(file, scanModeOf(stored), limits) };
  let container = known?.container ?? detectContainer(file.subarray(0, 4096).toString('utf8'));
  if (container === undefined) {
    const empty = file.length <= 4096 && file.toString('utf8').replace(/^\uFEFF/, '').trim() === '';
    return { ok: false, parsed: { container: 'object', records: [], problems: [empty ? { kind: 'empty-file', detail: 'no content' } : { kind: 'invalid-json', detail: 'does not start with { or [' }], wrappers: [], approximate: 0 } };
  }
  let scan = known?.scan ?? scanJson(file, scanModeOf(container), limits);
  const actual = containerOf(container, scan);
  if (actual !== container && scanModeOf(actual) !== 'values') scan = scanJson(file, scanModeOf(actual), limits);
  container = actual;
  return { ok: true, container, scan };
}

/**
 * A kept file's records, each read when asked for (by its index), as splitRecords with parseEach
 * false reads it: the same record for the same index, without parsing the file's other records (a
 * trace reads a few records of what may be a gigabyte of SIEM export).
 */
export function recordReader(
  file: Buffer, limits: JsonLimits = DEFAULT_LIMITS, stored?: Container,
  /** Whether DuckDB read the file's own bytes at ingest (source_files.read_by_duckdb), when known: else Node read and unwrapped each record. */
  readByDuckDb?: boolean | null,
): (index: number) => string | undefined {
  const scanned = scanWhole(file, limits, undefined, stored);
  if (!scanned.ok) return () => undefined;
  const { container, scan } = scanned;
  const slice = (start: number, end: number) => file.toString('utf8', start, end);
  const byIndex = new Map<number, ScannedRecord>();
  for (const r of scan.records) if (!byIndex.has(r.index)) byIndex.set(r.index, r);
  const shared = new Set(scan.sharedLines);
  // A top-level array Node read at ingest had each element unwrapped: read back the same way.
  const context = readContext(container, scan, slice, limits, false, readByDuckDb !== false);
  return (index) => {
    const r = byIndex.get(index);
    if (!r || r.problem || shared.has(r.index)) return undefined;
    const out: ParsedContainer = { container, records: [], problems: [], wrappers: [], approximate: 0 };
    readRecord(context, r, out, new Set());
    return out.records.find((x) => x.index === index)?.json;
  };
}

/**
 * The container a scan shows: one object whose "Records" (or "Events") is not its first key is
 * still that container (its records are then found by scanning again in that mode), and so are
 * several such objects, one after another or one a line (the pages of an Elasticsearch scroll, of
 * `aws logs filter-log-events`, each written whole: a value without the container's key is then a
 * warning, never dropped quietly). Other top-level values are NDJSON when several, an object when one.
 */
export function containerOf(guessed: Container, scan: ScanResult): Container {
  if (scanModeOf(guessed) !== 'values') return guessed;
  // The first object has the key, and half the objects at least: a line of another kind among
  // records (a pipeline's `{"events":[]}`, a forged `{"Records":[…]}`) never turns a file of records
  // into a container, and a scroll's reply after its one page (`{"succeeded":true}`) never hides it.
  const keyed = CONTAINER_OF_KEY.find(([key]) => scan.firstValueKeys.includes(key) && (scan.keyedValues[key] ?? 0) * 2 >= scan.topLevelObjects);
  if (keyed && scan.records.length >= 1) return keyed[1];
  return scan.records.length > 1 ? 'ndjson' : 'object';
}

/** What reading one record of a scanned file needs. */
interface ReadContext {
  container: Container;
  slice: (start: number, end: number) => string | undefined;
  limits: JsonLimits;
  parseEach: boolean;
  /**
   * A top-level array whose first element is a record as it is was read by DuckDB as it is at
   * ingest (scan-file.ts firstRecordWrapped): read back the same way, element by element.
   */
  rawArray: boolean;
}

/** `asIs`: false when the file is known to have been read in Node at ingest, never by DuckDB as it is. */
function readContext(container: Container, scan: ScanResult, slice: ReadContext['slice'], limits: JsonLimits, parseEach: boolean, asIs = true): ReadContext {
  const first = scan.records[0];
  const firstText = asIs && first && !first.problem ? slice(first.start, first.end) : undefined;
  const rawArray = !parseEach && container === 'array' && firstText !== undefined && !firstWrapped(firstText, limits);
  return { container, slice, limits, parseEach, rawArray };
}

/** Reads one record the scan found (no limit broken, alone on its line) into `out`: its JSON text, or why not. */
function readRecord(c: ReadContext, r: ScannedRecord, out: ParsedContainer, wrappersSeen: Set<Wrapper>): void {
  const { container, limits } = c;
  const json = c.slice(r.start, r.end);
  if (json === undefined) return;
  // A trail file's records are CloudTrail's own: nothing to unwrap.
  if (!c.parseEach && (container === 'records' || c.rawArray)) {
    out.records.push({ index: r.index, json });
    return;
  }
  const parsed = parses(json);
  if (!parsed.ok) {
    const where = container === 'ndjson' || container === 'stamped' ? `line ${r.index + 1}: ` : '';
    out.problems.push({ kind: 'invalid-json', index: r.index, detail: `${where}${parsed.message}` });
  } else if (container === 'lookup') {
    lookupRecord(parsed.value, r.index, limits, out);
  } else if (container === 'records') {
    out.records.push({ index: r.index, json });
  } else {
    const stamp = r.stamp ? c.slice(r.stamp.start, r.stamp.end) : undefined;
    const times: Found['times'] = stamp !== undefined ? [{ field: "the line's timestamp", value: stamp }] : [];
    const found = unwrapSafely(parsed.value, json, limits, times);
    for (const w of found.via) wrappersSeen.add(w);
    if (found.ok) {
      out.records.push({ index: r.index, json: found.json });
      if (found.timeFrom) out.timeFrom = { field: out.timeFrom?.field ?? found.timeFrom, records: (out.timeFrom?.records ?? 0) + 1 };
      if (found.approximate) out.approximate += 1;
    } else if (found.via.length === 0) {
      // No wrapper: the value is staged as it is, and the loader says what it lacks (extract-events.sql).
      out.records.push({ index: r.index, json });
    } else {
      out.problems.push({ kind: found.kind, index: r.index, detail: found.detail });
    }
  }
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
  const reading = startReading(container, scan, slice, limits, parseEach);
  for (const r of scan.records) reading.read(r);
  return reading.end();
}

/**
 * Reads a scanned file's records one by one, in the scan's order: what the scan says of the file
 * first (limits broken outside records, values that are not pages), then each record (`read`), then
 * how the file ends. recordsFromScan reads them all at once; a large file's records are read as
 * they stream past and written away (scan-file.ts stageRecordsToLines), never all held.
 */
export function startReading(
  container: Container,
  scan: ScanResult,
  slice: (start: number, end: number) => string | undefined,
  limits: JsonLimits,
  parseEach = true,
): { out: ParsedContainer; read: (r: ScannedRecord) => void; end: () => ParsedContainer } {
  const out: ParsedContainer = { container, records: [], problems: [], wrappers: [], approximate: 0 };
  const pages = scan.topLevelValues - (scan.valuesWithoutRecords?.count ?? 0);
  if (pages > 1 && CONTAINERS_TEXT[container]) out.pages = pages;
  const wrappersSeen = new Set<Wrapper>();
  for (const p of scan.fileProblems) out.problems.push({ kind: p.kind, detail: p.detail });
  const without = scan.valuesWithoutRecords;
  if (without && scan.topLevelValues > 1) {
    const key = CONTAINER_OF_KEY.find(([, c]) => c === container)?.[0] ?? 'records';
    const path = container === 'hits' ? '"hits"."hits"' : `"${key}"`;
    out.problems.push({
      kind: 'not-cloudtrail',
      detail: `${without.count.toLocaleString('en-US')} of its ${scan.topLevelValues.toLocaleString('en-US')} top-level values ${without.count === 1 ? 'has' : 'have'} no ${path} array of records, and ${without.count === 1 ? 'was' : 'were'} not read (the first on line ${without.firstLine + 1})`,
    });
  }
  const sharedLines = new Set(scan.sharedLines);
  const seenLines = new Set<number>();
  const context = readContext(container, scan, slice, limits, parseEach);
  let records = 0;
  const read = (r: ScannedRecord) => {
    if (r.problem) {
      out.problems.push({ kind: r.problem.kind, index: r.index, detail: r.problem.detail });
      return;
    }
    // Two values on one line are not NDJSON: neither can be told apart by its position.
    if (sharedLines.has(r.index)) {
      if (!seenLines.has(r.index)) out.problems.push({ kind: 'invalid-json', index: r.index, detail: `line ${r.index + 1}: more than one JSON value on the line` });
      seenLines.add(r.index);
      return;
    }
    const before = out.records.length;
    readRecord(context, r, out, wrappersSeen);
    records += out.records.length - before;
  };
  const end = () => {
    out.wrappers = [...wrappersSeen];
    const open = scan.unterminated;
    if (open?.problem) out.problems.push({ kind: open.problem.kind, index: open.index, detail: open.problem.detail });
    else if (open) out.problems.push({ kind: 'invalid-json', index: open.index, detail: 'the file ends inside this record (truncated)' });
    else if (scan.cutShort) out.problems.push({ kind: 'invalid-json', detail: 'the file ends before its JSON does (truncated)' });
    // (Records taken out of `out` as they were read, by a reader that wrote them away, count too.)
    if (records === 0 && out.problems.length === 0 && container === 'object') {
      out.problems.push({ kind: 'empty-file', detail: 'no content' });
    }
    return out;
  };
  return { out, read, end };
}
