// A writer killed while copying a log into the evidence folder leaves `*.tmp` behind: the next
// process that opens the store for writing removes them, kept files untouched; readers leave them.

import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evidenceDirOf, openStore } from '../../src/store/store.js';
import { tempDir } from '../helpers/temp.js';

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
