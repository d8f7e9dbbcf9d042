// The real third-party corpus (shared/cloudtrail-corpus): it all loads, and every use of a
// temporary key whose issuing call is in the corpus traces back to that call.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { openStore } from '../../src/store/store.js';
import { traceEventById } from '../../src/store/trace-event.js';
import { CORPUS, tempDir } from '../helpers/temp.js';

const present = existsSync(CORPUS);
if (!present) console.warn(`skipping corpus tests: ${CORPUS} is absent`);

describe.skipIf(!present)('third-party corpus', () => {
  it('loads without errors, and real key-linked uses trace to their issuing events', async () => {
    const store = await openStore(path.join(tempDir(), 's.duckdb'));
    const summary = await ingestPaths(store, [CORPUS]);
    expect(summary.files.failed).toBe(0);
    expect(summary.events.new).toBeGreaterThan(3000);

    // Every use of an ASIA key that some successful STS call in the corpus returned.
    const uses = await store.all<{ event_id: string; key: string; issuers: string[] }>(`
      SELECT u.event_id, u.identity_access_key_id AS key, list(DISTINCT i.event_id) AS issuers
      FROM events u JOIN events i ON i.issued_access_key_id = u.identity_access_key_id
      WHERE u.identity_access_key_id LIKE 'ASIA%' AND u.event_id <> i.event_id
      GROUP BY ALL ORDER BY u.event_id`);
    expect(uses.length).toBeGreaterThan(5);
    for (const use of uses) {
      const trace = await traceEventById(store, use.event_id);
      const hop = trace!.hops[0]!;
      expect(hop.link, `${use.event_id} (key ${use.key})`).toBe('access-key');
      expect(hop.confidence).toBe('exact');
      expect(use.issuers).toContain(hop.issuedBy!.eventId);
      expect(trace!.status).not.toBe('no-identity');
    }
    await store.close();
  });
});
