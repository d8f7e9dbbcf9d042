// A trail with log file integrity validation, written as CloudTrail documents it (digest file
// structure; AWS CLI validation.py): hourly digests, each listing the hex SHA-256 of its hour's
// uncompressed log files, chained by previousDigest*, signed SHA256withRSA over
// "digestEndTime\nbucket/key\nsha256(uncompressed digest)\npreviousSignature|null" with a key pair
// made here; the signature goes to S3 metadata (here: a head-object sidecar), never in the file.

import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { apiCall, iamUser } from './records.js';

export interface SignedTrail {
  /** S3 keys of the log files, by hour. */
  logKeys: string[];
  digestKeys: string[];
  /** `aws s3api head-object` output per digest key, as a sidecar file holds it. */
  metadata: Record<string, { Metadata: Record<string, string> }>;
  /** `aws cloudtrail list-public-keys` output. */
  publicKeys: { PublicKeyList: { Value: string; ValidityStartTime: string; ValidityEndTime: string; Fingerprint: string }[] };
  fingerprint: string;
  eventIds: string[];
}

export const KEYS = (() => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicKey };
})();

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const pad = (n: number) => String(n).padStart(2, '0');

/** CloudTrail's serialisation: compact JSON, "/" written "\/" (shared/cloudtrail-corpus/protectai__llm-guard). */
function cloudTrailJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('/', '\\/');
}

export function writeSignedTrail(root: string, opts: { account?: string; region?: string; bucket?: string; trail?: string; hours?: number; privateKey?: KeyObject; publicKey?: KeyObject } = {}): SignedTrail {
  const account = opts.account ?? '111111111111';
  const region = opts.region ?? 'eu-west-1';
  const bucket = opts.bucket ?? 'org-trail-bucket';
  const trail = opts.trail ?? 'org-trail';
  const hours = opts.hours ?? 4;
  const privateKey = opts.privateKey ?? KEYS.privateKey;
  const der = (opts.publicKey ?? KEYS.publicKey).export({ format: 'der', type: 'pkcs1' });
  const fingerprint = createHash('md5').update(der).digest('hex');
  const out: SignedTrail = {
    logKeys: [], digestKeys: [], metadata: {}, fingerprint, eventIds: [],
    publicKeys: { PublicKeyList: [{ Value: der.toString('base64'), ValidityStartTime: '2026-01-01T00:00:00Z', ValidityEndTime: '2026-12-31T00:00:00Z', Fingerprint: fingerprint }] },
  };
  let previous: { key: string; hash: string; signature: string } | null = null;
  for (let h = 0; h < hours; h += 1) {
    const hour = 10 + h;
    const eventIds = [0, 1].map((i) => `00000000-0000-4000-8000-${String(hour * 100 + i).padStart(12, '0')}`);
    const records = eventIds.map((eventId, i) => apiCall({ identity: iamUser(account, 'alice', 'AKIAALICE00000000001'), time: `2026-03-09T${pad(hour)}:0${i}:00Z`, account, region, eventId, requestId: `req-${eventId}` }));
    out.eventIds.push(...eventIds);
    const logText = JSON.stringify({ Records: records });
    const logKey = `AWSLogs/${account}/CloudTrail/${region}/2026/03/09/${account}_CloudTrail_${region}_20260309T${pad(hour)}05Z_abcd${h}.json.gz`;
    mkdirSync(path.dirname(path.join(root, logKey)), { recursive: true });
    writeFileSync(path.join(root, logKey), gzipSync(logText));
    out.logKeys.push(logKey);

    const end = `2026-03-09T${pad(hour + 1)}:00:00Z`;
    const digestKey = `AWSLogs/${account}/CloudTrail-Digest/${region}/2026/03/09/${account}_CloudTrail-Digest_${region}_${trail}_${region}_20260309T${pad(hour + 1)}0000Z.json.gz`;
    const digest = {
      awsAccountId: account,
      digestStartTime: `2026-03-09T${pad(hour)}:00:00Z`,
      digestEndTime: end,
      digestS3Bucket: bucket,
      digestS3Object: digestKey,
      digestPublicKeyFingerprint: fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: `2026-03-09T${pad(hour)}:01:00Z`,
      oldestEventTime: `2026-03-09T${pad(hour)}:00:00Z`,
      previousDigestS3Bucket: previous ? bucket : null,
      previousDigestS3Object: previous?.key ?? null,
      previousDigestHashValue: previous?.hash ?? null,
      previousDigestHashAlgorithm: previous ? 'SHA-256' : null,
      previousDigestSignature: previous?.signature ?? null,
      logFiles: [{ s3Bucket: bucket, s3Object: logKey, hashValue: sha256(logText), hashAlgorithm: 'SHA-256', newestEventTime: records[1]!.eventTime, oldestEventTime: records[0]!.eventTime }],
    };
    const text = cloudTrailJson(digest);
    const signed: string = `${end}\n${bucket}/${digestKey}\n${sha256(text)}\n${previous?.signature ?? 'null'}`;
    const signature: string = sign('sha256', Buffer.from(signed), privateKey).toString('hex');
    mkdirSync(path.dirname(path.join(root, digestKey)), { recursive: true });
    writeFileSync(path.join(root, digestKey), gzipSync(text));
    out.digestKeys.push(digestKey);
    out.metadata[digestKey] = { Metadata: { signature, 'signature-algorithm': 'SHA256withRSA' } };
    previous = { key: digestKey, hash: sha256(text), signature };
  }
  return out;
}
