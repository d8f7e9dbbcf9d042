// The one place that decides about terminals: colour, TTY checks, writing to stdout/stderr.

import pc from 'picocolors';

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** Read only by the terminal UI (keys); process.stdin when not given. */
  stdin?: NodeJS.ReadStream;
}

export const processIo: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin };

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org) or --no-color. */
export function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv, flag?: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function colors(enabled: boolean) {
  return pc.createColors(enabled);
}
