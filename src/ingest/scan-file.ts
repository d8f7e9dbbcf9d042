// One read of a log file's decompressed bytes, streamed (never the whole file in memory, never
// more than the size limit decompressed): which container it is, where its records are, and
// whether any input limit is broken. Ingest decides from this whether DuckDB may read the file.

import { constants as bufferConstants } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { createGunzip, gunzipSync } from 'node:zlib';
import { detectContainer, readByDuckDb, type Container } from './container.js';
import { formatBytes, JsonScanner, type JsonLimits, type ScannedRecord, type ScanResult } from './json-scan.js';
import { containerOf, firstWrapped, recordsFromScan, scanModeOf, startReading, type ParsedContainer } from './normalize.js';
import { isGzip } from '../store/evidence.js';
import { RECORD_LINE, type LinesFile } from './lines-file.js';

export type FileScan =
  /**
   * contentSha256: of the decompressed bytes, when asked for (CloudTrail digests list it).
   * lines: the records written one per line, when asked for and every record could be.
   */
  | { outcome: 'scanned'; container: Container; scan: ScanResult; contentSha256?: string; lines?: RecordLines }
  | { outcome: 'empty' }
  | { outcome: 'not-json' }
  | { outcome: 'too-large'; detail: string }
  | { outcome: 'bad-gzip'; detail: string };

const CHUNK = 256 * 1024;
/** Gzip files up to this size are decompressed in one call… */
const SMALL_GZIP_BYTES = 128 * 1024;
/** …when they decompress to at most this (several files are read at once: this bounds their memory). */
const SMALL_GZIP_OUTPUT = 4 * 1024 * 1024;

const HEAD = 4096;
/** A top-level array's first element is looked at if it ends within this many bytes (else taken for a record). */
const FIRST_RECORD_BYTES = 64 * 1024;

async function* plainChunks(bytes: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
}

/** The file's decompressed bytes, chunk by chunk (a gzip streamed, never whole in memory). */
async function* contentChunks(bytes: Buffer): AsyncGenerator<Buffer> {
  if (!isGzip(bytes)) {
    yield* plainChunks(bytes);
    return;
  }
  const gunzip = createGunzip({ chunkSize: CHUNK });
  gunzip.end(bytes);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } finally {
    gunzip.destroy();
  }
}

/**
 * The records a scan found in a file, read in a second streaming pass that holds only the records
 * it keeps: a file with a 400 MB field, or a gigabyte of brackets, never sits whole in memory.
 */
export async function stageRecords(bytes: Buffer, limits: JsonLimits, guessed: Container, firstScan: ScanResult, stored = false): Promise<ParsedContainer> {
  const found = await rescanAs(bytes, limits, guessed, firstScan, stored);
  if (!found.ok) return found.parsed;
  const { container, scan } = found;
  const texts = new Map<number, string>();
  await eachRecordText(bytes, scan, (r, text, stamp) => {
    texts.set(r.start, text);
    if (stamp) texts.set(stamp.start, stamp.text);
  });
  return recordsFromScan(container, scan, (start) => texts.get(start), limits);
}

/**
 * As stageRecords, but each record is written to `lines` as it streams past, never all held: a
 * SIEM export of gigabytes is read in the memory of its largest record. The records returned are
 * none (they are in the lines file); the rest (problems, wrappers, times) as stageRecords gives.
 */
export async function stageRecordsToLines(
  bytes: Buffer, limits: JsonLimits, guessed: Container, firstScan: ScanResult, lines: LinesFile, stored = false,
): Promise<{ parsed: ParsedContainer; written: number }> {
  const found = await rescanAs(bytes, limits, guessed, firstScan, stored);
  if (!found.ok) return { parsed: found.parsed, written: 0 };
  const { container, scan } = found;
  let text: { start: number; value: string } | undefined;
  let stampText: { start: number; text: string } | undefined;
  const reading = startReading(container, scan, (start) => (text?.start === start ? text.value : stampText?.start === start ? stampText.text : undefined), limits);
  let written = 0;
  // Records that broke a limit, or share a line, have no text: read (as problems) in their turn.
  let next = 0;
  const upTo = async (r: ScannedRecord | undefined) => {
    while (next < scan.records.length && scan.records[next] !== r) {
      const skipped = scan.records[next++]!;
      if (skipped.problem) reading.read(skipped);
    }
  };
  await eachRecordText(bytes, scan, async (r, value, stamp) => {
    await upTo(r);
    next += 1;
    text = { start: r.start, value };
    stampText = stamp;
    reading.read(r);
    text = undefined;
    for (const record of reading.out.records.splice(0)) {
      await lines.add(record);
      written += 1;
    }
  });
  await upTo(undefined);
  return { parsed: reading.end(), written };
}

/**
 * The container a scan shows, scanned again in its mode when the first scan's guess was another.
 * `stored`: the guess is the container the store recorded when the file was loaded (verify): kept.
 */
async function rescanAs(bytes: Buffer, limits: JsonLimits, guessed: Container, firstScan: ScanResult, stored = false):
  Promise<{ ok: true; container: Container; scan: ScanResult } | { ok: false; parsed: ParsedContainer }> {
  const container = stored ? guessed : containerOf(guessed, firstScan);
  if (container === guessed || scanModeOf(container) === 'values') return { ok: true, container, scan: firstScan };
  const again = await scanFile(bytes, limits, { container });
  if (again.outcome !== 'scanned') return { ok: false, parsed: { container, records: [], problems: [{ kind: 'invalid-json', detail: 'not one JSON document' }], wrappers: [], approximate: 0 } };
  return { ok: true, container, scan: again.scan };
}

/**
 * Streams the file's content once, giving the text of each record the scan found without a problem,
 * in order, with the text of the stamp before it on its line (CloudWatch Logs' export lines).
 */
async function eachRecordText(
  bytes: Buffer, scan: ScanResult, onText: (r: ScannedRecord, text: string, stamp?: { start: number; text: string }) => void | Promise<void>,
): Promise<void> {
  // Stamps and records in file order: a stamp ends before its record starts.
  const wanted = scan.records.filter((r) => !r.problem).flatMap((r) => (r.stamp ? [{ ...r.stamp, isStamp: true as const }, r] : [r]));
  if (wanted.length === 0) return;
  let stamp: { start: number; text: string } | undefined;
  let offset = 0;
  let next = 0;
  let parts: Buffer[] = [];
  let failed: { error: unknown } | undefined;
  try {
    chunks: for await (const chunk of contentChunks(bytes)) {
      const end = offset + chunk.length;
      while (next < wanted.length && wanted[next]!.start < end) {
        const r = wanted[next]!;
        parts.push(chunk.subarray(Math.max(r.start, offset) - offset, Math.min(r.end, end) - offset));
        if (r.end > end) break;
        const text = Buffer.concat(parts).toString('utf8');
        parts = [];
        next += 1;
        if ('isStamp' in r) {
          stamp = { start: r.start, text };
          continue;
        }
        const before = stamp;
        stamp = undefined;
        try {
          await onText(r, text, before);
        } catch (error) {
          failed = { error };
          break chunks;
        }
      }
      offset = end;
      if (next >= wanted.length) break;
    }
  } catch {
    // The scan read it whole already: a failure now leaves the records not yet read unstaged.
  }
  if (failed) throw failed.error;
}

/** A large file's records, one per line, written by its scan: what DuckDB reads instead of the file. */
export interface RecordLines {
  path: string;
  records: number;
  /** The longest line, in bytes. */
  longest: number;
  /** All the lines, in bytes (what the file takes on disk). */
  bytes: number;
}

const LINE_START = Buffer.from(RECORD_LINE.start);
const LINE_RECORD = Buffer.from(RECORD_LINE.record);
const LINE_END = Buffer.from(RECORD_LINE.end);
const LINE_BREAK = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const OPEN_BRACE = 0x7b;
/** Lines are written in pieces of this size. */
const WRITE_BYTES = 1024 * 1024;
/**
 * A file with fewer bytes of records than this is not written as lines: DuckDB reads it whole from
 * its kept copy, which costs less than writing its decompressed bytes (measured on the bench: 13 s
 * against 15 s for 1M events in files of 1-10 MB). Past it, a file is one large JSON value that
 * DuckDB would need several times its size in memory to parse; as lines it needs a record's.
 */
export const LINES_MIN_BYTES = 16 * 1024 * 1024;

/**
 * Writes each record of a large file as one line, {"i":<its index>,"r":<its bytes, verbatim>},
 * while the scan streams: DuckDB then reads newline-delimited JSON, parsed record by record in
 * parallel instead of as one whole-file value (a 1 GB trail file never sits whole in DuckDB's
 * memory), and the file is decompressed once (here, not again by DuckDB). Holds the records of
 * its first LINES_MIN_BYTES, then only the bytes of the record still open. Gives up (and the file is read as before) on a record past a limit
 * or one holding a line break (a pretty-printed file), and for a file under LINES_MIN_BYTES.
 */
class RecordLineWriter {
  private held: Buffer[] = [];
  /** Offset in the decompressed file of held[0]. */
  private heldFrom = 0;
  private heldBytes = 0;
  private written = 0;
  /** Records not yet written while the file may still prove small (nothing copied, nothing on disk). */
  private early: { index: number; bytes: Buffer }[] = [];
  private earlyBytes = 0;
  /** Lines not yet written, from out[0] to out[used]: allocated once the file proves large. */
  private out: Buffer | undefined;
  private used = 0;
  private fd: number | undefined;
  private usable = true;
  private longest = 0;
  private bytes = 0;

  constructor(private readonly path: string) {}

  /** A chunk about to be pushed to the scanner. */
  hold(chunk: Buffer): void {
    if (!this.usable) return;
    this.held.push(chunk);
    this.heldBytes += chunk.length;
  }

  /** Writes the records the scanner completed, and lets go of bytes no open record needs. */
  take(scanner: JsonScanner): void {
    if (!this.usable) return;
    const done = scanner.completed;
    while (this.usable && this.written < done.length) {
      const r = done[this.written++]!;
      if (r.problem) return this.giveUp();
      const bytes = this.slice(r.start, r.end);
      // Only objects: anything else is the Node reader's to report ('not-an-object').
      if (bytes[0] !== OPEN_BRACE) return this.giveUp();
      if (bytes.indexOf(LINE_BREAK) !== -1 || bytes.indexOf(CARRIAGE_RETURN) !== -1) return this.giveUp();
      this.line(r.index, bytes);
    }
    const keepFrom = scanner.openRecordStart ?? this.heldFrom + this.heldBytes;
    while (this.held.length > 0 && this.heldFrom + this.held[0]!.length <= keepFrom) {
      const chunk = this.held.shift()!;
      this.heldFrom += chunk.length;
      this.heldBytes -= chunk.length;
    }
  }

  /**
   * The lines written, or undefined (nothing left on disk) when the file could not be, or when it
   * holds less than LINES_MIN_BYTES of records.
   */
  finish(scan: ScanResult): RecordLines | undefined {
    this.held = [];
    if (this.usable && (scan.unterminated || this.written !== scan.records.length || this.out === undefined)) this.giveUp();
    if (!this.usable) return undefined;
    try {
      this.flush();
      closeSync(this.fd!);
      this.fd = undefined;
    } catch {
      // Writing the lines failed (a full disk): the file is read from its kept copy instead.
      this.giveUp();
      return undefined;
    }
    return { path: this.path, records: this.written, longest: this.longest, bytes: this.bytes };
  }

  /** Closes and removes what was written (a scan that ended early, an error). */
  abandon(): void {
    this.giveUp();
  }

  /** Holds the record while the file may be small; past WRITE_BYTES, writes what it held and goes on writing. */
  private line(index: number, bytes: Buffer): void {
    if (!this.usable) return;
    if (this.out === undefined) {
      this.early.push({ index, bytes });
      this.earlyBytes += bytes.length;
      if (this.earlyBytes < LINES_MIN_BYTES) return;
      this.out = Buffer.allocUnsafe(WRITE_BYTES);
      const early = this.early;
      this.early = [];
      for (const e of early) if (this.usable) this.write1(e.index, e.bytes);
      return;
    }
    this.write1(index, bytes);
  }

  /** {"i":<index>,"r":<bytes>}\n, copied into the output buffer (a record larger than it is written as it is). */
  private write1(index: number, bytes: Buffer): void {
    const out = this.out!;
    const digits = String(index);
    const length = LINE_START.length + digits.length + LINE_RECORD.length + bytes.length + LINE_END.length;
    this.longest = Math.max(this.longest, length);
    if (this.used + length > out.length) this.flush();
    if (!this.usable) return;
    if (length > out.length) {
      this.write(Buffer.from(`${LINE_START.toString()}${digits}${LINE_RECORD.toString()}`));
      this.write(bytes);
      this.write(LINE_END);
      return;
    }
    let at = this.used;
    at += LINE_START.copy(out, at);
    at += out.write(digits, at, 'latin1');
    at += LINE_RECORD.copy(out, at);
    at += bytes.copy(out, at);
    at += LINE_END.copy(out, at);
    this.used = at;
  }

  private slice(start: number, end: number): Buffer {
    const pieces: Buffer[] = [];
    let at = this.heldFrom;
    for (const chunk of this.held) {
      const chunkEnd = at + chunk.length;
      if (chunkEnd > start && at < end) pieces.push(chunk.subarray(Math.max(start, at) - at, Math.min(end, chunkEnd) - at));
      if (chunkEnd >= end) break;
      at = chunkEnd;
    }
    return pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
  }

  private flush(): void {
    if (this.used === 0 || !this.out) return;
    this.write(this.out.subarray(0, this.used));
    this.used = 0;
  }

  /**
   * Writes to the lines file. Never throws: a failure (a full disk, the folder gone) only means the
   * file is read from its kept copy instead, never that the file itself is bad.
   */
  private write(bytes: Buffer): void {
    if (!this.usable) return;
    try {
      this.fd ??= openSync(this.path, 'w');
      let done = 0;
      while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done);
      this.bytes += bytes.length;
    } catch {
      this.giveUp();
    }
  }

  private giveUp(): void {
    this.usable = false;
    this.held = [];
    this.early = [];
    this.out = undefined;
    this.used = 0;
    try {
      if (this.fd !== undefined) closeSync(this.fd);
    } catch {
      // closing a file whose write failed: nothing more to do
    }
    this.fd = undefined;
    rmSync(this.path, { force: true });
  }
}

export interface ScanOptions {
  hashContent?: boolean;
  container?: Container;
  /** Write the records of a trail file or array one per line to this path (see RecordLineWriter). */
  linesPath?: string;
}

/** Scans a file's bytes (gzip or plain), hashing its content if asked. Never throws on bad input. */
export async function scanFile(bytes: Buffer, limits: JsonLimits, options: ScanOptions = {}): Promise<FileScan> {
  const hash = options.hashContent ? createHash('sha256') : undefined;
  const gz = isGzip(bytes);
  // A small gzip is decompressed at once: a stream costs a thread-pool round trip per chunk, most of
  // the time of a file of a few KB. Bounded all the same; anything odd (past the bound, a damaged
  // gzip) goes through the stream, which says where it failed.
  const small = gz && bytes.length <= SMALL_GZIP_BYTES ? decompressBounded(bytes, { ...limits, fileBytes: Math.min(limits.fileBytes, SMALL_GZIP_OUTPUT) }) : undefined;
  const whole = small && 'text' in small ? small.text : undefined;
  const gunzip = gz && !whole ? createGunzip({ chunkSize: CHUNK }) : undefined;
  gunzip?.end(bytes);
  const chunks: AsyncIterable<Buffer> = gunzip ?? plainChunks(whole ?? bytes);
  const head: Buffer[] = [];
  let headBytes = 0;
  /** The file's first bytes, kept to look at the first element of a top-level array. */
  const first: Buffer[] = [];
  let firstBytes = 0;
  let scanner: JsonScanner | undefined;
  let container: Container | undefined;
  let lines: RecordLineWriter | undefined;
  const start = (): Exclude<FileScan, { outcome: 'scanned' }> | undefined => {
    const started = startScan(Buffer.concat(head), limits, options.container);
    if (started.outcome !== 'scanning') return started;
    ({ scanner, container } = started);
    // Trail files only: a top-level array is read (and verified) by its own reader, which shapes
    // records from whole JSON values, and must give the same columns at ingest and at verify.
    if (options.linesPath && container === 'records') lines = new RecordLineWriter(options.linesPath);
    feed(started.head);
    return undefined;
  };
  const feed = (chunk: Buffer) => {
    lines?.hold(chunk);
    scanner!.push(chunk);
    lines?.take(scanner!);
  };
  try {
    try {
      for await (const chunk of chunks) {
        hash?.update(chunk);
        if (firstBytes < FIRST_RECORD_BYTES) {
          first.push(chunk.subarray(0, FIRST_RECORD_BYTES - firstBytes));
          firstBytes += first.at(-1)!.length;
        }
        if (!scanner) {
          head.push(chunk);
          headBytes += chunk.length;
          if (headBytes < HEAD) continue;
          const stopped = start();
          if (stopped) return stopped;
          continue;
        }
        feed(chunk);
        if (!scanner.wantsMore) break;
      }
    } catch (err) {
      return { outcome: 'bad-gzip', detail: (err as Error).message };
    } finally {
      gunzip?.destroy();
    }
    if (!scanner) {
      const stopped = start();
      if (stopped) return stopped;
    }
    const scan = scanner!.end();
    if (container === 'array') scan.firstRecordWrapped = firstRecordWrapped(Buffer.concat(first), scan, limits);
    const tooLarge = scan.fileProblems.find((p) => p.kind === 'file-too-large');
    if (tooLarge) return { outcome: 'too-large', detail: tooLarge.detail };
    const written = lines && cleanForDuckDb(container!, scan) ? lines.finish(scan) : undefined;
    if (written) lines = undefined; // kept; any other writer is abandoned below
    return { outcome: 'scanned', container: container!, scan, ...(hash ? { contentSha256: hash.digest('hex') } : {}), ...(written ? { lines: written } : {}) };
  } finally {
    lines?.abandon();
  }
}

function startScan(
  head: Buffer,
  limits: JsonLimits,
  known?: Container,
): { outcome: 'scanning'; scanner: JsonScanner; container: Container; head: Buffer } | { outcome: 'empty' } | { outcome: 'not-json' } {
  const text = head.subarray(0, HEAD).toString('utf8');
  if (text.replace(/^\uFEFF/, '').trim() === '' && head.length <= HEAD) return { outcome: 'empty' };
  const container = known ?? detectContainer(text);
  if (container === undefined) return { outcome: 'not-json' };
  return { outcome: 'scanning', scanner: new JsonScanner(scanModeOf(container), limits), container, head };
}

/** A file's decompressed bytes, whole, refusing more than the limit (the scan found it within). */
export function decompressBounded(bytes: Buffer, limits: JsonLimits): { text: Buffer } | { problem: 'bad-gzip' | 'too-large'; detail: string } {
  if (!isGzip(bytes)) {
    return bytes.length > limits.fileBytes ? { problem: 'too-large', detail: `more than ${formatBytes(limits.fileBytes)}` } : { text: bytes };
  }
  try {
    return { text: gunzipSync(bytes, { maxOutputLength: Math.min(limits.fileBytes, bufferConstants.MAX_LENGTH) }) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE') return { problem: 'too-large', detail: `more than ${formatBytes(limits.fileBytes)} decompressed` };
    return { problem: 'bad-gzip', detail: e.message };
  }
}

/** Whether the first record a scan found, if it lies within `bytes`, is a wrapper rather than a CloudTrail record. */
function firstRecordWrapped(bytes: Buffer, scan: ScanResult, limits: JsonLimits): boolean {
  const r = scan.records[0];
  if (!r || r.problem || r.end > bytes.length) return false;
  return firstWrapped(bytes.toString('utf8', r.start, r.end), limits);
}

/** Whether DuckDB may read the file itself: a container it reads, and nothing past a limit or cut short. */
export function cleanForDuckDb(container: Container, scan: ScanResult): container is 'records' | 'array' {
  // One top-level value: DuckDB numbers the records of each value from 0, the splitter across them.
  return readByDuckDb(container) && scan.fileProblems.length === 0 && !scan.cutShort && scan.unterminated === undefined
    && scan.topLevelValues === 1 && !scan.suspectSyntax && !scan.firstRecordWrapped && scan.records.every((r) => r.problem === undefined);
}
