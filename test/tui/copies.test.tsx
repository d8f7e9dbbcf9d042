// The terminal UI's record pane says when another copy of the event (same eventID, kept too)
// differs from the one shown (issue 17, point 4): where it was loaded from and each field, log text
// escaped, on a real store loaded with the export first and the trail file after it.

import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prepareTuiSession, storeTuiData } from '../../src/app/tui-data.js';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { heldStore } from '../../src/store/lease.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { TuiData } from '../../src/tui/data.js';
import { COPIES_ISSUING, COPIES_TARGET, writeConflictingCopies } from '../helpers/copies.js';
import { KEYS, renderTui, SGR, type Frames } from '../helpers/ink-frames.js';
import { removeDir, suiteDir } from '../helpers/temp.js';

const SIZE = { columns: 100, rows: 23 };

let dir: string;
let files: { trail: string; exported: string };
let store: Store;
let data: TuiData;
let ui: Frames | undefined;

beforeAll(async () => {
  dir = suiteDir();
  files = writeConflictingCopies(path.join(dir, 'logs'));
  store = await openStore(path.join(dir, 's.duckdb'));
  await ingestPaths(store, [files.exported]);
  await ingestPaths(store, [files.trail]);
  data = await storeTuiData(heldStore(store, prepareTuiSession), { reportDir: dir, toolVersion: '9.9.9', now: () => '2026-03-11T08:00:00Z' });
});
afterEach(() => ui?.unmount());
afterAll(async () => {
  await store.close();
  removeDir(dir);
});

describe('the record pane and other copies of the event', () => {
  it('the data: each differing copy of the event, none for an event without one', async () => {
    expect(await data.recordCopies(COPIES_TARGET)).toEqual([expect.objectContaining({ location: files.exported, index: 0 })]);
    expect((await data.recordCopies(COPIES_ISSUING))[0]?.differences).toEqual([{ field: 'sourceIPAddress', used: '198.51.100.7', other: '192.0.2.66' }]);
    expect(await data.recordCopies('no-such-event')).toEqual([]);
  });

  it('Enter on the target: "another copy of this event differs" above the record, with where and how, nothing raw reaching the terminal', async () => {
    ui = renderTui(data, { size: SIZE, eventId: COPIES_TARGET });
    await ui.waitFor('ORIGIN');
    await ui.press(KEYS.enter);
    const frame = (await ui.waitFor('another copy of this event differs')).replace(SGR, '').replace(/\n↪ /g, '');
    expect(frame).toContain(`! another copy of this event differs: ${files.exported} record 0`);
    expect(frame).toContain('sourceIPAddress: "203.0.113.9" here, "192.0.2.66" in that copy');
    expect(frame).toContain('userAgent: "Boto3/1.34.0 md/Botocore#1.34.0" here, "evil/1.0 \\x1b[2J\\x1b[31mpwned" in that copy');
    expect(frame).not.toContain('\u001b[2J');
    // The record below is the copy traced: the trail file's.
    await ui.press('/', '"sourceIPAddress":', KEYS.enter);
    expect(await ui.waitFor(/lines (?!1–)/)).toContain('"sourceIPAddress": "203.0.113.9"');
  });
});
