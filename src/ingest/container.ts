// Which container a log file uses (spec §1.1): `{"Records":[…]}` (trail files), a top-level array,
// `aws cloudtrail lookup-events` output (`Events[].CloudTrailEvent` strings), NDJSON, or one record.
// Decided from the first bytes; the Node parser double-checks whatever it reads.

export type Container = 'records' | 'array' | 'lookup' | 'ndjson' | 'object';

/** Guesses the container from the start of the (decompressed) text; undefined when not JSON. */
export function detectContainer(head: string): Container | undefined {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('[')) return 'array';
  if (!text.startsWith('{')) return undefined;
  const firstKey = /^\{\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
  if (firstKey === 'Records') return 'records';
  if (firstKey === 'Events' || firstKey === 'NextToken') return 'lookup';
  // One object per line, or a single (possibly pretty-printed) object: the Node parser tells.
  return 'ndjson';
}

/** Containers DuckDB reads itself; the others are parsed in Node and staged. */
export function readByDuckDb(container: Container): container is 'records' | 'array' {
  return container === 'records' || container === 'array';
}
