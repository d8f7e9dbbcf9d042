// Runs the BUILT command-line tool (dist/), as a user would.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const CLI = path.resolve(import.meta.dirname, '../../dist/cli/main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * How to run the CLI so that file permissions hold for it, or why that cannot be done here. As
 * root, permissions hold once the process has given up the capabilities that pass over them
 * (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH): `setpriv` drops them before the CLI starts, and it
 * stays root otherwise (it reads its own Node, the test's folders, and writes the store as before).
 * Checked by reading a file no one may read.
 */
export function permissionsHold(): { prefix: string[] } | { cannot: string } {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const prefix = ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--'];
  const dir = mkdtempSync(path.join(tmpdir(), 'trail-trace-perm-'));
  try {
    const closed = path.join(dir, 'closed');
    writeFileSync(closed, 'x');
    chmodSync(closed, 0o000);
    const r = spawnSync(prefix[0]!, [...prefix.slice(1), process.execPath, '-e', `require('node:fs').readFileSync(${JSON.stringify(closed)})`]);
    if (r.error) return { cannot: `running as root, and setpriv cannot run (${r.error.message}) to give up reading what permissions forbid` };
    if (r.status === 0) return { cannot: 'running as root, and setpriv could not give up CAP_DAC_OVERRIDE: root reads what permissions forbid' };
    return { prefix };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** runCli with file permissions holding for the CLI (prefix from permissionsHold), and a time limit: a CLI that hangs fails. */
export function runCliUnder(prefix: string[], args: string[], env: Record<string, string> = {}): CliResult {
  const [command, ...rest] = [...prefix, process.execPath, CLI, ...args];
  const r = spawnSync(command!, rest, {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', ...env },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function startCli(args: string[], env: Record<string, string> = {}): ChildProcess & { output: () => CliResult } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return Object.assign(child, { output: () => ({ code: child.exitCode, stdout, stderr }) });
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });
}

/** runCli without blocking this process: for CLIs that talk to a server running in the test itself. */
export async function runCliAsync(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const child = startCli(args, { TZ: 'UTC', ...env });
  // 'close' comes after the output streams have ended, unlike 'exit'.
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  return { ...child.output(), code };
}

/**
 * The CLI's own entry point, in this process: the same code path as the built command without
 * the start-up of a new Node process (for tests that make many read-only calls).
 */
export async function runInProcess(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const { main } = await import('../../src/cli/main.js');
  const out: string[] = [];
  const err: string[] = [];
  const stream = (sink: string[]) => ({ isTTY: false, write: (s: string) => (sink.push(s), true) }) as unknown as NodeJS.WriteStream;
  // What the code writes past its streams (console, process.stdout or stderr) would reach a user's
  // terminal: caught for the call, and added to what it printed, so `stderr` toBe('') still holds.
  const strays = catchStrays(out, err);
  const before = liveHandles();
  try {
    const code = await main(args, { stdout: stream(out), stderr: stream(err), env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', ...env } });
    await noHandlesLeft(before, args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    strays.restore();
  }
}

/** Handles that keep a process alive for as long as they are open (a timer ends by itself). */
const LIVE = new Set(['TCPSocketWrap', 'TCPServerWrap', 'PipeWrap', 'ProcessWrap', 'FSEventWrap', 'UDPWrap', 'TTYWrap']);

export function liveHandles(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) if (LIVE.has(kind)) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/**
 * A command run in this process returns even when it leaves a socket, server or child open, which
 * would keep the built command from ever exiting: such a call fails. A socket the other end is
 * still closing is given up to two seconds.
 */
export async function noHandlesLeft(before: Map<string, number>, args: string[]): Promise<void> {
  const extra = () => [...liveHandles()].filter(([kind, n]) => n > (before.get(kind) ?? 0)).map(([kind, n]) => `${n - (before.get(kind) ?? 0)} ${kind}`);
  for (let waited = 0; extra().length > 0 && waited < 2_000; waited += 25) await new Promise((resolve) => setTimeout(resolve, 25));
  const left = extra();
  if (left.length > 0) throw new Error(`trail-trace ${args.join(' ')} left open ${left.join(', ')}: the command would not exit`);
}

/** Sends console output and direct writes to process.stdout / stderr to `out` / `err` until restore(). */
function catchStrays(out: string[], err: string[]): { restore: () => void } {
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const methods = ['log', 'info', 'debug', 'warn', 'error'] as const;
  const saved = methods.map((m) => console[m]);
  const into = (sink: string[]) => ((chunk: string | Uint8Array) => (sink.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stdout.write = into(out);
  process.stderr.write = into(err);
  for (const m of methods) console[m] = (...parts: unknown[]) => void (m === 'log' || m === 'info' || m === 'debug' ? out : err).push(`${parts.map(String).join(' ')}\n`);
  return {
    restore() {
      process.stdout.write = writes.stdout;
      process.stderr.write = writes.stderr;
      methods.forEach((m, i) => (console[m] = saved[i]!));
    },
  };
}

/**
 * runInProcess for a command that calls AWS: the SDK's credential chain reads process.env, so the
 * AWS_* variables of `env` are set in it for the call and put back after. The tests of a file run
 * one at a time; two of these at once would see each other's credentials.
 */
export async function runInProcessAws(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const restore = setProcessEnv(Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith('AWS_'))));
  try {
    return await runInProcess(args, env);
  } finally {
    restore();
  }
}

/** Sets (a value) or unsets (undefined) variables of process.env; the function returned puts them back. */
export function setProcessEnv(vars: Record<string, string | undefined>): () => void {
  const saved = new Map<string, string | undefined>();
  const put = (key: string, value: string | undefined) => {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  };
  for (const [key, value] of Object.entries(vars)) {
    saved.set(key, process.env[key]);
    put(key, value);
  }
  return () => {
    for (const [key, value] of saved) put(key, value);
  };
}
