// Records written one per line, {"i":<index>,"r":<record>}, for DuckDB's 'lines' reader
// (queries/ingest/source-json-lines.sql): the records of a file read in Node that may be too many to
// hold (a Parquet file's rows), written as they come.

import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { RecordLines } from './scan-file.js';
import type { StagedRecord } from './normalize.js';

/**
 * The one format of a record line, {"i":<index>,"r":<record>} and a line break, in its three parts:
 * LinesFile writes it here, the scan of a large file in place (scan-file.ts, byte by byte).
 */
export const RECORD_LINE = { start: '{"i":', record: ',"r":', end: '}\n' } as const;

export class LinesFile {
  private out: WriteStream | undefined;
  private records = 0;
  private longest = 0;
  private bytes = 0;
  private failed: Error | undefined;

  constructor(private readonly path: string) {}

  /** Adds a record; resolves when the file can take more (a failure is reported by finish). */
  async add(record: StagedRecord): Promise<void> {
    const line = `${RECORD_LINE.start}${record.index}${RECORD_LINE.record}${record.json}${RECORD_LINE.end}`;
    const length = Buffer.byteLength(line);
    this.out ??= createWriteStream(this.path).on('error', (err) => (this.failed ??= err));
    const more = this.out.write(line);
    this.records += 1;
    this.bytes += length;
    this.longest = Math.max(this.longest, length);
    // A failure to write rejects the wait (once() listens for 'error'), and is reported by finish.
    if (!more && !this.failed) await once(this.out, 'drain').catch(() => undefined);
  }

  /** The lines written, or undefined (nothing on disk) when there were none. Throws if writing failed. */
  async finish(): Promise<RecordLines | undefined> {
    if (!this.out) return undefined;
    this.out.end();
    // (A stream that failed is closed already: waiting for its 'close' would wait for ever, and the
    // process end as if all were done. finished() settles on a stream closed already too.)
    await finished(this.out).catch((err: Error) => (this.failed ??= err));
    if (this.failed) {
      await rm(this.path, { force: true });
      throw this.failed;
    }
    return { path: this.path, records: this.records, longest: this.longest, bytes: this.bytes };
  }

  /** Removes what was written. */
  async abandon(): Promise<void> {
    this.out?.destroy();
    await rm(this.path, { force: true });
  }
}
