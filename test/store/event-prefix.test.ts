// An event named by a prefix of its id, as git takes a commit's: unique, ambiguous, too short.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { resolveEventId } from '../../src/store/events.js';
import { openStore } from '../../src/store/store.js';
import { apiCall, iamUser } from '../helpers/records.js';
import { tempDir } from '../helpers/temp.js';

describe('resolveEventId', () => {
  it('the id itself, a unique prefix of 8 or more, an ambiguous prefix, a short or unknown one', async () => {
    const dir = tempDir();
    const ids = ['abcdef12-0000-4000-8000-000000000001', 'abcdef12-1111-4000-8000-000000000002', 'fedcba98-0000-4000-8000-000000000003'];
    const records = ids.map((eventId, i) => apiCall({ identity: iamUser('111111111111', 'alice', 'AKIAALICE00000000001'), time: `2026-03-09T10:0${i}:00Z`, account: '111111111111', eventId }));
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ Records: records }));
    const store = await openStore(path.join(dir, 's.duckdb'));
    await ingestPaths(store, [dir]);
    expect(await resolveEventId(store, ids[0]!)).toEqual({ eventId: ids[0] });
    expect(await resolveEventId(store, 'abcdef12-1')).toEqual({ eventId: ids[1] });
    expect(await resolveEventId(store, 'fedcba98')).toEqual({ eventId: ids[2] });
    expect(await resolveEventId(store, 'abcdef12')).toEqual({ ambiguous: [ids[0], ids[1]] });
    expect(await resolveEventId(store, 'fedcba9')).toEqual({ none: true });
    expect(await resolveEventId(store, '00000000-nope')).toEqual({ none: true });
    await store.close();
  });
});
