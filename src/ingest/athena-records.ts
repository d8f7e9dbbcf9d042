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
