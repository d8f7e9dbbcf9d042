// CloudTrail digest files (log file integrity validation): one per hour, account and region, listing
// the SHA-256 of every log file delivered in that hour and chained to the previous digest. Read
// here into their fields; checked by src/store/digest-check.ts. The real serialisation (compact JSON,
// "/" written "\/", unsorted logFiles) is in shared/cloudtrail-corpus/protectai__llm-guard/.
//
// Checked by hand, not with zod: a trace reads the digests that list its files, and loading zod
// would be a seventh of its start-up. (The user's own inputs, digest metadata and public keys, are
// read with zod in digest-inputs.ts.)

export interface LogFileEntry {
  s3Bucket?: string;
  s3Object: string;
  hashValue?: string;
  hashAlgorithm?: string;
  oldestEventTime?: string;
  newestEventTime?: string;
}

export interface Digest {
  accountId: string;
  /** The region whose logs it covers, from its key (…/CloudTrail-Digest/<region>/…). */
  region: string | null;
  startTime: string;
  endTime: string;
  s3Bucket: string;
  s3Object: string;
  fingerprint: string | null;
  algorithm: string | null;
  previous: { s3Bucket: string | null; s3Object: string | null; hash: string | null; hashAlgorithm: string | null; signature: string | null };
  logFiles: LogFileEntry[];
}

/** …/CloudTrail-Digest/<region>/yyyy/mm/dd/… */
const DIGEST_REGION = /CloudTrail-Digest\/([a-z]{2}(?:-[a-z]+)+-\d+)\//;

/** Whether a parsed JSON value is a digest file's document (it has digest fields, not Records). */
export function looksLikeDigest(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'digestS3Object' in value && 'logFiles' in value;
}

type Checked<T> = { value: T } | { problem: string };

/** A string field: required ones non-empty, optional ones absent, null or a string. */
function text(doc: Record<string, unknown>, key: string, path: string, required: boolean): Checked<string | undefined> {
  const v = doc[key];
  if (v === undefined || v === null) return required ? { problem: `${path}${key}: required` } : { value: undefined };
  if (typeof v !== 'string') return { problem: `${path}${key}: expected a string` };
  if (required && v === '') return { problem: `${path}${key}: must not be empty` };
  return { value: v };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function logFileEntry(v: unknown, i: number): Checked<LogFileEntry> {
  const at = `logFiles.${i}.`;
  if (!isObject(v)) return { problem: `logFiles.${i}: expected an object` };
  const entry: Record<string, string> = {};
  for (const [key, required] of [['s3Object', true], ['s3Bucket', false], ['hashValue', false], ['hashAlgorithm', false], ['oldestEventTime', false], ['newestEventTime', false]] as const) {
    const field = text(v, key, at, required);
    if ('problem' in field) return field;
    if (field.value !== undefined) entry[key] = field.value;
  }
  return { value: entry as unknown as LogFileEntry };
}

/** The digest in a JSON value, or what is wrong with it. */
export function readDigest(value: unknown): { digest: Digest } | { problem: string } {
  const fail = (problem: string) => ({ problem: `not a CloudTrail digest: ${problem}` });
  if (!isObject(value)) return fail('document: expected an object');
  const fields: Record<string, string | undefined> = {};
  for (const [key, required] of [
    ['awsAccountId', true], ['digestStartTime', true], ['digestEndTime', true], ['digestS3Bucket', true], ['digestS3Object', true],
    ['digestPublicKeyFingerprint', false], ['digestSignatureAlgorithm', false], ['previousDigestS3Bucket', false],
    ['previousDigestS3Object', false], ['previousDigestHashValue', false], ['previousDigestHashAlgorithm', false], ['previousDigestSignature', false],
  ] as const) {
    const field = text(value, key, '', required);
    if ('problem' in field) return fail(field.problem);
    fields[key] = field.value;
  }
  if (!Array.isArray(value.logFiles)) return fail('logFiles: expected an array');
  const logFiles: LogFileEntry[] = [];
  for (const [i, v] of value.logFiles.entries()) {
    const entry = logFileEntry(v, i);
    if ('problem' in entry) return fail(entry.problem);
    logFiles.push(entry.value);
  }
  const d = fields;
  return {
    digest: {
      accountId: d.awsAccountId!,
      region: DIGEST_REGION.exec(d.digestS3Object!)?.[1] ?? null,
      startTime: d.digestStartTime!,
      endTime: d.digestEndTime!,
      s3Bucket: d.digestS3Bucket!,
      s3Object: d.digestS3Object!,
      fingerprint: d.digestPublicKeyFingerprint ?? null,
      algorithm: d.digestSignatureAlgorithm ?? null,
      previous: {
        s3Bucket: d.previousDigestS3Bucket ?? null,
        s3Object: d.previousDigestS3Object ?? null,
        hash: d.previousDigestHashValue ?? null,
        hashAlgorithm: d.previousDigestHashAlgorithm ?? null,
        signature: d.previousDigestSignature ?? null,
      },
      logFiles,
    },
  };
}
