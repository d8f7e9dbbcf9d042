#!/usr/bin/env node
// Bench child: DuckDB's bare read of a folder (bare-read.js) in a fresh process.
//   node scripts/bench/child-bare-read.js <corpusDir>
// Prints one JSON line on stdout: { readSeconds, readEvents, readEventsPerSecond }.

import { bareRead } from './bare-read.js';

const [corpusDir] = process.argv.slice(2);
if (!corpusDir) {
  process.stderr.write('usage: node scripts/bench/child-bare-read.js <corpusDir>\n');
  process.exit(2);
}
process.stdout.write(JSON.stringify(await bareRead(corpusDir)) + '\n');
