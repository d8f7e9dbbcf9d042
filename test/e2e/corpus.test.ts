// The real third-party corpus (shared/cloudtrail-corpus): it all loads, every use of a temporary
// key whose issuing call is in the corpus traces back to that call, and what the traces say about
// who used the credentials holds on real logs.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths, type IngestSummary } from '../../src/ingest/run-ingest.js';
import { chainActivity, otherCredentials } from '../../src/store/report-data.js';
import { openStore, type Store } from '../../src/store/store.js';
import { traceEventById } from '../../src/app/trace-event.js';
import { scopeInStore } from '../../src/app/scope.js';
import { CORPUS, removeDir, suiteDir } from '../helpers/temp.js';

const present = existsSync(CORPUS);
if (!present) console.warn(`skipping corpus tests: ${CORPUS} is absent`);

describe.skipIf(!present)('third-party corpus', () => {
  let dir: string;
  let store: Store;
  let summary: IngestSummary;

  beforeAll(async () => {
    dir = suiteDir();
    store = await openStore(path.join(dir, 's.duckdb'));
    summary = await ingestPaths(store, [CORPUS]);
  });
  afterAll(async () => {
    await store.close();
    removeDir(dir);
  });

  it('loads without errors, and real key-linked uses trace to their issuing events', async () => {
    expect(summary.files.failed).toBe(0);
    expect(summary.events.new).toBeGreaterThan(3000);
    // Every stored event is counted once in the credential contexts the findings read.
    const [sums] = await store.all<{ calls: bigint; events: bigint }>(
      `SELECT (SELECT sum(calls) FROM credential_contexts)::BIGINT AS calls, (SELECT count(*) FROM events)::BIGINT AS events`);
    expect(sums!.calls).toBe(sums!.events);

    // Every use of an ASIA key that some successful STS call in the corpus returned.
    const uses = await store.all<{ event_id: string; key: string; issuers: string[] }>(`
      SELECT u.event_id, u.identity_access_key_id AS key, list(DISTINCT i.event_id) AS issuers
      FROM events u JOIN identity_events i ON i.issued_access_key_id = u.identity_access_key_id
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
  });

  // stratus-red-team ec2-steal-instance-credentials (invictus-ir dataset): EC2 minted two keys for
  // instance i-0dbc91f429e48eeed in the same second, one session ARN. The instance's SSM agent used
  // ASIATFQR7NSCSHSEVYP5 from 3.225.16.109 (13 calls); the stolen ASIATFQR7NSC36DZQP7P made 2 calls
  // from 192.168.10.20, where the red team's IAM user worked.
  it('counts as the stolen key\'s only the calls made with it, and shows the instance\'s own key apart', async () => {
    const trace = (await traceEventById(store, 'bf68f8c0-590b-4740-ac89-aad0ed5dfe4f'))!;
    expect(trace.hops[0]!.session.accessKeyId).toBe('ASIATFQR7NSC36DZQP7P');
    const events = await chainActivity(store, trace);
    const own = events.filter((e) => e.actor === 'hop 1');
    expect(own.map((e) => e.eventId).sort()).toEqual(['bf68f8c0-590b-4740-ac89-aad0ed5dfe4f', 'd3d5fd99-faa9-4959-a464-56fba613cc2e']);
    expect(events.some((e) => e.otherCredential)).toBe(false);
    expect(await otherCredentials(store, trace)).toMatchObject([
      { actor: 'hop 1', accessKeyId: 'ASIATFQR7NSCSHSEVYP5', calls: 13, ips: ['3.225.16.109'], ipCount: 1 },
    ]);
  });

  it('finds the stolen EC2 keys and nothing else: the instances\' and people\'s own calls get no finding', async () => {
    const stolen = (await traceEventById(store, 'bf68f8c0-590b-4740-ac89-aad0ed5dfe4f'))!;
    expect(stolen.findings.map((f) => [f.kind, f.strength, f.basis, f.observed.ip, f.includesTarget])).toEqual([
      ['credential-used-elsewhere', 'strong', 'workload', '192.168.10.20', true],
    ]);
    expect(stolen.findings[0]!.expected.ips).toEqual(['3.225.16.109']);
    // The instance's own SSM agent, with the other key of the same second, from the instance.
    expect((await traceEventById(store, '6bf8950b-f1ed-439d-8fc8-211645bfbe0f'))!.findings).toEqual([]);

    // A quarter of the events signed with a key (all 3,124 were checked by hand; a quarter keeps CI
    // quick), and every use of the stolen keys: strong findings only on the two stolen instance keys.
    const ids = await store.all<{ event_id: string }>(`
      SELECT event_id FROM events
      WHERE identity_access_key_id IS NOT NULL
      QUALIFY row_number() OVER (ORDER BY event_id) % 4 = 0
         OR identity_access_key_id IN ('ASIAP5CT9NN8EYVU1FXV', 'ASIATFQR7NSC36DZQP7P')
      ORDER BY event_id`);
    const strongKeys = new Set<string>();
    let traced = 0;
    for (const { event_id } of ids) {
      const trace = (await traceEventById(store, event_id))!;
      traced += 1;
      for (const f of trace.findings) if (f.strength === 'strong') strongKeys.add(f.accessKeyId ?? '');
    }
    expect(traced).toBeGreaterThan(750);
    expect([...strongKeys].sort()).toEqual(['ASIAP5CT9NN8EYVU1FXV', 'ASIATFQR7NSC36DZQP7P']);
  }, 120_000);

  // The persistence and privilege-escalation detonations of stratus-red-team, each made with its
  // own IAM user key: scoped from that key, each change is found with the resource it touched
  // (read from the detonation files by hand), and the federation token it minted is in the tree.
  const DETONATIONS: { key: string; changes: [eventName: string, resourceId: string][] }[] = [
    { key: 'AKIAMUV7B57OZM0RV05D', changes: [['UpdateAssumeRolePolicy', 'stratus-red-team-backdoor-r-role']] },
    { key: 'AKIA30BEZSJBVKOFKZW0', changes: [['CreateAccessKey', 'AKIAL80DWDVKKM0UXEER']] },
    { key: 'AKIAOZUDECYXYM4ONAN4', changes: [['CreateUser', 'malicious-iam-user'], ['AttachUserPolicy', 'malicious-iam-user'], ['CreateAccessKey', 'AKIAXAFZN8JEPF6L682H']] },
    { key: 'AKIA0W5KI69TY8X86BGT', changes: [['CreateRole', 'stratus-red-team-malicious-iam-role'], ['AttachRolePolicy', 'stratus-red-team-malicious-iam-role']] },
    { key: 'AKIAE18PGYHCY2CYMTFK', changes: [['CreateLoginProfile', 'stratus-red-team-login-profile-user']] },
    { key: 'AKIAYALJGCQ7J893JO5I', changes: [['AddPermission20150331v2', 'stratus-red-team-backdoor-f-func']] },
    { key: 'AKIAV1MIS7NGMDMR83FC', changes: [['UpdateLoginProfile', 'stratus-red-team-update-login-profile-user']] },
  ];

  it.each(DETONATIONS)('scope of the detonation key $key finds its changes with their resources', async ({ key, changes }) => {
    const scope = await scopeInStore(store, key, {}, async (id) => (await traceEventById(store, id))!);
    const found = scope.changes.filter((c) => c.succeeded).map((c) => [c.call.split(':')[1], c.resource.id]);
    for (const change of changes) expect(found).toContainEqual(change);
    expect(scope.eviction[0]).toMatchObject({ action: 'deactivate-access-key', target: key });
    // A key it created is a credential of the tree, deactivated next.
    for (const [, made] of changes.filter(([name]) => name === 'CreateAccessKey')) {
      expect(scope.credentials.find((c) => c.accessKeyId === made)).toMatchObject({ kind: 'long-term-key', parent: 'c1', link: 'access-key', confidence: 'exact' });
      expect(scope.eviction.map((e) => [e.action, e.target])).toContainEqual(['deactivate-access-key', made]);
    }
  });

  it('scope of the federation-token detonation key holds the federated user it minted, and its call', async () => {
    const scope = await scopeInStore(store, 'AKIA6V1GNZTT65XQH36M', {}, async (id) => (await traceEventById(store, id))!);
    const minted = scope.credentials.find((c) => c.kind === 'federation-token');
    expect(minted).toMatchObject({ parent: 'c1', accessKeyId: 'ASIASTJKC5GCM7ZE6LUP', link: 'access-key', confidence: 'exact' });
    expect(minted!.issuedBy?.eventId).toBe('6e882b9d-2af8-4c67-b91f-aeac6a0e5e70');
    expect(minted!.activity?.top).toEqual([{ call: 'sts:GetCallerIdentity', count: 1, failed: 0 }]);
  });
});
