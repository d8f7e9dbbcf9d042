// The events table's columns (SQL, queries/ingest/extract-events.sql) and the tracer's TrailEvent
// (TS, src/trace/record.ts) read the same records; they must agree, or lookups would miss candidates.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { rawRecordOf, type EventRow } from '../../src/store/events.js';
import { openStore } from '../../src/store/store.js';
import { toTrailEvent } from '../../src/trace/record.js';
import { CORPUS, FIXTURES, tempDir } from '../helpers/temp.js';

const sources = [CORPUS, path.join(FIXTURES, 'org-trail')].filter((p) => existsSync(p));

describe.skipIf(sources.length === 0)('SQL extraction agrees with toTrailEvent', () => {
  it(`on every record of ${sources.map((s) => path.basename(s)).join(' and ')}`, async () => {
    const store = await openStore(path.join(tempDir(), 's.duckdb'));
    await ingestPaths(store, sources);
    const rows = await store.all<EventRow & Record<string, unknown>>(`
      SELECT e.*, strftime(e.event_time, '%Y-%m-%dT%H:%M:%SZ') AS t,
             strftime(e.session_creation_date, '%Y-%m-%dT%H:%M:%SZ') AS created,
             NULL AS record, f.kept_path, f.container, f.source,
             -- What an issuing call returned is kept beside its working record, or with the key's making.
             coalesce(i.issued_access_key_id, c.issued_access_key_id) AS issued_access_key_id, i.issued_principal_id, i.issued_arn
      FROM events e JOIN source_files f USING (file_id)
      LEFT JOIN identity_events i ON i.file_id = e.file_id AND i.record_index = e.record_index
      LEFT JOIN iam_credential_events c ON c.file_id = e.file_id AND c.record_index = e.record_index`);
    expect(rows.length).toBeGreaterThan(500);
    for (const row of rows) {
      const raw = JSON.parse((await rawRecordOf(store, row))!);
      const r = toTrailEvent(raw);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      const e = r.event;
      const got = {
        id: row.event_id, time: row.t, source: row.event_source ?? '', name: row.event_name ?? '',
        account: row.recipient_account_id ?? undefined, type: row.identity_type, arn: row.identity_arn ?? undefined,
        principal: row.identity_principal_id ?? undefined, key: row.identity_access_key_id ?? undefined,
        created: row.created ?? undefined, shared: row.shared_event_id ?? undefined,
        issuedKey: row.issued_access_key_id ?? undefined, issuedPrincipal: row.issued_principal_id ?? undefined,
        issuedArn: row.issued_arn ?? undefined, vpce: row.vpc_endpoint_id ?? undefined,
      };
      const want = {
        id: e.eventId, time: e.eventTime, source: e.eventSource, name: e.eventName, account: e.recipientAccountId,
        type: e.identity.type, arn: e.identity.arn, principal: e.identity.principalId, key: e.identity.accessKeyId,
        created: e.identity.creationDate, shared: e.sharedEventId, issuedKey: e.issuance?.accessKeyId ?? e.keyCreation?.accessKeyId,
        issuedPrincipal: e.issuance?.principalId, issuedArn: e.issuance?.arn, vpce: e.vpcEndpointId,
      };
      expect(got, `record ${row.event_id}`).toEqual(want);
    }
    await store.close();
  });
});
