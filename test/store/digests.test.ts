// CloudTrail digest validation, offline, against a trail written and signed here exactly as
// CloudTrail documents it (test/helpers/digests.ts): each file's verdict and each chain's status,
// with and without the S3 signatures, after flipping a byte, deleting a log or a digest, forging.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readDigestMetadata, readPublicKeyList } from '../../src/ingest/digest-inputs.js';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { fingerprintOf, publicKeyOf, signingString } from '../../src/store/digest-check.js';
import { storeDigestSignatures, storePublicKeys } from '../../src/store/digests.js';
import { openStore, type Store } from '../../src/store/store.js';
import { verifyStore, type VerifyResult } from '../../src/store/verify.js';
import { traceEventById } from '../../src/app/trace-event.js';
import { writeSignedTrail, type SignedTrail } from '../helpers/digests.js';
import { tempDir } from '../helpers/temp.js';

async function load(trail: SignedTrail, dir: string, opts: { signatures?: boolean; keys?: boolean } = {}): Promise<Store> {
  const store = await openStore(path.join(dir, 's.duckdb'));
  const summary = await ingestPaths(store, [path.join(dir, 'logs')]);
  expect(summary.warnings.total).toBe(0);
  if (opts.signatures ?? true) {
    const read = readDigestMetadata(trail.metadata);
    if ('problem' in read) throw new Error(read.problem);
    await storeDigestSignatures(store, read.signatures.map((s) => ({ ...s, origin: 'test' })));
  }
  if (opts.keys ?? true) {
    const keys = readPublicKeyList(JSON.parse(JSON.stringify(trail.publicKeys)));
    if ('problem' in keys) throw new Error(keys.problem);
    await storePublicKeys(store, keys.keys.map((k) => ({ ...k, origin: 'test' })));
  }
  return store;
}

const verdictOf = (r: VerifyResult, key: string) => r.files.filter((f) => f.location.endsWith(key)).map((f) => f.verdict);
const logs = (dir: string) => path.join(dir, 'logs');

describe('digest validation', () => {
  it('the fingerprint is the MD5 of the DER key (AWS CLI example list-public-keys.rst), and the signing string is four lines', () => {
    const value = 'MIIBCgKCAQEAlSS3cl92HDycr/MTj0moOhas8habjrraXw+KzlWF0axSI2tcF+3iJ9BKQAVSKxGwxwu3m0wG3J+kUl1xboEcEPHYoIYMbgfSw7KGnuDKwkLzsQWhUJ0cIbOHASox1vv/5fNXkrHhGbDCHeVXm804c83nvHUEFYThr1PfyP/8HwrCtR3FX5OANtQCP61C1nJtSSkC8JSQUOrIP4CuwJjc+4WGDk+BGH5m9iuiAKkipEHWmUl8/P7XpfpWQuk4h8g3pXZOrNXr08lbh4d39svj7UqdhvOXoBISp9t/EXYuePGEtBdrKD9Dz+VHwyUPtBQvYr9BnkF88qBnaPNhS44rzwIDAQAB';
    expect(fingerprintOf(Buffer.from(value, 'base64'))).toBe('7f3f401420072e50a65a141430817ab3');
    const digest = { endTime: 'a', s3Bucket: 'b', s3Object: 'c', previous: { signature: null } } as unknown as Parameters<typeof signingString>[0];
    // The AWS CLI's own unit test expects b'a\nb/c\n<sha256>\nnull'.
    expect(signingString(digest, 'ba78')).toBe('a\nb/c\nba78\nnull');
    // Only RSA keys of 2048 bits or more count as CloudTrail's.
    expect(publicKeyOf(Buffer.from(value, 'base64'))).toBeDefined();
    expect(publicKeyOf(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'der', type: 'pkcs1' }))).toBeUndefined();
    expect(publicKeyOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' }))).toBeUndefined();
  });

  it('with S3 signatures and the public key: every log file validated, every digest verified, the chain ok', async () => {
    const dir = tempDir();
    const trail = writeSignedTrail(logs(dir));
    const store = await load(trail, dir);
    const r = await verifyStore(store);
    expect(r.digests.map((d) => d.status)).toEqual(['valid', 'valid', 'valid', 'valid']);
    for (const key of trail.logKeys) expect(verdictOf(r, key)).toEqual(['validated']);
    expect(r.files.find((f) => f.location.endsWith(trail.logKeys[0]!))?.digest).toContain(trail.digestKeys[0]);
    expect(r.chains).toEqual([expect.objectContaining({ accountId: '111111111111', region: 'eu-west-1', trail: 'org-trail', status: 'ok', digests: 4, problems: [] })]);
    await store.close();
  });

  it('a folder copy without S3 metadata: each digest verifies through the next one\'s previousDigestSignature, except the newest', async () => {
    const dir = tempDir();
    const trail = writeSignedTrail(logs(dir));
    const store = await load(trail, dir, { signatures: false });
    const r = await verifyStore(store);
    expect(r.digests.map((d) => d.status)).toEqual(['valid', 'valid', 'valid', 'unsigned']);
    expect(trail.logKeys.map((k) => verdictOf(r, k)[0])).toEqual(['validated', 'validated', 'validated', 'unsigned']);
    await store.close();
  });

  it('without the public key nothing is validated, and it says which key is needed; a key whose bytes do not match its fingerprint is not used', async () => {
    const dir = tempDir();
    const trail = writeSignedTrail(logs(dir));
    const store = await load(trail, dir, { keys: false });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'der', type: 'pkcs1' });
    await storePublicKeys(store, [{ fingerprint: trail.fingerprint, value: other, validFrom: null, validTo: null, origin: 'forged' }]);
    const r = await verifyStore(store);
    expect(r.digests.every((d) => d.status === 'no-key' && d.detail.includes(trail.fingerprint))).toBe(true);
    expect(r.files.every((f) => f.verdict === 'unsigned')).toBe(true);
    await store.close();
  });

  it('a flipped byte in a log file: tampered; a log file not loaded: missing, with its S3 location', async () => {
    const dir = tempDir();
    const trail = writeSignedTrail(logs(dir));
    const flipped = path.join(logs(dir), trail.logKeys[1]!);
    const text = gunzipSync(readFileSync(flipped));
    text[text.indexOf('alice')] = 'A'.charCodeAt(0);
    writeFileSync(flipped, gzipSync(text));
    rmSync(path.join(logs(dir), trail.logKeys[2]!));
    const store = await load(trail, dir);
    const r = await verifyStore(store);
    expect(verdictOf(r, trail.logKeys[0]!)).toEqual(['validated']);
    expect(verdictOf(r, trail.logKeys[1]!)).toEqual(['tampered']);
    expect(r.files.find((f) => f.location === `s3://org-trail-bucket/${trail.logKeys[2]}`)).toMatchObject({ verdict: 'missing', digest: expect.stringContaining(trail.digestKeys[2]!) });
    expect(verdictOf(r, trail.logKeys[3]!)).toEqual(['validated']);
    expect(r.chains[0]!.status).toBe('ok');
    await store.close();
  });

  it('a digest deleted from the middle: the chain is broken there, and the files only it listed are not validated', async () => {
    const dir = tempDir();
    const trail = writeSignedTrail(logs(dir));
    rmSync(path.join(logs(dir), trail.digestKeys[1]!));
    const store = await load(trail, dir, { signatures: false });
    const r = await verifyStore(store);
    expect(r.chains[0]).toMatchObject({ status: 'broken', digests: 3 });
    expect(r.chains[0]!.problems.join('\n')).toMatch(/previous digest .*_20260309T120000Z\.json\.gz is missing/);
    // Without S3 metadata the first digest's signature was carried by the deleted one.
    expect(trail.logKeys.map((k) => verdictOf(r, k)[0])).toEqual(['unsigned', 'unsigned', 'validated', 'unsigned']);
    await store.close();
  });

  it('a forged digest (a listed hash changed to match a forged log, or its chain reordered to skip an hour): its signature fails, the chain is broken, and what it lists is never validated', async () => {
    const dir = tempDir();
    const trail = writeSignedTrail(logs(dir));
    // Forge hour 2's log and make its digest list the forged content.
    const logFile = path.join(logs(dir), trail.logKeys[2]!);
    const forged = gunzipSync(readFileSync(logFile)).toString('utf8').replace('alice', 'mallory');
    writeFileSync(logFile, gzipSync(forged));
    const digestFile = path.join(logs(dir), trail.digestKeys[2]!);
    const doc = JSON.parse(gunzipSync(readFileSync(digestFile)).toString('utf8')) as { logFiles: { hashValue: string }[] };
    const { createHash } = await import('node:crypto');
    doc.logFiles[0]!.hashValue = createHash('sha256').update(forged).digest('hex');
    writeFileSync(digestFile, gzipSync(JSON.stringify(doc).replaceAll('/', '\\/')));
    // Reorder: hour 3's digest now claims hour 1 came before it.
    const lastFile = path.join(logs(dir), trail.digestKeys[3]!);
    const last = JSON.parse(gunzipSync(readFileSync(lastFile)).toString('utf8')) as { previousDigestS3Object: string };
    last.previousDigestS3Object = trail.digestKeys[1]!;
    writeFileSync(lastFile, gzipSync(JSON.stringify(last).replaceAll('/', '\\/')));

    const store = await load(trail, dir);
    const r = await verifyStore(store);
    expect(r.digests.map((d) => d.status)).toEqual(['valid', 'valid', 'invalid', 'invalid']);
    expect(r.chains[0]!.status).toBe('broken');
    expect(verdictOf(r, trail.logKeys[2]!)).toEqual(['unsigned']);
    expect(verdictOf(r, trail.logKeys[3]!)).toEqual(['unsigned']);
    expect(verdictOf(r, trail.logKeys[0]!)).toEqual(['validated']);
    await store.close();
  });

  it('the same path loaded again with a forged record: a trace of the forged record says tampered, never validated', async () => {
    const dir = tempDir();
    const trail = writeSignedTrail(logs(dir));
    const store = await load(trail, dir);
    const file = path.join(logs(dir), trail.logKeys[0]!);
    const doc = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { Records: Record<string, unknown>[] };
    doc.Records.push({ ...doc.Records[0]!, eventID: 'forged-0000', eventName: 'DeleteBucket' });
    writeFileSync(file, gzipSync(JSON.stringify(doc)));
    await ingestPaths(store, [logs(dir)]);
    expect((await traceEventById(store, 'forged-0000'))?.target.integrity?.verdict).toBe('tampered');
    expect((await traceEventById(store, trail.eventIds[0]!))?.target.integrity?.verdict).toBe('validated');
    await store.close();
  });

  it('a kept digest changed after it was loaded is tampered, and vouches for nothing', async () => {
    const dir = tempDir();
    const trail = writeSignedTrail(logs(dir));
    const store = await load(trail, dir);
    const [row] = await store.all<{ kept_path: string }>(`SELECT kept_path FROM digests ORDER BY end_time LIMIT 1`);
    const kept = path.join(store.evidenceDir, row!.kept_path);
    writeFileSync(kept, gzipSync(gunzipSync(readFileSync(kept)).toString('utf8').replace('eu-west-1', 'eu-west-2')));
    const r = await verifyStore(store);
    expect(r.digests[0]!.status).toBe('tampered');
    expect(verdictOf(r, trail.logKeys[0]!)).toEqual(['unsigned']);
    expect(r.chains[0]!.status).toBe('broken');
    await store.close();
  });
});
