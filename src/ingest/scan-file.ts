// One read of a log file's decompressed bytes, streamed (never the whole file in memory, never
// more than the size limit decompressed): which container it is, where its records are, and
// whether any input limit is broken. Ingest decides from this whether DuckDB may read the file.

import { constants as bufferConstants } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createGunzip, gunzipSync } from 'node:zlib';
import { detectContainer, readByDuckDb, type Container } from './container.js';
import { formatBytes, JsonScanner, type JsonLimits, type ScanResult } from './json-scan.js';
import { containerOf, recordsFromScan, scanModeOf, type ParsedContainer } from './normalize.js';
import { isGzip } from '../store/evidence.js';

export type FileScan =
  /** contentSha256: of the decompressed bytes, when asked for (CloudTrail digests list it). */
  | { outcome: 'scanned'; container: Container; scan: ScanResult; contentSha256?: string }
  | { outcome: 'empty' }
  | { outcome: 'not-json' }
  | { outcome: 'too-large'; detail: string }
  | { outcome: 'bad-gzip'; detail: string };

const CHUNK = 256 * 1024;
const HEAD = 4096;

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
export async function stageRecords(bytes: Buffer, limits: JsonLimits, guessed: Container, firstScan: ScanResult): Promise<ParsedContainer> {
  let scan = firstScan;
  const container = containerOf(guessed, scan);
  if (container !== guessed && scanModeOf(container) !== 'values') {
    const again = await scanFile(bytes, limits, { container });
    if (again.outcome !== 'scanned') return { container, records: [], problems: [{ kind: 'invalid-json', detail: 'not one JSON document' }] };
    scan = again.scan;
  }
  const wanted = scan.records.filter((r) => !r.problem);
  const texts = new Map<number, string>();
  if (wanted.length > 0) {
    let offset = 0;
    let next = 0;
    let parts: Buffer[] = [];
    try {
      for await (const chunk of contentChunks(bytes)) {
        const end = offset + chunk.length;
        while (next < wanted.length && wanted[next]!.start < end) {
          const r = wanted[next]!;
          parts.push(chunk.subarray(Math.max(r.start, offset) - offset, Math.min(r.end, end) - offset));
          if (r.end > end) break;
          texts.set(r.start, Buffer.concat(parts).toString('utf8'));
          parts = [];
          next += 1;
        }
        offset = end;
        if (next >= wanted.length) break;
      }
    } catch {
      // The scan read it whole already: a failure now leaves the records not yet read unstaged.
    }
  }
  return recordsFromScan(container, scan, (start) => texts.get(start), limits);
}

/** Scans a file's bytes (gzip or plain), hashing its content if asked. Never throws on bad input. */
export async function scanFile(bytes: Buffer, limits: JsonLimits, options: { hashContent?: boolean; container?: Container } = {}): Promise<FileScan> {
  const hash = options.hashContent ? createHash('sha256') : undefined;
  const gz = isGzip(bytes);
  const gunzip = gz ? createGunzip({ chunkSize: CHUNK }) : undefined;
  gunzip?.end(bytes);
  const chunks: AsyncIterable<Buffer> = gunzip ?? plainChunks(bytes);
  const head: Buffer[] = [];
  let headBytes = 0;
  let scanner: JsonScanner | undefined;
  let container: Container | undefined;
  try {
    for await (const chunk of chunks) {
      hash?.update(chunk);
      if (!scanner) {
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes < HEAD) continue;
        const started = startScan(Buffer.concat(head), limits, options.container);
        if (started.outcome !== 'scanning') return started;
        ({ scanner, container } = started);
        continue;
      }
      scanner.push(chunk);
      if (!scanner.wantsMore) break;
    }
  } catch (err) {
    return { outcome: 'bad-gzip', detail: (err as Error).message };
  } finally {
    gunzip?.destroy();
  }
  if (!scanner) {
    const started = startScan(Buffer.concat(head), limits, options.container);
    if (started.outcome !== 'scanning') return started;
    ({ scanner, container } = started);
  }
  const scan = scanner.end();
  const tooLarge = scan.fileProblems.find((p) => p.kind === 'file-too-large');
  if (tooLarge) return { outcome: 'too-large', detail: tooLarge.detail };
  return { outcome: 'scanned', container: container!, scan, ...(hash ? { contentSha256: hash.digest('hex') } : {}) };
}

function startScan(
  head: Buffer,
  limits: JsonLimits,
  known?: Container,
): { outcome: 'scanning'; scanner: JsonScanner; container: Container } | { outcome: 'empty' } | { outcome: 'not-json' } {
  const text = head.subarray(0, HEAD).toString('utf8');
  if (text.replace(/^\uFEFF/, '').trim() === '' && head.length <= HEAD) return { outcome: 'empty' };
  const container = known ?? detectContainer(text);
  if (container === undefined) return { outcome: 'not-json' };
  const scanner = new JsonScanner(scanModeOf(container), limits);
  scanner.push(head);
  return { outcome: 'scanning', scanner, container };
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

/** Whether DuckDB may read the file itself: a container it reads, and nothing past a limit or cut short. */
export function cleanForDuckDb(container: Container, scan: ScanResult): container is 'records' | 'array' {
  // One top-level value: DuckDB numbers the records of each value from 0, the splitter across them.
  return readByDuckDb(container) && scan.fileProblems.length === 0 && !scan.cutShort && scan.unterminated === undefined
    && scan.topLevelValues === 1 && !scan.suspectSyntax && scan.records.every((r) => r.problem === undefined);
}
