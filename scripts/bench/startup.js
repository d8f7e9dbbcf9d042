// Start-up as a responder meets it: wall time of whole processes, the median of several runs, each
// beside a bare `node -e 0` measured in the same run (issue 14: --version within 3x of it,
// from-event on a small store within 6x).
//   import { measureStartup } from './bench/startup.js'

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timed(args, runs) {
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    times.push(performance.now() - started);
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return median(times);
}

/** { nodeMs, versionMs, smallTraceMs, bigTraceMs }: medians of `runs` processes each. */
export function measureStartup({ root, benchData, bigDb, bigEventId, runs = 7 }) {
  const cli = path.join(root, 'dist/cli/main.js');
  const small = path.join(benchData, 'startup', 'fixtures.duckdb');
  rmSync(path.dirname(small), { recursive: true, force: true });
  mkdirSync(path.dirname(small), { recursive: true });
  execFileSync(process.execPath, [cli, 'ingest', 'files', path.join(root, 'fixtures/org-trail'), '--db', small, '--no-progress'], { stdio: 'ignore' });
  const smallEvent = '0485349d-f4ab-436c-84b9-5675842530e8'; // the demo's cross-account chain
  return {
    nodeMs: timed(['-e', '0'], runs),
    versionMs: timed([cli, '--version'], runs),
    smallTraceMs: timed([cli, 'from-event', smallEvent, '--db', small], runs),
    bigTraceMs: bigEventId ? timed([cli, 'from-event', bigEventId, '--db', bigDb], runs) : null,
  };
}
