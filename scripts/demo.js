// `npm run demo`: ingests the bundled fixtures into a temporary store and traces the demo incident,
// a chain across three accounts. Prints each command as a user would type it.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli/main.js');
const fixtures = path.join(root, 'fixtures/org-trail');
const scenarios = JSON.parse(readFileSync(path.join(root, 'fixtures/scenarios.json'), 'utf8')).scenarios;
const demo = scenarios.find((s) => s.name === 'cross-account-chain');
if (!demo) throw new Error('fixtures/scenarios.json has no cross-account-chain scenario');

const dir = mkdtempSync(path.join(tmpdir(), 'trail-trace-demo-'));
const db = path.join(dir, 'demo.duckdb');

function run(args) {
  const shown = ['trail-trace', ...args].map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ');
  process.stdout.write(`\n$ ${shown}\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`exit code ${r.status}`);
}

try {
  process.stdout.write(`Demo incident: ${demo.description}\n`);
  run(['ingest', 'files', path.relative(process.cwd(), fixtures) || '.', '--db', db]);
  run(['from-event', demo.target, '--db', db]);
  process.stdout.write(
    `\nTry it yourself:\n  node dist/cli/main.js from-event ${demo.target} --db ${db} --format json\n` +
      `  node dist/cli/main.js scope ${demo.target} --db ${db}   # everything the origin's key minted, did and changed; how to evict it\n` +
      `  node dist/cli/main.js report ${demo.target} --db ${db} -o incident.md   # the markdown incident report\n` +
      `  node dist/cli/main.js tui --db ${db}   # look around interactively: the chain, each session's calls (? lists the keys)\n` +
      `The other scenarios (SAML, GitHub Actions, EC2, console SwitchRole, broken chains…) are listed in fixtures/README.md.\n` +
      `The store is kept at ${db} for you to explore; delete the folder when done.\n`,
  );
} catch (err) {
  rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`demo failed: ${err.message}\n`);
  process.exitCode = 1;
}
