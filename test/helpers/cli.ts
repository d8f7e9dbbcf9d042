// Runs the BUILT command-line tool (dist/), as a user would.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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
  const code = await main(args, { stdout: stream(out), stderr: stream(err), env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', ...env } });
  return { code, stdout: out.join(''), stderr: err.join('') };
}
