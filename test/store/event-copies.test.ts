// Copies of one eventID (issue 17, point 4), against a real DuckDB file: which copy the store uses
// does not depend on the order files are loaded in (one batch, one batch per file, one run per
// file, either order); copies that differ in what trail-trace reads are a warning naming both
// places and are recorded; identical copies, and copies that differ only in shape (an export's
// wrapper fields, key order), are plain duplicates.

import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ingestPaths, type IngestSummary } from '../../src/ingest/run-ingest.js';
import { countEvents, getEventById } from '../../src/store/events.js';
import { openStore, type Store } from '../../src/store/store.js';
import { verifyStore } from '../../src/store/verify.js';
import { apiCall, assumeRole, iamUser } from '../helpers/records.js';
import { tempDir } from '../helpers/temp.js';

const ALICE = iamUser('111111111111', 'alice', 'AKIAALICE00000000001');
const TIME = '2026-03-09T10:00:00Z';
const ID = '6f1c2a9e-0b1d-4c6e-9f1a-2b3c4d5e6f70';

/** The AssumeRole every test holds copies of; `change` makes a copy that differs. */
function issuing(change: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...assumeRole({
      caller: ALICE, time: TIME, recipient: '111111111111', roleAccount: '111111111111', role: 'Deploy', roleId: 'AROADEPLOY0000000001',
      session: 'deploy-1', issuedKey: 'ASIADEPLOY0000000001', eventId: ID, requestId: 'req-1',
    }),
    ...change,
  };
}

function other(i: number): Record<string, unknown> {
  return apiCall({ identity: ALICE, time: `2026-03-09T10:0${i}:00Z`, account: '111111111111', eventId: `00000000-0000-4000-8000-00000000000${i}`, requestId: `req-o${i}` });
}

interface Written { name: string; sha256: string }

/** Writes a file (gzip for .gz) and returns its name and the SHA-256 of its bytes, as the store names kept files. */
function write(dir: string, name: string, text: string): Written {
  mkdirSync(dir, { recursive: true });
  const bytes = name.endsWith('.gz') ? gzipSync(Buffer.from(text)) : Buffer.from(text);
  writeFileSync(path.join(dir, name), bytes);
  return { name, sha256: createHash('sha256').update(bytes).digest('hex') };
}

const trail = (records: unknown[]) => JSON.stringify({ Records: records });

/** What a store holds for the eventID: the copy events uses, and every other copy recorded. */
async function copiesOf(store: Store, eventId = ID) {
  const used = await store.all<{ source: string; record_index: number; event_name: string; source_ip: string }>(
    `SELECT f.source, e.record_index, e.event_name, e.source_ip FROM events e JOIN source_files f USING (file_id) WHERE e.event_id = $1`, [eventId]);
  const others = await store.all<{ source: string; record_index: number; content: string | null }>(
    `SELECT f.source, c.record_index, c.content FROM event_copies c JOIN source_files f USING (file_id) WHERE c.event_id = $1 ORDER BY f.source, c.record_index`, [eventId]);
  const identity = await store.all<{ source: string; record_index: number }>(
    `SELECT f.source, i.record_index FROM identity_events i JOIN source_files f USING (file_id) WHERE i.event_id = $1`, [eventId]);
  const base = (s: string) => path.basename(s);
  return {
    used: used.map((u) => ({ ...u, source: base(u.source) })),
    others: others.map((o) => ({ ...o, source: base(o.source) })),
    identity: identity.map((i) => ({ ...i, source: base(i.source) })),
  };
}

/** Every table beside events agrees with it: the tracer's lookups, the eventID index, the credential contexts, verify. */
async function expectConsistent(store: Store): Promise<void> {
  const [check] = await store.all<{ events: number; distinct_ids: number; identity: number; identity_stored: number; unindexed: number }>(`
    SELECT (SELECT count(*) FROM events)::INTEGER AS events,
           (SELECT count(DISTINCT event_id) FROM events)::INTEGER AS distinct_ids,
           (SELECT count(*) FROM identity_events)::INTEGER AS identity,
           (SELECT count(*) FROM identity_events i SEMI JOIN events e ON e.event_id = i.event_id AND e.file_id = i.file_id AND e.record_index = i.record_index)::INTEGER AS identity_stored,
           (SELECT count(*) FROM events e ANTI JOIN (SELECT * FROM event_id_index UNION ALL SELECT * FROM event_id_index_tail) x
              ON x.id_hash = event_id_hash(e.event_id) AND x.file_id = e.file_id)::INTEGER AS unindexed`);
  expect(check!.events).toBe(check!.distinct_ids);
  expect(check!.identity_stored).toBe(check!.identity);
  expect(check!.unindexed).toBe(0);
  // Contexts are summed per batch; summed again they are what events says.
  const contexts = (sql: string) => store.all<{ k: string; calls: number; first: string; last: string }>(sql);
  const summed = await contexts(`
    SELECT concat_ws('|', access_key_id, principal_id, created_at, arn, identity_type, source_ip, user_agent, vpc_endpoint_id) AS k,
           sum(calls)::INTEGER AS calls, min(first_time)::VARCHAR AS first, max(last_time)::VARCHAR AS last
    FROM credential_contexts GROUP BY ALL ORDER BY k`);
  const fromEvents = await contexts(`
    SELECT concat_ws('|', identity_access_key_id, identity_principal_id, session_creation_date, identity_arn, identity_type, source_ip, user_agent, vpc_endpoint_id) AS k,
           count(*)::INTEGER AS calls, min(event_time)::VARCHAR AS first, max(event_time)::VARCHAR AS last
    FROM events GROUP BY ALL ORDER BY k`);
  expect(summed).toEqual(fromEvents);
  const verified = await verifyStore(store);
  expect(verified.records.differences).toEqual([]);
}

/** Loads the files, in the order given, in `mode`, into a new store; returns what the runs said. */
async function load(dir: string, files: string[], mode: 'one batch' | 'one batch each' | 'one run each'): Promise<{ store: Store; runs: IngestSummary[] }> {
  const store = await openStore(path.join(tempDir(), 's.duckdb'));
  const paths = files.map((f) => path.join(dir, f));
  const runs = mode === 'one run each'
    ? await paths.reduce<Promise<IngestSummary[]>>(async (done, p) => [...(await done), await ingestPaths(store, [p])], Promise.resolve([]))
    : [await ingestPaths(store, paths, mode === 'one batch each' ? { batchBytes: 1 } : {})];
  return { store, runs };
}

function warnings(runs: IngestSummary[]) {
  return runs.flatMap((r) => r.warnings.byKind['conflicting-copy']?.examples ?? [])
    .map((w) => ({ ...w, source: path.basename(w.source), detail: w.detail?.replace(/\/[^ ]*\//g, '') }));
}

const ORDERS = ['one batch', 'one batch each', 'one run each'] as const;

describe('copies of one eventID', () => {
  it('that differ: the same copy is used and the same warning given whichever order they are loaded in', async () => {
    const dir = tempDir();
    const a = write(dir, 'a.json.gz', trail([other(1), issuing()]));
    const b = write(dir, 'b.json.gz', trail([issuing({ eventName: 'AssumeRoleWithWebIdentity', sourceIPAddress: '192.0.2.66' }), other(2)]));
    // Both trail files: the smaller SHA-256 goes first.
    const [usedFile, otherFile] = a.sha256 < b.sha256 ? [a, b] : [b, a];
    const usedIndex = usedFile === a ? 1 : 0;
    const otherIndex = usedFile === a ? 0 : 1;
    const seen: unknown[] = [];
    for (const mode of ORDERS) {
      for (const files of [[a.name, b.name], [b.name, a.name]]) {
        const { store, runs } = await load(dir, files, mode);
        const copies = await copiesOf(store);
        expect(copies.used, `${mode} ${files.join(' then ')}`).toEqual([expect.objectContaining({ source: usedFile.name, record_index: usedIndex })]);
        expect(copies.identity).toEqual([{ source: usedFile.name, record_index: usedIndex }]);
        expect(copies.others.map((o) => [o.source, o.record_index])).toEqual([[otherFile.name, otherIndex]]);
        expect(copies.others[0]!.content).not.toBeNull();
        expect((await getEventById(store, ID))?.location).toMatchObject({ index: usedIndex });
        expect(runs.reduce((n, r) => n + r.events.new, 0)).toBe(3);
        expect(runs.reduce((n, r) => n + r.events.duplicate, 0)).toBe(1);
        expect(await countEvents(store)).toBe(3);
        const w = warnings(runs);
        expect(w).toHaveLength(1);
        expect(runs.reduce((n, r) => n + r.warnings.total, 0)).toBe(1);
        seen.push({ copies, w });
        await expectConsistent(store);
        await store.close();
      }
    }
    // Every order and mode: the same store, the same warning.
    for (const s of seen) expect(s).toEqual(seen[0]);
    const [w] = warnings((await load(dir, [a.name, b.name], 'one batch')).runs);
    expect(w).toMatchObject({ kind: 'conflicting-copy', source: otherFile.name, index: otherIndex });
    const [usedName, otherName] = usedFile === a ? ['AssumeRole', 'AssumeRoleWithWebIdentity'] : ['AssumeRoleWithWebIdentity', 'AssumeRole'];
    const [usedIp, otherIp] = usedFile === a ? ['198.51.100.7', '192.0.2.66'] : ['192.0.2.66', '198.51.100.7'];
    expect(w!.detail).toBe(`eventID ${ID}: eventName, sourceIPAddress differ from the copy traces use, ${usedFile.name} record ${usedIndex}: ` +
      `eventName "${otherName}" here, "${usedName}" there; sourceIPAddress "${otherIp}" here, "${usedIp}" there`);
  });

  it('identical, or differing only in shape (an export\'s wrapper fields, key order): a plain duplicate, no warning; the trail file\'s copy is used', async () => {
    const dir = tempDir();
    const record = issuing();
    // A SIEM export: one record a line, with its own fields, keys in another order.
    const exported = Object.fromEntries([['@timestamp', '2026-03-09T10:00:03.120Z'], ['@version', '1'], ...Object.entries(record).reverse()]);
    const files = [
      write(dir, 'trail.json.gz', trail([other(1), record])),
      write(dir, 'export.ndjson', `${JSON.stringify(exported)}\n${JSON.stringify(other(2))}\n`),
      write(dir, 'again.json', trail([record])), // CloudTrail delivering the record twice
    ];
    const trailFirst = files.filter((f) => f.name !== 'export.ndjson').sort((x, y) => x.sha256.localeCompare(y.sha256))[0]!;
    const seen: unknown[] = [];
    for (const order of [[0, 1, 2], [1, 2, 0], [2, 1, 0]]) {
      for (const mode of ORDERS) {
        const { store, runs } = await load(dir, order.map((i) => files[i]!.name), mode);
        expect(runs.reduce((n, r) => n + r.warnings.total, 0)).toBe(0);
        expect(runs.reduce((n, r) => n + r.events.duplicate, 0)).toBe(2);
        const copies = await copiesOf(store);
        // A file in CloudTrail's own shape goes before the export, whatever their SHA-256.
        expect(copies.used).toEqual([expect.objectContaining({ source: trailFirst.name })]);
        expect(copies.others).toHaveLength(2);
        for (const o of copies.others) expect(o.content).toBeNull();
        seen.push(copies);
        await expectConsistent(store);
        await store.close();
      }
    }
    for (const s of seen) expect(s).toEqual(seen[0]);
  });

  it('three copies, two of them alike: the order never changes which is used, which are recorded as differing, or what is warned', async () => {
    const dir = tempDir();
    const forged = issuing({ userAgent: 'forged/1.0', requestParameters: { roleArn: 'arn:aws:iam::111111111111:role/Other', roleSessionName: 'deploy-1' } });
    const files = [
      write(dir, 'trail.json.gz', trail([issuing()])),
      write(dir, 'siem.ndjson', `${JSON.stringify(forged)}\n`),
      write(dir, 'siem-array.json', JSON.stringify([forged])),
    ];
    const permutations = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    const seen: unknown[] = [];
    for (const order of permutations) {
      const { store, runs } = await load(dir, order.map((i) => files[i]!.name), 'one run each');
      const copies = await copiesOf(store);
      expect(copies.used).toEqual([expect.objectContaining({ source: 'trail.json.gz', record_index: 0 })]);
      expect(copies.others.map((o) => o.source)).toEqual(['siem-array.json', 'siem.ndjson']);
      for (const o of copies.others) expect(o.content).not.toBeNull();
      const warned = warnings(runs).map((w) => w.source).sort();
      expect(warned, order.join(',')).toEqual(['siem-array.json', 'siem.ndjson']);
      for (const w of warnings(runs)) {
        expect(w.detail).toContain('userAgent, requestParameters.roleArn differ from the copy traces use, trail.json.gz record 0');
      }
      seen.push(copies);
      await expectConsistent(store);
      await store.close();
    }
    for (const s of seen) expect(s).toEqual(seen[0]);
  });

  it('a copy that goes first, loaded later, takes the stored copy\'s place in every table the tracer reads', async () => {
    const dir = tempDir();
    // The export first: the store uses it until the trail file comes.
    write(dir, 'export.ndjson', `${JSON.stringify(issuing({ responseElements: { credentials: { accessKeyId: 'ASIAFORGED0000000001', expiration: 'Mar 9, 2026, 12:00:00 PM' }, assumedRoleUser: { assumedRoleId: 'AROADEPLOY0000000001:deploy-1', arn: 'arn:aws:sts::111111111111:assumed-role/Deploy/deploy-1' } } }))}\n`);
    write(dir, 'trail.json.gz', trail([issuing()]));
    const { store, runs } = await load(dir, ['export.ndjson', 'trail.json.gz'], 'one run each');
    const [issued] = await store.all<{ key: string; source: string }>(
      `SELECT i.issued_access_key_id AS key, f.source FROM identity_events i JOIN source_files f USING (file_id) WHERE i.event_id = $1`, [ID]);
    expect(issued).toMatchObject({ key: 'ASIADEPLOY0000000001' });
    expect(path.basename(issued!.source)).toBe('trail.json.gz');
    expect(runs[1]!.events).toEqual({ new: 0, duplicate: 1 });
    const [w] = warnings(runs);
    expect(w).toMatchObject({ source: 'export.ndjson', index: 0 });
    expect(w!.detail).toContain('responseElements (access key issued) "ASIAFORGED0000000001" here, "ASIADEPLOY0000000001" there');
    expect(w!.detail).toContain('responseElements.credentials.expiration "Mar 9, 2026, 12:00:00 PM" here, "Mar 9, 2026, 11:00:00 AM" there');
    await expectConsistent(store);
    await store.close();
  });

  it('verify checks the copies the store keeps: a difference wiped from the store, or a copy used that the rule does not pick, is reported', async () => {
    const dir = tempDir();
    write(dir, 'trail.json.gz', trail([issuing()]));
    write(dir, 'export.ndjson', `${JSON.stringify(issuing({ sourceIPAddress: '192.0.2.66' }))}\n${JSON.stringify(issuing())}\n`);
    const { store } = await load(dir, ['trail.json.gz', 'export.ndjson'], 'one batch');
    await expectConsistent(store);
    const expectDifferences = async (expected: { source: string; index: number; fields: string[] }[]) => {
      const found = (await verifyStore(store)).records.differences;
      expect(found.map((d) => ({ source: path.basename(d.location), index: d.recordIndex, fields: d.fields }))).toEqual(expected);
      expect(found.every((d) => d.eventId === ID)).toBe(true);
    };
    // The export's first record differs from the trail's copy, its second does not: the store says so.
    const recorded = await store.all<{ record_index: number; content: string | null }>('SELECT record_index, content FROM event_copies ORDER BY record_index');
    expect(recorded.map((r) => [r.record_index, r.content === null])).toEqual([[0, false], [1, true]]);

    // Its difference wiped from the store, to hide it: verify re-reads the copy and finds it.
    await store.run('UPDATE event_copies SET content = NULL WHERE record_index = 0');
    await expectDifferences([{ source: 'export.ndjson', index: 0, fields: ['sourceIPAddress (a copy the store keeps of another event)'] }]);
    // A difference recorded where there is none: found too.
    await store.run(`UPDATE event_copies SET content = '["x"]' WHERE record_index = 1`);
    expect((await verifyStore(store)).records.differences.map((d) => d.recordIndex)).toEqual([0, 1]);
    await store.run('UPDATE event_copies SET content = NULL WHERE record_index = 1');

    // The file of the copy used marked as a table's rows (rank 5): both export copies (rank 4) go
    // before it by the rule, and are not used: each is reported.
    await store.run(`UPDATE source_files SET container = 'parquet' WHERE source LIKE '%trail.json.gz'`);
    const ruled = (await verifyStore(store)).records.differences.filter((d) => d.fields.some((f) => f.startsWith('the copy used')));
    expect(ruled.map((d) => [path.basename(d.location), d.recordIndex])).toEqual([['export.ndjson', 0], ['export.ndjson', 1]]);
    expect(ruled[0]!.fields).toEqual(['the copy used (this copy goes before it by the rule, and is not used)']);
    await store.close();
  });

  it('the rules as migration 011 defines them, pinned: a store outlives the binary that wrote its copies', async () => {
    const store = await openStore(path.join(tempDir(), 's.duckdb'));
    const [rank] = await store.all<Record<string, number>>(`SELECT
      copy_rank('records', '/logs/AWSLogs/111111111111/CloudTrail/eu-west-1/2026/03/09/x.json.gz') AS folder,
      copy_rank('records', 's3://trail/AWSLogs/111111111111/CloudTrail/eu-west-1/2026/03/09/x.json.gz') AS bucket,
      copy_rank('lookup', 'lookup-events://111111111111/eu-west-1?from=a&to=b') AS lookup,
      copy_rank('athena', 'athena://eu-west-1/q-1?rows=1-1000') AS athena_other, copy_rank('records', 'athena://eu-west-1/q-1?rows=1-1000') AS athena,
      copy_rank('ndjson', 'export.ndjson') AS ndjson, copy_rank('array', 'export.json') AS array, copy_rank('object', 'one.json') AS object,
      copy_rank('hits', 'search.json') AS hits, copy_rank('parquet', 'ctas.parquet') AS parquet, copy_rank('csv', 'results.csv') AS csv,
      copy_rank('lake-rows', 'lake.json') AS lake`);
    expect(rank).toEqual({ folder: 1, bucket: 1, lookup: 2, athena_other: 3, athena: 3, ndjson: 4, array: 4, object: 4, hits: 4, parquet: 5, csv: 5, lake: 5 });
    const [pinned] = await store.all<{ fields: string[]; content: string; same: boolean; other: boolean; differences: unknown[] }>(`SELECT
      copy_fields() AS fields,
      copy_content({'event_time': TIMESTAMP '2026-03-09 10:00:00', 'event_source': 'sts.amazonaws.com', 'event_name': 'AssumeRole',
        'event_type': 'AwsApiCall', 'aws_region': 'us-east-1', 'recipient_account_id': '111111111111', 'error_code': NULL, 'read_only': true,
        'source_ip': '', 'user_agent': 'aws-cli/2', 'shared_event_id': NULL, 'vpc_endpoint_id': NULL, 'identity_type': 'IAMUser',
        'identity_arn': 'arn:aws:iam::111111111111:user/alice', 'identity_principal_id': 'AIDA1', 'identity_account_id': '111111111111',
        'identity_access_key_id': 'AKIA1', 'session_issuer_arn': NULL, 'session_creation_date': TIMESTAMP '2026-03-09 09:59:59.5',
        'issued_role_arn': 'arn:aws:iam::111111111111:role/Deploy', 'issued_target_principal': NULL, 'issued_access_key_id': 'ASIA1',
        'issued_principal_id': 'AROA1:s', 'issued_arn': 'arn:aws:sts::111111111111:assumed-role/Deploy/s', 'issued_expiration': 'Mar 9, 2026, 11:00:00 AM'}) AS content,
      copy_same('["a",null]', '[ "a", null ]') AS same, copy_same('["a",null]', '["a","b"]') AS other,
      copy_differences('["x","a"]', '["y","a"]') AS differences`);
    expect(pinned!.fields).toEqual([
      'eventTime', 'eventSource', 'eventName', 'eventType', 'awsRegion', 'recipientAccountId', 'errorCode', 'readOnly', 'sourceIPAddress',
      'userAgent', 'sharedEventID', 'vpcEndpointId', 'userIdentity.type', 'userIdentity.arn', 'userIdentity.principalId',
      'userIdentity.accountId', 'userIdentity.accessKeyId', 'userIdentity.sessionContext.sessionIssuer.arn',
      'userIdentity.sessionContext.attributes.creationDate', 'requestParameters.roleArn', 'requestParameters.targetPrincipal',
      'responseElements (access key issued)', 'responseElements (principal issued)', 'responseElements (ARN issued)',
      'responseElements.credentials.expiration',
    ]);
    expect(pinned!.content).toBe('["2026-03-09T10:00:00Z","sts.amazonaws.com","AssumeRole","AwsApiCall","us-east-1","111111111111",null,"true",null,' +
      '"aws-cli/2",null,null,"IAMUser","arn:aws:iam::111111111111:user/alice","AIDA1","111111111111","AKIA1",null,"2026-03-09T09:59:59.500000Z",' +
      '"arn:aws:iam::111111111111:role/Deploy",null,"ASIA1","AROA1:s","arn:aws:sts::111111111111:assumed-role/Deploy/s","Mar 9, 2026, 11:00:00 AM"]');
    // Text another JSON writer spaced differently says the same; the differences name the field, the other value and the used one.
    expect(pinned).toMatchObject({ same: true, other: false, differences: [{ field: 'eventTime', other: 'x', used: 'y' }] });
    await store.close();
  });
});

