// The pure parts of the API sources: LookupEvents slicing and pacing, Athena query building and
// record rebuilding. The protocol runs are in test/e2e/ingest-lookup.test.ts and ingest-athena.test.ts.

import { describe, expect, it } from 'vitest';
import { parseHiveType, recordFromRow, selectExpression, type TableColumn } from '../../src/ingest/athena-records.js';
import { buildQuery } from '../../src/ingest/sources/athena.js';
import { RequestPacer, inTurnByRegion, parseLookupAttribute, sliceSource, timeSlices } from '../../src/ingest/sources/lookup-events.js';
import { UserError } from '../../src/errors.js';

const USER_IDENTITY =
  'struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,accesskeyid:string,username:string,' +
  'onbehalfof:struct<userid:string,identitystorearn:string>,' +
  'sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>,' +
  'sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>,' +
  'ec2roledelivery:string,webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>,sourceidentity:string,signinsessionarn:string>>';
const COLUMNS = [
  { Name: 'eventversion', Type: 'string' },
  { Name: 'useridentity', Type: USER_IDENTITY },
  { Name: 'eventtime', Type: 'string' },
  { Name: 'eventsource', Type: 'string' },
  { Name: 'eventname', Type: 'string' },
  { Name: 'awsregion', Type: 'string' },
  { Name: 'requestparameters', Type: 'string' },
  { Name: 'responseelements', Type: 'string' },
  { Name: 'requestid', Type: 'string' },
  { Name: 'eventid', Type: 'string' },
  { Name: 'resources', Type: 'array<struct<arn:string,accountid:string,type:string>>' },
  { Name: 'readonly', Type: 'string' },
  { Name: 'recipientaccountid', Type: 'string' },
  { Name: 'sharedeventid', Type: 'string' },
];
const TARGET = { catalog: 'AwsDataCatalog', database: 'security', table: 'trail' };
const WINDOW = { from: new Date('2026-03-09T10:00:00Z'), to: new Date('2026-03-10T12:00:00Z') };

describe('parseHiveType', () => {
  it('reads nested structs, arrays and maps as the table metadata writes them', () => {
    const t = parseHiveType(USER_IDENTITY);
    expect(t.kind).toBe('struct');
    if (t.kind !== 'struct') return;
    const session = t.fields.find((f) => f.name === 'sessioncontext')?.type;
    expect(session?.kind === 'struct' && session.fields.map((f) => f.name)).toEqual([
      'attributes', 'sessionissuer', 'ec2roledelivery', 'webidfederationdata', 'sourceidentity', 'signinsessionarn',
    ]);
    expect(parseHiveType('array<struct<arn:string>>')).toEqual({ kind: 'array', element: { kind: 'struct', fields: [{ name: 'arn', type: { kind: 'scalar', name: 'string' } }] } });
    expect(parseHiveType('map<string,string>').kind).toBe('map');
    expect(parseHiveType('varchar(65535)')).toEqual({ kind: 'scalar', name: 'varchar' });
  });

  it('refuses what it cannot read', () => {
    expect(() => parseHiveType('struct<a:string')).toThrow(/cannot read/);
    expect(() => parseHiveType('string string')).toThrow(/trailing/);
  });
});

describe('recordFromRow', () => {
  const columns: TableColumn[] = COLUMNS.map((c) => ({ name: c.Name, type: parseHiveType(c.Type) }));
  const identity = {
    type: 'AssumedRole', principalid: 'AROAEXAMPLE:s', arn: 'arn:aws:sts::111111111111:assumed-role/R/s', accountid: '111111111111',
    accesskeyid: 'ASIAEXAMPLE', invokedby: null, username: null, onbehalfof: null,
    sessioncontext: {
      attributes: { mfaauthenticated: 'true', creationdate: '2026-03-09T10:00:00Z' },
      sessionissuer: { type: 'Role', principalid: 'AROAEXAMPLE', arn: 'arn:aws:iam::111111111111:role/R', accountid: '111111111111', username: 'R' },
      ec2roledelivery: null, webidfederationdata: { federatedprovider: null, attributes: { 'sts:sub': 'x' } }, sourceidentity: 'alice',
    },
  };
  const row = {
    eventversion: '1.08', useridentity: JSON.stringify(identity), eventtime: '2026-03-09T10:05:00Z', eventsource: 'sts.amazonaws.com',
    eventname: 'AssumeRole', awsregion: 'us-east-1', requestparameters: '{"roleArn":"arn:aws:iam::2:role/X","roleSessionName":"s"}',
    responseelements: null, requestid: 'r-1', eventid: 'e-1', resources: '[{"arn":"arn:aws:iam::2:role/X","accountid":"2","type":"AWS::IAM::Role"}]',
    readonly: 'false', recipientaccountid: '111111111111', sharedeventid: null,
  };

  it('puts back CloudTrail\'s names, parses the JSON-string columns and leaves out NULLs', () => {
    const record = recordFromRow(row, columns);
    expect(record).toEqual({
      eventVersion: '1.08',
      userIdentity: {
        type: 'AssumedRole', principalId: 'AROAEXAMPLE:s', arn: 'arn:aws:sts::111111111111:assumed-role/R/s', accountId: '111111111111',
        accessKeyId: 'ASIAEXAMPLE',
        sessionContext: {
          attributes: { mfaAuthenticated: 'true', creationDate: '2026-03-09T10:00:00Z' },
          sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: 'arn:aws:iam::111111111111:role/R', accountId: '111111111111', userName: 'R' },
          webIdFederationData: { attributes: { 'sts:sub': 'x' } },
          sourceIdentity: 'alice',
        },
      },
      eventTime: '2026-03-09T10:05:00Z', eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', awsRegion: 'us-east-1',
      requestParameters: { roleArn: 'arn:aws:iam::2:role/X', roleSessionName: 's' },
      requestID: 'r-1', eventID: 'e-1',
      resources: [{ ARN: 'arn:aws:iam::2:role/X', accountId: '2', type: 'AWS::IAM::Role' }],
      readOnly: false, recipientAccountId: '111111111111',
    });
  });

  it('names the fields of rows an older engine cast to JSON arrays, by the declared type', () => {
    const legacy = { ...row, resources: '[["arn:aws:iam::2:role/X","2","AWS::IAM::Role"]]' };
    expect(recordFromRow(legacy, columns).resources).toEqual([{ ARN: 'arn:aws:iam::2:role/X', accountId: '2', type: 'AWS::IAM::Role' }]);
  });

  it('selects nested columns as JSON text and scalars as they are', () => {
    expect(selectExpression(columns[1]!)).toBe('json_format(CAST("useridentity" AS JSON)) AS "useridentity"');
    expect(selectExpression(columns[0]!)).toBe('"eventversion"');
  });
});

describe('buildQuery', () => {
  it('prunes projected account/region/date partitions, reading one delivery day past --to', () => {
    const q = buildQuery(
      { Name: 'trail', Columns: COLUMNS, PartitionKeys: [{ Name: 'account', Type: 'string' }, { Name: 'region', Type: 'string' }, { Name: 'date', Type: 'string' }],
        Parameters: { 'projection.enabled': 'true', 'projection.date.format': 'yyyy/MM/dd' } },
      TARGET, { ...WINDOW, accounts: ['111111111111'], regions: ['us-east-1', 'eu-west-1'] },
    );
    expect(q.sql).toContain(`FROM "security"."trail"`);
    expect(q.sql).toContain(`"account" IN ('111111111111')`);
    expect(q.sql).toContain(`"region" IN ('us-east-1', 'eu-west-1')`);
    expect(q.sql).toContain(`"date" BETWEEN '2026/03/09' AND '2026/03/11'`);
    expect(q.sql).toContain(`eventtime >= '2026-03-09T10:00:00Z'`);
    expect(q.sql).toContain(`eventtime <= '2026-03-10T12:00:00Z'`);
    expect(q.notes).toEqual([]);
  });

  it('prunes AWS\'s manual region/year/month/day partitions month by month', () => {
    const q = buildQuery(
      { Name: 'trail', Columns: COLUMNS, PartitionKeys: ['region', 'year', 'month', 'day'].map((Name) => ({ Name, Type: 'string' })) },
      TARGET, { from: new Date('2026-02-27T00:00:00Z'), to: new Date('2026-03-01T12:00:00Z'), accounts: ['111111111111'] },
    );
    expect(q.sql).toContain(`(("year" = '2026' AND "month" = '02' AND "day" IN ('27', '28')) OR ("year" = '2026' AND "month" = '03' AND "day" IN ('01', '02')))`);
    // No account partition in a single-account table: the rows are filtered instead.
    expect(q.sql).toContain(`recipientaccountid IN ('111111111111')`);
    expect(q.notes.some((n) => n.includes('no account partition'))).toBe(true);
  });

  it('writes dates in the projection\'s own format', () => {
    const q = buildQuery(
      { Name: 't', Columns: COLUMNS, PartitionKeys: [{ Name: 'dt', Type: 'string' }], Parameters: { 'projection.dt.format': 'yyyy-MM-dd' } },
      TARGET, WINDOW,
    );
    expect(q.sql).toContain(`"dt" BETWEEN '2026-03-09' AND '2026-03-11'`);
  });

  it('warns when nothing can be pruned, and asks for accounts an injected projection needs', () => {
    const q = buildQuery({ Name: 't', Columns: COLUMNS, PartitionKeys: [] }, TARGET, WINDOW);
    expect(q.notes.join('\n')).toMatch(/no date partition/);
    expect(() =>
      buildQuery({ Name: 't', Columns: COLUMNS, PartitionKeys: [{ Name: 'account', Type: 'string' }], Parameters: { 'projection.account.type': 'injected' } }, TARGET, WINDOW),
    ).toThrow(/injected/);
  });

  it('refuses a table that is not CloudTrail\'s', () => {
    expect(() => buildQuery({ Name: 't', Columns: [{ Name: 'x', Type: 'string' }] }, TARGET, WINDOW)).toThrow(UserError);
  });

  it('notes the columns AWS\'s DDL lacks that the trace uses', () => {
    const bare = COLUMNS.map((c) => (c.Name === 'useridentity' ? { ...c, Type: c.Type.replace(',sourceidentity:string,signinsessionarn:string', '') } : c));
    const q = buildQuery({ Name: 't', Columns: bare, PartitionKeys: [{ Name: 'date', Type: 'string' }] }, TARGET, WINDOW);
    expect(q.notes.join('\n')).toContain('useridentity.sessioncontext.sourceidentity');
    expect(q.notes.join('\n')).toContain('useridentity.sessioncontext.signinsessionarn: the trace will lack the grants of AI agents');
  });
});

describe('LookupEvents slices', () => {
  it('cuts the window at 6-hour UTC boundaries, ends inclusive and one second apart', () => {
    const slices = timeSlices(new Date('2026-03-09T04:30:00Z'), new Date('2026-03-09T13:00:00Z'));
    expect(slices.map((s) => [s.start.toISOString(), s.end.toISOString()])).toEqual([
      ['2026-03-09T04:30:00.000Z', '2026-03-09T05:59:59.000Z'],
      ['2026-03-09T06:00:00.000Z', '2026-03-09T11:59:59.000Z'],
      ['2026-03-09T12:00:00.000Z', '2026-03-09T13:00:00.000Z'],
    ]);
    expect(timeSlices(new Date('2026-03-09T06:00:00Z'), new Date('2026-03-09T06:00:00Z'))).toHaveLength(1);
  });

  it('names a slice by account, region, window and attribute', () => {
    const [slice] = timeSlices(new Date('2026-03-09T00:00:00Z'), new Date('2026-03-09T05:59:59Z'));
    expect(sliceSource('111111111111', 'us-east-1', slice!, { key: 'EventName', value: 'AssumeRole' })).toBe(
      'lookup-events://111111111111/us-east-1?from=2026-03-09T00:00:00Z&to=2026-03-09T05:59:59Z&EventName=AssumeRole',
    );
  });

  it('are fetched in turn from each region, so the slices fetched at once are of different regions', () => {
    const jobs = [['a', 1], ['a', 2], ['a', 3], ['b', 1], ['c', 1], ['c', 2]].map(([region, n]) => ({ region: region as string, n: n as number }));
    expect(inTurnByRegion(jobs).map((j) => `${j.region}${j.n}`)).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
    expect(inTurnByRegion([])).toEqual([]);
  });

  it('reads --attribute Key=Value with the keys LookupEvents accepts', () => {
    expect(parseLookupAttribute('accesskeyid=ASIAX=Y')).toEqual({ key: 'AccessKeyId', value: 'ASIAX=Y' });
    expect(() => parseLookupAttribute('Color=blue')).toThrow(/not Key=Value/);
    try { parseLookupAttribute('Color=blue'); } catch (err) { expect((err as UserError).hint).toMatch(/Keys: EventId/); }
    expect(() => parseLookupAttribute('EventName=')).toThrow(UserError);
  });

  it('spaces requests by more than 1/rate, however many callers share the pacer', async () => {
    const pacer = new RequestPacer(20); // 50 ms apart (+25 ms margin), to keep the test short
    const times: number[] = [];
    const start = performance.now();
    await Promise.all(Array.from({ length: 5 }, () => pacer.take().then(() => times.push(performance.now()))));
    times.sort((a, b) => a - b);
    // The i-th grant comes no sooner than i slots after the first (which is at once). Measured
    // from the start, not between neighbours: a loaded machine may run one callback late, which
    // shortens the observed gap to the next without the pacer granting early.
    for (let i = 1; i < times.length; i++) expect(times[i]! - start).toBeGreaterThanOrEqual(i * 75 - 5);
  });
});
