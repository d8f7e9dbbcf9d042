// `trail-trace ingest files <path…>`: load CloudTrail files and folders into the store.

import { readFileSync } from 'node:fs';
import { readDigestMetadata } from '../../ingest/digest-inputs.js';
import { storeDigestSignatures, type DigestSignature } from '../../store/digests.js';
import { EXIT, UserError } from '../../errors.js';
import { ingestListing, type IngestSummary } from '../../ingest/run-ingest.js';
import { FilesSource } from '../../ingest/sources/files.js';
import { WARNING_TEXT, type WarningKind } from '../../ingest/warnings.js';
import { countEvents } from '../../store/events.js';
import type { Store } from '../../store/store.js';
import type { SourceListing } from '../../ingest/source.js';
import { terminalSafe } from '../../text/sanitize.js';
import { colors, useColor, type Io } from '../output.js';
import { ingestProgress } from '../progress.js';
import { limitsFrom, openStoreTelling, storePathFrom } from './common.js';
import type { IngestFilesValues } from './specs.js';

/** The options as declared in specs.ts (read and checked there). */
export type IngestFilesOptions = IngestFilesValues;

/** A warning's detail in the summary: room for a conflicting copy's other location and differing fields (the JSON has it whole). */
const DETAIL_MAX = 480;

export function formatSummary(summary: IngestSummary, storePath: string, storeEvents: number, color: boolean, unit = 'files'): string {
  const c = colors(color);
  const n = (x: number) => x.toLocaleString('en-US');
  const lines: string[] = [];
  const f = summary.files;
  const rate = summary.seconds > 0 ? Math.round((summary.events.new + summary.events.duplicate) / summary.seconds) : 0;
  lines.push(
    `${c.bold(summary.interrupted ? 'Ingest interrupted' : 'Ingest complete')} in ${summary.seconds.toFixed(1)} s (${n(rate)} events/s) → ${terminalSafe(storePath)}`,
  );
  lines.push(
    `  ${unit}:  ${n(f.seen)} found, ${n(f.loaded)} loaded, ${n(f.alreadyLoaded)} already in the store${f.failed ? `, ${c.red(n(f.failed))} unreadable` : ''}`,
  );
  if (f.empty) {
    // Not loaded and not remembered: a later run (or a version that reads them) loads them.
    lines.push(c.yellow(`  gave nothing: ${n(f.empty)} ${f.empty === 1 ? unit.replace(/s$/, '') : unit} with no CloudTrail event in ${f.empty === 1 ? 'it' : 'them'}, not remembered as stored`));
    for (const g of summary.gaveNothing) lines.push(c.dim(`      ${terminalSafe(g.source)}: ${g.why}`));
    if (f.empty > summary.gaveNothing.length) lines.push(c.dim(`      … and ${n(f.empty - summary.gaveNothing.length)} more`));
  }
  if (summary.readAs.files) {
    const r = summary.readAs;
    lines.push(`  read as: ${n(r.files)} ${r.files === 1 ? unit.replace(/s$/, '') : unit} not in CloudTrail's own shape`);
    for (const e of r.examples) lines.push(c.dim(`      ${terminalSafe(e.source)}: ${e.how}`));
    if (r.files > r.examples.length) lines.push(c.dim(`      … and ${n(r.files - r.examples.length)} more`));
  }
  if (summary.digests) lines.push(`  digests: ${n(summary.digests)} CloudTrail digest files kept (trail-trace verify checks the logs against them)`);
  if (f.restored) lines.push(c.yellow(`  kept copies restored: ${n(f.restored)} (missing or changed in the evidence folder; written again from these files)`));
  const skipped = Object.entries(summary.skipped);
  if (skipped.length) lines.push(`  skipped: ${skipped.map(([why, k]) => `${n(k)} ${why}`).join(', ')}`);
  lines.push(`  events: ${c.green(n(summary.events.new))} new, ${n(summary.events.duplicate)} duplicate (eventID already stored); store holds ${n(storeEvents)}`);
  if (summary.warnings.total > 0) {
    lines.push(c.yellow(`  warnings: ${n(summary.warnings.total)}`));
    for (const [kind, entry] of Object.entries(summary.warnings.byKind)) {
      if (!entry) continue;
      lines.push(`    ${n(entry.count)} × ${WARNING_TEXT[kind as WarningKind]} (${kind})`);
      for (const ex of entry.examples) {
        const where = `${ex.source}${ex.index !== undefined ? ` record ${ex.index}` : ''}`;
        lines.push(c.dim(`      ${terminalSafe(where)}${ex.detail ? `: ${terminalSafe(ex.detail.slice(0, DETAIL_MAX))}` : ''}`));
      }
    }
  }
  if (summary.interrupted) lines.push(c.yellow('  Stopped early: what was loaded is kept; run the same command again to load the rest.'));
  if (summary.stoppedByStrict) lines.push(c.red('  Stopped at the first warning (--strict); files before it were loaded.'));
  if (f.empty) lines.push(c.yellow(`  ${n(f.empty)} ${f.empty === 1 ? unit.replace(/s$/, '') : unit} gave nothing (named above): run again once trail-trace reads ${f.empty === 1 ? 'it' : 'them'}, or convert ${f.empty === 1 ? 'it' : 'them'} to CloudTrail records.`));
  return lines.join('\n') + '\n';
}

export async function runIngestFiles(options: IngestFilesOptions, io: Io): Promise<number> {
  const listing = await new FilesSource(options.paths).list();
  // Nothing to load, and nothing met that could not be listed: a path without logs. (Otherwise the
  // summary says what could not be read, a folder or a FIFO, and the run exits 5.)
  if (listing.total.files === 0 && !listing.warnings?.length) {
    throw new UserError(
      `No files found in ${options.paths.map((p) => terminalSafe(p)).join(', ')}.`,
      'Point at the folder `aws s3 sync` wrote (it holds AWSLogs/), at an export from a SIEM or CloudWatch Logs, or at the files themselves.',
      EXIT.notFound,
    );
  }
  const signatures = options.digestMetadata ? digestSignaturesFromFile(options.digestMetadata) : undefined;
  // Members of archives wait in a temporary folder: removed however the run ends, the store refusing to open too.
  const removeTemp = () => listing.close?.();
  try {
    return await runIngest(options, io, 'files', async (store) => {
      if (signatures) {
        await storeDigestSignatures(store, signatures.signatures);
        io.stderr.write(`Digest signatures: ${signatures.signatures.length} read from ${terminalSafe(options.digestMetadata!)}` +
          `${signatures.withoutSignature ? ` (${signatures.withoutSignature} objects without one)` : ''}; trail-trace verify uses them.\n`);
      }
      return listing;
    });
  } finally {
    // The ingest closes it when it ran; when it did not (the store would not open), here.
    await removeTemp();
  }
}

/** A file of `aws s3api head-object` outputs by digest key (ingest files --digest-metadata). */
function digestSignaturesFromFile(file: string): { signatures: DigestSignature[]; withoutSignature: number } {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`Cannot read the digest metadata in ${terminalSafe(file)}: ${code === 'ENOENT' ? 'no such file' : code ?? 'not JSON'}.`, DIGEST_METADATA_HINT, EXIT.unreadable);
  }
  const read = readDigestMetadata(value);
  if ('problem' in read) throw new UserError(`${terminalSafe(file)} is not digest metadata: ${read.problem}.`, DIGEST_METADATA_HINT, EXIT.unreadable);
  return { signatures: read.signatures.map((s) => ({ ...s, origin: file })), withoutSignature: read.withoutSignature };
}

const DIGEST_METADATA_HINT =
  'Write it as {"<digest key>": <aws s3api head-object --bucket B --key <digest key> output>, …}; the README shows a loop that does.';

/** What every ingest command takes (specs.ts ingestTail, and --db). */
export type IngestRunOptions = Pick<IngestFilesOptions, 'db' | 'strict' | 'maxFileSize' | 'maxRecordSize' | 'maxStringSize' | 'maxDepth' | 'progress' | 'color' | 'format'>;

/**
 * The summary for scripts (`--format json`): one trail-trace/ingest@1 document. Names from the
 * logs (file paths, S3 keys, details) are JSON strings, escaped by JSON itself.
 */
export function summaryJson(summary: IngestSummary, storePath: string, storeEvents: number, unit: string): string {
  const byKind = Object.fromEntries(Object.entries(summary.warnings.byKind).map(([kind, w]) => [kind, {
    count: w!.count,
    examples: w!.examples.map((e) => ({ source: e.source, ...(e.index !== undefined ? { index: e.index } : {}), ...(e.detail !== undefined ? { detail: e.detail } : {}) })),
  }]));
  return `${JSON.stringify({
    schema: 'trail-trace/ingest@1',
    store: { path: storePath, events: storeEvents },
    unit,
    files: { ...summary.files, digests: summary.digests },
    gaveNothing: summary.gaveNothing,
    readAs: summary.readAs,
    skipped: summary.skipped,
    events: summary.events,
    warnings: { total: summary.warnings.total, byKind },
    seconds: Math.round(summary.seconds * 1000) / 1000,
    interrupted: summary.interrupted,
    stoppedByStrict: summary.stoppedByStrict,
  }, null, 2)}\n`;
}

/**
 * What every `ingest` command shares: open the store, load the source's listing with a progress
 * bar, stop cleanly on Ctrl-C, print the summary, choose the exit code.
 */
export async function runIngest(
  options: IngestRunOptions,
  io: Io,
  unit: 'files' | 'objects' | 'slices' | 'pages',
  makeListing: (store: Store, signal: AbortSignal) => Promise<SourceListing>,
): Promise<number> {
  const storePath = storePathFrom(options.db, io.env);
  const limits = limitsFrom(options);
  const store = await openStoreTelling(storePath, io);
  const abort = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(EXIT.interrupted); // the open transaction is rolled back by DuckDB
    abort.abort();
    io.stderr.write('\nStopping after the current batch (Ctrl-C again to quit now)…\n');
  };
  process.on('SIGINT', onSigint);
  const progress = ingestProgress(io.stderr, options.progress, unit);
  try {
    const listing = await makeListing(store, abort.signal);
    const summary = await ingestListing(store, listing, {
      strict: options.strict,
      limits,
      // Tuning knob for tests and very small machines: compressed bytes per DuckDB batch.
      batchBytes: Number(io.env.TRAIL_TRACE_BATCH_BYTES) || undefined,
      onBatchRetry: io.env.TRAIL_TRACE_DEBUG
        ? (n, err) => io.stderr.write(`debug: batch of ${n} file(s) refused by DuckDB, retrying it in halves: ${err.message.split('\n')[0]}\n`)
        : undefined,
      signal: abort.signal,
      onProgress: (p) => progress.update(p),
      takeTurns: true,
    });
    progress.stop();
    const storeEvents = await countEvents(store);
    io.stdout.write(options.format === 'json'
      ? summaryJson(summary, storePath, storeEvents, unit)
      : formatSummary(summary, storePath, storeEvents, useColor(io.stdout, io.env, options.color), unit));
    if (summary.interrupted) return EXIT.interrupted;
    if (summary.stoppedByStrict || (options.strict && summary.warnings.total > 0)) return EXIT.findings;
    // Files were there, and not one could be read. (A source with nothing in the window, an Athena
    // query without rows, read nothing because there was nothing: that is done, not a failure.)
    // Or every file read held no CloudTrail event: nothing silently stored as nothing.
    // Or all there was could not be listed (a folder that may not be read, a FIFO).
    const unread = summary.files.failed + summary.files.empty + (listing.warnings?.length ?? 0);
    // Files were listed, and every one was passed over as not logs (a README, a PDF): no logs found.
    if (unit === 'files' && summary.files.seen === 0 && summary.digests === 0 && unread === 0 && summary.files.alreadyLoaded === 0) return EXIT.notFound;
    const nothingRead = unread > 0 && summary.files.loaded === 0 && summary.files.alreadyLoaded === 0 && summary.digests === 0;
    return nothingRead ? EXIT.unreadable : EXIT.ok;
  } finally {
    progress.stop();
    process.off('SIGINT', onSigint);
    await store.close();
  }
}
