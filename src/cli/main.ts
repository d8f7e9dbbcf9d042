#!/usr/bin/env node
// trail-trace: who really did this? Commander wiring and the one error handler (STYLE.md §4).

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { EXIT, UserError } from '../errors.js';
import { EXIT_HELP } from './help.js';
import { addCommand } from './spec.js';
import { COMMANDS } from './commands/specs.js';
import { toolVersion } from '../version.js';
import { colors, processIo, useColor, type Io } from './output.js';
import { ioFailure } from './io-errors.js';

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('trail-trace')
    .version(toolVersion())
    .description(
      'Trace a suspicious AWS CloudTrail event back through its STS role chain to who really did it:\n' +
        'an IAM user\'s key, root, a SAML or OIDC identity, an Identity Center user, or an AWS service.',
    )
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .addHelpText(
      'after',
      `
Typical incident:
  $ trail-trace ingest s3 s3://my-trail-bucket --from 3d    # straight from the trail's bucket
  $ trail-trace ingest files ./AWSLogs                       # or a folder of CloudTrail files
  $ trail-trace ingest lookup --from 2d                      # or Event history (LookupEvents)
  $ trail-trace ingest athena --database D --table T --from 2d   # or an Athena table
  $ trail-trace from-event 3f1c2a9e-…                        # the chain, hop by hop, to the origin
  $ trail-trace from-event 3f1c2a9e-… --format json          # the same, for scripts
  $ trail-trace tui 3f1c2a9e-…                               # the chain and the sessions' calls, interactively
  $ trail-trace report 3f1c2a9e-… -o incident.md             # a markdown report for a ticket or wiki
  $ trail-trace source add athena --database D --table T --region R   # or copy nothing: keep where the logs live…
  $ trail-trace from-event 3f1c2a9e-… --fetch --day 2026-03-09     # …and fetch just what each hop needs

The store is ./trail-trace.duckdb unless --db or TRAIL_TRACE_DB says otherwise.
${EXIT_HELP}`,
    );

  // `ingest` groups the ingest commands; each command is declared once, in commands/specs.ts.
  program.command('ingest').description('load CloudTrail events into the store');
  program.command('source').description('where the logs live: what traces fetch from with --fetch').command('add').description('add a source: athena, s3, lookup or files');
  for (const spec of COMMANDS) addCommand(program, spec, io, setExit);

  return program;
}

/** Runs the CLI; returns the exit code. Every error ends here (STYLE.md principle 4). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => (exitCode = code));
  const c = colors(useColor(io.stderr, io.env));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (err instanceof UserError) {
      io.stderr.write(`${c.red('error:')} ${err.message}\n`);
      if (err.hint) io.stderr.write(`${c.dim('  ' + err.hint)}\n`);
      return err.exitCode;
    }
    const failure = ioFailure(err);
    if (failure) {
      io.stderr.write(`${c.red('error:')} ${failure.message}\n${c.dim('  ' + failure.hint)}\n`);
      return EXIT.unreadable;
    }
    const e = err as Error;
    io.stderr.write(`${c.red('trail-trace hit a bug:')} ${e?.message ?? String(err)}\n${e?.stack ?? ''}\n`);
    io.stderr.write('Please report it with the command you ran (and, if you can, the record involved).\n');
    return EXIT.bug;
  }
}

/** Whether this file is the program node was asked to run, whatever link or shim led to it. */
function isEntryPoint(): boolean {
  const invoked = process.argv[1];
  if (!invoked) return false;
  try {
    return realpathSync(invoked) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // `trail-trace … | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
