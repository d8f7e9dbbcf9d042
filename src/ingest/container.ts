// Which container a log file uses (spec §1.1): `{"Records":[…]}` (trail files), a top-level array,
// `aws cloudtrail lookup-events` output (`Events[].CloudTrailEvent` strings), NDJSON, one record,
// or the containers other tools put records in (issue 17): an Elasticsearch response's hits.hits,
// `aws logs filter-log-events` / `get-log-events` output's events, `aws cloudtrail
// get-query-results` output's QueryResultRows, a Splunk search's results, and CloudWatch Logs'
// export lines (`<timestamp> <json>`). Decided from the first bytes; the scan of the whole file
// double-checks (normalize.ts containerOf), and each record is unwrapped by shapes.ts.

export type Container = 'records' | 'array' | 'lookup' | 'ndjson' | 'object' | 'hits' | 'log-events' | 'lake-rows' | 'splunk-results' | 'stamped';

/** How a summary names a container. */
export const CONTAINER_TEXT: Record<Container, string> = {
  records: 'a trail file',
  array: 'a JSON array',
  lookup: '`aws cloudtrail lookup-events` output',
  ndjson: 'JSON lines',
  object: 'one JSON object',
  hits: 'an Elasticsearch / OpenSearch response',
  'log-events': '`aws logs` events output',
  'lake-rows': 'CloudTrail Lake query results',
  'splunk-results': 'Splunk results',
  stamped: 'CloudWatch Logs export lines',
};

/** How a summary names several of a container written one after another (pages of a scroll, trail files run through zcat). */
export const CONTAINERS_TEXT: Partial<Record<Container, (n: string) => string>> = {
  records: (n) => `${n} trail files one after another`,
  lookup: (n) => `${n} pages of \`aws cloudtrail lookup-events\` output`,
  hits: (n) => `${n} Elasticsearch / OpenSearch responses one after another`,
  'log-events': (n) => `${n} pages of \`aws logs\` events output`,
  'lake-rows': (n) => `${n} pages of CloudTrail Lake query results`,
  'splunk-results': (n) => `${n} Splunk results pages`,
};

/** A line `<ISO time> <JSON>`, as CloudWatch Logs exports a log group to S3. */
const STAMPED_LINE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?[ \t]+[{[]/;

/** Guesses the container from the start of the (decompressed) text; undefined when not JSON. */
export function detectContainer(head: string): Container | undefined {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (STAMPED_LINE.test(text)) return 'stamped';
  if (text.startsWith('[')) return 'array';
  if (!text.startsWith('{')) return undefined;
  const firstKey = /^\{\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
  if (firstKey === 'Records') return 'records';
  // (A NextToken first, as `jq -S` sorts keys, says nothing yet: Events or QueryResultRows decides, after the scan.)
  if (firstKey === 'Events') return 'lookup';
  if (firstKey === 'QueryStatus' || firstKey === 'QueryStatistics' || firstKey === 'QueryResultRows') return 'lake-rows';
  // One object per line, or a single (possibly pretty-printed) object: the Node parser tells.
  return 'ndjson';
}

/** Containers DuckDB reads itself; the others are parsed in Node and staged. */
export function readByDuckDb(container: Container): container is 'records' | 'array' {
  return container === 'records' || container === 'array';
}
