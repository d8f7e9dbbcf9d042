#!/usr/bin/env node
// `npm run bench` (= npm run build && node --expose-gc scripts/bench.js [options])
//
//   --events N   corpus size (default 1,000,000; `--events 100000` for a quick run)
//   --seed S     corpus seed (default 1)
//   --fresh      regenerate the corpus even if bench-data/corpus already matches
//   --skip-ingest  reuse bench-data/bench.duckdb from the previous run; time traces only
//   --small-files N  also a corpus of N events in CloudTrail's 5-minute files of a few events each
//                (default 30,000; 0 skips): per-file overhead of ingest beside DuckDB's bare read
//   --one-file-mb N  also one trail file of about N MB of JSON made from the corpus (default 0:
//                skipped; 1000 for the 1 GB file): ingest time and peak RSS
//   --data DIR   where corpora, stores and results live (default bench-data/; e.g. a second folder
//                for the 10,000,000-event corpus, so that the 1,000,000 one is kept)
//
// 1. generates a synthetic organisation-trail corpus into bench-data/corpus (never committed),
//    unless one with the same size and seed is already there;
// 2. deletes bench-data/bench.duckdb (+ .wal, + .evidence/) and runs `ingest files` on the
//    corpus's AWSLogs/ tree in a child process (scripts/bench/child-ingest.js): events/s and peak RSS;
// 3. measures the store on disk against the compressed input;
// 4. times 200 traces in a second child (scripts/bench/child-trace.js): p50/p95/max;
// 5. times `scope` in a third (scripts/bench/child-scope.js) from the two keys the manifest names:
//    the origin with about 50 minted credentials, and the key with about 100,000 calls (time and
//    peak RSS growth), beside a trace of one of the origin's calls, DuckDB's count(*) of the heavy
//    key's calls and reading those calls into JS;
// 6. measures the baseline in another child (scripts/bench/child-baseline.js): DuckDB's bare read of
//    the same files, and one eventID lookup in the same store, on this machine in this run;
// 7. prints each figure beside its baseline and its target. Missing a target prints FAIL but exits 0:
//    this is a measurement. A crash of a step exits 1.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { GENERATOR_VERSION, readManifest } from './bench/generate.js';
import { measureStartup } from './bench/startup.js';
import { TARGETS, fmtInt, report } from './bench/report.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH_DATA = dataDirFrom(process.argv.slice(2)) ?? path.join(ROOT, 'bench-data');
const CORPUS = path.join(BENCH_DATA, 'corpus');
const DB = path.join(BENCH_DATA, 'bench.duckdb');

function parseCount(text) {
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)([km])?$/i.exec(String(text).replace(/[_,]/g, ''));
  if (!m) throw new Error(`not a count: ${text}`);
  const n = Number(m[1]) * (m[2]?.toLowerCase() === 'k' ? 1e3 : m[2]?.toLowerCase() === 'm' ? 1e6 : 1);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`not a positive whole count: ${text}`);
  return n;
}

/** --data DIR, read before anything else: every path below hangs from it. */
function dataDirFrom(argv) {
  const i = argv.findIndex((a) => a === '--data' || a.startsWith('--data='));
  if (i < 0) return undefined;
  const value = argv[i].startsWith('--data=') ? argv[i].slice(7) : argv[i + 1];
  if (!value) throw new Error('--data needs a folder');
  return path.resolve(value);
}

function parseArgs(argv) {
  const opts = { events: 1_000_000, seed: 1, fresh: false, skipIngest: false, smallFiles: 30_000, oneFileMb: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--events') opts.events = parseCount(value());
    else if (a.startsWith('--events=')) opts.events = parseCount(a.slice(9));
    else if (a === '--seed') opts.seed = Number(value());
    else if (a === '--fresh') opts.fresh = true;
    else if (a === '--skip-ingest') opts.skipIngest = true;
    else if (a === '--small-files') {
      const v = value();
      opts.smallFiles = v === '0' ? 0 : parseCount(v);
    }
    else if (a === '--one-file-mb') opts.oneFileMb = parseCount(value());
    else if (a === '--data') value(); // read by dataDirFrom
    else if (a.startsWith('--data=')) continue;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run bench -- [--events N] [--seed S] [--fresh] [--skip-ingest] [--small-files N|0] [--one-file-mb N] [--data DIR]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a} (try --help)`);
  }
  return opts;
}

function log(msg) {
  process.stderr.write(`[bench] ${msg}\n`);
}

/** Total bytes of a file or a folder tree; 0 when absent. */
function sizeOf(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const e of readdirSync(p)) total += sizeOf(path.join(p, e));
  return total;
}

function compressedInput(dir) {
  let bytes = 0, files = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json.gz')) { bytes += statSync(p).size; files++; }
    }
  };
  walk(path.join(dir, 'AWSLogs'));
  return { bytes, files };
}

/** Runs `node [nodeArgs…] script args…`; stderr passes through; resolves with the last JSON line of stdout. */
function runChild(script, args, { json = true, nodeArgs = [] } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const lines = out.split('\n').filter((l) => l.trim());
      const jsonLine = [...lines].reverse().find((l) => l.trimStart().startsWith('{'));
      for (const l of lines) if (l !== jsonLine) process.stderr.write(`${l}\n`);
      if (code !== 0) return reject(new Error(`${path.relative(ROOT, script)} exited with ${signal ?? code}`));
      if (!json) return resolve(null);
      if (!jsonLine) return reject(new Error(`${path.relative(ROOT, script)} printed no JSON result`));
      try { resolve(JSON.parse(jsonLine)); } catch (err) { reject(err); }
    });
  });
}

function checkBuilt() {
  const needed = ['dist/store/store.js', 'dist/ingest/run-ingest.js', 'dist/app/trace-event.js', 'dist/app/scope.js'];
  const missing = needed.filter((f) => !existsSync(path.join(ROOT, f)));
  if (missing.length) {
    throw new Error(`missing ${missing.join(', ')}: build first (\`npm run bench\` runs \`npm run build\`)`);
  }
}

async function ensureCorpus({ events, seed, fresh, skipIngest }) {
  const manifest = readManifest(CORPUS);
  const reusable = !fresh && manifest && manifest.generator === GENERATOR_VERSION && manifest.events === events &&
    manifest.seed === seed && existsSync(path.join(CORPUS, 'targets.json'));
  if (reusable) {
    log(`reusing corpus ${path.relative(ROOT, CORPUS)} (${events.toLocaleString('en-US')} events, seed ${seed}; --fresh regenerates)`);
    return { manifest, generatedSeconds: null };
  }
  // The store holds the corpus it was ingested from: a new one (another size, seed or generator
  // version) has other events, and its trace targets and scope starts are not in that store.
  if (skipIngest) {
    const was = manifest ? `${manifest.generator}, ${manifest.events} events, seed ${manifest.seed}` : 'none';
    throw new Error(`--skip-ingest needs the corpus the store was made from, and ${path.relative(ROOT, CORPUS)} would be regenerated (it holds ${was}): run without --skip-ingest`);
  }
  log(`generating ${events.toLocaleString('en-US')} events into ${path.relative(ROOT, CORPUS)} …`);
  const started = performance.now();
  await runChild(path.join(ROOT, 'scripts/bench/generate.js'), ['--events', String(events), '--seed', String(seed), '--out', CORPUS], { json: false });
  return { manifest: readManifest(CORPUS), generatedSeconds: (performance.now() - started) / 1000 };
}

const SMALL_CORPUS = path.join(BENCH_DATA, 'corpus-small');
const SMALL_DB = path.join(BENCH_DATA, 'small.duckdb');
const ONE_FILE_DIR = path.join(BENCH_DATA, 'one-file');
const ONE_FILE_DB = path.join(BENCH_DATA, 'one-file.duckdb');

function removeStore(db) {
  for (const p of [db, `${db}.wal`, `${db}.evidence`, `${db}.staging`]) rmSync(p, { recursive: true, force: true });
}

/** A real account's shape: thousands of 5-minute files of a few events; ingest beside DuckDB's bare read of them. */
async function smallFilesStage(events, seed, fresh) {
  const manifest = readManifest(SMALL_CORPUS);
  if (fresh || !manifest || manifest.generator !== GENERATOR_VERSION || manifest.events !== events || manifest.seed !== seed || manifest.shape !== 'small-files') {
    log(`generating ${events.toLocaleString('en-US')} events in small files into ${path.relative(ROOT, SMALL_CORPUS)} …`);
    await runChild(path.join(ROOT, 'scripts/bench/generate.js'), ['--events', String(events), '--seed', String(seed), '--out', SMALL_CORPUS, '--small-files'], { json: false });
  }
  const logs = path.join(SMALL_CORPUS, 'AWSLogs');
  removeStore(SMALL_DB);
  log(`small files: ingest files ${path.relative(ROOT, logs)} (child process) …`);
  const ingest = await runChild(path.join(ROOT, 'scripts/bench/child-ingest.js'), [logs, SMALL_DB]);
  const bare = await runChild(path.join(ROOT, 'scripts/bench/child-bare-read.js'), [logs]);
  removeStore(SMALL_DB);
  return { manifest: readManifest(SMALL_CORPUS), ingest, bare };
}

/** One trail file of about N MB of JSON: ingest time and peak RSS. */
async function oneFileStage(mb) {
  const { writeOneFile } = await import('./bench/one-file.js');
  log(`one file: writing ${mb} MB of the corpus's records as one trail file …`);
  rmSync(ONE_FILE_DIR, { recursive: true, force: true });
  const { file, bytes } = await writeOneFile(path.join(CORPUS, 'AWSLogs'), ONE_FILE_DIR, mb);
  removeStore(ONE_FILE_DB);
  log(`one file: ingest files ${path.relative(ROOT, file)} (child process) …`);
  const ingest = await runChild(path.join(ROOT, 'scripts/bench/child-ingest.js'), [ONE_FILE_DIR, ONE_FILE_DB]);
  removeStore(ONE_FILE_DB);
  return { bytes, gzBytes: statSync(file).size, ingest };
}

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  checkBuilt();
  mkdirSync(BENCH_DATA, { recursive: true });

  const { manifest, generatedSeconds } = await ensureCorpus(opts);
  const input = compressedInput(CORPUS);
  globalThis.gc?.();

  let ingest = null;
  if (opts.skipIngest) {
    if (!existsSync(DB)) throw new Error(`--skip-ingest: no ${path.relative(ROOT, DB)} from an earlier run`);
    log(`--skip-ingest: reusing ${path.relative(ROOT, DB)}`);
  } else {
    for (const p of [DB, `${DB}.wal`, `${DB}.evidence`]) rmSync(p, { recursive: true, force: true });
    // The log tree only: manifest.json and targets.json beside it are not CloudTrail files.
    const logs = path.join(CORPUS, 'AWSLogs');
    log(`ingest files ${path.relative(ROOT, logs)} → ${path.relative(ROOT, DB)} (child process) …`);
    ingest = await runChild(path.join(ROOT, 'scripts/bench/child-ingest.js'), [logs, DB]);
    log(`ingest: ${fmtInt(ingest.events)} events in ${ingest.seconds.toFixed(2)} s, peak RSS ${ingest.maxRssMB.toFixed(0)} MiB`);
  }

  const store = { dbBytes: sizeOf(DB), walBytes: sizeOf(`${DB}.wal`), evidenceBytes: sizeOf(`${DB}.evidence`) };

  log(`tracing ${path.relative(ROOT, path.join(CORPUS, 'targets.json'))} (child process) …`);
  const trace = await runChild(path.join(ROOT, 'scripts/bench/child-trace.js'), [DB, path.join(CORPUS, 'targets.json')]);

  log(`scope: the manifest's origin and heavy key (child process) …`);
  const scope = await runChild(path.join(ROOT, 'scripts/bench/child-scope.js'), [DB, path.join(CORPUS, 'manifest.json')], { nodeArgs: ['--expose-gc'] });

  log('verify: every kept file re-hashed and every stored event compared with its record (child process) …');
  const verify = await runChild(path.join(ROOT, 'scripts/bench/child-verify.js'), [DB]);

  log('baseline: DuckDB alone reading the corpus, and eventID lookups in the store (child process) …');
  const baseline = await runChild(path.join(ROOT, 'scripts/bench/child-baseline.js'), [path.join(CORPUS, 'AWSLogs'), DB, path.join(CORPUS, 'targets.json')]);

  log('start-up: whole processes, beside a bare node -e 0 …');
  const targets = JSON.parse(readFileSync(path.join(CORPUS, 'targets.json'), 'utf8'));
  const firstTarget = (Array.isArray(targets) ? targets : targets.targets)[0];
  const startup = measureStartup({ root: ROOT, benchData: BENCH_DATA, bigDb: DB, bigEventId: typeof firstTarget === 'string' ? firstTarget : firstTarget?.eventId });

  const small = opts.smallFiles > 0 ? await smallFilesStage(opts.smallFiles, opts.seed, opts.fresh) : null;
  const oneFile = opts.oneFileMb > 0 ? await oneFileStage(opts.oneFileMb) : null;

  const summary = report({ manifest, input, ingest, store, trace, scope, verify, startup, baseline, generatedSeconds, small, oneFile });
  const record = {
    when: new Date().toISOString(),
    commit: gitCommit(),
    machine: { cores: os.availableParallelism?.() ?? os.cpus().length, memoryBytes: os.totalmem(), node: process.version, platform: `${os.platform()} ${os.arch()}` },
    corpus: { events: manifest.events, records: manifest.records, duplicates: manifest.duplicates, files: input.files, compressedBytes: input.bytes, seed: manifest.seed, generatedSeconds },
    ingest,
    eventsPerSecond: summary.eps,
    store: { ...store, totalBytes: summary.storeBytes, ratioToInput: summary.ratio },
    trace,
    scope,
    verify,
    startup,
    baseline,
    targets: TARGETS,
    results: summary.results,
  };
  writeFileSync(path.join(BENCH_DATA, 'results.json'), JSON.stringify(record, null, 2) + '\n');
  log(`results saved to ${path.relative(ROOT, path.join(BENCH_DATA, 'results.json'))}`);
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
