// What a file is, from its first bytes: for files a folder walk lists by their content rather than
// their name (issue 17: "recognised by content, not by file name"). A file none of these is not
// logs (a README, a PDF the customer zipped along): passed over and counted, not warned about.

import { isCloudTrailCsv } from './tables.js';

/** The kinds of file trail-trace reads. */
export type Sniffed = 'gzip' | 'json' | 'stamped' | 'parquet' | 'csv' | 'zip' | 'tar' | 'bzip2' | 'zstd';

/** Bytes enough to tell (a tar header's magic is at 257; a CSV header of CloudTrail's columns is a few hundred bytes). */
export const SNIFF_BYTES = 4096;

const STAMPED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

export function sniff(head: Buffer): Sniffed | undefined {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05) && (head[3] === 0x04 || head[3] === 0x06)) return 'zip';
  if (head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  if (head.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'json';
  if (STAMPED.test(text)) return 'stamped';
  if (isCloudTrailCsv(head)) return 'csv';
  return undefined;
}
