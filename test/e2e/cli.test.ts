// The built CLI on the fixtures, as a user runs it: golden JSON for every scenario, text output,
// help, and the errors a user meets.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, permissionsHold, runCli, runCliUnder, runInProcess } from '../helpers/cli.js';
import { FIXTURES, removeDir, suiteDir } from '../helpers/temp.js';
import { EXIT } from '../../src/errors.js';

const GOLDEN = path.resolve(import.meta.dirname, '../golden');
const scenarios: { name: string; target: string }[] = JSON.parse(readFileSync(path.join(FIXTURES, 'scenarios.json'), 'utf8')).scenarios;

let dir: string;
let db: string;
let ingest: ReturnType<typeof runCli>;
beforeAll(() => {
  dir = suiteDir();
  db = path.join(dir, 'store.duckdb');
  ingest = runCli(['ingest', 'files', path.join(FIXTURES, 'org-trail'), '--db', db]);
});
afterAll(() => removeDir(dir));


/** Machine-specific paths out of the output, so goldens hold on any clone. */
function portable(text: string): string {
  return text.replaceAll(FIXTURES, '$FIXTURES').replaceAll(db, '$DB');
}

describe('trail-trace ingest files', () => {
  it('prints a summary and exits 0', () => {
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toMatch(/58 loaded/);
    expect(ingest.stdout).toMatch(/676 new, 1 duplicate/);
    expect(ingest.stdout).toMatch(/digests: 1 CloudTrail digest files kept/);
    expect(ingest.stdout).toMatch(/skipped: 1 Insights files\n/);
    expect(ingest.stderr).toBe(''); // no progress bar when not on a terminal
  });

  it('warns about malformed files with kind and place, and exits 0 because some files loaded', () => {
    const r = runCli(['ingest', 'files', path.join(FIXTURES, 'malformed'), '--db', path.join(dir, 'bad.duckdb')]);
    expect(r.code).toBe(0);
    for (const kind of ['truncated-gzip', 'invalid-json', 'not-cloudtrail', 'missing-event-id', 'missing-event-time', 'empty-file']) {
      expect(r.stdout).toContain(`(${kind})`);
    }
    expect(r.stdout).toMatch(/missing-fields\.json record \d+/);
  });

  it('--format json: the same summary as one trail-trace/ingest@1 document on stdout, warnings by kind with where they were found', () => {
    const db = path.join(dir, 'json.duckdb');
    const r = runCli(['ingest', 'files', path.join(FIXTURES, 'malformed'), '--db', db, '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schema: 'trail-trace/ingest@1', store: { path: db }, unit: 'files', interrupted: false, stoppedByStrict: false });
    expect(doc.events.new).toBe(doc.store.events);
    expect(doc.events.new).toBeGreaterThan(0);
    expect(doc.files.failed).toBeGreaterThan(0);
    for (const kind of ['truncated-gzip', 'invalid-json', 'not-cloudtrail', 'missing-event-id', 'missing-event-time', 'empty-file']) {
      expect(doc.warnings.byKind[kind].count).toBeGreaterThan(0);
    }
    expect(doc.warnings.byKind['missing-event-id'].examples[0]).toMatchObject({ source: expect.stringMatching(/missing-fields\.json$/), index: expect.any(Number) });
    expect(doc.warnings.total).toBe(Object.values(doc.warnings.byKind as Record<string, { count: number }>).reduce((n, w) => n + w.count, 0));
    // Run again: everything already stored, said the same way.
    const again = JSON.parse(runCli(['ingest', 'files', path.join(FIXTURES, 'malformed'), '--db', db, '--format', 'json']).stdout);
    expect(again.events.new).toBe(0);
    expect(again.files.alreadyLoaded).toBeGreaterThan(0);
  });

  it('a file with no CloudTrail event in it is not loaded, is named with why, is read again next time, and alone exits 5', () => {
    const logs = path.join(dir, 'nothing');
    mkdirSync(logs, { recursive: true });
    // A SIEM export of web server logs: JSON, but no record in it is CloudTrail.
    writeFileSync(path.join(logs, 'export.ndjson'), [1, 2, 3].map((i) => JSON.stringify({ '@timestamp': '2026-03-09T10:00:0' + i + 'Z', message: `GET /index.html 200 ${i}` })).join('\n'));
    writeFileSync(path.join(logs, 'empty.json'), '{"Records":[]}');
    const db = path.join(dir, 'nothing.duckdb');
    for (const run of [1, 2]) {
      const r = runCli(['ingest', 'files', logs, '--db', db]);
      expect(r.code, `run ${run}`).toBe(EXIT.unreadable);
      expect(r.stdout).toMatch(/files: {2}2 found, 0 loaded, 0 already in the store/);
      expect(r.stdout).toMatch(/gave nothing: 2 files with no CloudTrail event in them, not remembered as stored/);
      expect(r.stdout).toMatch(/export\.ndjson: JSON lines: events whose "message" is not CloudTrail \(3 records, see the warnings\)/);
      expect(r.stdout).toMatch(/empty\.json: a trail file with no records in it/);
      expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/2 files gave nothing \(named above\)/);
    }
    const json = JSON.parse(runCli(['ingest', 'files', logs, '--db', db, '--format', 'json']).stdout);
    expect(json.files).toMatchObject({ loaded: 0, empty: 2 });
    expect(json.gaveNothing).toHaveLength(2);
    // Beside a real trail, the trail loads and the run succeeds; the export is still named.
    const mixed = runCli(['ingest', 'files', logs, path.join(FIXTURES, 'org-trail'), '--db', db]);
    expect(mixed.code).toBe(0);
    expect(mixed.stdout).toMatch(/2 files gave nothing/);
  });

  it('reads a file a folder holds by its content, whatever its name, and passes over what is not logs without a warning', () => {
    const logs = path.join(dir, 'by-content');
    mkdirSync(path.join(logs, 'exportedlogs', 'task'), { recursive: true });
    const record = { eventVersion: '1.08', eventID: 'by-content-1', eventTime: '2026-03-09T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', awsRegion: 'eu-west-1', recipientAccountId: '111111111111', userIdentity: { type: 'IAMUser', accessKeyId: 'AKIACONTENT' } };
    // CloudWatch Logs names its export objects 000000.gz: gzip of `<timestamp> <json>` lines.
    writeFileSync(path.join(logs, 'exportedlogs', 'task', '000000.gz'), gzipSync(`2026-03-09T10:00:00.000Z ${JSON.stringify(record)}\n`));
    writeFileSync(path.join(logs, 'README.txt'), 'Logs from the customer, exported on Monday.\n');
    writeFileSync(path.join(logs, 'report.pdf'), Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'));
    writeFileSync(path.join(logs, 'notes.csv.gz'), gzipSync('a,b\n1,2\n'));
    writeFileSync(path.join(logs, '.DS_Store'), Buffer.alloc(64, 1));
    const r = runCli(['ingest', 'files', logs, '--db', path.join(dir, 'by-content.duckdb'), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.files).toMatchObject({ loaded: 1, failed: 0, empty: 0 });
    expect(json.events.new).toBe(1);
    expect(json.skipped).toEqual({ 'hidden files': 1, 'files whose content is not logs': 3 });
    expect(json.warnings.total).toBe(0);
    expect(json.readAs.examples[0].how).toBe('CloudWatch Logs export lines');
    // A folder of nothing but what is not logs: no logs found, as for an empty folder.
    const none = path.join(dir, 'no-logs');
    mkdirSync(none, { recursive: true });
    writeFileSync(path.join(none, 'README.txt'), 'Logs to follow.\n');
    const nothing = runCli(['ingest', 'files', none, '--db', path.join(dir, 'no-logs.duckdb')]);
    expect(nothing.code).toBe(EXIT.notFound);
    expect(nothing.stdout).toMatch(/0 found.*\n[\s\S]*skipped: 1 files whose content is not logs/);
    // Named on the command line, a file that is not JSON is a warning: the user meant it.
    const named = runCli(['ingest', 'files', path.join(logs, 'README.txt'), '--db', path.join(dir, 'by-content.duckdb')]);
    expect(named.code).toBe(EXIT.unreadable);
    expect(named.stdout).toMatch(/invalid-json/);
  });

  it('exits 1 with --strict on the first warning', () => {
    const r = runCli(['ingest', 'files', path.join(FIXTURES, 'malformed'), '--db', path.join(dir, 'strict.duckdb'), '--strict']);
    expect(r.code).toBe(EXIT.findings);
    expect(r.stdout).toMatch(/Stopped at the first warning/);
  });

  it('exits 5 (unreadable) when nothing could be read', () => {
    const r = runCli(['ingest', 'files', path.join(FIXTURES, 'malformed/truncated.json.gz'), '--db', path.join(dir, 'none.duckdb')]);
    expect(r.code).toBe(EXIT.unreadable);
  });

  it('bounds input with --max-* flags: a record past one is a warning naming file and record, and a bad value is a user error', () => {
    const deep = path.join(dir, 'deep.json');
    const records = [0, 1, 2].map((i) => ({ eventVersion: '1.08', eventID: `deep-${i}`, eventTime: '2026-03-09T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', awsRegion: 'eu-west-1', recipientAccountId: '111111111111', userIdentity: { type: 'IAMUser', accessKeyId: 'AKIADEEP' }, requestParameters: i === 1 ? { a: { b: { c: { d: 1 } } } } : {} }));
    writeFileSync(deep, JSON.stringify({ Records: records }));
    const r = runCli(['ingest', 'files', deep, '--db', path.join(dir, 'deep.duckdb'), '--max-depth', '5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 new');
    expect(r.stdout).toMatch(/1 × JSON nested deeper than --max-depth: not stored \(too-deep\)\n\s+\S*deep\.json record 1: nested more than 5 levels/);
    for (const [flag, value, says] of [
      ['--max-depth', '5000', /--max-depth 5000 is not a nesting depth trail-trace can read safely\.\n {2}Give a whole number from 1 to 1000\./],
      ['--max-file-size', 'lots', /--max-file-size lots is not a size\./],
      ['--max-record-size', '1TB', /--max-record-size 1TB is above the most trail-trace can read safely, 256MB\./],
    ] as const) {
      const bad = runCli(['ingest', 'files', deep, '--db', path.join(dir, 'deep-bad.duckdb'), flag, value]);
      expect(bad.code, `${flag} ${value}`).toBe(2);
      expect(bad.stderr).toMatch(says);
    }
    expect(existsSync(path.join(dir, 'deep-bad.duckdb'))).toBe(false); // refused before the store is made
  });

  it('says clearly when a path does not exist', () => {
    const r = runCli(['ingest', 'files', path.join(dir, 'nope'), '--db', path.join(dir, 'x.duckdb')]);
    expect(r.code).toBe(EXIT.notFound);
    expect(r.stderr).toMatch(/^error: Cannot read .*nope: no such file or folder\.\n {2}Pass a folder/);
  });

  it('a folder as people have it: links followed; a loop, a link to nothing, a FIFO, a file and a sub-folder it may not read each a counted warning, and the rest loads', (ctx) => {
    const hold = permissionsHold();
    if ('cannot' in hold) return ctx.skip(hold.cannot);
    const people = path.join(dir, 'people');
    mkdirSync(path.join(people, 'locked'), { recursive: true });
    for (const name of readdirSync(path.join(FIXTURES, 'containers'))) copyFileSync(path.join(FIXTURES, 'containers', name), path.join(people, name));
    copyFileSync(path.join(FIXTURES, 'containers/array.json'), path.join(people, 'locked/array.json'));
    writeFileSync(path.join(people, 'secret.json'), readFileSync(path.join(FIXTURES, 'containers/events.ndjson')));
    symlinkSync(path.join(FIXTURES, 'org-trail'), path.join(people, 'trail'));
    symlinkSync('.', path.join(people, 'again'));
    symlinkSync('nowhere.json', path.join(people, 'gone.json'));
    execFileSync('mkfifo', [path.join(people, 'pipe.json')]);
    // What loads when nothing is in the way: the same files, without links.
    const clean = JSON.parse(runCli(['ingest', 'files', path.join(FIXTURES, 'containers'), path.join(FIXTURES, 'org-trail'), '--db', path.join(dir, 'clean.duckdb'), '--format', 'json']).stdout);
    chmodSync(path.join(people, 'locked'), 0o000);
    chmodSync(path.join(people, 'secret.json'), 0o000);
    try {
      const r = runCliUnder(hold.prefix, ['ingest', 'files', people, '--db', path.join(dir, 'people.duckdb')]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0); // as with any warning: files loaded
      expect(r.stdout).toMatch(/files: {2}62 found, 61 loaded, 0 already in the store, 1 unreadable\n/);
      expect(r.stdout).toContain(`events: ${clean.events.new} new`);
      expect(r.stdout).toContain('warnings: 5\n');
      for (const [line, example] of [
        ['1 × file could not be read (unreadable)', 'secret.json: permission denied'],
        ['1 × folder could not be read: nothing in it was loaded (unreadable-folder)', 'locked: permission denied'],
        ['1 × not a regular file (a FIFO, socket, device, or a link inside an archive): not opened (not-a-file)', 'pipe.json: a FIFO (named pipe)'],
        ['1 × link to something missing or out of reach: not followed (broken-link)', 'gone.json: a link to nowhere.json, which does not exist'],
        ['1 × link back to a folder above it, or a loop of links: not followed (link-loop)', 'again: a link to a folder above it'],
      ] as const) {
        expect(r.stdout).toContain(`    ${line}\n      ${path.join(people, example)}\n`);
      }

      const json = JSON.parse(runCliUnder(hold.prefix, ['ingest', 'files', people, '--db', path.join(dir, 'people-json.duckdb'), '--format', 'json']).stdout);
      expect(json.files).toMatchObject({ seen: 62, loaded: 61, failed: 1 });
      expect(json.events.new).toBe(clean.events.new);
      expect(json.warnings.total).toBe(5);
      expect(json.warnings.byKind['unreadable-folder']).toEqual({ count: 1, examples: [{ source: path.join(people, 'locked'), detail: 'permission denied' }] });
      for (const kind of ['unreadable', 'not-a-file', 'broken-link', 'link-loop']) expect(json.warnings.byKind[kind]?.count, kind).toBe(1);

      // Named on the command line: a folder it may not read is an error; a FIFO is a warning, never a wait for a writer.
      const locked = runCliUnder(hold.prefix, ['ingest', 'files', path.join(people, 'locked'), '--db', path.join(dir, 'people-locked.duckdb')]);
      expect(locked.code).toBe(EXIT.unreadable);
      expect(locked.stderr).toBe(`error: Cannot read ${path.join(people, 'locked')}: permission denied.\n  Check its permissions, or copy the logs somewhere you can read.\n`);
      const fifo = runCliUnder(hold.prefix, ['ingest', 'files', path.join(people, 'pipe.json'), '--db', path.join(dir, 'people-fifo.duckdb')]);
      expect(fifo.code).toBe(EXIT.unreadable); // not one file could be read
      expect(fifo.stdout).toContain(`(not-a-file)\n      ${path.join(people, 'pipe.json')}: a FIFO (named pipe)\n`);
    } finally {
      chmodSync(path.join(people, 'locked'), 0o755);
      chmodSync(path.join(people, 'secret.json'), 0o644);
    }
  });

  it('loads the other containers (lookup-events output, NDJSON, array), counting copies as duplicates', () => {
    const r = runCli(['ingest', 'files', path.join(FIXTURES, 'containers'), '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/3 loaded/);
    expect(r.stdout).toMatch(/\d+ new, [1-9]\d* duplicate/);
  });
});

describe.each(scenarios)('trail-trace from-event: $name', ({ name, target }) => {
  // The first scenario through the built command, as a user runs it; the others through the same
  // entry point in this process: the same output, without starting Node and DuckDB for each.
  const run = name === scenarios[0]!.name ? async (args: string[]) => runCli(args) : runInProcess;

  it('prints the contract JSON, matching the golden file', async () => {
    const r = await run(['from-event', target, '--db', db, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe('trail-trace/trace@1');
    await expect(portable(r.stdout)).toMatchFileSnapshot(path.join(GOLDEN, `${name}.json`));
  });

  it('prints a readable chain with no control characters, matching the golden text', async () => {
    const r = await run(['from-event', target, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Target /);
    expect(r.stdout).toMatch(/Origin|BROKEN|No identity/);
    expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]/); // eslint-disable-line no-control-regex
    await expect(portable(r.stdout)).toMatchFileSnapshot(path.join(GOLDEN, 'text', `${name}.txt`));
  });
});

describe('trail-trace scope', () => {
  it('prints the tree, changes and eviction of a leaked key, and its JSON document', () => {
    const r = runCli(['scope', 'AKIAIIPZTGLDVDV6GX7D', '--db', db, '--from', '2026-03-10T15:00Z']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Scope of access key AKIAIIPZTGLDVDV6GX7D\n/);
    expect(r.stdout).toContain('7 credentials, 45 calls, 8 changes, 1 refused attempt, 16 eviction steps');
    const doc = JSON.parse(runCli(['scope', 'AKIAIIPZTGLDVDV6GX7D', '--db', db, '--format', 'json']).stdout);
    expect(doc.schema).toBe('trail-trace/scope@1');
    expect(doc.eviction[0].command).toBe('aws iam update-access-key --user-name=svc-reporting --access-key-id=AKIAIIPZTGLDVDV6GX7D --status=Inactive');
  });

  it('an unknown start says so with exit 3; a bad window is a usage error', () => {
    const r = runCli(['scope', 'AKIAAAAAAAAAAAAAAAAA', '--db', db]);
    expect(r.code).toBe(EXIT.notFound);
    expect(r.stderr).toContain('Nothing to scope from AKIAAAAAAAAAAAAAAAAA');
    const bad = runCli(['scope', 'AKIAIIPZTGLDVDV6GX7D', '--db', db, '--from', '2026-03-11', '--to', '2026-03-10']);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toContain('--from 2026-03-11 is after --to 2026-03-10');
  });
});

describe('trail-trace from-event: users', () => {
  it('hostile user agents and parameters are shown escaped, never raw', () => {
    const target = scenarios.find((s) => s.name === 'hostile-strings')!.target;
    const r = runCli(['from-event', target, '--db', db], { FORCE_COLOR: '1', NO_COLOR: '' });
    expect(r.stdout).toContain('\\x1b');
    // Only SGR colour codes are ESC sequences in coloured output.
    expect(r.stdout.replace(/\x1b\[\d+(;\d+)*m/g, '')).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/); // eslint-disable-line no-control-regex
  });

  it('an event with no caller type says so in words, not with the placeholder type', () => {
    const target = scenarios.find((s) => s.name === 'no-identity-service-event')!.target;
    const r = runCli(['from-event', target, '--db', db]);
    expect(r.stdout).toContain('No identity: the record names no caller (AWS acting on its own)');
    expect(r.stdout).not.toContain('the caller is None');
  });

  it('an anonymous call says in words that it was made without credentials', () => {
    const target = scenarios.find((s) => s.name === 'no-identity-anonymous')!.target;
    const r = runCli(['from-event', target, '--db', db]);
    expect(r.stdout).toContain('No identity: the caller is anonymous: the request was made without credentials (unauthenticated); there is no credential to trace');
    expect(r.stdout).not.toContain('the caller is AWSAccount');
    const doc = JSON.parse(runCli(['from-event', target, '--db', db, '--format', 'json']).stdout);
    expect(doc.warnings).toEqual(['the caller is anonymous: the request was made without credentials (unauthenticated), logged as ANONYMOUS_PRINCIPAL; there is no credential to trace']);
  });

  it('an unknown id is an error naming the store and what it holds', () => {
    const r = runCli(['from-event', 'no-such-event', '--db', db]);
    expect(r.code).toBe(EXIT.notFound);
    expect(r.stderr).toContain(`not in the store ${db}`);
    expect(r.stderr).toMatch(/holds \d[\d,]* events from 4 account\(s\)/);
    expect(r.stdout).toBe('');
  });

  it('a store moved without its evidence folder says what is missing, not "a bug"', () => {
    const moved = path.join(dir, 'moved');
    mkdirSync(moved, { recursive: true });
    copyFileSync(db, path.join(moved, 'store.duckdb'));
    const target = scenarios.find((s) => s.name === 'cross-account-chain')!.target;
    const r = runCli(['from-event', target, '--db', path.join(moved, 'store.duckdb')]);
    expect(r.code).toBe(EXIT.unreadable);
    expect(r.stderr).toContain('The kept copy of a log file is missing');
    expect(r.stderr).toContain('store.duckdb.evidence');
    expect(r.stderr).not.toMatch(/bug/i);
  });

  it('a kept file changed after ingest: from-event and report refuse it, naming the file, and loading the logs again restores it', () => {
    const copy = path.join(dir, 'tampered');
    mkdirSync(copy, { recursive: true });
    const store = path.join(copy, 'store.duckdb');
    expect(runCli(['ingest', 'files', path.join(FIXTURES, 'org-trail'), '--db', store]).code).toBe(0);
    const target = scenarios.find((s) => s.name === 'cross-account-chain')!.target;
    const evidence = `${store}.evidence`;
    const kept = readdirSync(evidence, { recursive: true, encoding: 'utf8' })
      .map((f) => path.join(evidence, f))
      .find((f) => f.endsWith('.json.gz') && gunzipSync(readFileSync(f)).toString('utf8').includes(target))!;
    const doc = JSON.parse(gunzipSync(readFileSync(kept)).toString('utf8')) as { Records: Record<string, unknown>[] };
    doc.Records.find((r) => r.eventID === target)!.sourceIPAddress = '10.9.9.9';
    writeFileSync(kept, gzipSync(JSON.stringify(doc)));
    for (const args of [['from-event', target], ['report', target, '-o', path.join(copy, 'r.md')]]) {
      const r = runCli([...args, '--db', store]);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toContain(`The kept copy ${kept} was changed after it was loaded`);
      expect(r.stdout).not.toContain('10.9.9.9');
    }
    expect(existsSync(path.join(copy, 'r.md'))).toBe(false);
    const verify = runCli(['verify', '--db', store]);
    expect(verify.code).toBe(EXIT.findings);
    expect(verify.stdout).toMatch(/TAMPERED {2}\S+\.json\.gz\n {12}its kept copy changed after it was loaded; kept copy /);
    expect(verify.stdout).toMatch(new RegExp(`DIFFERS {2}\\S+ record \\d+ \\(eventID ${target}\\): sourceIPAddress\\n`));
    const json = JSON.parse(runCli(['verify', '--db', store, '--format', 'json']).stdout) as { files: { verdict: string; location: string }[]; chains: unknown[]; records: { differences: { eventId: string; fields: string[] }[] } };
    expect(json.files.filter((f) => f.verdict !== 'unsigned')).toMatchObject([{ verdict: 'tampered' }]);
    expect(json.records.differences).toEqual([expect.objectContaining({ eventId: target, fields: ['sourceIPAddress'] })]);
    const again = runCli(['ingest', 'files', path.join(FIXTURES, 'org-trail'), '--db', store]);
    expect(again.stdout).toMatch(/kept copies restored: 1 /);
    expect(runCli(['from-event', target, '--db', store]).code).toBe(0);
    expect(runCli(['verify', '--db', store]).stdout).toMatch(/Result: every kept file is the file as loaded/);
  });

  it('a missing store says how to make one', () => {
    const r = runCli(['from-event', 'x', '--db', path.join(dir, 'missing.duckdb')]);
    expect(r.code).toBe(EXIT.notFound);
    expect(r.stderr).toMatch(/No store at .*missing\.duckdb/);
    expect(r.stderr).toMatch(/trail-trace ingest files/);
  });

  it('a store path that is a folder, or under a file, is a user error saying so, for readers and writers', () => {
    const folder = path.join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    for (const args of [['from-event', 'x', '--db', folder], ['ingest', 'files', path.join(FIXTURES, 'org-trail'), '--db', folder]]) {
      const r = runCli(args);
      expect(r.code).toBe(EXIT.unreadable);
      expect(r.stderr).toContain(`${folder} is a folder, not a store file.`);
      expect(r.stderr).not.toMatch(/bug/i);
    }
    const file = path.join(dir, 'a-file.txt');
    writeFileSync(file, 'not a folder');
    const under = runCli(['ingest', 'files', path.join(FIXTURES, 'org-trail'), '--db', path.join(file, 'store.duckdb')]);
    expect(under.code).toBe(EXIT.unreadable);
    expect(under.stderr).toContain(`Cannot open the store ${path.join(file, 'store.duckdb')}: part of its path is a file, not a folder.`);
    expect(under.stderr).not.toMatch(/bug/i);
  });

  it('TRAIL_TRACE_DB selects the store', () => {
    const target = scenarios[0]!.target;
    const r = runCli(['from-event', target, '--format', 'json'], { TRAIL_TRACE_DB: db });
    expect(r.code).toBe(0);
  });

  it('takes a unique prefix of an event id, as git does with commits; an ambiguous one lists the ids', () => {
    const target = scenarios.find((s) => s.name === 'cross-account-chain')!.target;
    const r = runCli(['from-event', target.slice(0, 12), '--db', db, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { target: { eventId: string } }).target.eventId).toBe(target);
    const short = runCli(['from-event', target.slice(0, 7), '--db', db]);
    expect(short.code).toBe(EXIT.notFound); // under 8 characters: not taken as a prefix
    expect(short.stderr).toMatch(/is not in the store/);
  });

  it('an option error names the flag as typed, not the schema key', () => {
    const r = runCli(['ingest', 'lookup', '--page-size', '0', '--db', path.join(dir, 'p.duckdb')]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/^error: --page-size: /);
  });

  it('runs through any link to it, whatever its name (npm link, a hand-made alias)', () => {
    const link = path.join(dir, 'tt');
    symlinkSync(CLI, link);
    const r = spawnSync(process.execPath, [link, '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('--help teaches: commands, examples, store location', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ingest/);
    expect(r.stdout).toMatch(/from-event/);
    expect(r.stdout).toMatch(/TRAIL_TRACE_DB/);
    const sub = runCli(['from-event', '--help']);
    expect(sub.stdout).toMatch(/access-key +exact/);
  });

  it('documents every exit code, distinct, in --help and in the README', () => {
    const codes = Object.values(EXIT);
    expect(new Set(codes).size).toBe(codes.length);
    const help = runCli(['--help']).stdout.split('Exit codes:')[1] ?? '';
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8').split('### Exit codes')[1] ?? '';
    for (const code of codes) {
      expect(help, `--help lists exit code ${code}`).toMatch(new RegExp(`^  ${code} +\\S`, 'm'));
      expect(readme, `README lists exit code ${code}`).toMatch(new RegExp(`^\\| ${code} \\| \\S`, 'm'));
    }
  });

  it('stops quietly when its reader closes the pipe (`trail-trace --help | head -1`)', async () => {
    const child = spawn(process.execPath, [CLI, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader has gone before the first line is written
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });

  it('a bad option value is one clear line, exit 2', () => {
    const r = runCli(['from-event', 'x', '--format', 'yaml']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/argument 'yaml' is invalid/);
  });
});
