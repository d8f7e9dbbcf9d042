// Parquet input (src/ingest/parquet.ts): rows read by DuckDB's reader, in file order, each
// unwrapped like any record; a file with no CloudTrail row gives nothing and says so, a damaged one
// is a warning naming it, and the rest loads.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isParquet, readTable, tableOf } from '../../src/ingest/tables.js';
import { DEFAULT_LIMITS } from '../../src/ingest/json-scan.js';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { openStore } from '../../src/store/store.js';
import { getEventById } from '../../src/store/events.js';
import { removeDir, suiteDir } from '../helpers/temp.js';

let dir: string;
beforeAll(() => {
  dir = suiteDir();
});
afterAll(() => removeDir(dir));

async function toParquet(sql: string, file: string): Promise<string> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(`COPY (${sql}) TO '${file}' (FORMAT parquet)`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return file;
}

const ROWS = `SELECT '1.08' AS eventversion, 'pq-' || i AS eventid, TIMESTAMP '2026-03-09 10:00:00' + INTERVAL (i) SECOND AS eventtime,
  's3.amazonaws.com' AS eventsource, 'ListBuckets' AS eventname, {'type': 'IAMUser', 'accesskeyid': 'AKIAPARQUET'} AS useridentity,
  '{"bucketName":"b' || i || '"}' AS requestparameters FROM range(3) t(i)`;

describe('CSV of CloudTrail columns', () => {
  it('reads rows in file order, nested values as JSON or {key=value} text, empty fields left out, gzipped or not', async () => {
    const csv = [
      'eventversion,eventid,eventtime,eventsource,eventname,useridentity,requestparameters,errorcode',
      '1.08,csv-0,2026-03-09 10:00:00.000,s3.amazonaws.com,ListBuckets,"{type=IAMUser, accesskeyid=AKIACSV, sessioncontext=null}",,',
      '1.08,csv-1,2026-03-09T10:00:01Z,iam.amazonaws.com,GetUser,"{""type"":""IAMUser""}","{""userName"":""bob""}",NoSuchEntity',
    ].join('\n');
    for (const bytes of [Buffer.from(csv), gzipSync(csv)]) {
      const file = path.join(dir, `rows-${bytes[0]}.csv`);
      writeFileSync(file, bytes);
      const store = await openStore(path.join(dir, `csv-${bytes[0]}.duckdb`));
      try {
        const summary = await ingestPaths(store, [file]);
        expect(summary.events).toEqual({ new: 2, duplicate: 0 });
        expect(summary.readAs.examples[0]!.how).toBe('a CSV file of CloudTrail columns; 1 record with nested fields read from text like {key=value, …}: check what matters against the source');
        const first = await getEventById(store, 'csv-0');
        expect(first).toMatchObject({ eventTime: '2026-03-09T10:00:00Z', identity: { type: 'IAMUser', accessKeyId: 'AKIACSV' } });
        expect(first?.errorCode).toBeUndefined();
        expect(await getEventById(store, 'csv-1')).toMatchObject({ eventName: 'GetUser', errorCode: 'NoSuchEntity', location: { index: 1 } });
      } finally {
        await store.close();
      }
    }
  });

  it('a CSV that does not name CloudTrail columns is no table', () => {
    expect(tableOf(Buffer.from('id,name\n1,a\n'))).toBeUndefined();
    expect(tableOf(Buffer.from('eventID,eventName\n1,a\n'))).toBe('csv');
  });
});

describe('Parquet', () => {
  it('reads rows in file order as CloudTrail records, times as CloudTrail spells them', async () => {
    const bytes = readFileSync(await toParquet(ROWS, path.join(dir, 'rows.parquet')));
    expect(isParquet(bytes)).toBe(true);
    const records: { index: number; json: string }[] = [];
    const read = await readTable(bytes, 'parquet', DEFAULT_LIMITS, (r) => void records.push(r));
    expect(read).toMatchObject({ records: 3, problems: [], wrappers: ['columns'] });
    expect(records.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(JSON.parse(records[1]!.json)).toEqual({
      eventVersion: '1.08', eventID: 'pq-1', eventTime: '2026-03-09T10:00:01Z', eventSource: 's3.amazonaws.com', eventName: 'ListBuckets',
      userIdentity: { type: 'IAMUser', accessKeyId: 'AKIAPARQUET' }, requestParameters: { bucketName: 'b1' },
      _trailTrace: { fromColumns: true },
    });
  });

  it('loads, and reads a record back from the kept copy for a trace', async () => {
    await toParquet(ROWS, path.join(dir, 'load.parquet'));
    const store = await openStore(path.join(dir, 'load.duckdb'));
    try {
      const summary = await ingestPaths(store, [path.join(dir, 'load.parquet')]);
      expect(summary.events).toEqual({ new: 3, duplicate: 0 });
      expect(summary.readAs.examples).toEqual([{ source: path.join(dir, 'load.parquet'), how: 'a Parquet file of CloudTrail columns' }]);
      const event = await getEventById(store, 'pq-2');
      expect(event).toMatchObject({ eventId: 'pq-2', eventTime: '2026-03-09T10:00:02Z', location: { index: 2 } });
    } finally {
      await store.close();
    }
  });

  it('a file with no CloudTrail row gives nothing and says so; a damaged one is a warning; the rest loads', async () => {
    await toParquet(`SELECT i AS id, 'hello' AS message FROM range(4) t(i)`, path.join(dir, 'other.parquet'));
    const good = readFileSync(await toParquet(ROWS, path.join(dir, 'good.parquet')));
    writeFileSync(path.join(dir, 'cut.parquet'), Buffer.concat([good.subarray(0, 200), Buffer.from('PAR1')]));
    const store = await openStore(path.join(dir, 'bad.duckdb'));
    try {
      const summary = await ingestPaths(store, ['other.parquet', 'cut.parquet', 'good.parquet'].map((f) => path.join(dir, f)));
      expect(summary.gaveNothing).toEqual([{ source: path.join(dir, 'other.parquet'), why: 'a Parquet file: none of its 4 rows is a CloudTrail event (see the warnings)' }]);
      expect(summary.warnings.byKind.unreadable?.examples).toEqual([
        { kind: 'unreadable', source: path.join(dir, 'cut.parquet'), detail: expect.stringMatching(/^a Parquet file DuckDB could not read: /) },
      ]);
      expect(summary.events.new).toBe(3);
    } finally {
      await store.close();
    }
  });
});
