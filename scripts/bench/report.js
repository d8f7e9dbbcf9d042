// The bench's report: each figure beside its baseline and its target, then the checks that what was
// measured is right (scripts/bench.js gathers the figures; this prints them).

import os from 'node:os';

const MiB = 1024 * 1024;

// Targets from the issue, for a 2-core machine.
export const TARGETS = {
  eventsPerSecond: 150_000,
  ingestToBareRead: 1.5,
  smallFileOverheadMs: 0.2,
  oneFileRssMiB: 1024,
  peakRssMiB: 1024,
  storeToInputRatio: 1.5,
  traceP50Ms: 50,
  traceP95Ms: 200,
  scopeMs: 1000, // the scope of an origin with ~50 minted credentials
  verifySeconds: 10,
  versionToNode: 3,
  smallTraceToNode: 6,
};

export const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmtMiB = (bytes) => `${(bytes / MiB).toFixed(1)} MiB`;
const fmtMs = (ms) => (ms == null ? 'n/a' : `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`);

function verdict(ok) {
  if (ok == null) return '';
  const color = process.stdout.isTTY && !process.env.NO_COLOR;
  if (!color) return ok ? 'PASS' : 'FAIL';
  return ok ? '\x1b[32mPASS\x1b[0m' : '\x1b[1;31mFAIL\x1b[0m';
}

// Rows are [metric, measured, baseline, target, verdict].
function table(rows) {
  const widths = [0, 0, 0, 0];
  for (const r of rows) for (let i = 0; i < 4; i++) widths[i] = Math.max(widths[i], String(r[i] ?? '').length);
  return rows.map((r) => `  ${String(r[0]).padEnd(widths[0])}  ${String(r[1] ?? '').padStart(widths[1])}  ${String(r[2] ?? '').padStart(widths[2])}  ${String(r[3] ?? '').padEnd(widths[3])}  ${r[4] ?? ''}`.trimEnd()).join('\n');
}

export function report({ manifest, input, ingest, store, trace, scope, verify, startup, baseline, generatedSeconds, small, oneFile }) {
  const results = [];
  const row = (name, measured, base, target, ok) => {
    if (ok != null) results.push({ name, ok });
    return [name, measured, base, target, verdict(ok)];
  };
  const eps = ingest ? ingest.events / ingest.seconds : null;
  const storeBytes = store.dbBytes + store.walBytes + store.evidenceBytes;
  const ratio = storeBytes / input.bytes;
  const oneMillion = manifest.events >= 1_000_000;
  const traceNote = oneMillion ? '' : ` (target set for 1M)`;

  const rows = [
    ['metric', 'measured', 'baseline', 'target', ''],
    ['------', '--------', '--------', '------', ''],
    ['events in corpus', fmtInt(manifest.events), '', '', ''],
    ['files (.json.gz)', fmtInt(input.files), '', '', ''],
  ];
  if (ingest) {
    rows.push(['ingest wall time', `${ingest.seconds.toFixed(2)} s`, `${baseline.readSeconds.toFixed(2)} s`, '', '']);
    rows.push(row('ingest throughput', `${fmtInt(eps)} events/s`, `${fmtInt(baseline.readEventsPerSecond)} events/s`, `>= ${fmtInt(TARGETS.eventsPerSecond)}`, eps >= TARGETS.eventsPerSecond));
    const toBare = ingest.seconds / baseline.readSeconds;
    rows.push(row('ingest / DuckDB bare read', `${toBare.toFixed(2)}x`, '1x', `<= ${TARGETS.ingestToBareRead}x`, toBare <= TARGETS.ingestToBareRead));
    rows.push(row('peak RSS (ingest)', `${ingest.maxRssMB.toFixed(0)} MiB`, '', `<= ${fmtInt(TARGETS.peakRssMiB)} MiB`, ingest.maxRssMB <= TARGETS.peakRssMiB));
  }
  if (small) {
    const files = small.manifest.files;
    const overheadMs = ((small.ingest.seconds - small.bare.readSeconds) * 1000) / files;
    rows.push([`small files: ingest (${fmtInt(files)} files, ${fmtInt(small.manifest.events)} events)`, `${small.ingest.seconds.toFixed(2)} s`, `${small.bare.readSeconds.toFixed(2)} s`, '', '']);
    rows.push(['small files: ingest / bare read', `${(small.ingest.seconds / small.bare.readSeconds).toFixed(2)}x`, '1x', '', '']);
    rows.push(row('small files: overhead per file', `${overheadMs.toFixed(2)} ms`, '', `<= ${TARGETS.smallFileOverheadMs} ms`, overheadMs <= TARGETS.smallFileOverheadMs));
  }
  if (oneFile) {
    rows.push([`one file of ${fmtMiB(oneFile.bytes)} JSON (${fmtMiB(oneFile.gzBytes)} gz): ingest`, `${oneFile.ingest.seconds.toFixed(2)} s`, '', '', '']);
    rows.push(row('one file: peak RSS', `${oneFile.ingest.maxRssMB.toFixed(0)} MiB`, '', `<= ${fmtInt(TARGETS.oneFileRssMiB)} MiB`, oneFile.ingest.maxRssMB <= TARGETS.oneFileRssMiB));
  }
  rows.push(['compressed input', fmtMiB(input.bytes), '', '', '']);
  rows.push(['store on disk', fmtMiB(storeBytes), '', `<= ${fmtMiB(input.bytes * TARGETS.storeToInputRatio)}`, '']);
  rows.push(['  database (.duckdb + .wal)', fmtMiB(store.dbBytes + store.walBytes), '', '', '']);
  rows.push(['  evidence folder', fmtMiB(store.evidenceBytes), '', '', '']);
  rows.push(row('store / input', `${ratio.toFixed(2)}x`, '', `<= ${TARGETS.storeToInputRatio.toFixed(2)}x`, ratio <= TARGETS.storeToInputRatio));
  rows.push(row('trace p50', fmtMs(trace.p50), fmtMs(baseline.lookupP50Ms), `<= ${TARGETS.traceP50Ms} ms${traceNote}`, trace.p50 != null && trace.p50 <= TARGETS.traceP50Ms));
  rows.push(row('trace p95', fmtMs(trace.p95), fmtMs(baseline.lookupP95Ms), `<= ${TARGETS.traceP95Ms} ms${traceNote}`, trace.p95 != null && trace.p95 <= TARGETS.traceP95Ms));
  rows.push(['trace max', fmtMs(trace.max), '', '', '']);
  const { origin, heavy } = scope;
  rows.push(row(`scope: origin, ${fmtInt(origin.descendants)} minted credentials`, fmtMs(origin.ms), fmtMs(origin.baseline?.traceMs),
    `< ${fmtInt(TARGETS.scopeMs)} ms${traceNote}`, origin.ms < TARGETS.scopeMs));
  rows.push([`scope: key with ${fmtInt(heavy.calls)} calls`, fmtMs(heavy.ms), fmtMs(heavy.baseline.countMs), '', '']);
  rows.push(row('scope: that key, peak RSS growth', `${heavy.rssGrowthMiB.toFixed(0)} MiB`, `${heavy.baseline.loadRssGrowthMiB.toFixed(0)} MiB`,
    '< loading its calls', heavy.rssGrowthMiB < heavy.baseline.loadRssGrowthMiB));
  const x = (ms) => `${(ms / startup.nodeMs).toFixed(1)}x`;
  rows.push(['start-up: node -e 0', fmtMs(startup.nodeMs), '', '', '']);
  rows.push(row('start-up: --version', fmtMs(startup.versionMs), fmtMs(startup.nodeMs), `<= ${TARGETS.versionToNode}x node (${x(startup.versionMs)})`, startup.versionMs <= TARGETS.versionToNode * startup.nodeMs));
  rows.push(row('from-event, small store (process)', fmtMs(startup.smallTraceMs), fmtMs(startup.nodeMs), `<= ${TARGETS.smallTraceToNode}x node (${x(startup.smallTraceMs)})`, startup.smallTraceMs <= TARGETS.smallTraceToNode * startup.nodeMs));
  if (startup.bigTraceMs != null) rows.push(['from-event, this store (process)', fmtMs(startup.bigTraceMs), '', '', '']);
  rows.push(row('verify (whole store)', `${verify.seconds.toFixed(2)} s`, `${baseline.readSeconds.toFixed(2)} s`, `<= ${TARGETS.verifySeconds} s${oneMillion ? '' : ' (target set for 1M)'}`, verify.seconds <= TARGETS.verifySeconds));

  const out = [];
  out.push('');
  out.push(`trail-trace bench: ${fmtInt(manifest.events)} events, ${manifest.accounts.length} accounts x ${manifest.regions.length} regions, ${manifest.from.slice(0, 10)}..${manifest.to.slice(0, 10)} (seed ${manifest.seed})`);
  out.push(`machine: ${os.availableParallelism?.() ?? os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.arch()} (targets are for a 2-core machine)`);
  if (generatedSeconds != null) out.push(`corpus generated in ${generatedSeconds.toFixed(1)} s`);
  out.push('');
  out.push(table(rows));
  out.push('');
  out.push(`baseline, measured in this run on this machine: ingest = DuckDB's bare read_json + unnest of the same ` +
    `${fmtInt(input.files)} files (${fmtInt(baseline.readEvents)} records; no kept copies, checks or index): trail-trace's ingest takes ` +
    `${ingest ? `${(ingest.seconds / baseline.readSeconds).toFixed(2)}x` : 'n/a'} its time. ` +
    `trace = one event looked up by eventID in the same store (${baseline.lookups} lookups): a trace costs ` +
    `${trace.p50 != null && baseline.lookupP50Ms ? `${(trace.p50 / baseline.lookupP50Ms).toFixed(1)}x` : 'n/a'} that at p50. ` +
    `scope, origin = one trace, back to the origin, of the first call of its deepest credential (${origin.depth} levels down): ` +
    `the scope (medians of ${origin.times.length} runs after a warm-up) costs ${origin.baseline ? `${(origin.ms / origin.baseline.traceMs).toFixed(0)}x` : 'n/a'} that. ` +
    `scope, heavy key = DuckDB's bare count(*) of its calls in the same store (median of ${heavy.times.length} runs after its first); ` +
    `its RSS = the growth while reading those calls into JS (SELECT *: ${fmtInt(heavy.baseline.loadRows)} rows in ${(heavy.baseline.loadMs / 1000).toFixed(2)} s), ` +
    `what a scope that loaded them would hold; the scope's own is its first run's, the process's first work after opening the store.`);
  out.push('');

  // Correctness of what was measured: a fast ingest that dropped events is not a pass.
  const checks = [];
  if (ingest) {
    const evOk = ingest.events === manifest.events;
    const dupOk = ingest.duplicates === manifest.duplicates;
    checks.push(`ingest: ${fmtInt(ingest.events)} new events (corpus has ${fmtInt(manifest.events)}) ${evOk ? 'OK' : 'MISMATCH'}; ` +
      `${fmtInt(ingest.duplicates)} duplicates (corpus has ${fmtInt(manifest.duplicates)}) ${dupOk ? 'OK' : 'MISMATCH'}; ` +
      `${fmtInt(ingest.files)} files loaded${ingest.filesFailed ? `, ${fmtInt(ingest.filesFailed)} FAILED` : ''}${ingest.skipped ? `, ${fmtInt(ingest.skipped)} skipped` : ''}; ` +
      `${fmtInt(ingest.warnings)} warnings${ingest.warnings ? ` ${JSON.stringify(ingest.warningKinds)}` : ''}; store closed in ${ingest.closeSeconds.toFixed(2)} s`);
  }
  const st = trace.status ?? {};
  checks.push(`traces: ${trace.count} timed after ${trace.warmup} warm-up; complete ${st.complete ?? 0}, broken ${st.broken ?? 0}, no-identity ${st['no-identity'] ?? 0}; ` +
    `mean hops ${trace.meanHops.toFixed(2)} (${Object.entries(trace.hopCounts).map(([h, n]) => `${n} with ${h} hop${h === '1' ? '' : 's'}`).join(', ')}); ` +
    `links ${Object.entries(trace.confidence ?? {}).map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}; ` +
    `${trace.notFound} not found, ${trace.errors} errors; store opened in ${fmtMs(trace.openMs)}`);
  checks.push(`verify: ${fmtInt(verify.files)} files ${JSON.stringify(verify.verdicts)}; ${fmtInt(verify.recordsCompared)} stored events compared with their kept records, ` +
    `${fmtInt(verify.recordsDiffering)} differ${verify.recordsDiffering || verify.verdicts.tampered || verify.verdicts.missing ? ' MISMATCH' : ' OK'}; peak RSS ${verify.maxRssMB.toFixed(0)} MiB`);
  if (trace.expected.checked) {
    checks.push(`trace results: ${trace.expected.matched}/${trace.expected.checked} match the chain the generator built (status, hops, origin type)`);
  }
  const sameOrigin = origin.descendants === origin.expectedDescendants;
  const sameHeavy = heavy.calls === heavy.expectedCalls;
  checks.push(`scope: ${scope.rule}. origin ${origin.accessKeyId} (${origin.arn}): ${fmtInt(origin.descendants)} minted credentials ` +
    `(the generator made ${fmtInt(origin.expectedDescendants)}) ${sameOrigin ? 'OK' : 'MISMATCH'}, ${origin.depth} levels, ${fmtInt(origin.calls)} calls in ${origin.accounts} accounts, ` +
    `${fmtInt(origin.changes)} changes; runs ${origin.times.map((t) => fmtMs(t)).join(', ')}. heavy ${heavy.accessKeyId} (${heavy.arn}): ${fmtInt(heavy.calls)} calls ` +
    `(the generator made ${fmtInt(heavy.expectedCalls)}) ${sameHeavy ? 'OK' : 'MISMATCH'}, ${heavy.credentials - 1} minted; first run ${fmtMs(heavy.coldMs)} ` +
    `from ${heavy.rssBeforeMiB.toFixed(0)} MiB RSS, then ${heavy.times.map((t) => fmtMs(t)).join(', ')}` +
    `${origin.warnings.length + heavy.warnings.length ? `; warnings: ${[...origin.warnings, ...heavy.warnings].join(' | ')}` : ''}`);
  for (const c of checks) out.push(c);
  for (const m of trace.expected.mismatches.slice(0, 5)) {
    out.push(`  differs: ${m.eventId} (${m.category}) expected ${JSON.stringify(m.expected)} got ${JSON.stringify(m.got)}`);
  }
  out.push('');
  const failed = results.filter((r) => !r.ok);
  out.push(failed.length === 0
    ? `RESULT: all ${results.length} targets ${verdict(true)}`
    : `RESULT: ${verdict(false)}: ${failed.length} of ${results.length} targets missed (${failed.map((r) => r.name).join(', ')})`);
  out.push('');
  process.stdout.write(out.join('\n') + '\n');
  return { results, eps, ratio, storeBytes };
}
