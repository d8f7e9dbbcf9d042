#!/usr/bin/env node
// Bench child: `trail-trace verify` over the whole store, read-only, as the CLI runs it.
//   node scripts/bench/child-verify.js <dbPath>
// Prints one JSON line: seconds, files by verdict, records compared and differing, peak RSS.

import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../../dist/store/store.js';
import { verifyStore } from '../../dist/store/verify.js';

const [dbPath] = process.argv.slice(2);
if (!dbPath) {
  process.stderr.write('usage: node scripts/bench/child-verify.js <dbPath>\n');
  process.exit(2);
}
const started = performance.now();
const store = await openStore(path.resolve(dbPath), { readOnly: true });
const result = await verifyStore(store);
await store.close();
const verdicts = {};
for (const f of result.files) verdicts[f.verdict] = (verdicts[f.verdict] ?? 0) + 1;
process.stdout.write(JSON.stringify({
  seconds: (performance.now() - started) / 1000,
  files: result.files.length,
  verdicts,
  recordsCompared: result.records.compared,
  recordsDiffering: result.records.differences.length,
  maxRssMB: process.resourceUsage().maxRSS / 1024,
}) + '\n');
