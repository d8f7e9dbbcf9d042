// Conflicting copies of an event (issue 17, point 4), as a user meets them with the built CLI: the
// ingest warns naming both places (text and --format json), from-event and report say under the
// record that another copy differs and how, and loading the files in the other order gives the
// same trace.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openStore } from '../../src/store/store.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { COPIES_HOSTILE_AGENT, COPIES_ISSUING, COPIES_TARGET, writeConflictingCopies } from '../helpers/copies.js';
import { removeDir, suiteDir } from '../helpers/temp.js';

let dir: string;
let files: { trail: string; exported: string };
const stores = { trailFirst: '', exportFirst: '' };
const ingests: Record<string, ReturnType<typeof runCli>[]> = {};

beforeAll(() => {
  dir = suiteDir();
  files = writeConflictingCopies(path.join(dir, 'logs'));
  stores.trailFirst = path.join(dir, 'trail-first.duckdb');
  stores.exportFirst = path.join(dir, 'export-first.duckdb');
  ingests.trailFirst = [files.trail, files.exported].map((f) => runCli(['ingest', 'files', f, '--db', stores.trailFirst, '--format', 'json']));
  ingests.exportFirst = [files.exported, files.trail].map((f) => runCli(['ingest', 'files', f, '--db', stores.exportFirst]));
});
afterAll(() => removeDir(dir));

describe('conflicting copies of an event', () => {
  it('ingest warns, once per copy that differs, naming where it and the copy traces use were loaded from', () => {
    for (const r of [...ingests.trailFirst!, ...ingests.exportFirst!]) expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(ingests.trailFirst![1]!.stdout);
    expect(doc.events).toEqual({ new: 0, duplicate: 2 });
    expect(doc.warnings.byKind['conflicting-copy'].count).toBe(2);
    const examples = doc.warnings.byKind['conflicting-copy'].examples as { source: string; index: number; detail: string }[];
    expect(examples.map((e) => [e.source, e.index])).toEqual([[files.exported, 0], [files.exported, 1]]);
    expect(examples[0]!.detail).toBe(`eventID ${COPIES_TARGET}: sourceIPAddress, userAgent differ from the copy traces use, ${files.trail} record 1: ` +
      `sourceIPAddress "192.0.2.66" here, "203.0.113.9" there; userAgent "${COPIES_HOSTILE_AGENT}" here, "Boto3/1.34.0 md/Botocore#1.34.0" there`);
    // The other order: the export's copies are used until the trail file comes, then replaced; the text summary says the same, escaped.
    const text = ingests.exportFirst![1]!.stdout;
    expect(text).toContain('2 × another copy of the event (same eventID) differs');
    expect(text).toContain(`${files.exported} record 0: eventID ${COPIES_TARGET}: sourceIPAddress, userAgent differ from the copy traces use, ${files.trail} record 1`);
    expect(text).toContain('userAgent "evil/1.0 \\x1b[2J\\x1b[31mpwned" here');
    expect(text).not.toContain('\u001b');
  });

  it('from-event: the same trace whichever file was loaded first, and it says another copy differs', () => {
    const json = (db: string) => runCli(['from-event', COPIES_TARGET, '--db', db, '--format', 'json']);
    const [first, other] = [json(stores.trailFirst), json(stores.exportFirst)];
    expect(first.code).toBe(0);
    expect(other.stdout).toBe(first.stdout);
    const trace = JSON.parse(first.stdout);
    expect(trace.status).toBe('complete');
    expect(trace.target).toMatchObject({ sourceIPAddress: '203.0.113.9', userAgent: 'Boto3/1.34.0 md/Botocore#1.34.0' });
    expect(trace.target.differingCopies).toEqual([{
      location: files.exported, index: 0, sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      differences: [
        { field: 'sourceIPAddress', used: '203.0.113.9', other: '192.0.2.66' },
        { field: 'userAgent', used: 'Boto3/1.34.0 md/Botocore#1.34.0', other: COPIES_HOSTILE_AGENT },
      ],
    }]);
    expect(trace.hops[0].issuedBy).toMatchObject({ eventId: COPIES_ISSUING, location: { source: files.trail, index: 0 } });
    expect(trace.hops[0].issuedBy.differingCopies).toEqual([expect.objectContaining({
      location: files.exported, index: 1, differences: [{ field: 'sourceIPAddress', used: '198.51.100.7', other: '192.0.2.66' }],
    })]);
    expect(trace.warnings).toEqual([
      `another copy of the target event ${COPIES_TARGET} differs from the one traced in sourceIPAddress, userAgent: ${files.exported} record 0 (both are kept; see trail-trace's rule for copies in the README)`,
      `another copy of hop 1's issuing event ${COPIES_ISSUING} differs from the one traced in sourceIPAddress: ${files.exported} record 1 (both are kept; see trail-trace's rule for copies in the README)`,
    ]);

    const text = runCli(['from-event', COPIES_TARGET, '--db', stores.exportFirst]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`other copy   another copy of this event differs: ${files.exported} record 0`);
    expect(text.stdout).toContain('sourceIPAddress: "203.0.113.9" here, "192.0.2.66" in that copy');
    expect(text.stdout).toContain('userAgent: "Boto3/1.34.0 md/Botocore#1.34.0" here, "evil/1.0 \\x1b[2J\\x1b[31mpwned" in that copy');
    expect(text.stdout).toContain(`another copy of this event differs: ${files.exported} record 1`);
    expect(text.stdout).not.toContain('\u001b');
  });

  it('report: the Records table flags the record and Evidence says how the other copy differs, log text in code spans', () => {
    const r = runCli(['report', COPIES_TARGET, '--db', stores.exportFirst, '--no-scope'], { SOURCE_DATE_EPOCH: '1773216000' });
    expect(r.code, r.stderr).toBe(0);
    const evidence = r.stdout.slice(r.stdout.indexOf('## Evidence'));
    expect(evidence).toContain('### Copies that differ');
    expect(evidence).toContain(`| Target | \`${COPIES_TARGET}\` | \`DeleteBucket\` | 2026-03-09T10:05:00Z | \`111111111111\` | \`eu-west-1\` | file \`${files.trail}\`; **another copy differs** (see Copies that differ) | 1 |`);
    expect(evidence).toContain(`**Another copy of this event differs**: Target \`${COPIES_TARGET}\`; the other copy was loaded from file \`${files.exported}\`, position 0`);
    expect(evidence).toContain('| `sourceIPAddress` | `203.0.113.9` | `192.0.2.66` |');
    expect(evidence).toContain('| `userAgent` | `Boto3/1.34.0 md/Botocore#1.34.0` | `evil/1.0 \\x1b[2J\\x1b[31mpwned` |');
    expect(evidence).toContain(`**Another copy of this event differs**: Hop 1 issuing event \`${COPIES_ISSUING}\``);
    expect(r.stdout).not.toContain('\u001b');
  });
});

describe('copies compared whole when a trace shows them', () => {
  it('a copy that differs only where the store keeps no column (userName, MFA, sourceIdentity) is still said to differ', () => {
    const logs = path.join(dir, 'forged');
    mkdirSync(logs, { recursive: true });
    const records = JSON.parse(gunzipSync(readFileSync(files.trail)).toString('utf8')).Records as Record<string, unknown>[];
    // The issuing AssumeRole again, changed only in what the tracer reads from the record itself.
    const issuing = structuredClone(records.find((r) => r.eventID === COPIES_ISSUING)!) as { userIdentity: Record<string, unknown>; requestParameters: Record<string, unknown> };
    issuing.userIdentity.userName = 'mallory';
    issuing.requestParameters.sourceIdentity = 'mallory@corp';
    writeFileSync(path.join(logs, 'forged.ndjson'), `${JSON.stringify(issuing)}\n`);
    const db = path.join(dir, 'forged.duckdb');
    for (const f of [files.trail, path.join(logs, 'forged.ndjson')]) expect(runCli(['ingest', 'files', f, '--db', db]).code).toBe(0);
    const trace = JSON.parse(runCli(['from-event', COPIES_TARGET, '--db', db, '--format', 'json']).stdout);
    expect(trace.hops[0].issuedBy.differingCopies).toEqual([{
      location: path.join(logs, 'forged.ndjson'), index: 0, sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      differences: expect.arrayContaining([
        { field: 'userIdentity.userName', used: expect.any(String), other: 'mallory' },
        { field: 'requestParameters.sourceIdentity', used: null, other: 'mallory@corp' },
      ]),
    }]);
    expect(trace.warnings).toContainEqual(expect.stringMatching(/^another copy of hop 1's issuing event .* differs from the one traced in .*userIdentity\.userName/));
  });

  it('a trace resting on records loaded before the store compared copies says so', async () => {
    const db = path.join(dir, 'upgraded.duckdb');
    expect(runCli(['ingest', 'files', files.trail, '--db', db]).code).toBe(0);
    const fresh = JSON.parse(runCli(['from-event', COPIES_TARGET, '--db', db, '--format', 'json']).stdout);
    expect(fresh.warnings.filter((w: string) => w.includes('before trail-trace compared copies'))).toEqual([]);
    // As migration 011 leaves a store that held files: those up to the last one were never compared.
    const store = await openStore(db);
    await store.run('UPDATE copies_untracked SET last_file_id = (SELECT max(file_id) FROM source_files)');
    await store.close();
    const upgraded = JSON.parse(runCli(['from-event', COPIES_TARGET, '--db', db, '--format', 'json']).stdout);
    expect(upgraded.warnings).toContainEqual(expect.stringMatching(/^records of this trace were loaded before trail-trace compared copies of an event/));
  });
});
