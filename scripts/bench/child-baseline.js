#!/usr/bin/env node
// Bench child: the baseline, measured in the same run on the same machine, that trail-trace's
// figures are read against (a busy or slow machine moves both).
//   node scripts/bench/child-baseline.js <corpusDir> <dbPath> <targets.json>
// 1. DuckDB's bare read_json + unnest of every .json.gz of the corpus: decompression and
//    JSON parsing with nothing of trail-trace's (no kept copies, no checks, no index). What ingest
//    costs beyond this is trail-trace's own.
// 2. One event looked up by eventID in the bench store, for each trace target: the cost of the
//    smallest query a trace makes, against which a whole trace (several queries) is measured.
// Prints one JSON line on stdout: { readSeconds, readEvents, readEventsPerSecond, lookupP50Ms, lookupP95Ms, maxRssMB }.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { bareRead } from './bare-read.js';

const [corpusDir, dbPath, targetsPath] = process.argv.slice(2);
if (!corpusDir || !dbPath || !targetsPath) {
  process.stderr.write('usage: node scripts/bench/child-baseline.js <corpusDir> <dbPath> <targets.json>\n');
  process.exit(2);
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

// 1. Read the corpus with DuckDB's own JSON reader, in a throwaway in-memory database.
const { readSeconds, readEvents } = await bareRead(corpusDir);
let started;

// 2. Point lookups by eventID in the store trail-trace built.
const targets = JSON.parse(readFileSync(targetsPath, 'utf8'));
const ids = (Array.isArray(targets) ? targets : targets.targets).map((t) => (typeof t === 'string' ? t : t.eventId));
const store = await DuckDBInstance.create(path.resolve(dbPath), { access_mode: 'READ_ONLY' });
const conn = await store.connect();
const lookup = await conn.prepare('SELECT * FROM events WHERE event_id = $1');
// As child-trace.js: 5 warm-up lookups, then every target timed.
for (const id of ids.slice(0, 5)) {
  lookup.bindVarchar(1, id);
  await lookup.runAndReadAll();
}
const times = [];
for (const id of ids) {
  lookup.bindVarchar(1, id);
  started = performance.now();
  await lookup.runAndReadAll();
  times.push(performance.now() - started);
}
conn.closeSync();
store.closeSync();
times.sort((a, b) => a - b);

process.stdout.write(JSON.stringify({
  readSeconds,
  readEvents,
  readEventsPerSecond: readEvents / readSeconds,
  lookups: times.length,
  lookupP50Ms: times.length ? quantile(times, 0.5) : null,
  lookupP95Ms: times.length ? quantile(times, 0.95) : null,
  maxRssMB: process.resourceUsage().maxRSS / 1024,
}) + '\n');
