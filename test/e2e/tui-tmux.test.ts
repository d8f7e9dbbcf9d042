// `trail-trace tui` in a real terminal: tmux runs the built CLI on the fixture store, keys are sent
// as a person types them (an event id, drill into a session, search, a record, trace, help, the
// report, quit) and the screen is read back with capture-pane. The hostile-strings scenario's user
// agent carries clear-screen, set-title and colour escapes: the screen must show them as text,
// the window title must stay, and nothing may be recoloured. Without a terminal the command says
// where the same answers are. S on the leaked-key incident's chain shows the tree of credentials
// its origin minted. An ingest run beside the open UI writes (the UI holds the store only while it
// reads). With --fetch, f on a gap fetches what the chain lacks from the store's source and traces
// it again in place. Skipped, saying so, where tmux is not installed.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { FIXTURES, removeDir, suiteDir } from '../helpers/temp.js';
import { EXIT } from '../../src/errors.js';

const scenarios: { name: string; target: string }[] = JSON.parse(readFileSync(path.join(FIXTURES, 'scenarios.json'), 'utf8')).scenarios;
const DEMO = scenarios.find((s) => s.name === 'cross-account-chain')!.target;
const HOSTILE = scenarios.find((s) => s.name === 'hostile-strings')!.target;
const LEAKED = scenarios.find((s) => s.name === 'leaked-key-scope')!.target;

const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
if (!HAS_TMUX) console.warn('test/e2e/tui-tmux.test.ts: tmux is not installed, so the real-terminal run of `trail-trace tui` is skipped (apt-get install tmux).');

const SESSION = 'tui';

let dir: string;
let db: string;
/** A tmux server of this test's own, its socket in the suite's folder: no user session is touched. */
let socket: string;
const sockets: string[] = [];

/**
 * Starts `command` in a new tmux server on a socket of its own. A server just killed may still be
 * exiting on its socket (tmux then says "server exited unexpectedly"), so no socket is reused.
 */
function startSession(command: string): void {
  if (socket) spawnSync('tmux', ['-S', socket, 'kill-server']);
  socket = path.join(dir, `tmux-${sockets.length}.sock`);
  sockets.push(socket);
  tmux('new-session', '-d', '-s', SESSION, '-x', '100', '-y', '30', '-c', dir, command);
}

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const screen = () => tmux('capture-pane', '-p', '-t', SESSION);

/** Waits until the screen shows `text`; returns the screen. */
async function waitForScreen(text: string | RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = screen();
    if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return shown;
    if (Date.now() > deadline) throw new Error(`The screen did not show ${String(text)} within ${timeoutMs} ms:\n${shown}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Sends keys one tmux call each, as typed. `literal` sends text as characters, not key names. */
async function keys(...names: string[]): Promise<void> {
  for (const name of names) {
    tmux('send-keys', '-t', SESSION, name);
    await new Promise((resolve) => setTimeout(resolve, name === 'Escape' ? 150 : 60));
  }
}

function type(text: string): void {
  tmux('send-keys', '-t', SESSION, '-l', text);
}

beforeAll(() => {
  dir = suiteDir();
  db = path.join(dir, 'store.duckdb');
  expect(runCli(['ingest', 'files', path.join(FIXTURES, 'org-trail'), '--db', db]).code).toBe(0);
});
afterAll(() => {
  if (HAS_TMUX) for (const each of sockets) spawnSync('tmux', ['-S', each, 'kill-server']);
  removeDir(dir);
});

describe('trail-trace tui without a terminal', () => {
  it('says the UI needs one and where the same answers are, exit code 2', () => {
    for (const args of [['tui', DEMO], ['from-event', DEMO, '--tui']]) {
      const r = runCli([...args, '--db', db]);
      expect(r.code).toBe(EXIT.usage);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('The terminal UI needs an interactive terminal, and standard output is not one.');
      expect(r.stderr).toContain(`trail-trace from-event ${DEMO} --format text|json`);
      expect(r.stderr).toContain(`trail-trace report ${DEMO}`);
    }
  });
});

describe.skipIf(!HAS_TMUX)('trail-trace tui in tmux (100×30)', () => {
  it('a new user finds the origin of the demo incident, reads the attacker\'s calls, and quits', async () => {
    // CI=true would make Ink draw only its last frame; the command itself clears it, and this
    // shell line proves the exit code once the alternate screen is gone.
    const command = `${process.execPath} ${CLI} tui --db ${db}; echo "exited with $?"; sleep 30`;
    startSession(command);

    // The start screen: coverage and the events worth tracing, the StopLogging first.
    await waitForScreen('Worth tracing');
    let shown = await waitForScreen(/› logging +cloudtrail:StopLogging/);
    expect(shown).toContain('676 events');

    // An event id typed at the prompt: the chain, origin highlighted.
    await keys('i');
    type(DEMO);
    await keys('Enter');
    shown = await waitForScreen('ORIGIN');
    expect(shown).toContain('Complete chain, 2 hops');
    expect(shown).toMatch(/ORIGIN +IAM user alice \(long-term access key AKIAOBHPEXKT25TT27NB\)/);
    expect(shown).toMatch(/HOP 1 +arn:aws:sts::333333333333:assumed-role\/DataAdmin\/alice/);
    expect(shown).toMatch(/EXACT access-key · log unsigned · MFA yes · 333333333333/);

    // Drill into hop 1's session, then search it.
    await keys('j', 'Enter');
    await waitForScreen('Timeline of hop 1 · 1/26 calls');
    await waitForScreen(/hop 1 +! s3:PutBucketPolicy +bucket policy changed/);
    await keys('/');
    type('stoplogging');
    await keys('Enter');
    await waitForScreen('Filters: search "stoplogging"');
    await waitForScreen(/› 03-09 10:47:31 +hop 1 +! cloudtrail:StopLogging +target · CloudTrail logging stopped/);

    // Its raw record, then trace it again from there.
    await keys('Enter');
    await waitForScreen('Record · event 0485349d-f4ab-436c-84b9-5675842530e8');
    await keys('/');
    type('"eventName"');
    await keys('Enter');
    shown = await waitForScreen('"eventName": "StopLogging"');
    await keys('t');
    await waitForScreen('Record › Chain');

    // The help lists every key; any key closes it.
    await keys('?');
    shown = await waitForScreen('any key closes this help');
    for (const key of ['Esc  Backspace', 'trace the selected event', 'write the markdown report', 'writes only', '?  q']) expect(shown).toContain(key);
    await keys('x');
    await waitForScreen('Complete chain, 2 hops');

    // Started without --fetch, f fetches nothing and says how to turn it on.
    await keys('f');
    await waitForScreen('f fetches what a chain lacks when the UI is started with --fetch');

    // The open UI holds the store only while it reads: an ingest beside it writes.
    const beside = runCli(['ingest', 'files', path.join(FIXTURES, 'org-trail'), '--db', db]);
    expect(beside.code, beside.stderr).toBe(0);
    expect(beside.stdout).toContain('already in the store');

    // r writes the report beside the user, and says where.
    await keys('r');
    shown = await waitForScreen('Report written to');
    const report = path.join(dir, `incident-${DEMO}.md`);
    expect(shown.replace(/\s+/g, '')).toContain(report.replace(/\s+/g, ''));
    expect(existsSync(report)).toBe(true);

    // The hostile chain: escapes in the user agent show as text and do nothing.
    const title = tmux('display-message', '-p', '-t', SESSION, '#{pane_title}');
    await keys('i');
    type(HOSTILE);
    await keys('Enter');
    shown = await waitForScreen('IAM user intern-temp');
    await keys('G', 'Enter');
    await waitForScreen('Timeline of the origin · 1/1 call');
    shown = await waitForScreen('aws-cli/2.15.30 \\x1b[2J\\x1b[H\\x1b]');
    expect(shown.split('\n')[0]).toContain('trail-trace');
    expect(tmux('display-message', '-p', '-t', SESSION, '#{pane_title}')).toBe(title);
    expect(tmux('capture-pane', '-p', '-e', '-t', SESSION)).not.toContain('\u001b[31mCRITICAL');

    // S on the chain of the leaked-key incident: the credentials its origin minted, as a tree.
    await keys('i');
    type(LEAKED);
    await keys('Enter');
    await waitForScreen(/ORIGIN +IAM user svc-reporting/);
    await keys('S');
    shown = await waitForScreen('EVICTION 16 steps');
    expect(shown).toContain('Chain › Scope');
    expect(shown).toContain('Scope of IAM user svc-reporting (long-term access key AKIAIIPZTGLDVDV6GX7D)');
    expect(shown).toContain('7 credentials · 45 calls · 8 changes · 1 refused attempt · 16 eviction steps');
    expect(shown).toMatch(/› c1 key AKIAIIPZTGLDVDV6GX7D +11 +4 ORIGIN/);
    expect(shown).toMatch(/ {2}├─ c2 session ASIALTYC2JW7OKHIQHQG +9 +EXACT access-key/);
    expect(shown).toMatch(/ {2}│ {2}├─ c6 console user\/cloudwatch-exporter +4 +HEURISTIC login-profile/);
    expect(shown).toMatch(/ {2}│ {2}└─ c7 session ASIAWTMUOZSJ5Y4KS6T4 +7 +1 EXACT access-key/);
    expect(shown).toMatch(/ {2}└─ c4 token ASIAQZGO5BOOIHAVBQSB +5 +EXACT access-key/);
    // Enter expands c2: what it changed, then its calls.
    await keys('j', 'Enter');
    shown = await waitForScreen(/Calls \(9\)\n +03-10 15:09:37 +iam:ListUsers/);
    expect(shown).toMatch(/✓ iam:CreateAccessKey +AKIA4OPBX3ESB4OCQ7FJ/);

    // q: back to the shell, exit code 0.
    await keys('q');
    shown = await waitForScreen('exited with 0');
    expect(shown).not.toContain('trail-trace  Start');
  });

  it('opens on an event named by a unique prefix of its id, as from-event takes it', async () => {
    startSession(`${process.execPath} ${CLI} tui ${DEMO.slice(0, 8)} --db ${db}; echo "exited with $?"; sleep 30`);
    const shown = await waitForScreen('ORIGIN');
    expect(shown).toContain('Complete chain, 2 hops');
    await keys('q');
    await waitForScreen('exited with 0');
  });

  it('--fetch: a gap in the chain, f on it, and the chain is fetched and traced again in place', async () => {
    // The store holds the target's log file alone, and keeps the trail's folder as a source.
    const partial = path.join(dir, 'partial.duckdb');
    const targetFile = path.join(FIXTURES, 'org-trail/AWSLogs/o-7rt3xq2k9p/333333333333/CloudTrail/eu-west-1/2026/03/09/333333333333_CloudTrail_eu-west-1_20260309T1055Z_ymHQp2WzH1mgP702.json.gz');
    expect(runCli(['ingest', 'files', targetFile, '--db', partial]).code).toBe(0);
    const added = runCli(['source', 'add', 'files', path.join(FIXTURES, 'org-trail'), '--db', partial]);
    expect(added.code, added.stderr).toBe(0);
    startSession(`${process.execPath} ${CLI} tui --fetch --db ${partial}; echo "exited with $?"; sleep 30`);
    await waitForScreen('Worth tracing');
    await keys('i');
    type(DEMO);
    await keys('Enter');
    let shown = await waitForScreen('BROKEN chain');
    expect(shown).toMatch(/GAP 1 /);
    // Enter on the gap says what f does; f fetches it.
    await keys('G', 'Enter');
    await waitForScreen('f fetches it from the sources the store keeps');
    await keys('f');
    shown = await waitForScreen('Complete chain, 2 hops');
    expect(shown).toMatch(/ORIGIN +IAM user alice \(long-term access key AKIAOBHPEXKT25TT27NB\)/);
    expect(shown).toMatch(/fetched: \d+ questions asked of 1 source; \d+ objects/);
    expect(shown).not.toContain('GAP 1');

    // An event the store does not hold at all: f asks its day (the folder is read on that day only).
    await keys('i');
    type(LEAKED);
    await keys('Enter');
    await waitForScreen(`Event ${LEAKED} is not in this store.`);
    await keys('f');
    await waitForScreen('its day, YYYY-MM-DD (nothing: Event history only):');
    type('2026-03-10');
    await keys('Enter');
    shown = await waitForScreen(/ORIGIN +IAM user svc-reporting/);
    expect(shown).toMatch(/fetched: \d+ questions asked of 1 source/);
    await keys('q');
    await waitForScreen('exited with 0');
    // What was fetched is stored, for every later command.
    const traced = runCli(['from-event', DEMO, '--db', partial, '--format', 'json']);
    expect(traced.code, traced.stderr).toBe(0);
    expect(JSON.parse(traced.stdout).status).toBe('complete');
  });
});
