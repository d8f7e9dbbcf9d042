#!/usr/bin/env node
// trail-trace: who really did this? Commander wiring and the one error handler (STYLE.md §4).

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { EXIT, UserError } from '../errors.js';
import { awsOptionList, dbOption, gapDirOption, ipRangesOption, sizeText } from './options.js';
import { ATHENA_HELP, EXIT_HELP, LOOKUP_HELP, S3_HELP } from './help.js';
import { DEFAULT_TIMELINE_LIMIT } from '../report/markdown/defaults.js';
import { toolVersion } from '../version.js';
import { CEILING_LIMITS, DEFAULT_LIMITS } from '../ingest/json-scan.js';
import { colors, processIo, useColor, type Io } from './output.js';
import { ioFailure } from './io-errors.js';

const limitText = (k: 'fileBytes' | 'recordBytes' | 'stringBytes') => sizeText(DEFAULT_LIMITS[k]);
const ceilingText = (k: 'fileBytes' | 'recordBytes' | 'stringBytes') => sizeText(CEILING_LIMITS[k]);

/** What every ingest command ends with: the AWS options (for cloud sources), then --strict and output. */
function ingestTail(command: Command, unreadable: string, aws: boolean): Command {
  if (aws) for (const o of awsOptionList()) command.addOption(o);
  return command
    .option('--strict', `stop at the first unreadable ${unreadable} instead of warning`, false)
    .option('--max-file-size <size>', `largest file read, decompressed (default ${limitText('fileBytes')}; up to ${ceilingText('fileBytes')})`)
    .option('--max-record-size <size>', `largest record stored (default ${limitText('recordBytes')})`)
    .option('--max-string-size <size>', `longest JSON string in a record (default ${limitText('stringBytes')})`)
    .option('--max-depth <levels>', `deepest nesting of objects and arrays (default ${DEFAULT_LIMITS.depth}; up to ${CEILING_LIMITS.depth})`)
    .option('--no-progress', 'no progress bar (it is shown only on a terminal anyway)')
    .option('--no-color', 'no colour in the summary');
}

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

The store is ./trail-trace.duckdb unless --db or TRAIL_TRACE_DB says otherwise.
${EXIT_HELP}`,
    );

  const ingest = program.command('ingest').description('load CloudTrail events into the store');
  const files = ingest
    .command('files')
    .description('load CloudTrail log files and folders (as `aws s3 sync` leaves them)')
    .argument('<paths...>', 'files or folders; folders are read recursively')
    .addOption(dbOption())
    .option('--digest-metadata <file>', 'the S3 metadata of the digest files (their signatures), as {"<key>": <aws s3api head-object output>}: trail-trace verify needs it for the newest digests of a folder copy');
  ingestTail(files, 'file or record', false)
    .addHelpText(
      'after',
      `
Reads .json and .json.gz files holding {"Records":[…]} (trail files), a top-level array, NDJSON,
or \`aws cloudtrail lookup-events\` output. Digest files (CloudTrail-Digest/, …_CloudTrail-Digest_…) are kept
for \`trail-trace verify\`; Insights files are skipped.
Loading the same files again adds nothing: files are recognised by content, events by eventID.
Bad files and records are counted as warnings and the rest loads; the exit code is non-zero only
when nothing could be read, or with --strict. Ctrl-C stops after the current batch; run the same
command again to finish.

Examples:
  $ trail-trace ingest files ./AWSLogs
  $ trail-trace ingest files --db incident-42.duckdb ./AWSLogs/o-abc123/111122223333 lookup.json`,
    )
    .action(async (paths: string[], opts: Record<string, unknown>) => {
      const { IngestFilesOptions, runIngestFiles } = await import('./commands/ingest-files.js');
      setExit(await runIngestFiles(IngestFilesOptions.parse({ ...opts, paths }), io));
    });

  const s3 = ingest
    .command('s3')
    .description('load an account or organisation trail from its S3 bucket')
    .argument('<location>', 's3://bucket or s3://bucket/prefix (the folder holding AWSLogs/)')
    .addOption(dbOption())
    .option('--accounts <ids>', 'only these accounts (comma-separated 12-digit ids)')
    .option('--regions <names>', 'only these regions (comma-separated)')
    .option('--from <time>', 'events from this time: 2026-03-09, 2026-03-09T14:00Z, or an age (36h, 7d)')
    .option('--to <time>', 'events up to this time (default: now)')
    .option('--concurrency <n>', 'parallel downloads', '8');
  ingestTail(s3, 'object or record', true)
    .addHelpText('after', S3_HELP)
    .action(async (url: string, opts: Record<string, unknown>) => {
      const { IngestS3Options, runIngestS3 } = await import('./commands/ingest-s3.js');
      setExit(await runIngestS3(IngestS3Options.parse({ ...opts, url }), io));
    });

  const lookup = ingest
    .command('lookup')
    .description('load CloudTrail Event history (LookupEvents API, last 90 days) of the account')
    .addOption(dbOption())
    .option('--account <id>', 'check that the credentials are for this account (gap hints say which one they need)')
    .option('--regions <names>', 'these regions (comma-separated); default: every region enabled for the account')
    .option('--from <time>', 'events from this time: 2026-03-09, 2026-03-09T14:00Z, or an age (36h, 7d); default 90d')
    .option('--to <time>', 'events up to this time (default: now)')
    .option('--attribute <key=value>', 'only events matching one LookupEvents attribute, e.g. AccessKeyId=ASIA…')
    .option('--concurrency <n>', 'regions fetched at the same time', '8')
    .addOption(new Option('--page-size <n>', 'events per LookupEvents call (1-50)').default('50').hideHelp());
  ingestTail(lookup, 'record', true)
    .addHelpText('after', LOOKUP_HELP)
    .action(async (opts: Record<string, unknown>) => {
      const { IngestLookupOptions, runIngestLookup } = await import('./commands/ingest-lookup.js');
      setExit(await runIngestLookup(IngestLookupOptions.parse(opts), io));
    });

  const athena = ingest
    .command('athena')
    .description('load events from an Athena table over the trail\'s bucket (one partition-pruned query)')
    .addOption(dbOption())
    .requiredOption('--database <name>', 'the Glue/Athena database holding the CloudTrail table')
    .requiredOption('--table <name>', 'the CloudTrail table')
    .option('--from <time>', 'events from this time (required): 2026-03-09, 2026-03-09T14:00Z, or an age (36h, 7d)')
    .option('--to <time>', 'events up to this time (default: now)')
    .option('--accounts <ids>', 'only these accounts (comma-separated 12-digit ids)')
    .option('--regions <names>', 'only events of these regions (comma-separated)')
    .option('--workgroup <name>', 'Athena workgroup (default: primary)')
    .option('--output <s3url>', 'where Athena writes the results, when the workgroup does not say')
    .addOption(new Option('--catalog <name>', 'data catalog').default('AwsDataCatalog'))
    .addOption(new Option('--page-size <n>', 'rows per GetQueryResults call (1-1000)').default('1000').hideHelp());
  ingestTail(athena, 'record', true)
    .addHelpText('after', ATHENA_HELP)
    .action(async (opts: Record<string, unknown>) => {
      const { IngestAthenaOptions, runIngestAthena } = await import('./commands/ingest-athena.js');
      setExit(await runIngestAthena(IngestAthenaOptions.parse(opts), io));
    });

  program
    .command('verify')
    .description('check the evidence: every kept file against its SHA-256, every stored event against its record')
    .addOption(dbOption())
    .addOption(new Option('--format <format>', 'text for people, json for scripts').choices(['text', 'json']).default('text'))
    .option('--public-keys <file>', 'AWS\'s CloudTrail public keys, as `aws cloudtrail list-public-keys` prints them (kept in the store)')
    .option('--fetch-public-keys', 'fetch them with cloudtrail:ListPublicKeys for the regions and days of the stored digests (kept in the store)', false)
    .addOption(awsOptionList()[0]!)
    .addOption(awsOptionList()[1]!)
    .addOption(awsOptionList()[2]!)
    .option('--no-progress', 'no progress bar (it is shown only on a terminal anyway)')
    .option('--no-color', 'no colour (also: NO_COLOR=1)')
    .addHelpText(
      'after',
      `
Every file loaded is kept in the store's evidence folder under the SHA-256 of its bytes. verify
reads each kept file again and checks that hash, then re-reads every record and compares it with
the event stored from it (time, name, caller, address, keys, the issuing fields the tracer uses).
CloudTrail digest files loaded with the logs (CloudTrail-Digest/) are checked offline: each
digest's SHA256withRSA signature (from its S3 metadata: kept by ingest s3, or given to ingest
files --digest-metadata; or the next digest's previousDigestSignature), the chain of digests per
account, region and trail, and each listed log file's SHA-256 against the kept copy. AWS's
public keys come from --public-keys FILE or --fetch-public-keys (ListPublicKeys), once.
Each file ends as:
  validated  a digest whose signature verifies lists it with this very content
  unsigned   unchanged since it was loaded, but no verified digest lists it (Event history,
             Athena, before validation was on, or the digest's signature is not known)
  tampered   changed after it was loaded, or not what a verified digest lists: traces and
             reports refuse records from a kept copy that changed
  missing    its kept copy is gone, or a verified digest lists it and it was never loaded
Exit code 0 when everything matches, 1 when a file is tampered or missing, a chain is broken or
a stored event differs from its record, 2 when the store cannot be read.

Examples:
  $ trail-trace verify
  $ aws cloudtrail list-public-keys --region eu-west-1 --start-time 2026-03-01 > keys.json
  $ trail-trace verify --public-keys keys.json
  $ trail-trace verify --format json | jq '.files[] | select(.verdict != "validated")'`,
    )
    .action(async (opts: Record<string, unknown>) => {
      const { runVerify, VerifyOptions } = await import('./commands/verify.js');
      setExit(await runVerify(VerifyOptions.parse(opts), io));
    });

  program
    .command('from-event')
    .description('trace one event to its origin: every hop, how it was linked, how sure that is')
    .argument('<eventId>', "the record's eventID")
    .addOption(dbOption())
    .addOption(gapDirOption())
    .addOption(ipRangesOption())
    .addOption(new Option('--format <format>', 'text for people, json for scripts (trail-trace/trace@1)').choices(['text', 'json']).default('text'))
    .option('--no-color', 'no colour (also: NO_COLOR=1)')
    .option('--tui', 'open the interactive terminal UI on this event (same as `trail-trace tui <eventId>`)', false)
    .addHelpText(
      'after',
      `
Each hop names the STS call that minted the session, and the link:
  access-key                   exact: the session's key is the one the call returned
  principal-and-creation-time  strong: console and Identity Center sessions sign with another key
  role-session-arn             heuristic: latest issuance of the same session ARN (alternatives listed)
Where the logs run out the trace is "broken" and says which account, region and days to load,
with the command that loads them: the way the store was loaded (ingest s3, athena or lookup),
or for a store loaded from files, an aws s3 sync into a new folder named for the account, region
and window under --gap-dir (never a folder that already holds evidence). Exit code 0 for any
trace; non-zero only when no trace could be made (unknown event id, no store).

Examples:
  $ trail-trace from-event 3f1c2a9e-0b1d-4c6e-9f1a-2b3c4d5e6f70
  $ trail-trace from-event 3f1c2a9e-0b1d-4c6e-9f1a-2b3c4d5e6f70 --format json | jq .origin`,
    )
    .action(async (eventId: string, opts: Record<string, unknown>) => {
      if (opts.tui === true) {
        const { runTui, TuiOptions } = await import('./commands/tui.js');
        setExit(await runTui(TuiOptions.parse({ eventId, db: opts.db, gapDir: opts.gapDir, awsIpRanges: opts.awsIpRanges, color: opts.color }), io));
      } else {
        const { fromEventOptions, runFromEvent } = await import('./commands/from-event.js');
        setExit(await runFromEvent(fromEventOptions({ ...opts, eventId }), io));
      }
    });

  program
    .command('report')
    .description('write a markdown incident report: summary, chain diagram, timeline, indicators, evidence')
    .argument('<eventId>', "the record's eventID")
    .addOption(dbOption())
    .addOption(gapDirOption())
    .addOption(ipRangesOption())
    .option('-o, --output <file>', 'write the report to this file (- or no -o: standard output)')
    .option('--force', 'replace the -o file if it exists', false)
    .option('--full', 'list every call in the timeline instead of the most important ones', false)
    .option('--timeline-limit <n>', 'most calls listed in the timeline without --full', String(DEFAULT_TIMELINE_LIMIT))
    .addHelpText(
      'after',
      `
The report is GitHub-flavoured markdown to paste into a ticket, wiki or GitHub issue:
  Summary       what happened, the origin, the chain, how sure, the time window
  Chain         a Mermaid diagram (accounts as boxes, confidence on the arrows) and the hops as a table
  Timeline      every call of the chain's sessions and origin; writes and sensitive calls marked
  Indicators    source IPs, user agents, access keys, role ARNs, accounts, regions: first/last seen, count
  Evidence      where each record was loaded from (file, S3 key, API), gaps and what to load,
                the store's coverage, the tool version and when the report was made
Log strings are escaped, so a crafted user agent or session name cannot break a table, add a
link or HTML, or break the diagram. SOURCE_DATE_EPOCH (seconds) fixes the "made at" time.

Examples:
  $ trail-trace report 3f1c2a9e-0b1d-4c6e-9f1a-2b3c4d5e6f70 -o incident.md
  $ trail-trace report 3f1c2a9e-0b1d-4c6e-9f1a-2b3c4d5e6f70 --full > incident-full.md`,
    )
    .action(async (eventId: string, opts: Record<string, unknown>) => {
      const { ReportOptions, runReport } = await import('./commands/report.js');
      setExit(await runReport(ReportOptions.parse({ ...opts, eventId }), io));
    });

  program
    .command('tui')
    .description('the interactive terminal UI: the chain, each session\'s calls, raw records (? lists the keys)')
    .argument('[eventId]', 'open on the chain of this event; without it, a start screen of events worth tracing')
    .addOption(dbOption())
    .addOption(gapDirOption())
    .addOption(ipRangesOption())
    .option('--no-color', 'no colour (also: NO_COLOR=1)')
    .addHelpText(
      'after',
      `
Needs a terminal (80×24 or larger). Keys: arrows or j/k move, Enter opens (a hop: its session's
calls; a call: its raw record), Esc goes back, t traces the selected event, / searches, r writes
the markdown report, ? lists every key, q quits. For scripts use from-event --format json.

Examples:
  $ trail-trace tui
  $ trail-trace tui 3f1c2a9e-0b1d-4c6e-9f1a-2b3c4d5e6f70 --db incident-42.duckdb`,
    )
    .action(async (eventId: string | undefined, opts: Record<string, unknown>) => {
      const { runTui, TuiOptions } = await import('./commands/tui.js');
      setExit(await runTui(TuiOptions.parse({ ...opts, eventId }), io));
    });

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
    // zod's error, recognised without loading zod before a command needs it.
    if (err instanceof Error && err.name === 'ZodError' && Array.isArray((err as { issues?: unknown }).issues)) {
      const issues = (err as Error & { issues: { path: PropertyKey[]; message: string }[] }).issues;
      io.stderr.write(`${c.red('error:')} ${issues.map((i) => `${flagName(i.path)}: ${i.message}`).join('; ')}\n`);
      return EXIT.usage;
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

/** An option as the user typed it (--page-size), not as the schema keys it (pageSize); arguments by name. */
function flagName(path: PropertyKey[]): string {
  const key = String(path[0] ?? '');
  if (key === '') return 'option';
  if (['eventId', 'paths', 'url'].includes(key)) return `<${key}>`;
  return `--${key.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)}`;
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
