// The two kinds of error (STYLE.md principle 4). A UserError is something the user can fix:
// one line of what happened, one line of what to do, no stack. Anything else is a bug.

/**
 * Exit codes, one per kind of outcome, so a script can tell them apart (README, "Exit codes").
 * 2 for usage follows the shells and commander; 70 (EX_SOFTWARE) and 130 (128 + SIGINT) follow
 * sysexits.h and the shells.
 */
export const EXIT = {
  /** Done; a trace was made (complete, broken or without an identity). */
  ok: 0,
  /** Done, and it found a problem the command was asked to find: tampered evidence (verify), a warning under --strict. */
  findings: 1,
  /** The command line is wrong: an unknown option, a bad value, a missing argument, no terminal for the TUI. */
  usage: 2,
  /** What was asked for is not there: an event id not in the store, no store, no log files at the path, bucket or table given. */
  notFound: 3,
  /** AWS or the network failed: credentials missing or refused, access denied, throttling, unreachable endpoint, a query that failed. */
  aws: 4,
  /** A file or the store cannot be read or written: permission, not a store, a damaged log, a full disk. */
  unreadable: 5,
  /** trail-trace hit a bug (a stack trace follows). */
  bug: 70,
  /** Interrupted (Ctrl-C) before it finished; what was done is kept. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: ExitCode = EXIT.usage,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
