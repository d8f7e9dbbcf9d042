#!/usr/bin/env node
// Bench child: one `ingest files` run in a fresh process, so peak RSS is the ingest's own.
//   node scripts/bench/child-ingest.js <corpusDir> <dbPath>
// Prints one JSON line on stdout: { seconds, events, duplicates, files, warnings, maxRssMB, … }.
// Progress and warnings from the ingest itself go to stderr.

import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../../dist/store/store.js';
import { ingestPaths } from '../../dist/ingest/run-ingest.js';

const [corpusDir, dbPath] = process.argv.slice(2);
if (!corpusDir || !dbPath) {
  process.stderr.write('usage: node scripts/bench/child-ingest.js <corpusDir> <dbPath>\n');
  process.exit(2);
}

const store = await openStore(path.resolve(dbPath));
let summary;
let seconds;
const started = performance.now();
try {
  summary = await ingestPaths(store, [path.resolve(corpusDir)], { batchBytes: Number(process.env.TRAIL_TRACE_BATCH_BYTES) || undefined });
  seconds = (performance.now() - started) / 1000;
} finally {
  await store.close();
}
// Closing checkpoints the WAL into the database file: reported, not counted in events/s.
const closeSeconds = (performance.now() - started) / 1000 - seconds;

// src/ingest/run-ingest.ts reports files as { seen, loaded, alreadyLoaded, failed }; accept a plain count too.
const files = typeof summary.files === 'number' ? summary.files : summary.files.loaded;
const filesFailed = typeof summary.files === 'number' ? 0 : summary.files.failed ?? 0;
const skipped = Object.values(summary.skipped ?? {}).reduce((a, b) => a + b, 0);

process.stdout.write(JSON.stringify({
  seconds,
  closeSeconds,
  events: summary.events.new,
  duplicates: summary.events.duplicate,
  files,
  filesFailed,
  skipped,
  warnings: summary.warnings?.total ?? 0,
  warningKinds: Object.fromEntries(Object.entries(summary.warnings?.byKind ?? {}).map(([k, v]) => [k, v.count])),
  interrupted: summary.interrupted ?? false,
  // resourceUsage().maxRSS is in kilobytes on Linux.
  maxRssMB: process.resourceUsage().maxRSS / 1024,
}) + '\n');
