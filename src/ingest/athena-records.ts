// CloudTrail records rebuilt from the columns of the standard Athena CloudTrail table (spec §7.1).
// Athena lower-cases every name and declares only what its DDL lists; JSON-carrying fields
// (requestparameters, responseelements, …) are strings holding the original JSON. Nested columns
// are selected as JSON text; this module puts the camelCase names back and parses the JSON strings,
// so the loader sees the record CloudTrail wrote (minus what the table does not declare).

/** A Hive column type, parsed: the table's metadata says `struct<type:string,…>`, `array<…>`, `map<…>`. */
export type HiveType =
  | { kind: 'scalar'; name: string }
  | { kind: 'struct'; fields: { name: string; type: HiveType }[] }
  | { kind: 'array'; element: HiveType }
  | { kind: 'map'; key: HiveType; value: HiveType };

/** Parses a Hive type string (as GetTableMetadata returns it); throws on what it cannot read. */
export function parseHiveType(text: string): HiveType {
  let pos = 0;
  const src = text.trim();
  const skip = () => {
    while (pos < src.length && /\s/.test(src[pos]!)) pos++;
  };
  const word = (): string => {
    skip();
    const m = /^[A-Za-z_][\w$]*|^`[^`]+`/.exec(src.slice(pos));
    if (!m) throw new Error(`cannot read the type ${JSON.stringify(text)} at ${pos}`);
    pos += m[0].length;
    return m[0].replace(/`/g, '');
  };
  const expect = (ch: string) => {
    skip();
    if (src[pos] !== ch) throw new Error(`cannot read the type ${JSON.stringify(text)}: expected ${ch} at ${pos}`);
    pos++;
  };
  const parse = (): HiveType => {
    const name = word().toLowerCase();
    skip();
    if (name === 'struct' || name === 'row') {
      expect('<');
      const fields: { name: string; type: HiveType }[] = [];
      skip();
      while (src[pos] !== '>') {
        const field = word().toLowerCase();
        skip();
        if (src[pos] === ':') pos++; // Hive: name:type (Trino row(name type) has none)
        fields.push({ name: field, type: parse() });
        skip();
        if (src[pos] === ',') pos++;
        skip();
      }
      pos++;
      return { kind: 'struct', fields };
    }
    if (name === 'array') {
      expect('<');
      const element = parse();
      expect('>');
      return { kind: 'array', element };
    }
    if (name === 'map') {
      expect('<');
      const key = parse();
      expect(',');
      const value = parse();
      expect('>');
      return { kind: 'map', key, value };
    }
    // decimal(10,2), varchar(65535): the arguments do not matter here.
    if (src[pos] === '(') pos = src.indexOf(')', pos) + 1;
    return { kind: 'scalar', name };
  };
  const type = parse();
  skip();
  if (pos !== src.length) throw new Error(`cannot read the type ${JSON.stringify(text)}: trailing text at ${pos}`);
  return type;
}

// CloudTrail's spelling of the names Athena lower-cases (spec §1.2, §2.1). Names not listed are
// already lower case in CloudTrail (type, arn, attributes, reason…).
const CAMEL: Record<string, string> = Object.fromEntries(
  [
    'eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent',
    'errorCode', 'errorMessage', 'requestParameters', 'responseElements', 'additionalEventData', 'requestID', 'eventID',
    'eventType', 'apiVersion', 'readOnly', 'recipientAccountId', 'serviceEventDetails', 'sharedEventID', 'vpcEndpointId',
    'vpcEndpointAccountId', 'eventCategory', 'sessionCredentialFromConsole', 'edgeDeviceDetails', 'tlsDetails',
    'managementEvent', 'insightDetails',
    'principalId', 'accountId', 'invokedBy', 'accessKeyId', 'userName', 'onBehalfOf', 'userId', 'identityStoreArn',
    'sessionContext', 'mfaAuthenticated', 'creationDate', 'sessionIssuer', 'ec2RoleDelivery', 'webIdFederationData',
    'federatedProvider', 'sourceIdentity', 'assumedRoot', 'identityProvider', 'credentialId', 'inScopeOf', 'issuerType',
    'credentialsIssuedTo', 'invokedByDelegate', 'signInSessionArn', 'updatedFields', 'originalRequestID', 'originalEventID',
    'tlsVersion', 'cipherSuite', 'clientProvidedHostHeader',
  ].map((n) => [n.toLowerCase(), n]),
);
/** Where the same lower-case name is spelt differently: `resources[].ARN`. */
const CAMEL_IN: Record<string, Record<string, string>> = { resources: { arn: 'ARN' } };

/** Top-level string columns that hold JSON (spec §7.1: "use JSON_EXTRACT functions"). */
const JSON_STRING_COLUMNS = new Set([
  'requestparameters', 'responseelements', 'additionaleventdata', 'serviceeventdetails', 'edgedevicedetails', 'insightdetails',
]);
/** Top-level string columns CloudTrail writes as booleans. */
const BOOLEAN_COLUMNS = new Set(['readonly', 'managementevent']);

const camel = (name: string, parent: string) => CAMEL_IN[parent]?.[name] ?? CAMEL[name] ?? name;

/**
 * A nested value (parsed from the column's JSON text) in CloudTrail's shape. Trino casts a row to
 * a JSON object with its field names; older engines cast it to an array in field order, which the
 * declared type lets us name.
 */
function reshape(value: unknown, type: HiveType, parent: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (type.kind === 'struct') {
    const out: Record<string, unknown> = {};
    const byName = Array.isArray(value)
      ? Object.fromEntries(type.fields.map((f, i) => [f.name, (value as unknown[])[i]]))
      : Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
    for (const field of type.fields) {
      const v = reshape(byName[field.name], field.type, parent);
      if (v !== undefined) out[camel(field.name, parent)] = v;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (type.kind === 'array') {
    return Array.isArray(value) ? value.map((v) => reshape(v, type.element, parent) ?? null) : undefined;
  }
  if (type.kind === 'map') return value; // keys are data (webIdFederationData.attributes)
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export interface TableColumn {
  name: string;
  type: HiveType;
}

/** Columns trail-trace selects: scalars as they are, nested ones as JSON text. */
export function selectExpression(column: TableColumn): string {
  const quoted = `"${column.name.replaceAll('"', '""')}"`;
  return column.type.kind === 'scalar' ? quoted : `json_format(CAST(${quoted} AS JSON)) AS ${quoted}`;
}

/**
 * One result row (column name → text, null for SQL NULL) as a CloudTrail record. Partition
 * columns are not part of the record and are left out by the caller.
 */
export function recordFromRow(row: Record<string, string | null>, columns: TableColumn[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const column of columns) {
    const text = row[column.name];
    if (text === null || text === undefined) continue;
    const name = camel(column.name, '');
    if (column.type.kind !== 'scalar') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        continue; // a nested column that is not JSON: nothing trustworthy to rebuild
      }
      const value = reshape(parsed, column.type, column.name);
      if (value !== undefined) record[name] = value;
    } else if (JSON_STRING_COLUMNS.has(column.name)) {
      try {
        record[name] = JSON.parse(text);
      } catch {
        record[name] = text; // kept as Athena gave it
      }
    } else if (BOOLEAN_COLUMNS.has(column.name) && (text === 'true' || text === 'false')) {
      record[name] = text === 'true';
    } else {
      record[name] = text;
    }
  }
  return record;
}

/**
 * A record from columns without a declared type: a Parquet row (an Athena CTAS or UNLOAD of the
 * CloudTrail table, a data lake's copy) or a CloudTrail Lake result row. Names are matched without
 * regard to case; JSON-carrying fields given as text are parsed; nested values given as text (Lake
 * renders a row as `{type=IAMUser, arn=…}`) are read by readRowText. Nulls are left out, as
 * CloudTrail leaves out a field it has nothing for. `approximate` is set when a nested value had to
 * be read from that rendering, which cannot tell a comma in a value from one between fields.
 */
export function recordFromColumns(row: Record<string, unknown>): { record: Record<string, unknown>; approximate: boolean } {
  let approximate = false;
  const nested = (value: unknown, parent: string): unknown => {
    if (value === null || value === undefined) return undefined;
    if (Array.isArray(value)) return value.map((v) => nested(v, parent) ?? null);
    if (typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      // Keys under a map are data (webIdFederationData.attributes): kept as they are.
      const name = parent === 'attributes-map' ? k : camel(k.toLowerCase(), parent);
      const inner = nested(v, name === 'attributes' && parent === 'webIdFederationData' ? 'attributes-map' : name === 'webIdFederationData' ? 'webIdFederationData' : parent);
      if (inner !== undefined) out[name] = inner;
    }
    return Object.keys(out).length ? out : undefined;
  };
  const record: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    // CSV has no null: an empty field is a field CloudTrail left out.
    if (value === null || value === undefined || value === '') continue;
    const lower = column.toLowerCase();
    const name = camel(lower, '');
    if (JSON_STRING_COLUMNS.has(lower)) {
      if (typeof value !== 'string') record[name] = value;
      else {
        const parsed = parseJsonOrRow(value);
        if (parsed.approximate) approximate = true;
        record[name] = parsed.value;
      }
      continue;
    }
    if (typeof value === 'string' && (lower === 'useridentity' || lower === 'resources' || lower === 'tlsdetails')) {
      const parsed = parseJsonOrRow(value);
      if (parsed.approximate) approximate = true;
      const v = nested(parsed.value, lower === 'resources' ? 'resources' : '');
      if (v !== undefined) record[name] = v;
      continue;
    }
    if (typeof value === 'object') {
      const v = nested(value, lower === 'resources' ? 'resources' : '');
      if (v !== undefined) record[name] = v;
    } else if (BOOLEAN_COLUMNS.has(lower) && (value === 'true' || value === 'false')) {
      record[name] = value === 'true';
    } else if (lower === 'eventtime') {
      record[name] = cloudTrailTime(value) ?? value;
    } else {
      record[name] = value;
    }
  }
  return { record: restoreTimes(record), approximate };
}

/** A time as CloudTrail writes eventTime (`2024-05-01T12:00:00Z`); undefined when it is not a time. */
export function cloudTrailTime(value: unknown): string | undefined {
  let ms: number;
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Epoch milliseconds (CloudWatch Logs) or seconds.
    ms = value > 1e11 ? value : value * 1000;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (/^\d{12,13}$/.test(text)) ms = Number(text);
    else {
      // A time as SQL engines print one (Athena, CloudTrail Lake, DuckDB: `2024-05-01 12:00:00.000`,
      // `…+00`): UTC unless it says otherwise.
      const sql = SQL_TIME.exec(text);
      // Anything else only with its zone: a time without one would be read in the machine's own.
      ms = sql ? Date.parse(`${sql[1]}T${sql[2]}${sql[3] ?? ''}${zoneOf(sql[4])}`) : /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(text) ? Date.parse(text) : NaN;
      // No rolling over: 2024-02-30 or 24:00 is no time (Date.parse would make it the next day).
      const day = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2})/.exec(text);
      if (day && (Number(day[2]) > 12 || Number(day[3]) > daysIn(Number(day[1]), Number(day[2])) || Number(day[4]) > 23)) ms = NaN;
    }
  } else return undefined;
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  // CloudTrail began in 2013: a time before 2000 is a number that is no time (0, 5).
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 2000 || date.getUTCFullYear() > 9999) return undefined;
  return `${date.toISOString().slice(0, 19)}Z`;
}

const SQL_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function zoneOf(zone: string | undefined): string {
  if (zone === undefined || zone === 'Z') return 'Z';
  const m = /^([+-]\d{2}):?(\d{2})?$/.exec(zone)!;
  return `${m[1]}:${m[2] ?? '00'}`;
}

/**
 * Puts back CloudTrail's spelling of the times a typed copy printed as SQL does (a data lake's
 * TIMESTAMP columns, Lake's rendering): eventTime and sessionContext's creationDate. Other text is
 * left as it is. Changes `value` in place and returns it.
 */
export function restoreTimes<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  const fix = (object: Record<string, unknown>, key: string) => {
    const v = object[key];
    if (typeof v === 'string' && SQL_TIME.test(v.trim()) && !/T.*Z$/.test(v)) object[key] = cloudTrailTime(v) ?? v;
  };
  // Only where CloudTrail writes these: eventTime at the top, creationDate in the caller's session
  // (a request parameter of the same name is the caller's text, left as it is).
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() === 'eventtime') fix(record, key);
    if (key.toLowerCase() !== 'useridentity' || record[key] === null || typeof record[key] !== 'object') continue;
    const identity = record[key] as Record<string, unknown>;
    for (const ctx of Object.keys(identity).filter((k) => k.toLowerCase() === 'sessioncontext')) {
      const context = identity[ctx] as Record<string, unknown> | null;
      if (!context || typeof context !== 'object') continue;
      for (const attrs of Object.keys(context).filter((k) => k.toLowerCase() === 'attributes')) {
        const attributes = context[attrs] as Record<string, unknown> | null;
        if (attributes && typeof attributes === 'object') for (const k of Object.keys(attributes).filter((a) => a.toLowerCase() === 'creationdate')) fix(attributes, k);
      }
    }
  }
  return value;
}

/** A value given as text: JSON when it parses, else a `{key=value, …}` rendering (readRowText), else the text. */
function parseJsonOrRow(text: string): { value: unknown; approximate: boolean } {
  try {
    return { value: JSON.parse(text), approximate: false };
  } catch {
    const row = readRowText(text);
    return row === undefined ? { value: text, approximate: false } : { value: row, approximate: true };
  }
}

/**
 * Reads a row or map as SQL engines print it: `{type=IAMUser, arn=arn:aws:…, attributes={a=b}, list=[x, y], none=null}`.
 * A value ends at `, name=` or at the brace that closes its row; undefined when the text is not one.
 */
export function readRowText(text: string, maxDepth = 100): Record<string, unknown> | undefined {
  let pos = 0;
  let depth = 0;
  const src = text.trim();
  const fail = Symbol('fail');
  const value = (closers: string): unknown => {
    // Nested past the bound (hostile text): not read as a row at all.
    if ((src[pos] === '{' || src[pos] === '[') && depth >= maxDepth) return fail;
    if (src[pos] === '{') return row();
    if (src[pos] === '[') return list();
    const start = pos;
    // Up to the next `, key=` at this level or a closer followed by the end, a separator or another closer.
    while (pos < src.length) {
      const ch = src[pos]!;
      // ", " then a name and "=": engines print fields apart with a space, which no role session
      // name (nor other name a caller chooses in an ARN) can hold, so "bob,invokedBy=x" stays a value.
      if (ch === ',' && /^, [A-Za-z_@$][\w@$.:-]*=/.test(src.slice(pos, pos + 64)) && closers === '}') break;
      if (ch === ',' && closers === ']') break;
      if (closers.includes(ch) && (pos + 1 === src.length || /^[,}\]]/.test(src.slice(pos + 1)))) break;
      pos++;
    }
    const raw = src.slice(start, pos).trim();
    return raw === 'null' ? null : raw;
  };
  const list = (): unknown[] | typeof fail => {
    pos++; // [
    depth++;
    const out: unknown[] = [];
    while (pos < src.length && src[pos] !== ']') {
      while (src[pos] === ' ') pos++;
      if (src[pos] === ']') break;
      const v = value(']');
      if (v === fail) return fail;
      out.push(v);
      if (src[pos] === ',') pos++;
    }
    if (src[pos] !== ']') return fail;
    pos++;
    depth--;
    return out;
  };
  const row = (): Record<string, unknown> | typeof fail => {
    pos++; // {
    depth++;
    const out: Record<string, unknown> = {};
    while (pos < src.length && src[pos] !== '}') {
      while (src[pos] === ' ' || src[pos] === ',') pos++;
      if (src[pos] === '}') break;
      const eq = src.indexOf('=', pos);
      if (eq === -1) return fail;
      const key = src.slice(pos, eq).trim();
      if (!/^[A-Za-z_@$][\w@$.:-]*$/.test(key)) return fail;
      pos = eq + 1;
      const v = value('}');
      if (v === fail) return fail;
      out[key] = v;
      if (src[pos] === ',') pos++;
    }
    if (src[pos] !== '}') return fail;
    pos++;
    depth--;
    return out;
  };
  if (!src.startsWith('{')) return undefined;
  const result = row();
  return result === fail || pos !== src.length ? undefined : (result as Record<string, unknown>);
}
