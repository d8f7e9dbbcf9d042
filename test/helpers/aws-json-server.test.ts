// Self-test of the loopback AWS stand-in (test/helpers/aws-json-server.ts): the real SDK clients
// must work against it, and it must behave as spec §6 (LookupEvents) and §7 (Athena) describe.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountClient, ListRegionsCommand, paginateListRegions } from '@aws-sdk/client-account';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type GetQueryResultsOutput,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { CloudTrailClient, LookupEventsCommand, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { partitionConjuncts } from './athena-table.js';
import {
  CLOUDTRAIL_COLUMNS_AWS,
  CLOUDTRAIL_COLUMNS_EXTENDED,
  startAwsServer,
  type AwsTestServer,
} from './aws-json-server.js';
import { filesUnder } from './files.js';
import { ORG_TRAIL, orgTrailRecords, type TrailRecord } from './org-trail.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const KEYS = {
  identity: 'AKIAIDENTITYACCT0001',
  workloads: 'AKIAWORKLOADSACCT002',
  data: 'AKIADATAACCOUNT00003',
  denied: 'AKIADENIEDKEY0000004',
};
const ACCOUNTS = {
  [KEYS.identity]: '111111111111',
  [KEYS.workloads]: '222222222222',
  [KEYS.data]: '333333333333',
  [KEYS.denied]: '222222222222',
};
type CloudTrailRecord = TrailRecord & { eventName: string };

/** Every record of the fixture's event log files (not digests, not Insights). */
const ALL_RECORDS = orgTrailRecords() as CloudTrailRecord[];

const recordsOf = (account: string, region: string) =>
  ALL_RECORDS.filter((r) => r.recipientAccountId === account && r.awsRegion === region);

const clientConfig = (endpoint: string, accessKeyId: string, region = 'us-east-1', maxAttempts = 1) => ({
  endpoint,
  region,
  credentials: { accessKeyId, secretAccessKey: 'test-secret' },
  maxAttempts,
});

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

let server: AwsTestServer;
beforeAll(async () => {
  server = await startAwsServer({
    accounts: ACCOUNTS,
    lookupRecords: ALL_RECORDS,
    lookupPerSecond: 1000,
    deny: [
      { accessKeyId: KEYS.denied, action: 'cloudtrail:LookupEvents' },
      { accessKeyId: KEYS.denied, action: 'athena:StartQueryExecution' },
    ],
    athena: {
      database: 'trail_db',
      table: 'cloudtrail_org',
      columns: CLOUDTRAIL_COLUMNS_EXTENDED,
      partitionKeys: [{ Name: 'account', Type: 'string' }, { Name: 'region', Type: 'string' }, { Name: 'date', Type: 'string' }],
      parameters: {
        'projection.enabled': 'true',
        'storage.location.template': 's3://acme-org-cloudtrail-logs/AWSLogs/o-7rt3xq2k9p/${account}/CloudTrail/${region}/${date}',
      },
      seedDir: ORG_TRAIL,
      workgroups: { primary: { outputLocation: 's3://athena-results/q' }, bare: { outputLocation: null } },
      failQueriesContaining: { text: '/* force-fail */', reason: 'HIVE_BAD_DATA: Error parsing field value' },
      cancelQueriesContaining: '/* force-cancel */',
    },
  });
});
afterAll(async () => server?.stop());

describe('CloudTrail LookupEvents', () => {
  const cloudtrail = (key = KEYS.data, region = 'us-east-1') => new CloudTrailClient(clientConfig(server.endpoint, key, region));

  async function lookupAll(client: CloudTrailClient, input: LookupEventsCommandInput) {
    const pages = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new LookupEventsCommand({ ...input, NextToken }));
      pages.push(page.Events ?? []);
      NextToken = page.NextToken;
    } while (NextToken);
    return pages;
  }

  it('pages through the caller account-region newest first, every event once, CloudTrailEvent intact', async () => {
    const expected = recordsOf('333333333333', 'us-east-1');
    expect(expected.length).toBeGreaterThan(4);
    const pages = await lookupAll(cloudtrail(), { MaxResults: 2 });
    expect(pages.length).toBe(Math.ceil(expected.length / 2));
    const events = pages.flat();
    expect(events.map((e) => e.EventId).sort()).toEqual(expected.map((r) => r.eventID).sort());
    const times = events.map((e) => e.EventTime!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const event of events) {
      const record = expected.find((r) => r.eventID === event.EventId)!;
      expect(JSON.parse(event.CloudTrailEvent!)).toEqual(record);
      expect(event.EventTime).toEqual(new Date(record.eventTime));
      expect(event.EventName).toBe(record.eventName);
      expect(event.ReadOnly).toBe(String(record.readOnly));
    }
  });

  it('filters by one lookup attribute, time range (inclusive) and Region', async () => {
    const records = recordsOf('222222222222', 'eu-west-1');
    const sample = records.find((r) => (r.userIdentity as { type?: string }).type === 'AssumedRole')!;
    const client = cloudtrail(KEYS.workloads, 'eu-west-1');

    const byName = (await lookupAll(client, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: sample.eventName }] })).flat();
    expect(byName.map((e) => e.EventId).sort()).toEqual(records.filter((r) => r.eventName === sample.eventName).map((r) => r.eventID).sort());

    const key = (sample.userIdentity as { accessKeyId: string }).accessKeyId;
    const byKey = (await lookupAll(client, { LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: key }] })).flat();
    expect(byKey.length).toBeGreaterThan(0);
    expect(byKey.every((e) => e.AccessKeyId === key)).toBe(true);

    const session = (sample.userIdentity as { arn: string }).arn.split('/').pop()!;
    const byUser = (await lookupAll(client, { LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: session }] })).flat();
    expect(byUser.map((e) => e.EventId)).toContain(sample.eventID);

    const at = new Date(sample.eventTime);
    const exact = (await lookupAll(client, { StartTime: at, EndTime: at })).flat();
    expect(exact.map((e) => e.EventId)).toContain(sample.eventID);
    expect(exact.every((e) => e.EventTime!.getTime() === at.getTime())).toBe(true);

    // Same account, other Region: none of eu-west-1's events.
    const east = (await lookupAll(cloudtrail(KEYS.workloads, 'us-east-1'), { MaxResults: 50 })).flat();
    expect(east.length).toBe(recordsOf('222222222222', 'us-east-1').length);
  });

  it('rejects bad parameters with the service error codes', async () => {
    const client = cloudtrail();
    const readOnly = (value: string) => [{ AttributeKey: 'ReadOnly' as const, AttributeValue: value }];
    const first = await client.send(new LookupEventsCommand({ MaxResults: 1, LookupAttributes: readOnly('true') }));
    expect(first.NextToken).toBeTruthy();
    const reused = await rejection(client.send(new LookupEventsCommand({
      MaxResults: 1, NextToken: first.NextToken, LookupAttributes: readOnly('false'),
    })));
    expect(reused.name).toBe('InvalidNextTokenException');

    const twoAttributes = await rejection(client.send(new LookupEventsCommand({
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'a' }, { AttributeKey: 'EventSource', AttributeValue: 'b' }],
    })));
    expect(twoAttributes.name).toBe('InvalidLookupAttributesException');
    expect((await rejection(client.send(new LookupEventsCommand({ MaxResults: 51 })))).name).toBe('InvalidMaxResultsException');
    const backwards = await rejection(client.send(new LookupEventsCommand({ StartTime: new Date('2026-03-10'), EndTime: new Date('2026-03-09') })));
    expect(backwards.name).toBe('InvalidTimeRangeException');
    expect(backwards.message).toBeTruthy();
  });

  it('refuses unknown keys and denied actions', async () => {
    const unknown = await rejection(cloudtrail('AKIANOBODY0000000000').send(new LookupEventsCommand({})));
    expect(unknown.name).toBe('UnrecognizedClientException');
    expect(unknown.message).toBe('The security token included in the request is invalid.');

    const denied = await rejection(cloudtrail(KEYS.denied).send(new LookupEventsCommand({})));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toBe(
      'User: arn:aws:iam::222222222222:user/investigator is not authorized to perform: cloudtrail:LookupEvents ' +
        'because no identity-based policy allows the cloudtrail:LookupEvents action',
    );
  });

  it('throttles above 2 requests per second per account and Region, as the SDK recognises', async () => {
    const throttled = await startAwsServer({ accounts: ACCOUNTS, lookupRecords: ALL_RECORDS });
    try {
      const once = new CloudTrailClient(clientConfig(throttled.endpoint, KEYS.data, 'us-east-1', 1));
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => once.send(new LookupEventsCommand({ MaxResults: 1 }))));
      const failures = results
        .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
        .map((r) => r.reason as Error & Record<string, unknown>);
      // Six at once: two get through, the rest are refused (more pass only if the runner stalls for a second).
      expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(2);
      expect(failures.length).toBeGreaterThanOrEqual(1);
      const accepted = throttled.requests().filter((r) => r.status === 200).map((r) => r.atMs);
      for (const t of accepted) expect(accepted.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(2);
      for (const err of failures) {
        expect(err.name).toBe('ThrottlingException');
        expect(err.message).toBe('Rate exceeded');
        expect((err.$retryable as { throttling?: boolean } | undefined)?.throttling ?? true).toBe(true);
      }
      // Another Region has its own budget.
      const west = new CloudTrailClient(clientConfig(throttled.endpoint, KEYS.data, 'us-west-2', 1));
      await expect(west.send(new LookupEventsCommand({ MaxResults: 1 }))).resolves.toBeDefined();
      expect(throttled.requests().filter((r) => r.status === 400).every((r) => r.action === 'LookupEvents')).toBe(true);

      // The SDK classifies the error as throttling: with retries on, every call gets through.
      await new Promise((r) => setTimeout(r, 1100));
      const retrying = new CloudTrailClient(clientConfig(throttled.endpoint, KEYS.data, 'us-east-1', 6));
      const outputs = await Promise.all(Array.from({ length: 4 }, () => retrying.send(new LookupEventsCommand({ MaxResults: 1 }))));
      expect(Math.max(...outputs.map((o) => o.$metadata.attempts ?? 1))).toBeGreaterThan(1);
    } finally {
      await throttled.stop();
    }
  });
});

describe('STS and Account', () => {
  it('GetCallerIdentity answers with the account the key maps to', async () => {
    const sts = new STSClient(clientConfig(server.endpoint, KEYS.identity));
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe('111111111111');
    expect(me.Arn).toBe('arn:aws:iam::111111111111:user/investigator');
    expect(me.UserId).toMatch(/^AIDA[0-9A-Z]{17}$/);
    const bad = await rejection(new STSClient(clientConfig(server.endpoint, 'AKIANOBODY0000000000')).send(new GetCallerIdentityCommand({})));
    expect(bad.name).toBe('InvalidClientTokenId');
    expect(bad.message).toBe('The security token included in the request is invalid.');
  });

  it('ListRegions filters by opt status and pages', async () => {
    const account = new AccountClient(clientConfig(server.endpoint, KEYS.workloads));
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListRegions({ client: account, pageSize: 5 }, { RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] })) {
      pages++;
      names.push(...(page.Regions ?? []).map((r) => r.RegionName!));
    }
    expect(names).toHaveLength(17);
    expect(pages).toBe(4);
    expect(names).toContain('us-east-1');
    const disabled = await account.send(new ListRegionsCommand({ RegionOptStatusContains: ['DISABLED'] }));
    expect(disabled.Regions).toEqual([
      { RegionName: 'af-south-1', RegionOptStatus: 'DISABLED' },
      { RegionName: 'ap-east-1', RegionOptStatus: 'DISABLED' },
    ]);
    const all = await account.send(new ListRegionsCommand({}));
    expect(all.Regions).toHaveLength(19);
    expect(all.NextToken).toBeUndefined();
    expect((await rejection(account.send(new ListRegionsCommand({ MaxResults: 51 })))).name).toBe('ValidationException');
    expect(server.requests().some((r) => r.service === 'account' && r.action === 'ListRegions' && r.account === '222222222222')).toBe(true);
  });
});

describe('Athena', () => {
  const athena = (key = KEYS.workloads) => new AthenaClient(clientConfig(server.endpoint, key, 'eu-west-1'));
  const TABLE = '"trail_db"."cloudtrail_org"';

  async function finish(client: AthenaClient, id: string): Promise<{ execution: QueryExecution; states: string[] }> {
    const states: string[] = [];
    for (;;) {
      const { QueryExecution } = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const state = QueryExecution!.Status!.State!;
      states.push(state);
      if (!['QUEUED', 'RUNNING'].includes(state)) return { execution: QueryExecution!, states };
    }
  }

  async function query(sql: string, extra: { ExecutionParameters?: string[]; WorkGroup?: string } = {}) {
    const client = athena();
    const { QueryExecutionId } = await client.send(new StartQueryExecutionCommand({
      QueryString: sql, QueryExecutionContext: { Database: 'trail_db', Catalog: 'AwsDataCatalog' }, ...extra,
    }));
    const { execution, states } = await finish(client, QueryExecutionId!);
    return { client, id: QueryExecutionId!, execution, states };
  }

  const values = (page: GetQueryResultsOutput) => page.ResultSet!.Rows!.map((row) => row.Data!.map((d) => d.VarCharValue ?? null));

  it('GetTableMetadata returns the Hive columns, partition keys and table properties', async () => {
    const table = (TableName: string) => new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'trail_db', TableName });
    const { TableMetadata } = await athena().send(table('cloudtrail_org'));
    expect(TableMetadata!.Columns).toEqual(CLOUDTRAIL_COLUMNS_EXTENDED);
    expect(TableMetadata!.PartitionKeys!.map((p) => p.Name)).toEqual(['account', 'region', 'date']);
    expect(TableMetadata!.TableType).toBe('EXTERNAL_TABLE');
    expect(TableMetadata!.CreateTime).toBeInstanceOf(Date);
    expect(TableMetadata!.Parameters!['projection.enabled']).toBe('true');
    const missing = await rejection(athena().send(table('nope')));
    expect(missing.name).toBe('MetadataException');
  });

  it('the column lists follow the DDL of spec §7.1', () => {
    expect(CLOUDTRAIL_COLUMNS_AWS).toHaveLength(29);
    expect(CLOUDTRAIL_COLUMNS_AWS.find((c) => c.Name === 'resources')!.Type).toBe('array<struct<arn:string,accountid:string,type:string>>');
    const identity = CLOUDTRAIL_COLUMNS_AWS.find((c) => c.Name === 'useridentity')!.Type;
    expect(identity).toContain('sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>');
    expect(identity).toContain('webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>');
    expect(identity).not.toContain('sourceidentity');
    const extended = CLOUDTRAIL_COLUMNS_EXTENDED.find((c) => c.Name === 'useridentity')!.Type;
    for (const field of ['sourceidentity:string', 'identityprovider:string', 'credentialid:string', 'inscopeof:struct<']) {
      expect(extended).toContain(field);
    }
    expect(CLOUDTRAIL_COLUMNS_EXTENDED.at(-1)).toEqual({ Name: 'annotation', Type: 'string' });
  });

  it('runs a query: QUEUED, RUNNING, SUCCEEDED, then pages with the header on the first page only', async () => {
    const expected = recordsOf('333333333333', 'us-east-1')
      .map((r) => [r.eventID, r.eventTime])
      .sort((a, b) => (a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : a[0]! < b[0]! ? -1 : 1))
      .slice(0, 7);
    const { client, id, execution, states } = await query(
      `SELECT eventid, eventtime FROM ${TABLE} WHERE account = '333333333333' AND region = 'us-east-1' ORDER BY eventtime, eventid LIMIT 7`,
    );
    expect(states).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    expect(execution.ResultConfiguration!.OutputLocation).toBe(`s3://athena-results/q/${id}.csv`);
    expect(execution.Status!.SubmissionDateTime).toBeInstanceOf(Date);
    expect(execution.Status!.CompletionDateTime).toBeInstanceOf(Date);
    expect(execution.WorkGroup).toBe('primary');

    const pages: GetQueryResultsOutput[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: 3, NextToken }));
      pages.push(page);
      NextToken = page.NextToken;
    } while (NextToken);
    expect(pages.map((p) => p.ResultSet!.Rows!.length)).toEqual([3, 3, 2]);
    expect(values(pages[0]!)[0]).toEqual(['eventid', 'eventtime']);
    expect(pages.slice(1).flatMap(values).some((row) => row[0] === 'eventid')).toBe(false);
    expect([...values(pages[0]!).slice(1), ...pages.slice(1).flatMap(values)]).toEqual(expected);
    const info = pages[0]!.ResultSet!.ResultSetMetadata!.ColumnInfo!;
    expect(info.map((c) => [c.Name, c.Type])).toEqual([['eventid', 'varchar'], ['eventtime', 'varchar']]);
  });

  it('holds every record of the event log files, typed as the Hive JsonSerDe would', async () => {
    const count = await query(`SELECT count(*) AS n, count(DISTINCT account) FROM ${TABLE}`);
    const page = await count.client.send(new GetQueryResultsCommand({ QueryExecutionId: count.id }));
    expect(values(page)).toEqual([['n', '_col1'], [String(ALL_RECORDS.length), '4']]);
    expect(page.ResultSet!.ResultSetMetadata!.ColumnInfo![0]!.Type).toBe('bigint');

    const issuerArn = (r: CloudTrailRecord) =>
      (r.userIdentity as { sessionContext?: { sessionIssuer?: { arn?: string } } } | undefined)?.sessionContext?.sessionIssuer?.arn;
    const withResources = ALL_RECORDS.find((r) => Array.isArray(r.resources) && r.resources.length > 0 && issuerArn(r) && !r.errorCode)!;
    const { client, id } = await query(
      `SELECT useridentity.sessioncontext.sessionissuer.arn, json_format(CAST(resources AS JSON)) AS resources_json, readonly, errorcode, ` +
        `requestparameters, date FROM ${TABLE} WHERE eventid = ? AND account = ?`,
      { ExecutionParameters: [`'${withResources.eventID}'`, `'${String(withResources.recipientAccountId)}'`] },
    );
    const result = await client.send(new GetQueryResultsCommand({ QueryExecutionId: id }));
    const [header, row] = values(result);
    expect(header).toEqual(['arn', 'resources_json', 'readonly', 'errorcode', 'requestparameters', 'date']);
    expect(row![0]).toBe(issuerArn(withResources));
    const resources = withResources.resources as Record<string, unknown>[];
    expect(JSON.parse(row![1]!)).toEqual(resources.map((r) => ({ arn: r.ARN ?? null, accountid: r.accountId ?? null, type: r.type ?? null })));
    expect(row![2]).toBe(String(withResources.readOnly));
    expect(result.ResultSet!.Rows![1]!.Data![3]).toEqual({}); // SQL NULL: a Datum without VarCharValue
    const requestParameters = row![4];
    expect(requestParameters ? JSON.parse(requestParameters) : null).toEqual(withResources.requestParameters ?? null);
    expect(row![5]).toMatch(/^2026\/03\/\d\d$/);

    // Extended columns and Trino's json_extract_scalar.
    const lambda = ALL_RECORDS.find((r) => (r.userIdentity as { inScopeOf?: unknown }).inScopeOf)!;
    const assume = ALL_RECORDS.find((r) => r.eventName === 'AssumeRole' && !r.errorCode)!;
    const scoped = await query(
      `SELECT eventid, useridentity.inscopeof.issuertype, json_extract_scalar(responseelements, '$.credentials.accessKeyId') AS issued, ` +
        `json_extract_scalar(responseelements, '$.credentials') AS not_scalar FROM ${TABLE} ` +
        `WHERE eventid IN ('${lambda.eventID}', '${assume.eventID}') ORDER BY eventid`,
    );
    const scopedRows = values(await scoped.client.send(new GetQueryResultsCommand({ QueryExecutionId: scoped.id }))).slice(1);
    const byId = new Map(scopedRows.map((r) => [r[0], r]));
    expect(byId.get(lambda.eventID)![1]).toBe('AWS::Lambda::Function');
    const credentials = (assume.responseElements as { credentials: { accessKeyId: string } }).credentials;
    expect(byId.get(assume.eventID)![2]).toBe(credentials.accessKeyId);
    expect(byId.get(assume.eventID)![3]).toBeNull();
  });

  it('answers the full-table SELECT shape: every column, nested ones through json_format(CAST(x AS JSON))', async () => {
    const select = CLOUDTRAIL_COLUMNS_EXTENDED.map((c) =>
      c.Type === 'string' ? `"${c.Name}"` : `json_format(CAST("${c.Name}" AS JSON)) AS "${c.Name}"`,
    );
    const { client, id, execution } = await query(
      `SELECT ${select.join(', ')}\nFROM ${TABLE}\nWHERE "account" IN ('222222222222') AND "region" IN ('us-west-2')\n` +
        `  AND "date" BETWEEN '2026/03/09' AND '2026/03/11'\n  AND eventtime >= '2026-03-09T00:00:00Z' AND eventtime <= '2026-03-10T23:59:59Z'`,
    );
    expect(execution.Status!.State).toBe('SUCCEEDED');
    const [header, ...rows] = values(await client.send(new GetQueryResultsCommand({ QueryExecutionId: id })));
    expect(header).toEqual(CLOUDTRAIL_COLUMNS_EXTENDED.map((c) => c.Name));
    expect(rows.length).toBe(recordsOf('222222222222', 'us-west-2').length);
    const identity = JSON.parse(rows[0]![header!.indexOf('useridentity')]!) as Record<string, unknown>;
    expect(Object.keys(identity)).toContain('sessioncontext');
  });

  describe('DataScannedInBytes: the gunzipped size of the files in the partitions selected', () => {
    /** Gunzipped bytes of the event log files (not digests or Insights) whose path under AWSLogs/ matches. */
    const bytesOf = (pathPattern: RegExp) =>
      filesUnder(ORG_TRAIL)
        .map((f) => path.relative(ORG_TRAIL, f).split(path.sep).join('/'))
        .filter((f) => f.split('/').includes('CloudTrail') && pathPattern.test(f))
        .reduce((n, f) => n + gunzipSync(readFileSync(path.join(ORG_TRAIL, f))).length, 0);
    const WHOLE_TABLE = bytesOf(/./);

    it('counts only the account and day a partition predicate selects, other conjuncts aside', async () => {
      const expected = bytesOf(/\/111111111111\/CloudTrail\/[^/]+\/2026\/03\/09\//);
      expect(expected).toBeGreaterThan(0);
      expect(expected).toBeLessThan(WHOLE_TABLE);
      const { execution } = await query(
        `SELECT eventid FROM ${TABLE} WHERE "account" IN ('111111111111') ` +
          `AND "date" BETWEEN '2026/03/09' AND '2026/03/09' AND eventname = 'AssumeRole'`,
      );
      expect(execution.Status!.State).toBe('SUCCEEDED');
      expect(execution.Statistics!.DataScannedInBytes).toBe(expected);
    });

    it('counts the whole table for a query without partition predicates', async () => {
      const { execution } = await query(`SELECT count(*) FROM ${TABLE} WHERE eventname = 'AssumeRole'`);
      expect(execution.Statistics!.DataScannedInBytes).toBe(WHOLE_TABLE);
    });

    it('does not prune on a top-level OR that reads another column', async () => {
      const { execution } = await query(
        `SELECT count(*) FROM ${TABLE} WHERE ("account" = '111111111111' OR eventname = 'AssumeRole') AND region = 'us-east-1'`,
      );
      expect(execution.Statistics!.DataScannedInBytes).toBe(bytesOf(/\/CloudTrail\/us-east-1\//));
      const orOnly = await query(`SELECT count(*) FROM ${TABLE} WHERE ("account" = '111111111111' OR eventname = 'AssumeRole')`);
      expect(orOnly.execution.Statistics!.DataScannedInBytes).toBe(WHOLE_TABLE);
    });

    it('keeps the partition-only conjuncts, whole, and nothing of a query it cannot read', () => {
      const keys = ['account', 'region', 'date'];
      expect(partitionConjuncts(
        `SELECT 1 FROM t WHERE "Account" IN ('1', '2') AND date BETWEEN '2026/03/09' AND '2026/03/10' ` +
          `AND lower(region) = 'us-east-1 and eventname' AND (region = 'a' OR account = 'b') AND (region = 'a' OR x = 'b') ` +
          `AND eventname = 'account' AND CASE WHEN region = 'a' AND y THEN true END ORDER BY 1`,
        keys,
      )).toEqual([
        `"Account" IN ('1', '2')`, `date BETWEEN '2026/03/09' AND '2026/03/10'`,
        `lower(region) = 'us-east-1 and eventname'`, `(region = 'a' OR account = 'b')`,
      ]);
      expect(partitionConjuncts(`SELECT * FROM t /* WHERE account = '1' */ LIMIT 1`, keys)).toEqual([]);
      expect(partitionConjuncts(`SELECT * FROM t WHERE account IN (SELECT account FROM u)`, keys)).toEqual([]);
      for (const unreadable of [`WITH u AS (SELECT 1) SELECT * FROM u WHERE account = '1'`, `SELECT * FROM t WHERE account = 'x`, `SELECT (`]) {
        expect(() => partitionConjuncts(unreadable, keys)).toThrow();
      }
    });
  });

  it('a bad column fails the query with a Trino-style reason', async () => {
    const { client, id, execution } = await query(`SELECT useridentity.nosuchfield FROM ${TABLE}`);
    expect(execution.Status!.State).toBe('FAILED');
    expect(execution.Status!.StateChangeReason).toMatch(/^COLUMN_NOT_FOUND: .*'nosuchfield'/);
    expect(execution.Status!.AthenaError).toMatchObject({ ErrorCategory: 2, ErrorType: 1006, Retryable: false });
    const err = await rejection(client.send(new GetQueryResultsCommand({ QueryExecutionId: id })));
    expect(err.name).toBe('InvalidRequestException');

    const unknownColumn = await query(`SELECT nosuchcolumn FROM ${TABLE}`);
    expect(unknownColumn.execution.Status!.StateChangeReason).toMatch(/^COLUMN_NOT_FOUND: line 1:8: Column 'nosuchcolumn' cannot be resolved/);
  });

  it('forced failure, forced cancel and StopQueryExecution', async () => {
    const failed = await query(`SELECT 1 /* force-fail */`);
    expect(failed.execution.Status).toMatchObject({ State: 'FAILED', StateChangeReason: 'HIVE_BAD_DATA: Error parsing field value' });
    const cancelled = await query(`SELECT 1 /* force-cancel */`);
    expect(cancelled.execution.Status!.State).toBe('CANCELLED');

    const client = athena();
    const { QueryExecutionId } = await client.send(new StartQueryExecutionCommand({ QueryString: `SELECT 1` }));
    const early = await rejection(client.send(new GetQueryResultsCommand({ QueryExecutionId })));
    expect(early.name).toBe('InvalidRequestException');
    expect(early.message).toBe('Query has not yet finished. Current state: QUEUED');
    await client.send(new StopQueryExecutionCommand({ QueryExecutionId }));
    expect((await finish(client, QueryExecutionId!)).states).toEqual(['CANCELLED']);
  });

  it('StartQueryExecution: idempotency token, output location, workgroups, access denied', async () => {
    const client = athena();
    const input = { QueryString: 'SELECT 42', ClientRequestToken: 'token-0123456789-0123456789-0123' };
    const first = await client.send(new StartQueryExecutionCommand(input));
    const second = await client.send(new StartQueryExecutionCommand(input));
    expect(second.QueryExecutionId).toBe(first.QueryExecutionId);

    const noOutput = await rejection(client.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', WorkGroup: 'bare' })));
    expect(noOutput.name).toBe('InvalidRequestException');
    expect(noOutput.message).toBe(
      'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.',
    );
    const withOutput = await client.send(new StartQueryExecutionCommand({
      QueryString: 'SELECT 1', WorkGroup: 'bare', ResultConfiguration: { OutputLocation: 's3://mine/' },
    }));
    const { execution } = await finish(client, withOutput.QueryExecutionId!);
    expect(execution.ResultConfiguration!.OutputLocation).toBe(`s3://mine/${withOutput.QueryExecutionId}.csv`);
    const unknownWorkgroup = await rejection(client.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', WorkGroup: 'nope' })));
    expect(unknownWorkgroup.message).toBe('WorkGroup nope is not found.');

    const denied = await rejection(athena(KEYS.denied).send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1' })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('is not authorized to perform: athena:StartQueryExecution');
    const unknownId = await rejection(client.send(new GetQueryExecutionCommand({ QueryExecutionId: '00000000-0000-0000-0000-000000000000' })));
    expect(unknownId.name).toBe('InvalidRequestException');
  });

  it('records every request with service, action, account, region and status', () => {
    const log = server.requests();
    expect(log.length).toBeGreaterThan(10);
    const start = log.find((r) => r.service === 'athena' && r.action === 'StartQueryExecution')!;
    expect(start).toMatchObject({ account: '222222222222', region: 'eu-west-1', status: 200 });
    expect((start.body as { QueryString?: string }).QueryString).toBeTruthy();
    expect(log.find((r) => r.service === 'sts')).toMatchObject({
      action: 'GetCallerIdentity', body: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    });
    expect(log.some((r) => r.status === 400 && r.account === null)).toBe(true);
  });
});
