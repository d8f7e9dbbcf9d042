// The shapes records arrive in (src/ingest/shapes.ts, container.ts, json-scan.ts's modes): each
// found by its content, unwrapped to the record CloudTrail wrote, and described when it holds none.

import { describe, expect, it } from 'vitest';
import { cloudTrailTime, readRowText, recordFromColumns } from '../../src/ingest/athena-records.js';
import { detectContainer } from '../../src/ingest/container.js';
import { CEILING_LIMITS, DEFAULT_LIMITS, scanJson } from '../../src/ingest/json-scan.js';
import { describeFile, howRead, recordReader, splitRecords, whyNothing } from '../../src/ingest/normalize.js';
import { unwrap } from '../../src/ingest/shapes.js';

const record = {
  eventVersion: '1.08', eventTime: '2026-03-09T10:47:31Z', eventSource: 'iam.amazonaws.com', eventName: 'CreateUser',
  eventID: '0485349d-f4ab-436c-84b9-5675842530e8', userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice' },
};
const text = JSON.stringify(record);
const { eventTime: _time, ...noTime } = record;
const split = (s: string) => splitRecords(Buffer.from(s));

describe('unwrap', () => {
  it('keeps a bare record verbatim', () => {
    const spaced = JSON.stringify(record, null, 1);
    expect(unwrap(record, spaced, DEFAULT_LIMITS)).toEqual({ ok: true, json: spaced, via: [] });
  });

  it.each([
    ['an Elasticsearch hit', { _index: 'ct', _id: '1', _source: record }, ['elasticsearch-hit']],
    ['a hit with the record as text under message', { _index: 'ct', _source: { message: text, host: 'x' } }, ['elasticsearch-hit', 'logstash-message']],
    ['an ECS event.original (nested)', { '@timestamp': 'x', event: { original: text } }, ['ecs-original']],
    ['an ECS event.original (flat key)', { 'event.original': text }, ['ecs-original']],
    ['a Splunk export row', { preview: false, result: { _raw: text, _time: '2026-03-09T10:47:31.000+00:00' } }, ['splunk-result', 'splunk-raw']],
    ['a Splunk _raw', { _raw: text }, ['splunk-raw']],
    ['a CloudWatch Logs event', { timestamp: 1773053251000, message: text, ingestionTime: 1773053255000 }, ['cloudwatch-event']],
    ['an EventBridge event', { version: '0', 'detail-type': 'AWS API Call via CloudTrail', detail: record }, ['eventbridge-event']],
  ])('finds the record in %s', (_name, value, via) => {
    const found = unwrap(value, JSON.stringify(value), DEFAULT_LIMITS);
    expect(found.ok && JSON.parse(found.json)).toEqual(record);
    expect(found.via).toEqual(via);
    expect(found.ok && found.timeFrom).toBeFalsy();
  });

  it('takes eventTime from the wrapper when the record has none, and says from where', () => {
    const es = unwrap({ _source: { ...noTime, '@timestamp': '2026-03-09T10:47:31.000Z' } }, undefined, DEFAULT_LIMITS);
    expect(es).toMatchObject({ ok: true, timeFrom: '@timestamp' });
    expect(es.ok && JSON.parse(es.json)).toMatchObject({ eventTime: '2026-03-09T10:47:31Z', _trailTrace: { eventTimeFrom: '@timestamp' } });
    const splunk = unwrap({ result: { _raw: JSON.stringify(noTime), _time: '2026-03-09T11:47:31.000+01:00' } }, undefined, DEFAULT_LIMITS);
    expect(splunk.ok && JSON.parse(splunk.json).eventTime).toBe('2026-03-09T10:47:31Z');
    const cw = unwrap({ timestamp: 1773053251000, message: JSON.stringify(noTime) }, undefined, DEFAULT_LIMITS);
    expect(cw).toMatchObject({ ok: true, timeFrom: 'timestamp' });
    expect(cw.ok && JSON.parse(cw.json).eventTime).toBe('2026-03-09T10:47:31Z');
  });

  it("never replaces the record's own eventTime, even one it cannot read", () => {
    const own = unwrap({ _source: { ...record, '@timestamp': '2030-01-01T00:00:00Z' } }, undefined, DEFAULT_LIMITS);
    expect(own.ok && JSON.parse(own.json).eventTime).toBe(record.eventTime);
    const bad = unwrap({ _source: { ...record, eventTime: 'yesterday', '@timestamp': '2030-01-01T00:00:00Z' } }, undefined, DEFAULT_LIMITS);
    expect(bad.ok && JSON.parse(bad.json).eventTime).toBe('yesterday');
  });

  it('says what a wrapper held when it is not CloudTrail, without its content', () => {
    const cw = unwrap({ timestamp: 1, message: 'START RequestId: <script>' }, undefined, DEFAULT_LIMITS);
    expect(cw).toEqual({ ok: false, kind: 'not-cloudtrail', detail: 'CloudWatch Logs events whose text is not JSON', via: ['cloudwatch-event'] });
    const hit = unwrap({ _source: { secret: '<script>' } }, undefined, DEFAULT_LIMITS);
    expect(hit.ok).toBe(false);
    expect(!hit.ok && hit.detail).toMatch(/^Elasticsearch \/ OpenSearch hits: an object without CloudTrail fields \(1 key\)$/);
    expect(unwrap({ message: '{"a":' }, undefined, DEFAULT_LIMITS)).toMatchObject({ ok: false, kind: 'invalid-json' });
  });

  it('bounds a record held as text like any other', () => {
    const deep = '['.repeat(200) + ']'.repeat(200);
    expect(unwrap({ _raw: deep }, undefined, DEFAULT_LIMITS)).toMatchObject({ ok: false, kind: 'too-deep' });
  });

  it('reads a CloudTrail Lake result row, nested values as JSON or as {key=value} text', () => {
    const row = [
      { eventVersion: '1.08' }, { eventID: record.eventID }, { eventTime: '2026-03-09 10:47:31.000' }, { eventSource: 'iam.amazonaws.com' }, { eventName: 'CreateUser' },
      { userIdentity: '{type=AssumedRole, principalid=AROAX:alice, arn=arn:aws:sts::111122223333:assumed-role/Admin/alice, accountid=111122223333, sessioncontext={attributes={creationdate=2026-03-09 10:00:00.000, mfaauthenticated=false}, sessionissuer={type=Role, arn=arn:aws:iam::111122223333:role/Admin}}, invokedby=null}' },
      { requestParameters: '{"userName":"bob"}' }, { readOnly: 'false' },
    ];
    const found = unwrap(row, undefined, DEFAULT_LIMITS);
    expect(found).toMatchObject({ ok: true, via: ['lake-row'], approximate: true });
    expect(found.ok && JSON.parse(found.json)).toEqual({
      eventVersion: '1.08', eventID: record.eventID, eventTime: '2026-03-09T10:47:31Z', eventSource: 'iam.amazonaws.com', eventName: 'CreateUser',
      userIdentity: {
        type: 'AssumedRole', principalId: 'AROAX:alice', arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice', accountId: '111122223333',
        sessionContext: { attributes: { creationDate: '2026-03-09T10:00:00Z', mfaAuthenticated: 'false' }, sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/Admin' } },
      },
      requestParameters: { userName: 'bob' }, readOnly: false,
      // Said in the record itself, for wherever it is shown (src/store/derived.ts).
      _trailTrace: { approximate: true, fromColumns: true },
    });
  });

  it('reads a row under CloudTrail\'s names whose nested fields are text as columns', () => {
    const row = { eventVersion: '1.08', eventID: 'e2', eventTime: '2026-03-09 10:47:31.000', eventSource: 'iam.amazonaws.com', eventName: 'GetUser',
      userIdentity: '{"type":"IAMUser","arn":"arn:aws:iam::1:user/a"}', requestParameters: '{userName=bob}', readOnly: 'true' };
    const found = unwrap(row, JSON.stringify(row), DEFAULT_LIMITS);
    expect(found).toMatchObject({ ok: true, via: ['columns'], approximate: true });
    expect(found.ok && JSON.parse(found.json)).toEqual({ eventVersion: '1.08', eventID: 'e2', eventTime: '2026-03-09T10:47:31Z', eventSource: 'iam.amazonaws.com', eventName: 'GetUser',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::1:user/a' }, requestParameters: { userName: 'bob' }, readOnly: true, _trailTrace: { approximate: true, fromColumns: true } });
  });

  it('reads rows of the Athena table saved as JSON (lower-case columns, JSON fields as text)', () => {
    const row = { eventversion: '1.08', eventid: 'e1', eventtime: '2026-03-09T10:47:31Z', eventsource: 'sts.amazonaws.com', eventname: 'AssumeRole',
      useridentity: { type: 'IAMUser', accesskeyid: 'AKIA1', webidfederationdata: { federatedprovider: 'p', attributes: { 'Sub': 'x' } } },
      responseelements: '{"credentials":{"accessKeyId":"ASIA1"}}', resources: [{ arn: 'arn:aws:iam::1:role/R', accountid: '1', type: 'AWS::IAM::Role' }], errorcode: null };
    const found = unwrap(row, undefined, DEFAULT_LIMITS);
    expect(found.ok && JSON.parse(found.json)).toEqual({
      eventVersion: '1.08', eventID: 'e1', eventTime: '2026-03-09T10:47:31Z', eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole',
      userIdentity: { type: 'IAMUser', accessKeyId: 'AKIA1', webIdFederationData: { federatedProvider: 'p', attributes: { Sub: 'x' } } },
      responseElements: { credentials: { accessKeyId: 'ASIA1' } }, resources: [{ ARN: 'arn:aws:iam::1:role/R', accountId: '1', type: 'AWS::IAM::Role' }],
      _trailTrace: { fromColumns: true },
    });
  });
});

describe('hostile and tricky wrappers (review)', () => {
  it('takes a Splunk result\'s _raw over the fields Splunk extracted beside it', () => {
    const result = { preview: false, result: { _raw: text, _time: '2026-03-09T10:47:31.000+00:00', eventID: record.eventID, eventName: 'CreateUser', eventSource: 'iam.amazonaws.com', 'userIdentity.arn': 'x' } };
    const found = unwrap(result, undefined, DEFAULT_LIMITS);
    expect(found.ok && JSON.parse(found.json)).toEqual(record);
    expect(found.ok && found.timeFrom).toBeFalsy();
  });

  it('a {key=value} text nested past the bound, or a Lake row of 300,000 columns, is a warning, not a crash', () => {
    const deep = { eventid: 'e1', eventname: 'X', useridentity: `${'{a='.repeat(5000)}b${'}'.repeat(5000)}` };
    const found = splitRecords(Buffer.from(`${JSON.stringify(deep)}\n${text}\n`));
    expect(found.records).toHaveLength(2); // the deep text is kept as text, not read as a row
    expect(readRowText(deep.useridentity)).toBeUndefined();
    const wide = JSON.stringify({ QueryResultRows: [Array.from({ length: 300_000 }, (_, i) => ({ [`c${i}`]: 'v' }))] });
    expect(() => split(wide)).not.toThrow();
  });

  it('a role session name holding ",key=" cannot add a field to a {key=value} row', () => {
    const row = readRowText('{type=AssumedRole, arn=arn:aws:sts::1:assumed-role/Admin/bob,invokedBy=signin.amazonaws.com, accountid=1}');
    expect(row).toEqual({ type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/Admin/bob,invokedBy=signin.amazonaws.com', accountid: '1' });
  });

  it('a time without a zone other than SQL\'s, or one that rolls over, is no time', () => {
    expect(cloudTrailTime('2024-05-01T12:00')).toBeUndefined();
    expect(cloudTrailTime('2024-02-30T12:00:00Z')).toBeUndefined();
    expect(cloudTrailTime('2024-05-01 24:00:00')).toBeUndefined();
    expect(cloudTrailTime(5)).toBeUndefined();
  });
});

describe('times and renderings', () => {
  it.each([
    ['2026-03-09T10:47:31Z', '2026-03-09T10:47:31Z'],
    ['2026-03-09T10:47:31.999Z', '2026-03-09T10:47:31Z'],
    ['2026-03-09T12:47:31+02:00', '2026-03-09T10:47:31Z'],
    ['2026-03-09 10:47:31.000', '2026-03-09T10:47:31Z'],
    [1773053251000, '2026-03-09T10:47:31Z'],
    [1773053251, '2026-03-09T10:47:31Z'],
    ['1773053251000', '2026-03-09T10:47:31Z'],
    ['yesterday', undefined],
    ['2026-13-45T99:99:99Z', undefined],
    [Number.NaN, undefined],
    [{}, undefined],
  ])('%s is %s', (value, expected) => expect(cloudTrailTime(value)).toBe(expected));

  it('reads {key=value} text, lists and nulls, and refuses what is not one', () => {
    expect(readRowText('{a=b, c={d=e, f=null}, g=[x, y], h=arn:aws:iam::1:role/a=b}')).toEqual({ a: 'b', c: { d: 'e', f: null }, g: ['x', 'y'], h: 'arn:aws:iam::1:role/a=b' });
    expect(readRowText('{ua=aws-cli/2.0 Python/3.11, botocore/1.2}')).toEqual({ ua: 'aws-cli/2.0 Python/3.11, botocore/1.2' });
    expect(readRowText('not a row')).toBeUndefined();
    expect(readRowText('{a=b')).toBeUndefined();
    expect(readRowText('{=b}')).toBeUndefined();
  });

  it('leaves out nulls and keeps names it does not know', () => {
    expect(recordFromColumns({ EventID: 'e', eventname: 'X', errorcode: null, custom_column: 1 }).record).toEqual({ eventID: 'e', eventName: 'X', custom_column: 1 });
  });
});

describe('a kept file read back record by record (recordReader)', () => {
  it('gives each index the record splitRecords gives it, in every container, and nothing where it gives none', () => {
    const page = JSON.stringify({ hits: { hits: [{ _source: record }, { _source: { ...noTime, '@timestamp': '2026-03-09T10:47:31Z' } }] } });
    const files = [
      `{"Records":[${text},${text}]}`,
      `{"Records":[${text}]}\n{"Records":[${text}]}\n{"x":1}\n`,
      `[${text},${text}]`,
      JSON.stringify([{ _source: record }, { message: text }, { a: 1 }]),
      `${text}\n{"message":${JSON.stringify(text)}}\nnot json\n${text} ${text}\n\n{"a":1}\n`,
      `${page}\n${page}\n`,
      JSON.stringify({ Events: [{ CloudTrailEvent: text }, { EventId: 'x' }, { CloudTrailEvent: '{"broken' }] }),
      `2026-03-09T10:47:31.000Z ${text}\n2026-03-09T10:47:32.000Z ${JSON.stringify(noTime)}\n`,
      JSON.stringify({ events: [{ timestamp: 1, message: text }, { timestamp: 2, message: 'hello' }] }),
      JSON.stringify({ QueryStatus: 'FINISHED', QueryResultRows: [[{ eventID: 'e' }, { eventTime: '2026-03-09 10:47:31.000' }]] }),
      '',
      'garbage',
    ];
    let compared = 0;
    for (const file of files) {
      const bytes = Buffer.from(file);
      const whole = splitRecords(bytes, CEILING_LIMITS, undefined, false).records;
      compared += whole.length;
      const read = recordReader(bytes, CEILING_LIMITS);
      for (const r of whole) expect(read(r.index), file.slice(0, 60)).toBe(r.json);
      const indexes = new Set(whole.map((r) => r.index));
      for (let i = 0; i < 8; i += 1) if (!indexes.has(i)) expect(read(i), `${file.slice(0, 60)} #${i}`).toBeUndefined();
    }
    expect(compared).toBeGreaterThanOrEqual(18);
  });
});

describe('containers', () => {
  it.each([
    ['{"took":5,"timed_out":false,"hits":{"total":{"value":1},"hits":[]}}', 'ndjson'],
    ['{"QueryStatus":"FINISHED","QueryResultRows":[]}', 'lake-rows'],
    ['2026-03-09T10:47:31.000Z {"eventVersion":"1.08"}', 'stamped'],
    ['{"Records":[]}', 'records'],
    ['[{"eventID":"a"}]', 'array'],
  ])('guesses from the first bytes: %s', (head, container) => expect(detectContainer(head)).toBe(container));

  it('finds records under hits.hits, events, QueryResultRows and results, whatever comes before', () => {
    const es = split(JSON.stringify({ took: 1, hits: { total: { value: 2, hits: [{ x: 1 }] }, max_score: 1, hits: [{ _source: record }, { _source: record }] } }));
    expect(es.container).toBe('hits');
    expect(es.records.map((r) => r.index)).toEqual([0, 1]);
    const cw = split(JSON.stringify({ searchedLogStreams: [{ events: [] }], events: [{ timestamp: 1, message: text }] }, null, 2));
    expect(cw).toMatchObject({ container: 'log-events', records: [{ index: 0, json: text }] });
    const splunk = split(JSON.stringify({ preview: false, fields: [], results: [{ _raw: text }] }));
    expect(splunk).toMatchObject({ container: 'splunk-results', records: [{ index: 0, json: text }] });
    const lake = split(JSON.stringify({ QueryStatus: 'FINISHED', QueryResultRows: [[{ eventID: 'e' }, { eventName: 'X' }, { eventTime: '2026-03-09 10:47:31.000' }]] }));
    expect(lake.records).toEqual([{ index: 0, json: '{"eventID":"e","eventName":"X","eventTime":"2026-03-09T10:47:31Z","_trailTrace":{"fromColumns":true}}' }]);
  });

  it('reads pages written one after another (a scroll\'s, `aws logs`\'), records numbered through the file, and `jq .hits`\'s object', () => {
    const page = (n: number) => JSON.stringify({ _scroll_id: 'x', hits: { total: { value: n }, hits: Array.from({ length: n }, (_, i) => ({ _id: String(i), _source: record })) } });
    const pages = split(`${page(2)}\n${page(3)}\n`);
    expect(pages.container).toBe('hits');
    expect(pages.records.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(pages.records.every((r) => r.json === text)).toBe(true);
    expect(pages.problems).toEqual([]);
    expect(describeFile(pages)).toBe('2 Elasticsearch / OpenSearch responses one after another');
    expect(howRead(split(`{"Records":[${text}]}\n{"Records":[${text}]}\n`))).toBe('2 trail files one after another');
    expect(howRead(split(`{"Records":[${text}]}`))).toBeUndefined();
    // Pretty-printed and back to back, as `cat page-*.json` gives them.
    const cat = split(`${JSON.stringify(JSON.parse(page(1)), null, 2)}${JSON.stringify(JSON.parse(page(2)), null, 2)}`);
    expect(cat.records).toHaveLength(3);
    const logPages = split(`${JSON.stringify({ events: [{ timestamp: 1, message: text }], nextToken: 'a' })}\n${JSON.stringify({ events: [{ timestamp: 2, message: text }] })}\n`);
    expect(logPages).toMatchObject({ container: 'log-events', records: [{ index: 0 }, { index: 1 }] });
    const hitsOnly = split(JSON.stringify({ total: { value: 2 }, max_score: 1, hits: [{ _source: record }, { _source: record }] }));
    expect(hitsOnly).toMatchObject({ container: 'hits', records: [{ index: 0, json: text }, { index: 1, json: text }], problems: [] });
  });

  it('a line of another kind among records never turns them into a container (review)', () => {
    // A pipeline's stray `{"events":[]}`, a forged `{"Records":[…]}`, an array holding the word "Records".
    for (const odd of ['{"source":"pipeline","events":[]}', `{"Records":[${JSON.stringify({ ...record, sourceIPAddress: '203.0.113.66' })}]}`, '["x","Records"]']) {
      const parsed = split(`${text}\n${text}\n${odd}\n${text}\n`);
      expect(parsed.container, odd).toBe('ndjson');
      expect(parsed.records.filter((r) => r.json === text).map((r) => r.index), odd).toEqual([0, 1, 3]);
    }
    // A key is the first object's and most objects': pages with one stray line are still pages.
    const page = JSON.stringify({ hits: { hits: [{ _source: record }] } });
    expect(split(`${page}\n${page}\n{"note":"end"}\n`).container).toBe('hits');
    expect(split(`{"note":"start"}\n${page}\n${page}\n`).container).toBe('ndjson');
    // A search's one page and the reply to clearing its scroll, or a trailing null: still a response.
    expect(split(`${page}\n{"succeeded":true,"num_freed":1}\n`)).toMatchObject({ container: 'hits', records: [{ index: 0, json: text }] });
    expect(split(`${page}\nnull\n`)).toMatchObject({ container: 'hits', records: [{ index: 0, json: text }] });
  });

  it('a key met in one value never opens records in the next (review)', () => {
    const parsed = split(`{"Records":[${text}]}\n[[${text}]]\n{"Records":[${text}]}\n`);
    expect(parsed.records.map((r) => r.index)).toEqual([0, 1]);
    // Nor a key expected at the end of one (`{}`, `{"a":1,}`): the next value's elements are no keys.
    for (const empty of ['{}', '{"a":1,}']) {
      expect(split(`{"Records":[${text}]}\n${empty}\n["Records",[${text}]]\n{"Records":[${text}]}\n`).records.map((r) => r.index), empty).toEqual([0, 1]);
    }
    expect(parsed.problems).toEqual([{ kind: 'not-cloudtrail', detail: '1 of its 3 top-level values has no "Records" array of records, and was not read (the first on line 2)' }]);
  });

  it('a kept file is read back as the store recorded it, whatever a later version makes of it', () => {
    const page = JSON.stringify({ hits: { hits: [{ _source: record }, { _source: record }] } });
    const bytes = Buffer.from(`${page}\n${page}\n`);
    // Read as pages today; as NDJSON (one value a line, nothing in it a record) when so recorded.
    expect(recordReader(bytes, CEILING_LIMITS)(3)).toBe(text);
    expect(recordReader(bytes, CEILING_LIMITS, 'ndjson')(3)).toBeUndefined();
    expect(recordReader(bytes, CEILING_LIMITS, 'ndjson')(1)).toBe(page);
    expect(recordReader(bytes, CEILING_LIMITS, 'hits')(3)).toBe(text);
  });

  it('warns of a value among the pages that is not one, never dropping it quietly', () => {
    const page = JSON.stringify({ hits: { hits: [{ _source: record }] } });
    const mixed = split(`${page}\n${text}\n${page}\n${page}\n{"note":"end"}\n`);
    expect(mixed.records.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(mixed.problems).toEqual([{ kind: 'not-cloudtrail', detail: '2 of its 5 top-level values have no "hits"."hits" array of records, and were not read (the first on line 2)' }]);
    const trails = split(`{"Records":[${text}]}\n{"Records":[${text}]}\n${text}\n`);
    expect(trails.records).toHaveLength(2);
    expect(trails.problems).toEqual([{ kind: 'not-cloudtrail', detail: '1 of its 3 top-level values has no "Records" array of records, and was not read (the first on line 3)' }]);
    // One object: what it lacks is said once, as the file's reason.
    expect(split('{"hits":{"total":0}}').problems).toEqual([]);
  });

  it('reads `<timestamp> <json>` lines, the stamp standing in for a missing eventTime', () => {
    const lines = `2026-03-09T10:47:31.000Z ${text}\n2026-03-09T10:47:32.000Z ${JSON.stringify(noTime)}\n2026-03-09T10:47:33.000Z {"a":1} trailing\n`;
    const parsed = split(lines);
    expect(parsed.container).toBe('stamped');
    expect(parsed.records.map((r) => [r.index, JSON.parse(r.json).eventTime])).toEqual([[0, record.eventTime], [1, '2026-03-09T10:47:32Z']]);
    expect(parsed.timeFrom).toEqual({ field: "the line's timestamp", records: 1 });
    expect(parsed.problems).toEqual([{ kind: 'invalid-json', index: 2, detail: 'line 3: more than one JSON value on the line' }]);
    expect(scanJson(Buffer.from(lines), 'stamped').records[0]!.stamp).toEqual({ start: 0, end: 24 });
  });

  it('says what a file is and why it gave nothing', () => {
    const es = split(JSON.stringify({ hits: { hits: [{ _source: { a: 1 } }] } }));
    expect(describeFile(es)).toBe('an Elasticsearch / OpenSearch response');
    expect(whyNothing(es, 1)).toBe('an Elasticsearch / OpenSearch response: Elasticsearch / OpenSearch hits whose _source is not CloudTrail (1 record, see the warnings)');
    const cw = split(JSON.stringify({ events: [{ timestamp: 1, message: 'hello' }, { timestamp: 2, message: 'again' }] }));
    expect(whyNothing(cw, 2)).toBe('`aws logs` events output: CloudWatch Logs events whose messages are not CloudTrail (2 records, see the warnings)');
    expect(whyNothing(split('{"hits":{"hits":[]}}'), 0)).toBe('an Elasticsearch / OpenSearch response with no records in it');
    expect(howRead(split(`{"_source":${JSON.stringify({ ...noTime, '@timestamp': '2026-03-09T10:47:31Z' })}}`)))
      .toBe('one JSON object (Elasticsearch / OpenSearch hits); eventTime taken from "@timestamp" for 1 record that had none');
    expect(howRead(split(`${text}\n${text}\n`))).toBeUndefined();
  });
});
