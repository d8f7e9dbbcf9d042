// A streaming pass over a log file's bytes, before DuckDB or JSON.parse sees them (issue 13:
// hostile files). It does not parse: it follows strings and brackets, finds where each record
// starts and ends, and checks the limits that keep the parsers and the store safe: nesting depth
// (100,000 levels crash DuckDB's JSON reader; 10,000 break JSON.stringify), string and record size
// (a 400 MB value loads, then every checkpoint of the store fails), and the file's decompressed size
// (gzip bombs). Constant memory whatever the input: depth is a counter, never a stack.

/** Bounds on what a log file may hold; a record past one is not stored, the rest of its file is. */
export interface JsonLimits {
  /** Decompressed bytes of one file. */
  fileBytes: number;
  /** Bytes of one record's JSON text. */
  recordBytes: number;
  /** Nesting levels of objects and arrays, counted from the file's top level. */
  depth: number;
  /** Bytes of one JSON string, as written (escapes included). */
  stringBytes: number;
}

const MiB = 1024 * 1024;

/**
 * Far above anything CloudTrail writes: its records are at most a few hundred KB (CloudTrail Lake
 * and EventBridge cap an event at 256 KB), nest about a dozen levels (the real corpus: 13 at most,
 * counting the file's own two) and its files are tens of MB decompressed.
 */
export const DEFAULT_LIMITS: JsonLimits = {
  fileBytes: 2048 * MiB,
  recordBytes: 16 * MiB,
  depth: 100,
  stringBytes: 8 * MiB,
};

/**
 * The most a flag may raise each limit to: DuckDB and Node were tested to handle inputs this
 * large or deep (test/ingest/json-scan.test.ts); past them they crash or run out of memory.
 */
export const CEILING_LIMITS: JsonLimits = {
  fileBytes: 4096 * MiB,
  recordBytes: 256 * MiB,
  depth: 1000,
  stringBytes: 256 * MiB,
};

export type LimitKind = 'file-too-large' | 'record-too-large' | 'too-deep' | 'string-too-long';

/** Where records are in the file. */
export type ScanMode =
  /** The elements of the top-level object's "Records" array (trail files). */
  | 'records'
  /** The elements of the top-level object's "Events" array (`aws cloudtrail lookup-events`). */
  | 'lookup'
  /** The elements of "hits"."hits" (an Elasticsearch / OpenSearch `_search` or scroll response). */
  | 'hits'
  /** The elements of "events" (`aws logs filter-log-events` / `get-log-events` output). */
  | 'log-events'
  /** The elements of "QueryResultRows" (`aws cloudtrail get-query-results`, CloudTrail Lake). */
  | 'lake-rows'
  /** The elements of "results" (a Splunk search's results as JSON). */
  | 'splunk-results'
  /** The elements of a top-level array. */
  | 'array'
  /** Each top-level value (NDJSON, one object). */
  | 'values'
  /** Each top-level value after a stamp on its line: `<timestamp> <json>` (CloudWatch Logs exported to S3). */
  | 'stamped';

/** The keys leading from the top-level object to the array of records, for the modes that have one. */
export const RECORD_PATHS: Partial<Record<ScanMode, readonly string[]>> = {
  records: ['Records'],
  lookup: ['Events'],
  hits: ['hits', 'hits'],
  'log-events': ['events'],
  'lake-rows': ['QueryResultRows'],
  'splunk-results': ['results'],
};

/** Top-level keys that make a single object a container of records: noticed in 'values' mode. */
export const CONTAINER_KEYS = ['Records', 'Events', 'hits', 'QueryResultRows', 'results', 'events'] as const;

export interface ScannedRecord {
  /** Position in the file: the element's index, or for top-level values the line it starts on. */
  index: number;
  /** Byte offsets in the decompressed file, end exclusive. */
  start: number;
  end: number;
  /** In 'stamped' mode: where the stamp before the record on its line is (offsets, end exclusive). */
  stamp?: { start: number; end: number };
  /** The first limit the record broke. */
  problem?: { kind: LimitKind | 'invalid-json'; detail: string };
}

export interface ScanResult {
  /** Decompressed bytes seen. */
  bytes: number;
  records: ScannedRecord[];
  /** Limits broken outside any record (the file's own size, a huge value beside the records). */
  fileProblems: { kind: LimitKind; detail: string }[];
  /** A record was still open when the input ended (a truncated file): where it started, and a limit it broke. */
  unterminated?: { index: number; start: number; problem?: ScannedRecord['problem'] };
  /** In 'values' mode: the CONTAINER_KEYS the top-level objects have, in the order first met. */
  topLevelKeys: string[];
  /** In 'values' mode: the CONTAINER_KEYS the first top-level object has, and how many top-level objects have each. */
  firstValueKeys: string[];
  keyedValues: Record<string, number>;
  /** Top-level values that are objects. */
  topLevelObjects: number;
  /** Two top-level values started on one line (not NDJSON): the later ones' lines. */
  sharedLines: number[];
  /** The input ended inside a string, object or array: the file is cut short. */
  cutShort: boolean;
  /** Top-level JSON values in the file: a trail file is one. */
  topLevelValues: number;
  /**
   * In the modes with a path to their records: the top-level values in which the path was not
   * found (a line of something else among concatenated responses), and the line the first starts on.
   */
  valuesWithoutRecords?: { count: number; firstLine: number };
  /**
   * Something JSON does not allow but a lenient parser might take (NaN, Infinity, a trailing comma,
   * a comment, a single quote): such a file is not handed to DuckDB, which would read what
   * JSON.parse refuses when the record is read back.
   */
  suspectSyntax: boolean;
  /**
   * Set by scanFile for a top-level array whose first element is a wrapper around a record (an
   * Elasticsearch hit, a CloudWatch Logs event…), not a record: DuckDB cannot read it as records.
   */
  firstRecordWrapped?: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;
const RETURN = 0x0d;

/** Bytes a bare JSON value (number, true, false, null) may hold. */
const BARE_OK = new Uint8Array(256);
for (const ch of '0123456789-+.eEtruefalsn') BARE_OK[ch.charCodeAt(0)] = 1;

/** Keys longer than this are never one of those looked for. */
const KEY_CAPTURE = 16;

export function formatBytes(n: number): string {
  if (n >= MiB) return `${Math.round((n / MiB) * 10) / 10} MiB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KiB`;
  return `${n} bytes`;
}

export class JsonScanner {
  private offset = 0;
  private depth = 0;
  private line = 0;
  private inString = false;
  private stringStart = 0;
  private stringFlagged = false;
  /** Backslashes ending the previous chunk, inside a string. */
  private carriedBackslashes = 0;
  /**
   * Depth at which records are values: where a value starting is a record. In the modes with a
   * path, set again where the records' array opens (an Elasticsearch response's hits may be an
   * array themselves, one level up).
   */
  private recordLevel: number;
  /** In the modes with a path to their records: inside the array of records. */
  private recordsOpen: boolean;
  /** The keys to the records' array, if the mode has one. */
  private readonly path: readonly string[] | undefined;
  /** Keys of the path matched so far: keys are looked at in the object at depth pathDepth + 1. */
  private pathDepth = 0;
  /** In 'stamped' mode: the stamp read so far on the current line, before its value. */
  private stampStart: number | undefined;
  private stampEnd = 0;
  private record: ScannedRecord | undefined;
  /** The open record is a bare scalar (a number, true…): it ends at a delimiter. */
  private bareRecord = false;
  private elementIndex = 0;
  private lastValueLine = -1;
  /** In the modes with a path: the current top-level value opened the records' array; the line it started on. */
  private valueHasRecords = true;
  private valueLine = 0;
  /** At the depth where keys are looked at (keyLevel), the next string is a key. */
  private keyExpected = false;
  private capturingKey = false;
  private keyBytes: number[] = [];
  private lastKey = '';
  /** The current top-level value is an object (else its commas separate elements, not members). */
  private topIsObject = false;
  /** In 'values' mode: the CONTAINER_KEYS the current top-level object has. */
  private valueKeys: string[] = [];
  /**
   * In 'values' and 'stamped' modes: every value so far began and ended on one line (and there was
   * one): a line that ends inside a value is then that value cut short (a line truncated, two
   * writers' lines mixed), not a value going on, and the next line is read as the next value.
   */
  private lineDelimited = false;
  private spannedLines = false;
  /** The line the open record started on. */
  private recordLine = 0;
  /** The next line break at or after a position of the current chunk (nextNewline's cache). */
  private newlineChunk: Buffer | undefined;
  private newlineAt = -1;
  private fileTooLarge = false;
  /** The last significant byte outside strings was a comma (a comma before } or ] is not JSON). */
  private pendingComma = false;
  /** The previous byte at the top level was part of a bare value. */
  private inTopBare = false;
  private readonly result: ScanResult;

  constructor(private readonly mode: ScanMode, private readonly limits: JsonLimits) {
    this.path = RECORD_PATHS[mode];
    this.recordLevel = this.path ? this.path.length + 1 : mode === 'array' ? 1 : 0;
    this.recordsOpen = this.path === undefined;
    this.result = { bytes: 0, records: [], fileProblems: [], topLevelKeys: [], firstValueKeys: [], keyedValues: {}, topLevelObjects: 0, sharedLines: [], cutShort: false, topLevelValues: 0, suspectSyntax: false };
  }

  /** The depth of the object whose keys are looked at: the top-level object's, or deeper along the path. */
  private get keyLevel(): number {
    return this.pathDepth + 1;
  }

  /** False once the file is past its size limit: stop feeding it (the rest is not read). */
  get wantsMore(): boolean {
    return !this.fileTooLarge;
  }

  /** The records completed so far, in order (the list grows as chunks are pushed). */
  get completed(): readonly ScannedRecord[] {
    return this.result.records;
  }

  /** Where the record still open starts, if one is: bytes from there on may still be needed. */
  get openRecordStart(): number | undefined {
    return this.record?.start;
  }

  push(chunk: Buffer): void {
    if (this.fileTooLarge) return;
    if (this.offset + chunk.length > this.limits.fileBytes) {
      this.fileTooLarge = true;
      this.result.fileProblems.push({
        kind: 'file-too-large',
        detail: `more than ${formatBytes(this.limits.fileBytes)} decompressed`,
      });
      this.offset += chunk.length;
      return;
    }
    const n = chunk.length;
    let i = 0;
    // A byte-order mark before the first value is not a value.
    if (this.offset === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    if (this.inString) i = this.continueString(chunk, 0, true);
    const maxDepth = this.limits.depth;
    const maxString = this.limits.stringBytes;
    while (i < n) {
      // The fast path: inside a record, below the levels where keys and records are tracked, where
      // a byte only moves the depth or a string's end. Most of a file is read here.
      if (this.record !== undefined && !this.bareRecord && this.depth > this.recordLevel && this.depth > 1) {
        let depth = this.depth;
        const floor = this.recordLevel + 1;
        for (; i < n; i += 1) {
          const c = chunk[i]!;
          if (c === QUOTE) {
            this.pendingComma = false;
            let q = chunk.indexOf(QUOTE, i + 1);
            while (q !== -1 && chunk[q - 1] === BACKSLASH && escapedAt(chunk, q, i + 1)) q = chunk.indexOf(QUOTE, q + 1);
            if (this.lineDelimited) {
              const nl = this.nextNewline(chunk, i + 1);
              if (nl < (q === -1 ? n : q)) {
                this.breakRecord(this.offset + nl);
                depth = 0;
                i = nl;
                break;
              }
            }
            if (q === -1) break; // the string goes on into the next chunk: the general path follows it
            if (q - i - 1 > maxString) {
              this.depth = depth;
              this.flag('string-too-long', `a string of more than ${formatBytes(maxString)}`);
            }
            i = q;
          } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
            this.pendingComma = false;
            depth += 1;
            if (depth > maxDepth && !this.record.problem) {
              this.depth = depth;
              this.tooDeep();
            }
          } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
            if (depth === floor) break; // the record ends: the general path ends it
            if (this.pendingComma) this.result.suspectSyntax = true;
            depth -= 1;
            // Back at the top object's keys (a single value's): the general path tracks them.
            if (depth <= 1) {
              i += 1;
              break;
            }
          } else if (c === COMMA) {
            this.pendingComma = true;
          } else if (c === NEWLINE) {
            if (this.lineDelimited) {
              this.breakRecord(this.offset + i);
              depth = 0;
              break; // the general path reads the line break
            }
            this.line += 1;
          } else if (c > SPACE && c !== COLON) {
            this.pendingComma = false;
            if (BARE_OK[c] === 0) this.result.suspectSyntax = true;
          }
        }
        this.depth = depth;
        if (i >= n) break;
      }
      const c = chunk[i]!;
      // A stamp before a line's value (`<timestamp> <json>`): neither a value nor a record.
      if (this.mode === 'stamped' && this.depth === 0 && c !== QUOTE && c !== OPEN_OBJECT && c !== OPEN_ARRAY && c !== NEWLINE) {
        if (c !== SPACE && c !== TAB && c !== RETURN) {
          // Text after the line's value is no stamp: the line holds more than one value.
          if (this.lastValueLine === this.line && this.result.sharedLines.at(-1) !== this.line) this.result.sharedLines.push(this.line);
          this.stampStart ??= this.offset + i;
          this.stampEnd = this.offset + i + 1;
        }
        i += 1;
        continue;
      }
      if (this.depth === 0) this.countTopLevel(c);
      if (c === QUOTE) {
        this.pendingComma = false;
        this.valueStarts(i, false);
        this.inString = true;
        this.stringStart = this.offset + i;
        this.stringFlagged = false;
        if (this.keyExpected && this.depth === this.keyLevel) {
          this.capturingKey = true;
          this.keyBytes = [];
        }
        i = this.continueString(chunk, i + 1, false);
        continue;
      }
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        this.pendingComma = false;
        this.valueStarts(i, false);
        if (this.path && this.depth === this.keyLevel && this.depth > 0 && !this.recordsOpen && this.lastKey === this.path[this.pathDepth]) {
          // The records' array, or an object on the way to it.
          // An array where the path expects an object holds the records too: Elasticsearch's
          // `.hits` alone, {"total":…,"hits":[…]}, as `jq .hits` writes it.
          if (this.pathDepth === this.path.length - 1 || c === OPEN_ARRAY) {
            if (c === OPEN_ARRAY) {
              this.recordsOpen = true;
              this.recordLevel = this.depth + 1;
              this.valueHasRecords = true;
            }
          } else if (c === OPEN_OBJECT) {
            this.pathDepth += 1;
          }
        }
        this.depth += 1;
        if (this.depth === this.keyLevel && c === OPEN_OBJECT) this.keyExpected = true;
        if (this.depth > this.limits.depth) this.tooDeep();
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (this.pendingComma) this.result.suspectSyntax = true;
        this.endBareRecord(i);
        if (this.depth > 0) this.depth -= 1;
        if (this.record && this.depth === this.recordLevel) this.endRecord(this.offset + i + 1);
        // The array of records closed: its siblings are not records.
        if (this.depth < this.recordLevel && this.path) this.recordsOpen = false;
        // An object on the way to the records closed: keys are looked at one level up again.
        if (this.pathDepth > 0 && this.depth < this.keyLevel) this.pathDepth -= 1;
      } else if (c === COMMA) {
        this.pendingComma = true;
        this.endBareRecord(i);
        // A member of an object follows (an element of a top-level array is no key).
        if (this.depth === this.keyLevel && (this.pathDepth > 0 || this.topIsObject)) {
          this.keyExpected = true;
          this.lastKey = '';
        }
      } else if (c === COLON) {
        if (this.depth === this.keyLevel) this.keyExpected = false;
      } else if (c === NEWLINE) {
        if (this.lineDelimited && this.record && !this.bareRecord) this.breakRecord(this.offset + i);
        this.endBareRecord(i);
        this.line += 1;
        this.stampStart = undefined;
      } else if (c === SPACE || c === TAB || c === RETURN) {
        this.endBareRecord(i);
      } else {
        this.pendingComma = false;
        if (BARE_OK[c] === 0) this.result.suspectSyntax = true;
        this.valueStarts(i, true);
      }
      i += 1;
    }
    this.offset += n;
    this.result.bytes = this.offset;
  }

  end(): ScanResult {
    this.result.bytes = this.offset;
    if (this.bareRecord && this.record) this.endRecord(this.offset);
    this.result.cutShort = !this.fileTooLarge && (this.inString || this.depth > 0);
    this.topValueEnds();
    if (this.record) {
      this.result.unterminated = { index: this.record.index, start: this.record.start, ...(this.record.problem ? { problem: this.record.problem } : {}) };
    }
    this.record = undefined;
    return this.result;
  }

  /** Counts the values that start at the top level (a bare value once, however long). */
  private countTopLevel(c: number): void {
    const bare = c !== QUOTE && c !== OPEN_OBJECT && c !== OPEN_ARRAY && c !== CLOSE_OBJECT && c !== CLOSE_ARRAY
      && c !== COMMA && c !== COLON && c !== NEWLINE && c !== SPACE && c !== TAB && c !== RETURN;
    if (c === QUOTE || c === OPEN_OBJECT || c === OPEN_ARRAY || (bare && !this.inTopBare)) {
      this.topValueEnds();
      // Keys are a value's own: one met (or expected: `{}`, `{"a":1,}`) in an earlier value never
      // opens this one's records.
      this.lastKey = '';
      this.keyExpected = false;
      this.capturingKey = false;
      this.topIsObject = c === OPEN_OBJECT;
      if (this.topIsObject) this.result.topLevelObjects += 1;
      this.result.topLevelValues += 1;
      this.valueHasRecords = false;
      this.valueLine = this.line;
    }
    this.inTopBare = bare;
  }

  /**
   * The previous top-level value is over: in 'values' mode its container keys are counted; in the
   * modes with a path, it is counted if the path was not in it.
   */
  private topValueEnds(): void {
    if (this.mode === 'values' && this.result.topLevelValues > 0) {
      if (this.result.topLevelValues === 1) this.result.firstValueKeys = [...this.valueKeys];
      for (const key of this.valueKeys) this.result.keyedValues[key] = (this.result.keyedValues[key] ?? 0) + 1;
      this.valueKeys = [];
    }
    if (this.path === undefined || this.valueHasRecords) return;
    this.valueHasRecords = true;
    const missing = this.result.valuesWithoutRecords;
    if (missing) missing.count += 1;
    else this.result.valuesWithoutRecords = { count: 1, firstLine: this.valueLine };
  }

  /** A value begins at position i of the chunk: if at the records' level, a record begins. */
  private valueStarts(i: number, bare: boolean): void {
    if (this.record || !this.recordsOpen || this.depth !== this.recordLevel) return;
    const start = this.offset + i;
    let index: number;
    if (this.mode === 'values' || this.mode === 'stamped') {
      if (this.line === this.lastValueLine) this.result.sharedLines.push(this.line);
      index = this.line;
      this.lastValueLine = this.line;
    } else {
      index = this.elementIndex++;
    }
    this.record = { index, start, end: start };
    this.recordLine = this.line;
    if (this.stampStart !== undefined) {
      this.record.stamp = { start: this.stampStart, end: this.stampEnd };
      this.stampStart = undefined;
    }
    this.bareRecord = bare;
  }

  /**
   * The open record's line ended before its value did, in a file of one value a line: the record is
   * cut short (a warning), and reading starts again at the top level on the next line.
   */
  private breakRecord(absoluteEnd: number): void {
    const record = this.record!;
    record.end = absoluteEnd;
    record.problem ??= { kind: 'invalid-json', detail: `line ${record.index + 1}: the line ends before its JSON value does (a line cut short, or two writers' lines mixed)` };
    this.result.records.push(record);
    this.record = undefined;
    this.bareRecord = false;
    this.depth = 0;
    this.inString = false;
    this.carriedBackslashes = 0;
    this.keyExpected = false;
    this.capturingKey = false;
    this.pendingComma = false;
    this.lastKey = '';
  }

  /** Where the next line break is at or after `from` in the chunk (its length if none); linear over a chunk read forwards. */
  private nextNewline(chunk: Buffer, from: number): number {
    if (this.newlineChunk !== chunk || this.newlineAt < from) {
      this.newlineChunk = chunk;
      const at = chunk.indexOf(NEWLINE, from);
      this.newlineAt = at === -1 ? chunk.length : at;
    }
    return this.newlineAt;
  }

  private endBareRecord(i: number): void {
    if (this.bareRecord && this.record) this.endRecord(this.offset + i);
  }

  private endRecord(absoluteEnd: number): void {
    const record = this.record!;
    record.end = absoluteEnd;
    if (this.mode === 'values' || this.mode === 'stamped') {
      if (this.line !== this.recordLine) this.spannedLines = true;
      this.lineDelimited = !this.spannedLines;
    }
    const size = record.end - record.start;
    if (!record.problem && size > this.limits.recordBytes) {
      record.problem = { kind: 'record-too-large', detail: `a record of ${formatBytes(size)}, more than ${formatBytes(this.limits.recordBytes)}` };
    }
    this.result.records.push(record);
    this.record = undefined;
    this.bareRecord = false;
  }

  private flag(kind: LimitKind, detail: string): void {
    if (this.record) {
      this.record.problem ??= { kind, detail };
    } else if (!this.result.fileProblems.some((p) => p.kind === kind)) {
      this.result.fileProblems.push({ kind, detail });
    }
  }

  private tooDeep(): void {
    if (this.record?.problem) return;
    this.flag('too-deep', `nested more than ${this.limits.depth} levels`);
  }

  /**
   * Scans string content from position `from` (0 and `continued` when the string began in an earlier
   * chunk); returns the position after its closing quote, or the chunk's length if it goes on.
   */
  private continueString(chunk: Buffer, from: number, continued: boolean): number {
    const n = chunk.length;
    let i = from;
    // A line break inside a string, in a file of one value a line: the value was cut short there.
    const cut = this.lineDelimited && this.record !== undefined && !this.bareRecord ? this.nextNewline(chunk, from) : n;
    for (;;) {
      const q = chunk.indexOf(QUOTE, i);
      const stop = q === -1 ? n : q;
      if (cut < stop) {
        this.breakRecord(this.offset + cut);
        return cut;
      }
      // Backslashes just before the quote (or the chunk's end) escape it when odd; a run that
      // reaches back to the start of a continued string goes on from the previous chunk.
      let run = 0;
      for (let k = stop - 1; k >= i && chunk[k] === BACKSLASH; k -= 1) run += 1;
      if (run === stop - i && i === 0 && continued) run += this.carriedBackslashes;
      if (q === -1) {
        this.carriedBackslashes = run;
        this.captureKeyBytes(chunk, from, n);
        this.checkStringLength(this.offset + n);
        return n;
      }
      if (run % 2 === 1) {
        i = q + 1;
        continue;
      }
      this.carriedBackslashes = 0;
      this.inString = false;
      this.captureKeyBytes(chunk, from, q);
      this.checkStringLength(this.offset + q);
      if (this.capturingKey) this.keyEnds();
      // A string that is itself a record ends with its closing quote.
      if (this.record && !this.bareRecord && this.depth === this.recordLevel) this.endRecord(this.offset + q + 1);
      return q + 1;
    }
  }

  private keyEnds(): void {
    this.capturingKey = false;
    this.lastKey = String.fromCharCode(...this.keyBytes);
    if (this.mode !== 'values' || !(CONTAINER_KEYS as readonly string[]).includes(this.lastKey)) return;
    if (!this.valueKeys.includes(this.lastKey)) this.valueKeys.push(this.lastKey);
    if (!this.result.topLevelKeys.includes(this.lastKey)) this.result.topLevelKeys.push(this.lastKey);
  }

  private captureKeyBytes(chunk: Buffer, from: number, to: number): void {
    if (!this.capturingKey) return;
    for (let k = from; k < to && this.keyBytes.length <= KEY_CAPTURE; k += 1) this.keyBytes.push(chunk[k]!);
  }

  private checkStringLength(absoluteEnd: number): void {
    if (this.stringFlagged) return;
    const length = absoluteEnd - this.stringStart - 1;
    if (length > this.limits.stringBytes) {
      this.stringFlagged = true;
      this.flag('string-too-long', `a string of more than ${formatBytes(this.limits.stringBytes)}`);
    }
  }
}

/** Whether the quote at q is escaped: an odd run of backslashes before it, not reaching back before `from`. */
function escapedAt(chunk: Buffer, q: number, from: number): boolean {
  let run = 0;
  for (let k = q - 1; k >= from && chunk[k] === BACKSLASH; k -= 1) run += 1;
  return run % 2 === 1;
}

/** Scans a whole buffer. */
export function scanJson(bytes: Buffer, mode: ScanMode, limits: JsonLimits = DEFAULT_LIMITS): ScanResult {
  const scanner = new JsonScanner(mode, limits);
  scanner.push(bytes);
  return scanner.end();
}
