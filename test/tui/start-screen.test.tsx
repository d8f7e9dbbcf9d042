// The start screen on a store of its own: a list capped per kind says so and m shows the rest, and
// a store spanning two years shows the year of each row. Real DuckDB, real ingest, Ink frames.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { openStore, type Store } from '../../src/store/store.js';
import { prepareTuiSession, storeTuiData, WORTH_PER_KIND } from '../../src/app/tui-data.js';
import { heldStore } from '../../src/store/lease.js';
import type { TuiData } from '../../src/tui/data.js';
import { renderTui, type Frames } from '../helpers/ink-frames.js';
import { apiCall, iamUser } from '../helpers/records.js';
import { removeDir, suiteDir } from '../helpers/temp.js';

const A = '111111111111';
/** 12 admins each make one new key, from 2025-12-30 to 2026-01-01: 12 groups of one kind. */
const ADMINS = 12;

let dir: string;
let store: Store;
let data: TuiData;
let ui: Frames | undefined;

beforeAll(async () => {
  dir = suiteDir();
  const records = Array.from({ length: ADMINS }, (_, i) => ({
    ...apiCall({
      identity: iamUser(A, `admin-${String(i).padStart(2, '0')}`, `AKIAADMIN${String(i).padStart(11, '0')}`),
      time: new Date(Date.parse('2025-12-30T00:00:00Z') + i * 6 * 3600_000).toISOString().replace('.000Z', 'Z'),
      account: A, source: 'iam.amazonaws.com', name: 'CreateAccessKey', region: 'us-east-1',
    }),
    readOnly: false,
  }));
  writeFileSync(path.join(dir, 'keys.json'), JSON.stringify({ Records: records }));
  store = await openStore(path.join(dir, 's.duckdb'));
  await ingestPaths(store, [path.join(dir, 'keys.json')]);
  data = await storeTuiData(heldStore(store, prepareTuiSession), { reportDir: dir, toolVersion: '9.9.9', now: () => '2026-01-03T00:00:00Z' });
});
afterEach(() => ui?.unmount());
afterAll(async () => {
  await store.close();
  removeDir(dir);
});

describe('start screen', () => {
  it('counts the groups of each kind, listed or not', async () => {
    const capped = await data.worthTracing();
    expect(capped).toHaveLength(WORTH_PER_KIND);
    expect(capped.every((w) => w.ofKind === ADMINS)).toBe(true);
    expect(await data.worthTracing(true)).toHaveLength(ADMINS);
  });

  it('says when it caps a list, m shows the rest, and a store spanning two years shows years', async () => {
    ui = renderTui(data, { size: { columns: 100, rows: 30 } });
    const frame = await ui.waitFor('m shows all');
    expect(frame).toContain(`Shown: new key ${WORTH_PER_KIND} of ${ADMINS} — m shows all`);
    expect(frame).toMatch(/new key +iam:CreateAccessKey +×1 +2026-01-01 18:00 +user\/admin-11/);
    expect(frame.split('\n').filter((l) => l.includes('iam:CreateAccessKey'))).toHaveLength(WORTH_PER_KIND);
    await ui.press('m');
    const all = await ui.waitFor('Every group is shown');
    expect(all.split('\n').filter((l) => l.includes('iam:CreateAccessKey'))).toHaveLength(ADMINS);
    expect(all).toMatch(/2025-12-30 00:00 +user\/admin-00/);
  });
});
