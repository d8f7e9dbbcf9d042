// Issue 17 point 5: the fixture organisation trail rewritten into every shape a responder may be
// handed (test/helpers/shapes.ts) loads the same events and traces every scenario to the same JSON
// as the trail files themselves. Only where the events came from differs (`location`).

import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG_TRAIL, orgTrailRecords, sourceFreeTrace } from '../helpers/org-trail.js';
import { SHAPES, type Rec } from '../helpers/shapes.js';
import { FIXTURES, removeDir, suiteDir } from '../helpers/temp.js';
import { ingestPaths, type IngestSummary } from '../../src/ingest/run-ingest.js';
import { openStore } from '../../src/store/store.js';
import { traceEventById } from '../../src/app/trace-event.js';
import { renderJson } from '../../src/report/json.js';

const scenarios = (JSON.parse(readFileSync(path.join(FIXTURES, 'scenarios.json'), 'utf8')) as { scenarios: { name: string; target: string }[] }).scenarios;

let dir: string;
let trailStore: string;
const shapes = new Map<string, { store: string; summary: IngestSummary }>();
/** Each scenario traced in the store loaded from the trail files. */
let expected: Map<string, unknown>;
/** What a shape made trail-trace do to a record (its time from the wrapper, read approximately), said in the trace's warnings. */
const DERIVED = /has no eventTime of its own|was read from \{key=value\} text/;
const derived = new Map<string, string[]>();
/** The trace less those warnings: the chain and its evidence are the same as the trail files'. */
function withoutDerived(trace: unknown): unknown {
  if (typeof trace !== 'object' || trace === null) return trace;
  const t = trace as { warnings?: string[] };
  return { ...t, warnings: (t.warnings ?? []).filter((w) => !DERIVED.test(w)) };
}

async function load(paths: string[], db: string): Promise<IngestSummary> {
  const store = await openStore(db);
  try {
    return await ingestPaths(store, paths);
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  dir = suiteDir();
  trailStore = path.join(dir, 'trail.duckdb');
  await load([ORG_TRAIL], trailStore);
  expected = await tracesIn(trailStore);
  const records = orgTrailRecords() as unknown as Rec[];
  for (const [i, shape] of SHAPES.entries()) {
    const folder = path.join(dir, `shape-${i}`);
    mkdirSync(folder);
    await shape.write(records, folder);
    const store = path.join(dir, `shape-${i}.duckdb`);
    shapes.set(shape.name, { store, summary: await load([folder], store) });
  }
}, 180_000);

afterAll(() => removeDir(dir));

/** Each target traced in the store, as from-event --format json gives it (less where the events came from). */
async function tracesIn(db: string): Promise<Map<string, unknown>> {
  const store = await openStore(db, { readOnly: true });
  try {
    const traces = new Map<string, unknown>();
    for (const s of scenarios) {
      const trace = await traceEventById(store, s.target);
      traces.set(s.target, trace ? sourceFreeTrace(renderJson(trace)) : `${s.target} not found`);
      if (trace) derived.set(`${db}\0${s.target}`, trace.warnings.filter((w) => DERIVED.test(w)));
    }
    return traces;
  } finally {
    await store.close();
  }
}

describe.each(SHAPES.map((s) => [s.name] as const))('%s', (name) => {
  it('loads every event of the trail, without a warning or a file that gave nothing', () => {
    const { summary } = shapes.get(name)!;
    expect(summary.warnings).toEqual({ total: 0, byKind: {} });
    expect(summary.files.empty).toBe(0);
    expect(summary.files.failed).toBe(0);
    // The trail delivers one record twice: a duplicate here too.
    expect(summary.events).toEqual({ new: 676, duplicate: 1 });
  });

  it('traces every scenario to the same JSON as the trail files', async () => {
    const db = shapes.get(name)!.store;
    const traces = await tracesIn(db);
    for (const s of scenarios) {
      expect(typeof expected.get(s.target), s.name).toBe('object');
      expect(withoutDerived(traces.get(s.target)), s.name).toEqual(expected.get(s.target));
      // Where the shape lacks eventTime or prints nested values as text, every trace says so of its target.
      const said = derived.get(`${db}\0${s.target}`)!;
      if (/Logstash @timestamp/.test(name)) expect(said, s.name).toContainEqual(expect.stringMatching(/^the target event .* has no eventTime of its own: its time is its export's "@timestamp"/));
      else if (/CSV download/.test(name)) expect(said.length, s.name).toBeGreaterThan(0);
      else expect(said, s.name).toEqual([]);
    }
  });
});
