// CloudTrail records rewritten into the shapes responders are handed (issue 17): what a SIEM, the
// CLI or a data lake would give for the same events. Each writer follows the tool's documented
// output; the records inside are the trail's own, so a store loaded from any shape must trace the
// same as one loaded from the trail files.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export type Rec = Record<string, unknown> & { eventID: string; eventTime: string; eventName?: string; eventSource?: string; recipientAccountId?: string; awsRegion?: string };

/** The record with eventTime moved to Logstash's @timestamp (its CloudTrail codec does this). */
function logstash(r: Rec): Record<string, unknown> {
  const { eventTime, ...rest } = r;
  return { ...rest, '@timestamp': `${eventTime.replace(/Z$/, '')}.000Z`, '@version': '1', type: 'cloudtrail', tags: ['cloudtrail'] };
}

const ms = (time: string) => Date.parse(time);
const chunks = <T>(items: T[], n: number): T[][] => Array.from({ length: Math.ceil(items.length / n) }, (_, i) => items.slice(i * n, i * n + n));
const lines = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join('\n') + '\n';

/** Lake renders every column as text: scalars as they are, nested values as JSON here. */
function lakeRow(r: Rec): Record<string, string>[] {
  return Object.entries(r).map(([k, v]) => ({ [k]: v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v) }));
}

/** The Athena CloudTrail table's columns: names in lower case, JSON-carrying fields as text. */
function athenaColumns(r: Rec): Record<string, unknown> {
  // Keys under webIdFederationData.attributes are data (claim names): the table keeps them as they are.
  const lower = (v: unknown, parent = ''): unknown => {
    if (Array.isArray(v)) return v.map((x) => lower(x, parent));
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) =>
      parent === 'webIdFederationData' && k === 'attributes' ? ['attributes', x] : [k.toLowerCase(), lower(x, k)]));
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    const name = k.toLowerCase();
    if (['requestparameters', 'responseelements', 'additionaleventdata', 'serviceeventdetails'].includes(name)) out[name] = v === null ? null : JSON.stringify(v);
    else if (name === 'useridentity' || name === 'resources' || name === 'tlsdetails') out[name] = lower(v);
    else out[name] = typeof v === 'boolean' ? String(v) : v;
  }
  return out;
}

/** A value as Athena's CSV download prints it: rows as {key=value, …}, arrays as [a, b], nulls as null. */
function rowText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(rowText).join(', ')}]`;
  if (typeof v === 'object') return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}=${rowText(x)}`).join(', ')}}`;
  return String(v);
}

/** Athena's CSV download of the CloudTrail table: a header of its columns, every value quoted. */
function athenaCsv(rs: Rec[]): string {
  const rows = rs.map(athenaColumns);
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => `"${(v === null || v === undefined ? '' : typeof v === 'object' ? rowText(v) : String(v)).replaceAll('"', '""')}"`;
  return [columns.map((c) => `"${c}"`).join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

export interface Shape {
  name: string;
  /** Writes the records into `dir` in this shape. */
  write(records: Rec[], dir: string): void | Promise<void>;
}

/** Writes JSON lines to Parquet with DuckDB (columns and types as its JSON reader infers them). */
async function parquet(jsonLines: string, file: string): Promise<void> {
  const source = `${file}.source.jsonl`;
  writeFileSync(source, jsonLines);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(`COPY (SELECT * FROM read_json('${source.replaceAll("'", "''")}', format = 'newline_delimited', sample_size = -1, maximum_object_size = 67108864)) TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`);
  } finally {
    conn.closeSync();
    instance.closeSync();
    rmSync(source);
  }
}

export const SHAPES: Shape[] = [
  { name: 'NDJSON', write: (rs, dir) => writeFileSync(path.join(dir, 'events.jsonl'), lines(rs)) },
  { name: 'top-level array', write: (rs, dir) => writeFileSync(path.join(dir, 'events.json'), JSON.stringify(rs, null, 2)) },
  {
    name: 'lookup-events output',
    write: (rs, dir) => writeFileSync(path.join(dir, 'lookup.json'), JSON.stringify({
      Events: rs.map((r) => ({ EventId: r.eventID, EventName: r.eventName, ReadOnly: 'false', EventTime: r.eventTime, EventSource: r.eventSource, Resources: [], CloudTrailEvent: JSON.stringify(r) })),
    }, null, 4)),
  },
  {
    // The first page as `_search` returned it, the scroll's other pages one a line in one file.
    name: 'Elasticsearch _search and scroll responses (Logstash @timestamp)',
    write: (rs, dir) => {
      const pages = chunks(rs, 40).map((page) => JSON.stringify({
        ...(rs.length > 40 ? { _scroll_id: 'FGluY2x1ZGVfY29udGV4dF91dWlkDXF1ZXJ5QW5kRmV0Y2gBFkdZ' } : {}), took: 12, timed_out: false, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
        hits: { total: { value: rs.length, relation: 'eq' }, max_score: 1, hits: page.map((r) => ({ _index: 'cloudtrail-2026.03', _id: r.eventID.slice(0, 20), _score: 1, _source: logstash(r) })) },
      }));
      writeFileSync(path.join(dir, 'search.json'), pages[0]!);
      if (pages.length > 1) writeFileSync(path.join(dir, 'scroll.ndjson'), pages.slice(1).join('\n') + '\n');
    },
  },
  {
    name: 'Elasticsearch scroll export, NDJSON of hits with the record under message',
    write: (rs, dir) => writeFileSync(path.join(dir, 'elasticdump.ndjson'), lines(rs.map((r) => ({
      _index: 'logs-aws', _id: r.eventID, _score: 1, _source: { '@timestamp': `${r.eventTime.replace(/Z$/, '')}.000Z`, host: { name: 'logstash-1' }, message: JSON.stringify(r) },
    })))),
  },
  {
    name: 'Filebeat / ECS, the record under event.original',
    write: (rs, dir) => writeFileSync(path.join(dir, 'filebeat.ndjson'), lines(rs.map((r) => ({
      '@timestamp': `${r.eventTime.replace(/Z$/, '')}.000Z`, event: { original: JSON.stringify(r), dataset: 'aws.cloudtrail', kind: 'event' }, cloud: { provider: 'aws', region: r.awsRegion }, ecs: { version: '8.11.0' },
    })))),
  },
  {
    name: 'Splunk JSON export (result._raw)',
    write: (rs, dir) => writeFileSync(path.join(dir, 'splunk-export.json'), lines(rs.map((r, i) => ({
      preview: false, offset: i, ...(i === rs.length - 1 ? { lastrow: true } : {}),
      result: { _raw: JSON.stringify(r), _time: `${r.eventTime.replace(/Z$/, '')}.000+00:00`, host: 'cloudtrail', index: 'aws', source: 's3://trail', sourcetype: 'aws:cloudtrail' },
    })))),
  },
  {
    name: 'Splunk REST results (results[]._raw)',
    write: (rs, dir) => writeFileSync(path.join(dir, 'splunk-results.json'), JSON.stringify({
      preview: false, init_offset: 0, messages: [], fields: [{ name: '_raw' }, { name: '_time' }],
      results: rs.map((r) => ({ _raw: JSON.stringify(r), _time: `${r.eventTime.replace(/Z$/, '')}.000+00:00` })), highlighted: {},
    })),
  },
  {
    name: 'aws logs filter-log-events output',
    write: (rs, dir) => chunks(rs, 300).forEach((page, i) => writeFileSync(path.join(dir, `filter-log-events-${i}.json`), JSON.stringify({
      events: page.map((r, k) => ({ logStreamName: `${r.recipientAccountId}_CloudTrail_${r.awsRegion}`, timestamp: ms(r.eventTime), message: JSON.stringify(r), ingestionTime: ms(r.eventTime) + 4000, eventId: `3${String(i * 1000 + k).padStart(55, '0')}` })),
      searchedLogStreams: [],
      nextToken: i === 0 ? 'Bxkq6kVGFtq2y_MoigeqscPOdhXVbhiVtLoAmXb5jCrI' : undefined,
    }, null, 4))),
  },
  {
    name: 'aws logs get-log-events output',
    write: (rs, dir) => writeFileSync(path.join(dir, 'get-log-events.json'), JSON.stringify({
      events: rs.map((r) => ({ timestamp: ms(r.eventTime), message: JSON.stringify(r), ingestionTime: ms(r.eventTime) + 4000 })),
      nextForwardToken: 'f/38146563829284829283782374', nextBackwardToken: 'b/38146563829284829283782374',
    }, null, 4)),
  },
  {
    name: 'CloudWatch Logs export to S3 (gzip lines <timestamp> <json>)',
    write: (rs, dir) => {
      const stream = path.join(dir, 'exportedlogs', '4d6b2f0a-1c2e-4b8e-9f3a-0d7c2e5b1a9f', 'CloudTrail_us-east-1');
      mkdirSync(stream, { recursive: true });
      chunks(rs, 400).forEach((page, i) => writeFileSync(path.join(stream, `00000${i}.gz`), gzipSync(page.map((r) => `${r.eventTime.replace(/Z$/, '')}.000Z ${JSON.stringify(r)}`).join('\n') + '\n')));
    },
  },
  {
    name: 'aws cloudtrail get-query-results output (CloudTrail Lake)',
    write: (rs, dir) => writeFileSync(path.join(dir, 'lake-results.json'), JSON.stringify({
      QueryStatus: 'FINISHED', QueryStatistics: { ResultsCount: rs.length, TotalResultsCount: rs.length, BytesScanned: 1024 * rs.length },
      QueryResultRows: rs.map(lakeRow),
    }, null, 4)),
  },
  {
    name: 'EventBridge events (detail-type AWS API Call via CloudTrail)',
    write: (rs, dir) => writeFileSync(path.join(dir, 'eventbridge.jsonl'), lines(rs.map((r) => ({
      version: '0', id: r.eventID.split('').reverse().join(''), 'detail-type': 'AWS API Call via CloudTrail', source: `aws.${String(r.eventSource).split('.')[0]}`,
      account: r.recipientAccountId, time: r.eventTime, region: r.awsRegion, resources: [], detail: r,
    })))),
  },
  {
    name: 'Athena CloudTrail table rows as JSON lines (lower-case columns)',
    write: (rs, dir) => writeFileSync(path.join(dir, 'athena-rows.json'), lines(rs.map(athenaColumns))),
  },
  {
    name: "Athena's CSV download (structs as {key=value}, JSON fields as text)",
    write: (rs, dir) => writeFileSync(path.join(dir, 'athena-results.csv'), athenaCsv(rs)),
  },
  {
    name: 'Parquet from an Athena CTAS (lower-case columns, JSON fields as text)',
    write: (rs, dir) => parquet(lines(rs.map(athenaColumns)), path.join(dir, 'part-00000-ctas.snappy.parquet')),
  },
  {
    name: "Parquet from a data lake (CloudTrail's own names, nested columns)",
    write: (rs, dir) => parquet(lines(rs), path.join(dir, 'cloudtrail.parquet')),
  },
];
