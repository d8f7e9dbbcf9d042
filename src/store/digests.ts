// The store's side of CloudTrail digests: keeping digest files as they are loaded, the signatures
// S3 keeps beside them, and AWS's public keys (queries/schema/006_digests.sql).

import type { Digest } from '../ingest/digest.js';
import type { Store } from './store.js';

export interface LoadedDigest {
  sha256: string;
  /** SHA-256 of the uncompressed digest: its signature covers it, and the next digest names it. */
  contentSha256: string;
  source: string;
  keptPath: string;
  digest: Digest;
  /** The S3 ETag of the object it came from. */
  etag?: string;
}

export interface DigestSignature {
  s3Bucket: string | null;
  s3Object: string;
  signature: string;
  algorithm: string | null;
  origin: string;
}

export interface PublicKey {
  fingerprint: string;
  /** The key's DER bytes, as ListPublicKeys returns them. */
  value: Uint8Array;
  validFrom: string | null;
  validTo: string | null;
  origin: string;
}

export async function loadedDigestHashes(store: Store): Promise<Set<string>> {
  const rows = await store.all<{ sha256: string }>(`SELECT sha256 FROM digests`);
  return new Set(rows.map((r) => r.sha256));
}

/** Stores digests and the log files they list, in one transaction. */
export async function storeDigests(store: Store, digests: LoadedDigest[]): Promise<void> {
  if (digests.length === 0) return;
  await store.transaction(async () => {
    const [row] = await store.all<{ n: number | null }>(`SELECT max(digest_id) AS n FROM digests`);
    let id = Number(row?.n ?? 0);
    for (const d of digests) {
      id += 1;
      const g = d.digest;
      await store.run(
        `INSERT INTO digests VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, now()::TIMESTAMP)`,
        [id, d.sha256, d.contentSha256, d.source, d.keptPath, g.accountId, g.region, g.s3Bucket, g.s3Object, g.startTime, g.endTime,
          g.fingerprint, g.algorithm, g.previous.s3Bucket, g.previous.s3Object, g.previous.hash, g.previous.hashAlgorithm, g.previous.signature, d.etag ?? null],
      );
      if (g.logFiles.length === 0) continue;
      const appender = await store.connection().createAppender('digest_log_files');
      try {
        for (const f of g.logFiles) {
          appender.appendInteger(id);
          for (const v of [f.s3Bucket, f.s3Object, f.hashValue, f.hashAlgorithm, f.oldestEventTime, f.newestEventTime]) {
            if (v === undefined) appender.appendNull();
            else appender.appendVarchar(v);
          }
          appender.endRow();
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    }
  });
}

/** Remembers digest signatures (S3 object metadata); a signature already known is kept once. */
export async function storeDigestSignatures(store: Store, signatures: DigestSignature[]): Promise<void> {
  if (signatures.length === 0) return;
  await store.transaction(async () => {
    for (const s of signatures) {
      await store.run(
        `INSERT INTO digest_signatures VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [s.s3Bucket, s.s3Object, s.signature, s.algorithm, s.origin],
      );
    }
  });
}

export async function storePublicKeys(store: Store, keys: PublicKey[]): Promise<void> {
  if (keys.length === 0) return;
  await store.transaction(async () => {
    for (const k of keys) {
      await store.run(
        `INSERT INTO public_keys VALUES ($1, from_hex($2), $3::TIMESTAMP, $4::TIMESTAMP, $5, now()::TIMESTAMP)
         ON CONFLICT DO UPDATE SET value = excluded.value, valid_from = excluded.valid_from, valid_to = excluded.valid_to, origin = excluded.origin`,
        [k.fingerprint, Buffer.from(k.value).toString('hex'), k.validFrom, k.validTo, k.origin],
      );
    }
  });
}
