// The terminal UI's data over a store of the fixture organisation trail, as the TUI tests share it.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { openStore, type Store } from '../../src/store/store.js';
import { prepareTuiSession, storeTuiData } from '../../src/app/tui-data.js';
import { heldStore } from '../../src/store/lease.js';
import type { TuiData } from '../../src/tui/data.js';
import { FIXTURES, removeDir, suiteDir } from './temp.js';

/** "Now" for the UI in tests: report file times and relative ages stay the same from run to run. */
export const FIXTURE_NOW = '2026-03-11T08:00:00Z';

const scenarios: { name: string; target: string }[] = JSON.parse(readFileSync(path.join(FIXTURES, 'scenarios.json'), 'utf8')).scenarios;

/** The names of the fixture scenarios, in fixtures/scenarios.json's order. */
export const SCENARIO_NAMES: readonly string[] = scenarios.map((s) => s.name);

/** The target event id of a fixture scenario (fixtures/scenarios.json). */
export function scenarioTarget(name: string): string {
  const found = scenarios.find((s) => s.name === name);
  if (!found) throw new Error(`no fixture scenario named ${name}`);
  return found.target;
}

export interface FixtureTui {
  dir: string;
  store: Store;
  data: TuiData;
  close(): Promise<void>;
}

/** A fresh store of fixtures/org-trail in a suite folder, and the UI's data over it. */
export async function fixtureTui(): Promise<FixtureTui> {
  const dir = suiteDir();
  const store = await openStore(path.join(dir, 'fixtures.duckdb'));
  await ingestPaths(store, [path.join(FIXTURES, 'org-trail')]);
  const data = await storeTuiData(heldStore(store, prepareTuiSession), { reportDir: dir, toolVersion: '9.9.9', now: () => FIXTURE_NOW });
  return {
    dir,
    store,
    data,
    async close() {
      await store.close();
      removeDir(dir);
    },
  };
}
