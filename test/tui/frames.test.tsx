// Frames of each view of the terminal UI at 80×24 (23 lines: Ink keeps the last one free) on the
// fixture store, driven by keys as a user types them: start screen, chain, a hop's timeline with a
// filter, a record, the help. Compared with golden frames in test/golden/tui/; to accept a
// deliberate change, run `npx vitest run test/tui/frames.test.tsx -u` and read the diff.

import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import type { TuiData } from '../../src/tui/data.js';
import { KEYS, renderTui, type Frames } from '../helpers/ink-frames.js';
import { fixtureTui, scenarioTarget, type FixtureTui } from '../helpers/tui-store.js';

const GOLDEN = path.resolve(import.meta.dirname, '../golden/tui');
const DEMO = scenarioTarget('cross-account-chain');
const SIZE = { columns: 80, rows: 23 };

let fixture: FixtureTui;
let store: Store;
let data: TuiData;
let ui: Frames | undefined;

beforeAll(async () => {
  fixture = await fixtureTui();
  ({ store, data } = fixture);
});
afterEach(() => ui?.unmount());
afterAll(() => fixture.close());

/** The frame with the store's temporary path replaced, lines checked to fit the width. */
function portable(frame: string, columns = SIZE.columns): string {
  for (const line of frame.split('\n')) expect(Array.from(line).length, line).toBeLessThanOrEqual(columns);
  expect(frame.split('\n').length).toBeLessThanOrEqual(SIZE.rows);
  return frame.replaceAll(store.path, '$DB').replaceAll(path.basename(store.path), '$DB_FILE') + '\n';
}

describe('terminal UI frames at 80 columns', () => {
  it('start screen: coverage and the events worth tracing', async () => {
    ui = renderTui(data, { size: SIZE });
    await ui.waitFor('Worth tracing');
    await expect(portable(ui.frame())).toMatchFileSnapshot(path.join(GOLDEN, 'start.txt'));
    // Enter traces the selected row: the StopLogging of the demo incident.
    await ui.press(KEYS.enter);
    await ui.waitFor('Complete chain');
    expect(ui.frame()).toContain('cloudtrail:StopLogging');
  });

  it('chain: target, two hops with their link and confidence, the origin', async () => {
    ui = renderTui(data, { size: SIZE, eventId: DEMO });
    const frame = await ui.waitFor('ORIGIN');
    await expect(portable(frame)).toMatchFileSnapshot(path.join(GOLDEN, 'chain.txt'));
  });

  it('timeline of hop 1, writes only; its record; back with Esc', async () => {
    ui = renderTui(data, { size: SIZE, eventId: DEMO });
    await ui.waitFor('ORIGIN');
    await ui.press('j', KEYS.enter);
    await ui.waitFor('1/26 calls');
    await expect(portable(ui.frame())).toMatchFileSnapshot(path.join(GOLDEN, 'timeline.txt'));
    await ui.press('w');
    await ui.waitFor('Filters: writes only');
    await expect(portable(await ui.waitFor('1/3 calls'))).toMatchFileSnapshot(path.join(GOLDEN, 'timeline-writes.txt'));
    await ui.press('j', KEYS.enter);
    await ui.waitFor('Record · event c74d3559-05ad-440d-8a72-cf7f21bfce10 · lines 1–19 of 55');
    await expect(portable(ui.frame())).toMatchFileSnapshot(path.join(GOLDEN, 'record.txt'));
    await ui.press(KEYS.escape);
    await ui.waitFor('2/3 calls');
    await ui.press(KEYS.escape);
    await ui.waitFor('Complete chain');
  });

  it('help lists every key', async () => {
    ui = renderTui(data, { size: SIZE, eventId: DEMO });
    await ui.waitFor('ORIGIN');
    await ui.press('?');
    await expect(portable(await ui.waitFor('Keys'))).toMatchFileSnapshot(path.join(GOLDEN, 'help.txt'));
    await ui.press('x');
    await ui.waitFor('ORIGIN');
  });

  it('an anonymous call says so in words', async () => {
    ui = renderTui(data, { size: SIZE, eventId: scenarioTarget('no-identity-anonymous') });
    const frame = await ui.waitFor('s3:GetObject');
    expect(frame).toContain('by anonymous (no credentials)');
    expect(frame).not.toContain('by AWSAccount');
  });

  it('a wider terminal gets account and region columns and more rows', async () => {
    ui = renderTui(data, { size: { columns: 120, rows: 40 }, eventId: DEMO });
    await ui.waitFor('ORIGIN');
    await ui.press('a');
    const frame = await ui.waitFor('1/63 calls');
    // The origin's key and hop 2's both show: the key column is there because keys vary on screen.
    expect(frame).toMatch(/TIME +WHO +CALL +KEY +ACCOUNT +REGION +NOTE/);
    expect(frame).toMatch(/origin +. sts:AssumeRole +…TT27NB +111111111111 us-east-1 +issued hop 2/);
    expect(frame).toMatch(/hop 2 +. iam:ListRoles +…OEABZD /);
    // One source IP on screen: no column for it.
    expect(frame).not.toMatch(/SOURCE IP/);
    expect(frame.split('\n').filter((l) => / (hop \d|origin) /.test(l))).toHaveLength(40 - 3 - 5);
  });

  it('search, then trace the call found, from the chain', async () => {
    ui = renderTui(data, { size: SIZE, eventId: DEMO });
    await ui.waitFor('ORIGIN');
    await ui.press('/', 'createaccesskey', KEYS.enter);
    await ui.waitFor('Filters: search "createaccesskey"');
    await ui.waitFor('1/1 call');
    await ui.press('t');
    await ui.waitFor('Timeline › Chain');
    const frame = await ui.waitFor('Complete chain');
    expect(frame).toContain('iam:CreateAccessKey');
  });

  it('an unknown event id says so', async () => {
    ui = renderTui(data, { size: SIZE, eventId: 'no-such-event' });
    expect(await ui.waitFor('is not in this store')).toContain('Event no-such-event is not in this store.');
  });
});
