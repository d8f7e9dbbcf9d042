// Reading a digest document (src/ingest/digest.ts), checked by hand: the fields CloudTrail writes,
// and a clear problem for anything else, never a throw.

import { describe, expect, it } from 'vitest';
import { readDigest } from '../../src/ingest/digest.js';
import { readPublicKeyList } from '../../src/ingest/digest-inputs.js';

const DOC = {
  awsAccountId: '111122223333',
  digestStartTime: '2026-03-09T09:00:00Z',
  digestEndTime: '2026-03-09T10:00:00Z',
  digestS3Bucket: 'trail-bucket',
  digestS3Object: 'AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/2026/03/09/111122223333_CloudTrail-Digest_eu-west-1_t_eu-west-1_20260309T100000Z.json.gz',
  digestPublicKeyFingerprint: 'ab12',
  digestSignatureAlgorithm: 'SHA256withRSA',
  newestEventTime: '2026-03-09T09:59:00Z',
  previousDigestS3Bucket: null,
  previousDigestS3Object: null,
  previousDigestHashValue: null,
  previousDigestHashAlgorithm: null,
  previousDigestSignature: null,
  logFiles: [{ s3Bucket: 'trail-bucket', s3Object: 'AWSLogs/111122223333/CloudTrail/eu-west-1/2026/03/09/a.json.gz', hashValue: 'ff', hashAlgorithm: 'SHA-256', newestEventTime: '2026-03-09T09:59:00Z', oldestEventTime: '2026-03-09T09:01:00Z', extra: 1 }],
};

describe('readDigest', () => {
  it('reads the fields CloudTrail writes, the region from the key, and drops what it does not know', () => {
    const read = readDigest(DOC);
    expect('digest' in read).toBe(true);
    if (!('digest' in read)) return;
    expect(read.digest).toMatchObject({ accountId: '111122223333', region: 'eu-west-1', fingerprint: 'ab12', algorithm: 'SHA256withRSA' });
    expect(read.digest.previous).toEqual({ s3Bucket: null, s3Object: null, hash: null, hashAlgorithm: null, signature: null });
    expect(read.digest.logFiles).toEqual([{ s3Bucket: 'trail-bucket', s3Object: DOC.logFiles[0]!.s3Object, hashValue: 'ff', hashAlgorithm: 'SHA-256', newestEventTime: '2026-03-09T09:59:00Z', oldestEventTime: '2026-03-09T09:01:00Z' }]);
  });

  it.each([
    ['not an object', [1, 2], 'document: expected an object'],
    ['null', null, 'document: expected an object'],
    ['a required field missing', { ...DOC, digestS3Object: undefined }, 'digestS3Object: required'],
    ['a required field empty', { ...DOC, awsAccountId: '' }, 'awsAccountId: must not be empty'],
    ['a field of the wrong type', { ...DOC, digestStartTime: 5 }, 'digestStartTime: expected a string'],
    ['logFiles not a list', { ...DOC, logFiles: {} }, 'logFiles: expected an array'],
    ['a log file entry not an object', { ...DOC, logFiles: ['x'] }, 'logFiles.0: expected an object'],
    ['a log file entry without its key', { ...DOC, logFiles: [{ hashValue: 'ff' }] }, 'logFiles.0.s3Object: required'],
    ['a log file hash of the wrong type', { ...DOC, logFiles: [{ s3Object: 'k', hashValue: 7 }] }, 'logFiles.0.hashValue: expected a string'],
  ])('says what is wrong with %s', (_name, value, problem) => {
    expect(readDigest(value)).toEqual({ problem: `not a CloudTrail digest: ${problem}` });
  });
});

describe('readPublicKeyList', () => {
  it('reads times as the CLI prints them (ISO text or epoch seconds), and one that is not a time as no bound, never a crash', () => {
    const read = readPublicKeyList({
      PublicKeyList: [
        { Value: 'AQID', Fingerprint: 'AB12', ValidityStartTime: '2026-01-01T00:00:00.000Z', ValidityEndTime: 1798761600 },
        { Value: 'AQID', Fingerprint: 'cd34', ValidityStartTime: 'yesterday', ValidityEndTime: 1e300 },
      ],
    });
    expect('keys' in read && read.keys.map((k) => [k.fingerprint, k.validFrom, k.validTo])).toEqual([
      ['ab12', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'],
      ['cd34', null, null],
    ]);
  });
});
