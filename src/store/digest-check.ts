// CloudTrail log file integrity validation, offline, on the copies an investigator holds (issue 13,
// point 4). The rules are those of AWS's documentation and of the AWS CLI's validator
// (awscli/customizations/cloudtrail/validation.py): a digest's signature is RSA PKCS#1 v1.5 with
// SHA-256 (SHA256withRSA) over four lines — digestEndTime, digestS3Bucket/digestS3Object, the hex
// SHA-256 of the uncompressed digest, and previousDigestSignature ("null" for the first) — joined
// by "\n"; the signature is hex, kept only in the digest's S3 metadata (x-amz-meta-signature); the
// public key is the DER `Value` of ListPublicKeys, found by the digest's fingerprint, which is the
// hex MD5 of those bytes; a listed log file's hashValue is the hex SHA-256 of its uncompressed bytes.
// Beyond the CLI, the chain is checked too: previousDigestHashValue against the previous digest's
// uncompressed SHA-256, and previousDigestSignature against its S3 signature when both are known.
// A digest whose own S3 signature is not known (a folder copy made with `aws s3 sync`) is still
// verified with the signature its successor carries as previousDigestSignature.

import { createHash, createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import type { Digest } from '../ingest/digest.js';

export interface DigestInput {
  /** Where it was loaded from. */
  source: string;
  /** The kept copy still has the bytes loaded (and so the fields below are the digest's own). */
  intact: boolean;
  /** SHA-256 of the uncompressed digest. */
  contentSha256: string;
  digest: Digest;
  /** Signatures from S3 object metadata for its key (usually one). */
  metadataSignatures: string[];
}

export interface KeyInput {
  fingerprint: string;
  value: Uint8Array;
  validFrom: string | null;
  validTo: string | null;
  /** Where the key came from (ListPublicKeys in a region, or a file the user gave): said with every verdict it supports. */
  origin?: string;
}

export type SignatureStatus =
  /** Verified with a signature from S3 metadata or from the next digest. */
  | 'valid'
  /** A signature is known and does not verify: the digest is not AWS's as it stands. */
  | 'invalid'
  /** No signature known: the newest digest of a folder copy, without its S3 metadata. */
  | 'unsigned'
  /** No public key with the digest's fingerprint: give or fetch AWS's public keys. */
  | 'no-key'
  /** The kept copy of the digest changed after it was loaded. */
  | 'tampered';

export interface CheckedDigest {
  input: DigestInput;
  status: SignatureStatus;
  /** Whether its log file list can be trusted: signature valid. */
  trusted: boolean;
  /** How it was verified or why not. */
  detail: string;
}

export interface ChainReport {
  accountId: string;
  region: string | null;
  trail: string | null;
  status: 'ok' | 'broken';
  /** The first digest's start and the last digest's end. */
  from: string;
  to: string;
  digests: number;
  /** Of those, how many have a signature that verifies. */
  verified: number;
  problems: string[];
  /** Where the chain starts again (previousDigestSignature null after the first): logging was stopped, or validation turned off and on. */
  restarts: string[];
}

const ALGORITHM = 'SHA256withRSA';

/** The four lines a digest's signature covers (AWS CLI _create_string_to_sign). */
export function signingString(digest: Digest, contentSha256: string): string {
  return `${digest.endTime}\n${digest.s3Bucket}/${digest.s3Object}\n${contentSha256}\n${digest.previous.signature ?? 'null'}`;
}

/** The fingerprint CloudTrail gives a public key: the hex MD5 of its DER bytes. */
export function fingerprintOf(der: Uint8Array): string {
  return createHash('md5').update(der).digest('hex');
}

/**
 * A public key from ListPublicKeys' DER bytes: PKCS#1 RSAPublicKey, or SubjectPublicKeyInfo as some
 * AWS samples hold. Only RSA of 2048 bits or more, as CloudTrail's are: anything else is no key.
 */
export function publicKeyOf(der: Uint8Array): KeyObject | undefined {
  for (const type of ['pkcs1', 'spki'] as const) {
    try {
      const key = createPublicKey({ key: Buffer.from(der), format: 'der', type });
      return key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048 ? key : undefined;
    } catch {
      // try the other structure
    }
  }
  return undefined;
}

function verifies(text: string, signatureHex: string, key: KeyObject): boolean {
  if (!/^[0-9a-f]+$/i.test(signatureHex) || signatureHex.length % 2 !== 0) return false;
  try {
    return verifySignature('sha256', Buffer.from(text, 'utf8'), key, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}

/** A digest file's name: <account>_CloudTrail-Digest_<region>_<trail>_<home region>_<time>.json.gz */
function trailOf(s3Object: string): string | null {
  const name = s3Object.split('/').pop() ?? '';
  return /^\d{12}_CloudTrail-Digest_[a-z0-9-]+_(.+)_[a-z]{2}(?:-[a-z]+)+-\d+_\d{8}T\d{6}Z(?:_backfill)?\.json(?:\.gz)?$/.exec(name)?.[1] ?? null;
}

const keyOf = (bucket: string | null, object: string | null) => `${bucket ?? ''}\0${object ?? ''}`;

function withinValidity(key: KeyInput, endTime: string): boolean {
  const end = Date.parse(endTime);
  if (Number.isNaN(end)) return true;
  // The CLI asks for keys valid up to two hours after a digest's end (validation.py).
  if (key.validFrom && Date.parse(key.validFrom) > end) return false;
  if (key.validTo && Date.parse(key.validTo) + 2 * 3600_000 < end) return false;
  return true;
}

/** Checks every digest's signature, then every chain. Pure: the inputs are read by the caller. */
export function checkDigests(inputs: DigestInput[], keys: KeyInput[]): { digests: CheckedDigest[]; chains: ChainReport[] } {
  const keyByFingerprint = new Map<string, { key: KeyInput; object: KeyObject | undefined }>();
  for (const k of keys) {
    // A key file could be edited too: a key is only used under the fingerprint of its own bytes.
    if (fingerprintOf(k.value) === k.fingerprint.toLowerCase()) keyByFingerprint.set(k.fingerprint.toLowerCase(), { key: k, object: publicKeyOf(k.value) });
  }
  const byLocation = new Map<string, DigestInput>();
  for (const d of inputs) if (d.intact) byLocation.set(keyOf(d.digest.s3Bucket, d.digest.s3Object), d);
  // What the next digest says this one's signature is.
  const successorSignature = new Map<DigestInput, string>();
  for (const d of inputs) {
    if (!d.intact) continue;
    const previous = byLocation.get(keyOf(d.digest.previous.s3Bucket, d.digest.previous.s3Object));
    if (previous && d.digest.previous.signature) successorSignature.set(previous, d.digest.previous.signature);
  }

  const checked = inputs.map((input): CheckedDigest => {
    const done = (status: SignatureStatus, detail: string): CheckedDigest => ({ input, status, trusted: status === 'valid', detail });
    if (!input.intact) return done('tampered', 'its kept copy changed after it was loaded');
    const d = input.digest;
    if (d.algorithm !== null && d.algorithm !== ALGORITHM) return done('invalid', `signature algorithm ${d.algorithm}, not ${ALGORITHM}`);
    const candidates = [...input.metadataSignatures.map((s) => ({ s, from: 'its S3 metadata' }))];
    const fromSuccessor = successorSignature.get(input);
    if (fromSuccessor && !input.metadataSignatures.includes(fromSuccessor)) candidates.push({ s: fromSuccessor, from: 'the next digest\'s previousDigestSignature' });
    if (candidates.length === 0) return done('unsigned', 'no signature known: its S3 metadata was not loaded and no later digest names it');
    const fingerprint = (d.fingerprint ?? '').toLowerCase();
    const key = keyByFingerprint.get(fingerprint);
    if (!key?.object) return done('no-key', `no public key with fingerprint ${fingerprint || '(none)'}`);
    if (!withinValidity(key.key, d.endTime)) return done('invalid', `public key ${fingerprint} was not valid at ${d.endTime}`);
    const text = signingString(d, input.contentSha256);
    const good = candidates.find((c) => verifies(text, c.s, key.object!));
    if (good) return done('valid', `signature from ${good.from} verifies with public key ${fingerprint}${key.key.origin ? ` (from ${key.key.origin})` : ''}`);
    return done('invalid', `the signature from ${candidates.map((c) => c.from).join(' and ')} does not verify with public key ${fingerprint}`);
  });

  return { digests: checked, chains: chainsOf(checked, byLocation) };
}

function chainsOf(checked: CheckedDigest[], byLocation: Map<string, DigestInput>): ChainReport[] {
  const groups = new Map<string, CheckedDigest[]>();
  for (const c of checked) {
    const d = c.input.digest;
    const group = `${d.accountId}\0${d.region ?? ''}\0${trailOf(d.s3Object) ?? ''}\0${d.s3Bucket}`;
    groups.set(group, [...(groups.get(group) ?? []), c]);
  }
  const contentOf = new Map([...byLocation.values()].map((d) => [d, d.contentSha256]));
  const chains: ChainReport[] = [];
  for (const members of groups.values()) {
    members.sort((a, b) => a.input.digest.endTime.localeCompare(b.input.digest.endTime));
    const first = members[0]!.input.digest;
    const problems: string[] = [];
    const restarts: string[] = [];
    members.forEach((c, i) => {
      const d = c.input.digest;
      const name = d.s3Object.split('/').pop();
      if (c.status === 'invalid' || c.status === 'tampered') problems.push(`${name}: ${c.detail}`);
      if (c.status === 'no-key') problems.push(`${name}: not checked, ${c.detail}`);
      if (d.previous.s3Object === null) {
        if (i > 0) restarts.push(d.startTime);
        return;
      }
      const previous = byLocation.get(keyOf(d.previous.s3Bucket, d.previous.s3Object));
      if (!previous) {
        // The oldest digest loaded points back past what was loaded: the chain simply starts there.
        if (i > 0) problems.push(`${name}: the previous digest ${d.previous.s3Object.split('/').pop()} is missing (logs from before ${d.startTime} are not covered)`);
        return;
      }
      if (d.previous.hash && contentOf.get(previous) !== d.previous.hash.toLowerCase()) {
        problems.push(`${name}: previousDigestHashValue does not match the previous digest's content`);
      }
      const metadata = previous.metadataSignatures;
      if (d.previous.signature && metadata.length > 0 && !metadata.includes(d.previous.signature)) {
        problems.push(`${name}: previousDigestSignature is not the previous digest's S3 signature`);
      }
    });
    const last = members.at(-1)!.input.digest;
    chains.push({
      accountId: first.accountId,
      region: first.region,
      trail: trailOf(first.s3Object),
      status: problems.length > 0 ? 'broken' : 'ok',
      from: first.startTime,
      to: last.endTime,
      digests: members.length,
      verified: members.filter((m) => m.status === 'valid').length,
      problems,
      restarts,
    });
  }
  return chains.sort((a, b) => `${a.accountId}${a.region}${a.trail}`.localeCompare(`${b.accountId}${b.region}${b.trail}`));
}
