// The store's side of CloudTrail digests: keeping digest files as they are loaded, the signatures
// S3 keeps beside them, and AWS's public keys (queries/schema/006_digests.sql).

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readDigest, type Digest } from '../ingest/digest.js';
import { CEILING_LIMITS } from '../ingest/json-scan.js';
import { splitRecords } from '../ingest/normalize.js';
import { decompressBounded } from '../ingest/scan-file.js';
import type { DigestInput, KeyInput } from './digest-check.js';
import { keptHashMatches, sha256 } from './evidence.js';
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

export interface DigestRow {
  sha256: string;
  source: string;
  kept_path: string;
  account_id: string;
  region: string | null;
  s3_bucket: string;
  s3_object: string;
  start_time: string;
  end_time: string;
  fingerprint: string | null;
  algorithm: string | null;
}

/** A digest as its kept copy says it (the store's rows are only an index), and whether that copy is intact. */
export async function readKeptDigest(store: Store, row: DigestRow, signatures: Map<string, string[]>): Promise<DigestInput> {
  const fromRow: Digest = {
    accountId: row.account_id, region: row.region, startTime: row.start_time, endTime: row.end_time, s3Bucket: row.s3_bucket,
    s3Object: row.s3_object, fingerprint: row.fingerprint, algorithm: row.algorithm,
    previous: { s3Bucket: null, s3Object: null, hash: null, hashAlgorithm: null, signature: null }, logFiles: [],
  };
  const metadataSignatures = signatures.get(row.s3_object) ?? [];
  const changed = { source: row.source, intact: false, contentSha256: '', digest: fromRow, metadataSignatures };
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(store.evidenceDir, row.kept_path));
  } catch {
    return changed;
  }
  if (!(await keptHashMatches(bytes, row.sha256))) return changed;
  const text = decompressBounded(bytes, CEILING_LIMITS);
  if (!('text' in text)) return changed;
  const [record] = splitRecords(text.text, CEILING_LIMITS).records;
  const read = record ? readDigest(JSON.parse(record.json)) : undefined;
  if (!read || !('digest' in read)) return changed;
  return { source: row.source, intact: true, contentSha256: sha256(text.text), digest: read.digest, metadataSignatures };
}


const DIGEST_COLUMNS = 'sha256, source, kept_path, account_id, region, s3_bucket, s3_object, start_time, end_time, fingerprint, algorithm';

/** Stored digests: all, or those a WHERE clause with bound parameters selects. */
export async function digestRows(store: Store, where = '', params: (string[] | null)[] = []): Promise<DigestRow[]> {
  return store.all<DigestRow & Record<string, unknown>>(`SELECT ${DIGEST_COLUMNS} FROM digests ${where} ORDER BY digest_id`, params);
}

/** Signatures from S3 metadata, by digest key. */
export async function digestSignatureMap(store: Store): Promise<Map<string, string[]>> {
  const rows = await store.all<{ s3_object: string; signature: string }>(`SELECT s3_object, signature FROM digest_signatures`);
  const signatures = new Map<string, string[]>();
  for (const r of rows) signatures.set(r.s3_object, [...(signatures.get(r.s3_object) ?? []), r.signature]);
  return signatures;
}

export async function publicKeyInputs(store: Store): Promise<KeyInput[]> {
  const rows = await store.all<{ fingerprint: string; value: { bytes: Uint8Array } | Uint8Array; valid_from: string | null; valid_to: string | null; origin: string }>(
    `SELECT fingerprint, value, strftime(valid_from, '%Y-%m-%dT%H:%M:%SZ') AS valid_from, strftime(valid_to, '%Y-%m-%dT%H:%M:%SZ') AS valid_to, origin FROM public_keys`,
  );
  return rows.map((k) => ({ fingerprint: k.fingerprint, value: 'bytes' in k.value ? k.value.bytes : k.value, validFrom: k.valid_from, validTo: k.valid_to, origin: k.origin }));
}
