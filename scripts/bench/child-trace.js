#!/usr/bin/env node
// Bench child: open the store read-only, warm up with 5 traces, then time each of the targets.
//   node scripts/bench/child-trace.js <dbPath> <targets.json>
// Prints one JSON line on stdout with latency percentiles, status counts, hop counts and how
// many traces agree with the result the generator built each chain to produce.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../../dist/store/store.js';
import { traceEventById } from '../../dist/app/trace-event.js';

const [dbPath, targetsPath] = process.argv.slice(2);
if (!dbPath || !targetsPath) {
  process.stderr.write('usage: node scripts/bench/child-trace.js <dbPath> <targets.json>\n');
  process.exit(2);
}

const doc = JSON.parse(readFileSync(path.resolve(targetsPath), 'utf8'));
// targets.json from generate.js: { targets: [{ eventId, expect: { status, hops, origin } }] };
// a plain array of ids is accepted too.
const targets = (Array.isArray(doc) ? doc : doc.targets).map((t) => (typeof t === 'string' ? { eventId: t } : t));

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length); // nearest-rank
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

const openStarted = performance.now();
const store = await openStore(path.resolve(dbPath), { readOnly: true });
const openMs = performance.now() - openStarted;

const warmup = targets.slice(0, 5);
for (const t of warmup) await traceEventById(store, t.eventId);

const latencies = [];
const status = {};
const hopCounts = {};
const origins = {};
const confidence = {}; // hops by link confidence: exact | strong | heuristic | unlinked
const mismatches = [];
let notFound = 0, errors = 0, hopsTotal = 0, traced = 0, matched = 0, checked = 0;
for (const t of targets) {
  const started = performance.now();
  let trace;
  try {
    trace = await traceEventById(store, t.eventId);
  } catch (err) {
    errors++;
    if (errors <= 3) process.stderr.write(`trace ${t.eventId} failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    continue;
  } finally {
    latencies.push(performance.now() - started);
  }
  if (!trace) { notFound++; continue; }
  traced++;
  status[trace.status] = (status[trace.status] ?? 0) + 1;
  const hops = trace.hops?.length ?? 0;
  hopsTotal += hops;
  hopCounts[hops] = (hopCounts[hops] ?? 0) + 1;
  for (const hop of trace.hops ?? []) {
    const c = hop.confidence ?? 'unlinked';
    confidence[c] = (confidence[c] ?? 0) + 1;
  }
  const originType = trace.origin?.type ?? null;
  origins[originType ?? 'none'] = (origins[originType ?? 'none'] ?? 0) + 1;
  if (t.expect) {
    checked++;
    const e = t.expect;
    const ok = trace.status === e.status && (e.status !== 'complete' || (hops === e.hops && originType === e.origin));
    if (ok) matched++;
    else if (mismatches.length < 10) mismatches.push({ eventId: t.eventId, category: t.category, expected: e, got: { status: trace.status, hops, origin: originType } });
  }
}
await store.close();

const sorted = [...latencies].sort((a, b) => a - b);
process.stdout.write(JSON.stringify({
  count: latencies.length,
  warmup: warmup.length,
  openMs,
  p50: percentile(sorted, 50),
  p95: percentile(sorted, 95),
  max: sorted[sorted.length - 1] ?? null,
  mean: latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1),
  status,
  meanHops: traced ? hopsTotal / traced : 0,
  hopCounts,
  origins,
  confidence,
  notFound,
  errors,
  expected: { checked, matched, mismatches },
  maxRssMB: process.resourceUsage().maxRSS / 1024,
}) + '\n');
