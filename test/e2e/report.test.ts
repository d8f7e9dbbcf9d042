// `trail-trace report` as a user runs it (the built CLI for the first golden and -o, the CLI's entry
// point in this process for the rest): golden reports for fixture scenarios
// and two written for the report (a three-hop cross-account chain, a chain of hostile names),
// the structure of every scenario's report parsed with marked, and the command's behaviour
// (stdout or -o, never overwriting without --force, errors).
//
// Goldens are compared byte for byte, and a missing one fails. To accept a deliberate change
// (or write a new golden), run
//   npx vitest run test/e2e/report.test.ts -u
// and read the diff of test/golden/report/ before committing it.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runInProcess } from '../helpers/cli.js';
import { parseReport, reportProblems, section, SECTIONS_WITHOUT_SCOPE } from '../helpers/markdown-check.js';
import { HOSTILE_AGENT, HOSTILE_IP, HOSTILE_ROLE, writeHostileChain, writeThreeHopChain } from '../helpers/report-chains.js';
import { FIXTURES, removeDir, suiteDir } from '../helpers/temp.js';
import { EXIT } from '../../src/errors.js';

const GOLDEN = path.resolve(import.meta.dirname, '../golden/report');
const VERSION = (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;
/** 2026-03-11T08:00:00Z: the report's "made at" time, fixed so goldens are stable. */
const MADE_AT = { SOURCE_DATE_EPOCH: '1773216000' };
const scenarios: { name: string; target: string }[] = JSON.parse(readFileSync(path.join(FIXTURES, 'scenarios.json'), 'utf8')).scenarios;
const GOLDEN_SCENARIOS = [
  'cross-account-chain', 'role-chain-same-account', 'cross-account-caller-missing', 'broken-missing-issuance',
  'identity-center', 'saml-okta', 'console-switchrole', 'heuristic-arn', 'no-identity-anonymous', 'hostile-strings',
  // Who used the credentials: a stolen instance key, a stolen function key, a workload's own calls (no
  // finding), one session ARN from two networks, a partner's session elsewhere (weak), a key made by another principal.
  'ec2-instance-profile', 'stolen-lambda-credential', 'lambda-execution-role', 'reused-session-name', 'federation-token',
  'key-created-by-another-principal', 'sso-login-member-mint-missing', 'agent-through-mcp',
  // Scope and Eviction: a leaked key's sessions in three accounts, a backdoor user, changes, decoys.
  'leaked-key-scope',
];

let dir: string;
let db: string;
let synthDir: string;
let synthDb: string;
const synthTargets: Record<string, string> = {};

beforeAll(() => {
  dir = suiteDir();
  db = path.join(dir, 'store.duckdb');
  expect(runCli(['ingest', 'files', path.join(FIXTURES, 'org-trail'), '--db', db]).code).toBe(0);
  synthDir = path.join(dir, 'synthetic');
  synthDb = path.join(dir, 'synthetic.duckdb');
  synthTargets['cross-account-three-hops'] = writeThreeHopChain(path.join(synthDir, 'three-hops'));
  synthTargets['hostile-names'] = writeHostileChain(path.join(synthDir, 'hostile'));
  expect(runCli(['ingest', 'files', synthDir, '--db', synthDb]).code).toBe(0);
});
afterAll(() => removeDir(dir));

/** Machine-specific paths and the version out of the report, so goldens hold on any clone and release. */
function portable(text: string): string {
  return text
    .replaceAll(FIXTURES, '$FIXTURES')
    .replaceAll(synthDir, '$SYNTHETIC')
    .replaceAll(synthDb, '$DB')
    .replaceAll(db, '$DB')
    .replaceAll(`trail-trace \`${VERSION}\``, 'trail-trace `$VERSION`');
}

/** The report, through the CLI's entry point in this process (the built command itself: reportCli). */
function report(args: string[], env: Record<string, string> = {}) {
  return runInProcess(['report', ...args], { ...MADE_AT, ...env });
}

/** The report, through the built command, as a user runs it. */
function reportCli(args: string[], env: Record<string, string> = {}) {
  return runCli(['report', ...args], { ...MADE_AT, ...env });
}


describe.each(GOLDEN_SCENARIOS)('trail-trace report, fixture scenario %s', (name) => {
  it('matches its golden report', async () => {
    const target = scenarios.find((s) => s.name === name)!.target;
    // The first through the built command, as a user runs it; the others in this process (the same output).
    const r = name === GOLDEN_SCENARIOS[0] ? reportCli([target, '--db', db]) : await report([target, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    await expect(portable(r.stdout)).toMatchFileSnapshot(path.join(GOLDEN, `${name}.md`));
  });
});

describe.each(['cross-account-three-hops', 'hostile-names'])('trail-trace report, written chain %s', (name) => {
  it('matches its golden report and is well-formed', async () => {
    const r = await report([synthTargets[name]!, '--db', synthDb]);
    expect(r.code).toBe(0);
    expect(reportProblems(r.stdout)).toEqual([]);
    await expect(portable(r.stdout)).toMatchFileSnapshot(path.join(GOLDEN, `${name}.md`));
  });
});

describe('trail-trace report: every fixture scenario', () => {
  it.each(scenarios.map((s) => [s.name, s.target]))('%s: sections in order, tables sound, no HTML or links, valid diagram', async (_name, target) => {
    const r = await report([target, '--db', db]);
    expect(r.code).toBe(0);
    expect(reportProblems(r.stdout)).toEqual([]);
  });
});

describe('trail-trace report: Scope and Eviction', () => {
  const leaked = scenarios.find((s) => s.name === 'leaked-key-scope')!;

  it('scopes the traced origin: its credential tree as a diagram, the changes, and the eviction commands in order', async () => {
    const md = (await report([leaked.target, '--db', db])).stdout;
    const scope = section(md, '## Scope');
    const [chart] = parseReport(scope).mermaid;
    expect(chart!.match(/^ {2}c\d+\[/gm)).toHaveLength(7);
    expect(chart).toContain('c2 -.->|"ConsoleLogin · heuristic"| c6');
    expect(section(md, '### Changes')).toContain('`cloudtrail:StopLogging`');
    expect(section(md, '### Refused attempts')).toContain('`cloudtrail:DeleteTrail`');
    // The commands' block (its "# 1. …" comment lines are not headings: section() would stop at them).
    const commands = md.slice(md.indexOf('\n## Eviction\n'), md.indexOf('\n## Timeline\n')).split('\n').filter((l) => l.startsWith('aws '));
    // 16 steps; the bucket's earlier policy is not in the logs, so its restore has no command.
    expect(commands).toHaveLength(15);
    expect(commands[0]).toBe('aws iam update-access-key --user-name=svc-reporting --access-key-id=AKIAIIPZTGLDVDV6GX7D --status=Inactive');
    expect(commands.at(-1)).toContain('aws cloudtrail start-logging');
  });

  it('--no-scope leaves both sections out', async () => {
    const md = (await report([leaked.target, '--db', db, '--no-scope'])).stdout;
    expect(reportProblems(md)).toEqual([]);
    expect(parseReport(md).headings.filter((h) => h.depth === 2).map((h) => h.text)).toEqual(SECTIONS_WITHOUT_SCOPE);
  });
});

describe('trail-trace report: the demo and hostile chains read right', () => {
  it('the three-hop chain: four accounts as subgraphs, three exact AssumeRole edges, the sensitive calls named', async () => {
    const md = (await report([synthTargets['cross-account-three-hops']!, '--db', synthDb])).stdout;
    const [chart] = parseReport(md).mermaid;
    expect(chart!.match(/^ {2}subgraph /gm)).toHaveLength(4);
    expect(chart!.match(/-->\|"AssumeRole · exact"\|/g)).toHaveLength(3);
    expect(md).toContain('back through 3 hops across accounts `111111111111`, `222222222222`, `333333333333` and `444444444444` to its origin: IAM user `alice`');
    expect(md).toContain('(`s3:PutBucketPolicy`, `iam:CreateUser` and `cloudtrail:DeleteTrail`)');
    // The refused StopLogging before DeleteTrail is an attempt, not a sensitive call made.
    expect(md).toContain('1 sensitive call was attempted and refused: `cloudtrail:StopLogging` (`AccessDenied`).');
    expect(md).toContain('| **sensitive** (refused: `AccessDenied`): CloudTrail logging stopped |');
  });

  it('hostile role and session names, source IP and user agent stay text in their cells and labels', async () => {
    const md = (await report([synthTargets['hostile-names']!, '--db', synthDb])).stdout;
    const shape = parseReport(md);
    expect(shape.html).not.toMatch(/<(script|img|a|b)\b/i);
    // The hostile values are still there for the reader, escaped.
    expect(shape.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(shape.html.replaceAll('&#124;', '|')).toContain(HOSTILE_IP.replace('<', '&lt;').replace('>', '&gt;'));
    expect(HOSTILE_AGENT.includes('\n') && !md.includes('\n# heading')).toBe(true);
    expect(shape.mermaid[0]).toContain(HOSTILE_ROLE.replace(/[|`"\]<>/-]/g, (ch) => `#${ch.codePointAt(0)};`).slice(0, 20));
  });
});

describe('trail-trace report: output and errors', () => {
  const target = () => scenarios.find((s) => s.name === 'cross-account-chain')!.target;

  it('-o writes the same report to a file, says where on stderr, and prints nothing on stdout', async () => {
    const file = path.join(dir, 'incident.md');
    const r = reportCli([target(), '--db', db, '-o', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Report written to .*incident\.md \(complete chain, 2 hops, \d+ calls in the timeline\)\.\n$/);
    expect(readFileSync(file, 'utf8')).toBe((await report([target(), '--db', db])).stdout);
    expect((await report([target(), '--db', db, '-o', '-'])).stdout).toBe(readFileSync(file, 'utf8'));
  });

  it('refuses to overwrite an existing file unless --force', async () => {
    const file = path.join(dir, 'existing.md');
    writeFileSync(file, 'notes I must not lose\n');
    const r = await report([target(), '--db', db, '-o', file]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain(`${file} already exists; the report was not written.`);
    expect(r.stderr).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe('notes I must not lose\n');
    expect((await report([target(), '--db', db, '-o', file, '--force'])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^# Incident report: `cloudtrail:StopLogging`/);
  });

  it('an unknown event id is an error naming the store, and writes no file', async () => {
    const file = path.join(dir, 'none.md');
    const r = await report(['no-such-event', '--db', db, '-o', file]);
    expect(r.code).toBe(EXIT.notFound);
    expect(r.stderr).toContain(`Event no-such-event is not in the store ${db}`);
    expect(existsSync(file)).toBe(false);
  });

  it('-o naming an existing folder says it is a folder, with or without a trailing slash, even with --force', async () => {
    const folder = path.join(dir, 'reports');
    mkdirSync(folder, { recursive: true });
    // In this process: -o is checked before the store is opened.
    for (const args of [['-o', folder], ['-o', `${folder}/`], ['-o', folder, '--force']]) {
      const r = await runInProcess(['report', target(), '--db', db, ...args]);
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr).toContain(`${folder} is a folder; the report was not written.`);
      expect(r.stderr).toContain(`-o ${path.join(folder, 'incident.md')}`);
      expect(r.stderr).not.toContain('already exists');
    }
    // A trailing slash names a folder even when there is none yet.
    const r = await runInProcess(['report', target(), '--db', db, '-o', path.join(dir, 'new-folder') + '/']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain('new-folder/ names a folder');
    expect(existsSync(path.join(dir, 'new-folder'))).toBe(false);
  });

  it('a folder that does not exist is one clear error', async () => {
    const r = await report([target(), '--db', db, '-o', path.join(dir, 'nope', 'incident.md')]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/the folder .*nope does not exist/);
  });

  it('--timeline-limit caps the timeline and says what it left out; --full lists every call', async () => {
    const capped = (await report([target(), '--db', db, '--timeline-limit', '5'])).stdout;
    expect(capped).toMatch(/Showing 5 calls of \d+: the target and the calls that issued the chain's sessions, then sensitive calls, writes and failures, then the calls nearest in time to the target\. Not shown: \d+ read-only calls; \d+ of them before the target \(.+\) and \d+ after it \(.+\)\./);
    expect(reportProblems(capped)).toEqual([]);
    const full = (await report([target(), '--db', db, '--full', '--timeline-limit', '5'])).stdout;
    expect(full).not.toContain('Not shown');
  });

  it('--timeline-limit below the chain\'s own calls still shows the target and the issuing calls, and says so', async () => {
    const md = (await report([target(), '--db', db, '--timeline-limit', '2'])).stdout;
    const rows = parseReport(md).tables.find((t) => t.header.some((h) => h.text === 'Marks'))!.rows;
    const marks = rows.map((r) => r[7]!.text);
    expect(marks.some((m) => m.includes('**target**'))).toBe(true);
    expect(marks.filter((m) => m.includes('issued hop'))).toHaveLength(2);
    expect(md).toContain('Showing 3 calls of 63, more than the limit of 2: the target and the calls that issued the chain\'s sessions are always shown.');
  });

  it('rejects a timeline limit that is not a positive whole number, naming the flag, and a bad SOURCE_DATE_EPOCH', async () => {
    // In this process: the flag is refused before the store is opened.
    for (const bad of ['0', 'abc', '2.5', '-3']) {
      const r = await runInProcess(['report', target(), '--db', db, '--timeline-limit', bad]);
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr).toContain(`--timeline-limit ${bad}`);
      expect(r.stderr).not.toContain('timelineLimit');
      expect(r.stderr).toContain('e.g. --timeline-limit 500');
    }
    const r = await report([target(), '--db', db], { SOURCE_DATE_EPOCH: 'yesterday' });
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain('SOURCE_DATE_EPOCH=yesterday is not a number of seconds.');
  });

  it('uses TRAIL_TRACE_DB, and --help shows what the report holds with an example', async () => {
    expect((await report([target()], { TRAIL_TRACE_DB: db })).code).toBe(0);
    const help = runCli(['report', '--help']).stdout;
    expect(help).toContain('trail-trace report 3f1c2a9e-0b1d-4c6e-9f1a-2b3c4d5e6f70 -o incident.md');
    expect(help).toMatch(/--full/);
    expect(runCli(['--help']).stdout).toMatch(/report 3f1c2a9e-… -o incident\.md/);
  });
});
