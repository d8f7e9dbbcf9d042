// What a user hands trail-trace about digests: the S3 metadata of digest files (their signatures,
// which a folder copy loses) and CloudTrail's public keys (`aws cloudtrail list-public-keys`).

import { z } from 'zod';
import { isoSeconds } from '../trace/time.js';

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
  // A time that is not one is no bound (as absent), never a crash.
  const time = (t: string | number | null | undefined) => {
    const ms = t === null || t === undefined ? NaN : typeof t === 'number' ? t * 1000 : Date.parse(t);
    return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? isoSeconds(ms) : null;
  };
  return {
    keys: parsed.data.PublicKeyList.map((k) => ({
      fingerprint: k.Fingerprint.toLowerCase(),
      value: Buffer.from(k.Value, 'base64'),
      validFrom: time(k.ValidityStartTime),
      validTo: time(k.ValidityEndTime),
    })),
  };
}
