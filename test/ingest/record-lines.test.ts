// The record lines a scan writes for DuckDB (src/ingest/scan-file.ts RecordLineWriter): every
// record, verbatim, one per line with its index, however the decompressed stream is cut into
// chunks; nothing at all when a record cannot be a line.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/ingest/json-scan.js';
import { scanFile } from '../../src/ingest/scan-file.js';
import { removeDir, suiteDir } from '../helpers/temp.js';

const dir = suiteDir();
afterAll(() => removeDir(dir));
let n = 0;
const linesPath = () => path.join(dir, `${n++}.ndjson`);

/** Records of varied sizes, half far larger than a 256 KB chunk (records straddle chunks): 120 make a large file (over 16 MiB). */
function records(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({ eventID: `e-${i}`, eventTime: '2026-03-09T10:00:00Z', note: 'x\u00e9"\\'.repeat((i * 7919) % 5000), big: i % 2 === 0 ? 'y'.repeat(300_000) : '' }));
}

/** Records enough to make a file large (lines are written only for files past 16 MiB of records). */
const BIG = records(120).join(',');

function readLines(file: string): { i: number; raw: string }[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => {
    const m = /^\{"i":(\d+),"r":(.*)\}$/s.exec(line);
    if (!m) throw new Error(`not a record line: ${line.slice(0, 80)}`);
    return { i: Number(m[1]), raw: m[2]! };
  });
}

describe('record lines written by the scan', () => {
  it.each([['gzip', true], ['plain', false]])('holds every record of a trail file verbatim, in order, with its index (%s)', async (_name, gz) => {
    const recs = records(120);
    const text = `{"Records": [${recs.join(', ')}]}`;
    const out = linesPath();
    const scan = await scanFile(gz ? gzipSync(text) : Buffer.from(text), DEFAULT_LIMITS, { linesPath: out });
    expect(scan.outcome).toBe('scanned');
    if (scan.outcome !== 'scanned') return;
    expect(scan.lines?.records).toBe(120);
    const lines = readLines(out);
    expect(lines.map((l) => l.i)).toEqual(recs.map((_, i) => i));
    expect(lines.map((l) => l.raw)).toEqual(recs);
    const lengths = lines.map((l) => Buffer.byteLength(`{"i":${l.i},"r":${l.raw}}\n`));
    expect(scan.lines?.longest).toBe(Math.max(...lengths));
    expect(scan.lines?.bytes).toBe(lengths.reduce((a, b) => a + b, 0));
  });

  it('writes nothing for a top-level array, however large: its own reader reads it at ingest and at verify alike', async () => {
    const out = linesPath();
    const scan = await scanFile(Buffer.from(`[${records(120).join(',')}]`), DEFAULT_LIMITS, { linesPath: out });
    expect(scan.outcome === 'scanned' && scan.lines).toBeFalsy();
    expect(existsSync(out)).toBe(false);
  });

  it('writes nothing for a file under 16 MiB of records: DuckDB reads its kept copy, with no file made and removed', async () => {
    const out = linesPath();
    const scan = await scanFile(gzipSync(`{"Records":[${records(80).join(',')}]}`), DEFAULT_LIMITS, { linesPath: out });
    expect(scan.outcome === 'scanned' && scan.lines).toBeFalsy();
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ['a pretty-printed record (a line break inside it)', `{"Records":[${BIG},{"eventID":"a"},\n{\n  "eventID": "b"\n}]}`],
    ['a carriage return inside a record', `{"Records":[${BIG},{"eventID":"a",\r"eventTime":"t"}]}`],
    ['a record that is not an object', `{"Records":[${BIG},{"eventID":"a"}, "b"]}`],
    ['a record past a limit', `{"Records":[${BIG},{"eventID":"a"},{"deep":${'['.repeat(150)}${']'.repeat(150)}}]}`],
    ['a file cut short', `{"Records":[${BIG},{"eventID":"a"},{"eventID":"b"`],
    ['two documents in one file', `{"Records":[${BIG},{"eventID":"a"}]}\n{"Records":[{"eventID":"b"}]}`],
  ])('writes nothing for %s: the file is read the old way', async (_name, text) => {
    const out = linesPath();
    const scan = await scanFile(Buffer.from(text), DEFAULT_LIMITS, { linesPath: out });
    expect(scan.outcome === 'scanned' && scan.lines).toBeFalsy();
    expect(existsSync(out)).toBe(false);
  });

  it('a lines file that cannot be written (a full disk, a folder gone) leaves the file good, read the old way', async () => {
    const out = path.join(dir, 'no-such-folder', 'x.ndjson');
    const scan = await scanFile(gzipSync(`{"Records":[${BIG}]}`), DEFAULT_LIMITS, { linesPath: out });
    expect(scan.outcome).toBe('scanned');
    expect(scan.outcome === 'scanned' && scan.lines).toBeFalsy();
    expect(scan.outcome === 'scanned' && scan.scan.records.length).toBe(120);
  });

  it('writes nothing for containers DuckDB does not read (NDJSON, lookup-events output)', async () => {
    for (const text of ['{"eventID":"a"}\n{"eventID":"b"}\n', '{"Events":[{"EventId":"a","CloudTrailEvent":"{}"}]}']) {
      const out = linesPath();
      const scan = await scanFile(Buffer.from(text), DEFAULT_LIMITS, { linesPath: out });
      expect(scan.outcome === 'scanned' && scan.lines).toBeFalsy();
      expect(existsSync(out)).toBe(false);
    }
  });
});
