// A writer killed while copying a log into the evidence folder leaves `*.tmp` behind: the next
// process that opens the store for writing removes them, kept files untouched; readers leave them.
// The same for the record lines an ingest stages beside the store.

import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { evidenceDirOf, makeStagingDir, openStore, stagingDirOf } from '../../src/store/store.js';
import { FIXTURES, tempDir } from '../helpers/temp.js';

describe('orphan temporary copies', () => {
  it('are removed when the store is next opened for writing, and only they', async () => {
    const db = path.join(tempDir(), 's.duckdb');
    await (await openStore(db)).close();
    const folder = path.join(evidenceDirOf(db), 'ab');
    mkdirSync(folder, { recursive: true });
    const kept = 'ab12.json.gz';
    const orphan = `${kept}.4242.0b9c3f1e-1111-4222-8333-944445555666.tmp`;
    writeFileSync(path.join(folder, kept), 'kept');
    writeFileSync(path.join(folder, orphan), 'half a copy');

    await (await openStore(db, { readOnly: true })).close();
    expect(existsSync(path.join(folder, orphan))).toBe(true);

    await (await openStore(db)).close();
    expect(readdirSync(folder)).toEqual([kept]);
  });
});

describe('the staging folder of record lines', () => {
  it('left by a crashed ingest is removed by the next writer; a folder of that name that is not trail-trace\'s is never touched', async () => {
    const dir = tempDir();
    const db = path.join(dir, 's.duckdb');
    await (await openStore(db)).close();
    // A crashed ingest's: marked.
    const staging = stagingDirOf(db);
    await makeStagingDir(db);
    writeFileSync(path.join(staging, '0.ndjson'), '{"i":0,"r":{}}\n');
    await (await openStore(db, { readOnly: true })).close();
    expect(existsSync(path.join(staging, '0.ndjson'))).toBe(true);
    await (await openStore(db)).close();
    expect(existsSync(staging)).toBe(false);

    // The user's own folder that happens to have the name: left as it is, and an ingest says why it cannot run.
    mkdirSync(staging);
    writeFileSync(path.join(staging, 'notes.txt'), 'mine');
    const store = await openStore(db);
    try {
      expect(readdirSync(staging)).toEqual(['notes.txt']);
      await expect(ingestPaths(store, [path.join(FIXTURES, 'org-trail')])).rejects.toThrow(/exists and is not trail-trace's/);
      expect(readdirSync(staging)).toEqual(['notes.txt']);
    } finally {
      await store.close();
    }
  });
});
