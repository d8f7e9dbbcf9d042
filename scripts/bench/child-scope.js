#!/usr/bin/env node
// Bench child: `scope` on the bench store (issue "Scope the incident" 7), each figure beside a
// baseline measured in this process on the same store.
//   node --expose-gc scripts/bench/child-scope.js <dbPath> <manifest.json>
// The starts are the manifest's (generate.js chooses them by rule from what it generated):
// 1. heavy, the key that signed most calls (the metrics exporter, ~100,000 at 1M). Its first scope
//    is the process's first work after opening the store, its RSS sampled throughout: the peak
//    growth says whether the scope held the calls. Then the median of 3 more. Baselines: DuckDB's
//    bare count(*) of the key's calls; and reading the key's calls into JS (SELECT *), what a scope
//    that loaded them would hold, with its own RSS growth.
// 2. origin, the key whose minted credentials number closest to 50: one warm-up, median of 5.
//    Baseline: a trace of the first call of the deepest credential in that scope, back to this key
//    (one warm-up, median of 5): the walk the scope makes for each credential, once.
// Prints one JSON line on stdout; each scope's counts are checked against the generator's.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../../dist/store/store.js';
import { scopeInStore } from '../../dist/app/scope.js';
import { traceEventById } from '../../dist/app/trace-event.js';

const [dbPath, manifestPath] = process.argv.slice(2);
if (!dbPath || !manifestPath) {
  process.stderr.write('usage: node --expose-gc scripts/bench/child-scope.js <dbPath> <manifest.json>\n');
  process.exit(2);
}
const starts = JSON.parse(readFileSync(path.resolve(manifestPath), 'utf8')).scope;
if (!starts?.origin || !starts?.heavy) throw new Error(`${manifestPath} names no scope starts: regenerate the corpus (--fresh)`);

const MiB = 1024 * 1024;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(fn) {
  const started = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - started };
}

/** Median time of `runs` calls after `warmup` untimed ones; the last result. */
async function medianOf(fn, runs, warmup = 1) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const r = await timed(fn);
    times.push(r.ms);
    result = r.result;
  }
  return { result, ms: median(times), times };
}

/**
 * fn's time and the peak growth of the process's RSS while it ran, above the RSS when it started:
 * sampled every few ms (DuckDB works on its own threads, so the event loop is free while it does),
 * and the kernel's high-water mark when fn raised it.
 */
async function withPeakRss(fn) {
  globalThis.gc?.();
  const before = process.memoryUsage.rss();
  const highBefore = process.resourceUsage().maxRSS * 1024;
  let peak = before;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 5);
  let r;
  try {
    r = await timed(fn);
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  const highAfter = process.resourceUsage().maxRSS * 1024;
  if (highAfter > highBefore) peak = Math.max(peak, highAfter);
  return { ...r, rssBeforeMiB: before / MiB, rssGrowthMiB: (peak - before) / MiB };
}

const noTrace = () => { throw new Error('a key start traces no event'); };
const scopeOf = (key) => scopeInStore(store, key, {}, noTrace);

/** Levels below the start of the deepest credential, and that credential. */
function deepest(scope) {
  const byId = new Map(scope.credentials.map((c) => [c.id, c]));
  const depthOf = (c) => (c.parent ? 1 + depthOf(byId.get(c.parent)) : 0);
  let best = null, bestDepth = -1;
  for (const c of scope.credentials) {
    const d = depthOf(c);
    if (d > bestDepth && c.activity?.firstEventId) { best = c; bestDepth = d; }
  }
  return { credential: best, depth: bestDepth };
}

const opened = await timed(() => openStore(path.resolve(dbPath), { readOnly: true }));
const store = opened.result;

// 1. The heavy key: first its cold scope with RSS sampled, then warm runs and the baselines.
const heavyKey = starts.heavy.accessKeyId;
const cold = await withPeakRss(() => scopeOf(heavyKey));
const heavyScope = cold.result;
const heavyWarm = await medianOf(() => scopeOf(heavyKey), 3, 0);
const countSql = 'SELECT count(*) AS n FROM events WHERE identity_access_key_id = $key';
const bareCount = await medianOf(() => store.all(countSql, { key: heavyKey }), 5);
const loadAll = await withPeakRss(async () => (await store.all('SELECT * FROM events WHERE identity_access_key_id = $key', { key: heavyKey })).length);
const heavyCalls = heavyScope.credentials[0]?.activity?.calls ?? 0;

// 2. The origin with about 50 minted credentials, and a trace of one of its deepest calls.
const originKey = starts.origin.accessKeyId;
const origin = await medianOf(() => scopeOf(originKey), 5);
const originScope = origin.result;
const deep = deepest(originScope);
const trace = deep.credential ? await medianOf(() => traceEventById(store, deep.credential.activity.firstEventId), 5) : null;

await store.close();

const heavy = {
  accessKeyId: heavyKey,
  arn: starts.heavy.arn,
  calls: heavyCalls,
  expectedCalls: starts.heavy.calls,
  credentials: heavyScope.credentials.length,
  changes: heavyScope.changes.length,
  warnings: heavyScope.warnings,
  coldMs: cold.ms,
  ms: heavyWarm.ms,
  times: heavyWarm.times,
  rssBeforeMiB: cold.rssBeforeMiB,
  rssGrowthMiB: cold.rssGrowthMiB,
  baseline: {
    countMs: bareCount.ms,
    count: Number(bareCount.result[0]?.n ?? 0),
    loadRows: loadAll.result,
    loadMs: loadAll.ms,
    loadRssGrowthMiB: loadAll.rssGrowthMiB,
  },
};
const originOut = {
  accessKeyId: originKey,
  arn: starts.origin.arn,
  credentials: originScope.credentials.length,
  descendants: originScope.credentials.length - 1,
  expectedDescendants: starts.origin.descendants,
  depth: deep.depth,
  calls: originScope.credentials.reduce((n, c) => n + (c.activity?.calls ?? 0), 0),
  accounts: new Set(originScope.credentials.map((c) => c.accountId).filter(Boolean)).size,
  changes: originScope.changes.length,
  warnings: originScope.warnings,
  ms: origin.ms,
  times: origin.times,
  baseline: trace ? { traceMs: trace.ms, eventId: deep.credential.activity.firstEventId, hops: trace.result?.hops?.length ?? null, times: trace.times } : null,
};
process.stdout.write(JSON.stringify({
  rule: starts.rule,
  openMs: opened.ms,
  heavy,
  origin: originOut,
  maxRssMB: process.resourceUsage().maxRSS / 1024,
}) + '\n');
