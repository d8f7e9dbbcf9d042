// CloudTrail digest files (log file integrity validation): one per hour, account and region, listing
// the SHA-256 of every log file delivered in that hour and chained to the previous digest. Read
// here into their fields; checked by src/store/digest-check.ts. The real serialisation (compact JSON,
// "/" written "\/", unsorted logFiles) is in shared/cloudtrail-corpus/protectai__llm-guard/.

import { z } from 'zod';

const LogFileEntry = z.object({
  s3Bucket: z.string().optional(),
  s3Object: z.string().min(1),
  hashValue: z.string().optional(),
  hashAlgorithm: z.string().optional(),
  oldestEventTime: z.string().optional(),
  newestEventTime: z.string().optional(),
});

const DigestDocument = z.object({
  awsAccountId: z.string().min(1),
  digestStartTime: z.string().min(1),
  digestEndTime: z.string().min(1),
  digestS3Bucket: z.string().min(1),
  digestS3Object: z.string().min(1),
  digestPublicKeyFingerprint: z.string().nullish(),
  digestSignatureAlgorithm: z.string().nullish(),
  previousDigestS3Bucket: z.string().nullish(),
  previousDigestS3Object: z.string().nullish(),
  previousDigestHashValue: z.string().nullish(),
  previousDigestHashAlgorithm: z.string().nullish(),
  previousDigestSignature: z.string().nullish(),
  logFiles: z.array(LogFileEntry),
});

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
  logFiles: z.infer<typeof LogFileEntry>[];
}

/** …/CloudTrail-Digest/<region>/yyyy/mm/dd/… */
const DIGEST_REGION = /CloudTrail-Digest\/([a-z]{2}(?:-[a-z]+)+-\d+)\//;

/** Whether a parsed JSON value is a digest file's document (it has digest fields, not Records). */
export function looksLikeDigest(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'digestS3Object' in value && 'logFiles' in value;
}

/** The digest in a JSON value, or what is wrong with it. */
export function readDigest(value: unknown): { digest: Digest } | { problem: string } {
  const parsed = DigestDocument.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `not a CloudTrail digest: ${issue ? `${issue.path.join('.') || 'document'}: ${issue.message}` : 'unexpected shape'}` };
  }
  const d = parsed.data;
  return {
    digest: {
      accountId: d.awsAccountId,
      region: DIGEST_REGION.exec(d.digestS3Object)?.[1] ?? null,
      startTime: d.digestStartTime,
      endTime: d.digestEndTime,
      s3Bucket: d.digestS3Bucket,
      s3Object: d.digestS3Object,
      fingerprint: d.digestPublicKeyFingerprint ?? null,
      algorithm: d.digestSignatureAlgorithm ?? null,
      previous: {
        s3Bucket: d.previousDigestS3Bucket ?? null,
        s3Object: d.previousDigestS3Object ?? null,
        hash: d.previousDigestHashValue ?? null,
        hashAlgorithm: d.previousDigestHashAlgorithm ?? null,
        signature: d.previousDigestSignature ?? null,
      },
      logFiles: d.logFiles,
    },
  };
}

const HeadObject = z.object({ Metadata: z.record(z.string(), z.string()).optional() }).loose();
const MetadataFile = z.record(z.string(), HeadObject);

export interface ParsedSignature {
  s3Bucket: string | null;
  s3Object: string;
  signature: string;
  algorithm: string | null;
}

/**
 * A digest metadata file: `{ "<digest key or s3://bucket/key>": <aws s3api head-object output>, … }`.
 * Keys without a signature in their Metadata are counted, not an error (the object was not a digest).
 */
export function readDigestMetadata(value: unknown): { signatures: ParsedSignature[]; withoutSignature: number } | { problem: string } {
  const parsed = MetadataFile.safeParse(value);
  if (!parsed.success) {
    return { problem: 'expected an object mapping each digest\'s S3 key to its `aws s3api head-object` output ({"Metadata": {"signature": …}})' };
  }
  const signatures: ParsedSignature[] = [];
  let withoutSignature = 0;
  for (const [key, head] of Object.entries(parsed.data)) {
    const signature = head.Metadata?.signature;
    if (!signature) {
      withoutSignature += 1;
      continue;
    }
    const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(key);
    signatures.push({ s3Bucket: s3?.[1] ?? null, s3Object: s3?.[2] ?? key.replace(/^\/+/, ''), signature: signature.trim(), algorithm: head.Metadata?.['signature-algorithm'] ?? null });
  }
  return { signatures, withoutSignature };
}

const PublicKeyList = z.object({
  PublicKeyList: z.array(z.object({
    Value: z.string().min(1),
    ValidityStartTime: z.union([z.string(), z.number()]).nullish(),
    ValidityEndTime: z.union([z.string(), z.number()]).nullish(),
    Fingerprint: z.string().min(1),
  })),
});

export interface ParsedPublicKey {
  fingerprint: string;
  value: Uint8Array;
  validFrom: string | null;
  validTo: string | null;
}

/** `aws cloudtrail list-public-keys` output; Value is base64 there (the CLI does not decode blobs). */
export function readPublicKeyList(value: unknown): { keys: ParsedPublicKey[] } | { problem: string } {
  const parsed = PublicKeyList.safeParse(value);
  if (!parsed.success) return { problem: 'expected `aws cloudtrail list-public-keys` output: {"PublicKeyList": [{"Value", "Fingerprint", …}]}' };
  const time = (t: string | number | null | undefined) =>
    t === null || t === undefined ? null : new Date(typeof t === 'number' ? t * 1000 : t).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    keys: parsed.data.PublicKeyList.map((k) => ({
      fingerprint: k.Fingerprint.toLowerCase(),
      value: Buffer.from(k.Value, 'base64'),
      validFrom: time(k.ValidityStartTime),
      validTo: time(k.ValidityEndTime),
    })),
  };
}
