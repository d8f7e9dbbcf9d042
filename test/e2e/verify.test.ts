// `trail-trace verify` as a user runs it on a trail with log file integrity validation: signatures
// from a head-object sidecar or from the digests' successors, public keys from a file or from
// ListPublicKeys on the loopback AWS server, verdicts in text and JSON, exit codes.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, runCliAsync } from '../helpers/cli.js';
import { startAwsServer, type AwsTestServer } from '../helpers/aws-json-server.js';
import { KEYS, writeSignedTrail } from '../helpers/digests.js';
import { KEY_ACCOUNTS, awsEnv } from '../helpers/org-trail.js';
import { tempDir } from '../helpers/temp.js';
import { EXIT } from '../../src/errors.js';

let server: AwsTestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

interface VerifyJson {
  files: { location: string; verdict: string; digest: string | null }[];
  chains: { accountId: string; region: string; status: string; from: string; to: string; problems: string[] }[];
}

describe('trail-trace verify', () => {
  it('with the digests\' S3 metadata and AWS\'s public keys in files: every log validated, exit 0; a forged log: tampered, exit 1', () => {
    const dir = tempDir();
    const trail = writeSignedTrail(path.join(dir, 'logs'));
    writeFileSync(path.join(dir, 'heads.json'), JSON.stringify(trail.metadata));
    writeFileSync(path.join(dir, 'keys.json'), JSON.stringify(trail.publicKeys));
    const db = path.join(dir, 's.duckdb');
    const ingest = runCli(['ingest', 'files', path.join(dir, 'logs'), '--db', db, '--digest-metadata', path.join(dir, 'heads.json')]);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(ingest.stdout).toMatch(/digests: 4 CloudTrail digest files kept/);
    expect(ingest.stderr).toMatch(/Digest signatures: 4 read from /);

    const r = runCli(['verify', '--db', db, '--public-keys', path.join(dir, 'keys.json')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/files: {3}4 validated by a CloudTrail digest, 0 unsigned/);
    expect(r.stdout).toMatch(/digests: 4: 4 signature verified/);
    expect(r.stdout).toMatch(/ok {2}111111111111 eu-west-1 org-trail: 4 digests \(4 signature verified\), 2026-03-09T10:00:00Z to 2026-03-09T14:00:00Z/);
    // The keys stay in the store: the next run needs no file.
    const json = JSON.parse(runCli(['verify', '--db', db, '--format', 'json']).stdout) as VerifyJson;
    expect(json.files.map((f) => f.verdict)).toEqual(['validated', 'validated', 'validated', 'validated']);
    expect(json.files[0]!.location.endsWith(trail.logKeys[0]!)).toBe(true);
    expect(json.chains).toEqual([{ accountId: '111111111111', region: 'eu-west-1', status: 'ok', from: '2026-03-09T10:00:00Z', to: '2026-03-09T14:00:00Z', problems: [], trail: 'org-trail', digests: 4, restarts: [] }]);

    // A trace says it of its records too.
    const traced = JSON.parse(runCli(['from-event', trail.eventIds[2]!, '--db', db, '--format', 'json']).stdout) as { target: { integrity: unknown } };
    expect(traced.target.integrity).toEqual({ verdict: 'validated', location: path.join(dir, 'logs', trail.logKeys[1]!), digest: path.join(dir, 'logs', trail.digestKeys[1]!) });

    // A forged copy of one log loaded into another store: not what the digest lists.
    const forged = path.join(dir, 'logs', trail.logKeys[1]!);
    writeFileSync(forged, gzipSync(gunzipSync(readFileSync(forged)).toString('utf8').replace('alice', 'mallory')));
    const db2 = path.join(dir, 'forged.duckdb');
    runCli(['ingest', 'files', path.join(dir, 'logs'), '--db', db2, '--digest-metadata', path.join(dir, 'heads.json')]);
    const bad = runCli(['verify', '--db', db2, '--public-keys', path.join(dir, 'keys.json')]);
    expect(bad.code).toBe(EXIT.findings);
    expect(bad.stdout).toMatch(/TAMPERED {2}\S+_20260309T1105Z_abcd1\.json\.gz\n {12}its content differs from the SHA-256 a verified CloudTrail digest lists for it/);
    const forgedTrace = JSON.parse(runCli(['from-event', trail.eventIds[2]!, '--db', db2, '--format', 'json']).stdout) as { target: { integrity: { verdict: string } } };
    expect(forgedTrace.target.integrity.verdict).toBe('tampered');
  });

  it('a folder copy without metadata, keys fetched with ListPublicKeys from the loopback server: all but the newest hour validated', async () => {
    const dir = tempDir();
    writeSignedTrail(path.join(dir, 'logs'));
    const der = KEYS.publicKey.export({ format: 'der', type: 'pkcs1' });
    server = await startAwsServer({ accounts: KEY_ACCOUNTS, publicKeys: { 'eu-west-1': [{ der, from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z' }] } });
    const db = path.join(dir, 's.duckdb');
    expect(runCli(['ingest', 'files', path.join(dir, 'logs'), '--db', db]).code).toBe(0);
    const noKeys = runCli(['verify', '--db', db]);
    expect(noKeys.stdout).toMatch(/without a public key/);
    expect(noKeys.stdout).toMatch(/--public-keys keys\.json/);
    const r = await runCliAsync(['verify', '--db', db, '--fetch-public-keys', '--format', 'json'], awsEnv(server.endpoint, '111111111111'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/1 fetched with cloudtrail:ListPublicKeys/);
    const json = JSON.parse(r.stdout) as VerifyJson;
    expect(json.files.map((f) => f.verdict)).toEqual(['validated', 'validated', 'validated', 'unsigned']);
    const calls = server.requests().filter((q) => q.action === 'ListPublicKeys');
    expect(calls.map((q) => q.region)).toEqual(['eu-west-1']);
  });

  it('bad key and metadata files are user errors saying what to pass', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'junk.json'), '{"hello": 1}');
    const keys = runCli(['verify', '--db', path.join(dir, 's.duckdb'), '--public-keys', path.join(dir, 'junk.json')]);
    expect(keys.code).toBe(EXIT.unreadable);
    expect(keys.stderr).toMatch(/is not `aws cloudtrail list-public-keys` output/);
    const meta = runCli(['ingest', 'files', dir, '--db', path.join(dir, 's.duckdb'), '--digest-metadata', path.join(dir, 'nope.json')]);
    expect(meta.code).toBe(EXIT.unreadable);
    expect(meta.stderr).toMatch(/Cannot read the digest metadata in .*nope\.json: no such file/);
  });
});
