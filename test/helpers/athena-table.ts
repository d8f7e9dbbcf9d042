// The Athena stand-in's data side: the CloudTrail table's Hive columns (spec §7.1) and a DuckDB
// table built from a folder of CloudTrail log files, on which Athena SQL is run.
//
// What it imitates: Glue returns column types as lowercase Hive strings without spaces; the Hive
// JsonSerDe matches JSON keys to declared (lowercase) fields case-insensitively, hands a declared
// STRING the raw JSON text of an object/array/number/boolean, returns NULL for absent fields and
// hides undeclared ones; CloudTrailInputFormat unwraps `{"Records":[…]}` (spec §7.1).
// Partition pruning: a query is charged (DataScannedInBytes) for the seed files whose partition
// values pass the WHERE conjuncts that read partition keys only, as Athena reads only the selected
// partitions' objects (https://docs.aws.amazon.com/athena/latest/ug/partitions.html). A file counts its
// uncompressed text size, not the gzip bytes Athena would read, so figures do not hang on gzip level.
// What it does not: a file that is not valid JSON is skipped here (a real SerDe fails the query);
// Trino-only syntax (e.g. `CROSS JOIN UNNEST(x) AS t(a, b, c)` over rows) is not translated.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseHiveType, type HiveType } from '../../src/ingest/athena-records.js';
import { filesUnder } from './files.js';
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection, type DuckDBType, type Json } from '@duckdb/node-api';

export interface HiveColumn {
  Name: string;
  Type: string;
}

const SESSION_ISSUER = 'sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>';
const WEB_ID = 'webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>';
const ON_BEHALF_OF = 'onbehalfof:struct<userid:string,identitystorearn:string>';

function userIdentityType(extended: boolean): string {
  const sessionContext =
    'sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>,' +
    `${SESSION_ISSUER},ec2roledelivery:string,${WEB_ID}` +
    (extended ? ',sourceidentity:string,assumedroot:string,signinsessionarn:string' : '') +
    '>';
  return (
    'struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,accesskeyid:string,' +
    `username:string,${ON_BEHALF_OF},${sessionContext}` +
    (extended
      ? ',invokedbydelegate:struct<accountid:string>,identityprovider:string,credentialid:string,' +
        'inscopeof:struct<sourcearn:string,sourceaccount:string,issuertype:string,credentialsissuedto:string,credentialsissuedtoversion:string>'
      : '') +
    '>'
  );
}

function cloudTrailColumns(extended: boolean): HiveColumn[] {
  const s = 'string';
  const columns: [string, string][] = [
    ['eventversion', s],
    ['useridentity', userIdentityType(extended)],
    ['eventtime', s], ['eventsource', s], ['eventname', s], ['awsregion', s], ['sourceipaddress', s],
    ['useragent', s], ['errorcode', s], ['errormessage', s], ['requestparameters', s],
    ['responseelements', s], ['additionaleventdata', s], ['requestid', s], ['eventid', s],
    ['resources', 'array<struct<arn:string,accountid:string,type:string>>'],
    ['eventtype', s], ['apiversion', s], ['readonly', s], ['recipientaccountid', s],
    ['serviceeventdetails', s], ['sharedeventid', s], ['vpcendpointid', s], ['vpcendpointaccountid', s],
    ['eventcategory', s],
    ['addendum', 'struct<reason:string,updatedfields:string,originalrequestid:string,originaleventid:string>'],
    ['sessioncredentialfromconsole', s], ['edgedevicedetails', s],
    ['tlsdetails', 'struct<tlsversion:string,ciphersuite:string,clientprovidedhostheader:string>'],
  ];
  if (extended) columns.push(['annotation', s]);
  return columns.map(([Name, Type]) => ({ Name, Type }));
}

/** AWS's CloudTrail table DDL (spec §7.1), as Glue/GetTableMetadata presents it. */
export const CLOUDTRAIL_COLUMNS_AWS: HiveColumn[] = cloudTrailColumns(false);
/**
 * The same plus every addition spec §7.1 lists as needed by the tracer: in useridentity
 * invokedbydelegate, identityprovider, credentialid, inscopeof; in sessioncontext sourceidentity,
 * assumedroot, signinsessionarn; top-level annotation.
 */
export const CLOUDTRAIL_COLUMNS_EXTENDED: HiveColumn[] = cloudTrailColumns(true);

export interface AthenaTableOptions {
  database: string;
  table: string;
  /** Hive types, e.g. CLOUDTRAIL_COLUMNS_EXTENDED. */
  columns: HiveColumn[];
  /** Names among account, region, date, timestamp (both 'yyyy/MM/dd'), year, month, day; all typed string. */
  partitionKeys: HiveColumn[];
  /** Table properties returned by GetTableMetadata (projection.*, storage.location.template, …). */
  parameters?: Record<string, string>;
  /**
   * A folder holding AWSLogs/[<o-id>/]<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/*.json(.gz); each
   * file's Records become rows, partition values come from the path. CloudTrail-Digest and
   * CloudTrail-Insight folders are skipped, and so are files that are not valid JSON.
   */
  seedDir: string;
  /** Default { primary: { outputLocation: 's3://athena-results/' } }. */
  workgroups?: Record<string, { outputLocation: string | null }>;
  /** GetQueryExecution answers QUEUED, then RUNNING, this many times in all before the final state (default 2). */
  pollsBeforeDone?: number;
  /**
   * Start every query afresh, ClientRequestToken or not: for tests of what one run scans, after
   * other tests ran the same queries (read at each start).
   */
  forgetTokens?: boolean;
  /** A query whose text contains `text` ends FAILED with StateChangeReason `reason`. */
  failQueriesContaining?: { text: string; reason: string };
  /** A query whose text contains this ends CANCELLED. */
  cancelQueriesContaining?: string;
}

// ---- Hive types -------------------------------------------------------------------------------

// Parsed by trail-trace's own parser (unit-tested in test/ingest/api-sources.test.ts).
const PRIMITIVES: Record<string, string> = {
  string: 'VARCHAR', varchar: 'VARCHAR', char: 'VARCHAR', bigint: 'BIGINT', int: 'INTEGER', integer: 'INTEGER',
  smallint: 'SMALLINT', tinyint: 'TINYINT', boolean: 'BOOLEAN', double: 'DOUBLE', float: 'FLOAT',
  timestamp: 'TIMESTAMP', date: 'DATE', decimal: 'DECIMAL',
};

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

export function duckDbType(type: HiveType): string {
  switch (type.kind) {
    case 'struct':
      return `STRUCT(${type.fields.map((f) => `${quoteIdent(f.name)} ${duckDbType(f.type)}`).join(', ')})`;
    case 'array':
      return `${duckDbType(type.element)}[]`;
    case 'map':
      return `MAP(${duckDbType(type.key)}, ${duckDbType(type.value)})`;
    case 'scalar': {
      const duck = PRIMITIVES[type.name];
      if (!duck) throw new Error(`Hive type ${type.name} is not supported by the Athena stand-in`);
      return duck; // CloudTrail tables declare no decimals: DuckDB's default precision will do
    }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON value as the Hive JsonSerDe would present it in a column of this type. */
export function shapeForHive(value: unknown, type: HiveType): unknown {
  if (value === undefined || value === null) return null;
  switch (type.kind) {
    case 'struct': {
      if (!isObject(value)) return null;
      // Field names match case-insensitively (userIdentity ↔ useridentity); the first key wins.
      const byLowerName = new Map<string, unknown>();
      for (const [k, v] of Object.entries(value)) if (!byLowerName.has(k.toLowerCase())) byLowerName.set(k.toLowerCase(), v);
      return Object.fromEntries(type.fields.map((f) => [f.name, shapeForHive(byLowerName.get(f.name), f.type)]));
    }
    case 'array':
      return Array.isArray(value) ? value.map((v) => shapeForHive(v, type.element)) : null;
    case 'map':
      return isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeForHive(v, type.value)])) : null;
    case 'scalar':
      switch (PRIMITIVES[type.name]) {
        case 'VARCHAR':
          // requestparameters, responseelements, readonly (a JSON boolean), … hold their JSON text.
          return typeof value === 'string' ? value : JSON.stringify(value);
        case 'BOOLEAN':
          return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : null;
        default:
          if (typeof value === 'number') return value;
          if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
          return ['TIMESTAMP', 'DATE'].includes(PRIMITIVES[type.name] ?? '') && typeof value === 'string' ? value : null;
      }
  }
}

// ---- Seeding ----------------------------------------------------------------------------------

// <account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<file>.json[.gz]; the "CloudTrail" segment excludes
// CloudTrail-Digest and CloudTrail-Insight (spec §5.1).
const LOG_PATH = /(?:^|\/)(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/[^/]+\.json(\.gz)?$/;

/** The partition keys whose values the stand-in can take from a log file's path. */
const PARTITION_VALUES = ['account', 'region', 'date', 'timestamp', 'year', 'month', 'day'];


interface SeedFile {
  partition: Record<string, string>;
  records: unknown[];
  /** Uncompressed text size (a .json.gz counts its gunzipped bytes). */
  bytes: number;
}

function readSeedFiles(seedDir: string): SeedFile[] {
  const out: SeedFile[] = [];
  for (const file of filesUnder(seedDir)) {
    const m = LOG_PATH.exec(path.relative(seedDir, file).split(path.sep).join('/'));
    if (!m) continue;
    const [, account, region, yyyy, mm, dd, gz] = m as unknown as string[];
    let text: string;
    let records: unknown;
    try {
      const raw = readFileSync(file);
      text = (gz ? gunzipSync(raw) : raw).toString('utf8');
      records = (JSON.parse(text) as { Records?: unknown }).Records;
    } catch {
      continue; // Not valid JSON (or gzip): a real JsonSerDe would fail the whole query instead.
    }
    if (!Array.isArray(records)) continue;
    const date = `${yyyy}/${mm}/${dd}`;
    out.push({
      partition: { account: account!, region: region!, date, timestamp: date, year: yyyy!, month: mm!, day: dd! },
      records,
      bytes: Buffer.byteLength(text),
    });
  }
  return out;
}

// ---- Query engine -----------------------------------------------------------------------------

export interface AthenaColumnInfo {
  CatalogName: string;
  SchemaName: string;
  TableName: string;
  Name: string;
  Label: string;
  Type: string;
  Precision: number;
  Scale: number;
  Nullable: 'UNKNOWN';
  CaseSensitive: boolean;
}

export type QueryOutcome =
  /** scannedBytes: uncompressed size of the seed files in the partitions the query selects. */
  | { ok: true; columns: AthenaColumnInfo[]; rows: (string | null)[][]; scannedBytes: number }
  | { ok: false; reason: string };

export interface AthenaTable {
  /** Uncompressed size of all seed files: what a query that prunes no partition scans. */
  readonly seededBytes: number;
  readonly rowCount: number;
  run(sql: string, contextDatabase: string | undefined): Promise<QueryOutcome>;
  close(): void;
}

// Presto/Trino functions the tracer's queries may use, as DuckDB macros (TEMP: visible from any schema).
const TRINO_MACROS = [
  // json_format(JSON) → its text. DuckDB's JSON is a VARCHAR alias, so a cast is all it takes.
  'CREATE TEMP MACRO json_format(x) AS CAST(x AS VARCHAR)',
  // Trino returns NULL when the path selects an object or array; json_extract_string would return its text.
  "CREATE TEMP MACRO json_extract_scalar(j, p) AS CASE WHEN json_type(j, p) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END",
  'CREATE TEMP MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
  // DuckDB's own cardinality() takes only maps; Trino's takes arrays too. Via JSON so both type-check.
  "CREATE TEMP MACRO cardinality(x) AS CAST(CASE WHEN json_type(to_json(x)) = 'OBJECT' THEN len(json_keys(to_json(x))) " +
    'ELSE json_array_length(to_json(x)) END AS BIGINT)',
];

export async function openAthenaTable(options: AthenaTableOptions): Promise<AthenaTable> {
  const columnTypes = options.columns.map((c) => ({ name: c.Name.toLowerCase(), type: parseHiveType(c.Type) }));
  const partitionNames = options.partitionKeys.map((p) => p.Name.toLowerCase());
  const unknown = partitionNames.filter((n) => !PARTITION_VALUES.includes(n));
  if (unknown.length) throw new Error(`Athena stand-in: no value for partition key(s) ${unknown.join(', ')} in the log layout`);
  const seeds = readSeedFiles(options.seedDir);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();

  // Rows go through an NDJSON file in exactly the declared shape, read with explicit column types.
  const dir = mkdtempSync(path.join(tmpdir(), 'trail-trace-athena-'));
  let rowCount = 0;
  try {
    const lines: string[] = [];
    for (const seed of seeds) {
      for (const record of seed.records) {
        if (!isObject(record)) continue;
        const row = shapeForHive(record, { kind: 'struct', fields: columnTypes }) as Record<string, unknown>;
        for (const name of partitionNames) row[name] = seed.partition[name];
        lines.push(JSON.stringify(row));
      }
    }
    rowCount = lines.length;
    const file = path.join(dir, 'rows.ndjson');
    writeFileSync(file, lines.join('\n'));
    const declared = [
      ...columnTypes.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(duckDbType(c.type))}`),
      ...partitionNames.map((n) => `${quoteLiteral(n)}: 'VARCHAR'`),
    ];
    const target = `${quoteIdent(options.database)}.${quoteIdent(options.table)}`;
    await connection.run(`CREATE SCHEMA ${quoteIdent(options.database)}`);
    await connection.run(
      `CREATE TABLE ${target} AS SELECT * FROM read_json(${quoteLiteral(file)}, format = 'newline_delimited', ` +
        `maximum_object_size = 134217728, columns = {${declared.join(', ')}})`,
    );
    await createSeedFilesTable(connection, seeds, partitionNames);
    for (const macro of TRINO_MACROS) await connection.run(macro);
  } catch (err) {
    connection.closeSync();
    instance.closeSync();
    throw err;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // One connection, one statement at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  const seededBytes = seeds.reduce((n, s) => n + s.bytes, 0);
  const pruning = { partitionNames, seededBytes };
  return {
    seededBytes,
    rowCount,
    run: (sql, contextDatabase) => serialized(() => runQuery(connection, sql, contextDatabase, pruning)),
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

async function runQuery(
  connection: DuckDBConnection, sql: string, contextDatabase: string | undefined, pruning: Pruning,
): Promise<QueryOutcome> {
  try {
    if ((await connection.extractStatements(sql)).count > 1) {
      return { ok: false, reason: 'INVALID_INPUT: Only one sql statement is allowed.' };
    }
    // Unqualified table names resolve in QueryExecutionContext.Database, as in Athena.
    const schemas = await connection.runAndReadAll(
      'SELECT schema_name FROM information_schema.schemata WHERE catalog_name = current_database() AND schema_name = $1',
      [contextDatabase ?? 'main'],
    );
    await connection.run(`USE ${schemas.currentRowCount ? quoteIdent(contextDatabase ?? 'main') : 'main'}`);
    const reader = await connection.runAndReadAll(sql);
    const types = reader.columnTypes();
    // Trino names an unaliased expression _col<i>; DuckDB names it after its text (count_star()).
    const columns = reader.columnNames().map((name, i) => columnInfo(/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `_col${i}`, types[i]!));
    const rows = reader.getRowsJson().map((row) => row.map((value, i) => athenaText(value, types[i]!)));
    return { ok: true, columns, rows, scannedBytes: await scannedBytes(connection, sql, pruning) };
  } catch (err) {
    return { ok: false, reason: trinoStyleReason(err instanceof Error ? err.message : String(err)) };
  }
}

// ---- Partition pruning ------------------------------------------------------------------------

// Outside the table's database, so that no query of the table's names meets it.
const SEED_FILES = 'athena_standin.seed_files';

/** One row per seed file: its declared partition keys' values and its bytes. */
async function createSeedFilesTable(connection: DuckDBConnection, seeds: SeedFile[], partitionNames: string[]): Promise<void> {
  await connection.run('CREATE SCHEMA athena_standin');
  await connection.run(`CREATE TABLE ${SEED_FILES} (${[...partitionNames.map((n) => `${quoteIdent(n)} VARCHAR`), 'bytes BIGINT'].join(', ')})`);
  if (!seeds.length) return;
  const rows = seeds.map((seed) => `(${[...partitionNames.map((n) => quoteLiteral(seed.partition[n]!)), String(seed.bytes)].join(', ')})`);
  await connection.run(`INSERT INTO ${SEED_FILES} VALUES ${rows.join(', ')}`);
}

interface Pruning {
  partitionNames: string[];
  seededBytes: number;
}

/** Bytes of the files whose partitions pass the query's partition-only conjuncts; all files when in doubt. */
async function scannedBytes(connection: DuckDBConnection, sql: string, pruning: Pruning): Promise<number> {
  let kept: string[];
  try {
    kept = partitionConjuncts(sql, pruning.partitionNames);
  } catch {
    return pruning.seededBytes; // not understood: never under-report
  }
  if (!kept.length) return pruning.seededBytes;
  try {
    const reader = await connection.runAndReadAll(
      `SELECT CAST(coalesce(sum(bytes), 0) AS BIGINT) FROM ${SEED_FILES} WHERE ${kept.map((c) => `(${c})`).join(' AND ')}`,
    );
    return Number(reader.getRows()[0]![0]);
  } catch {
    return pruning.seededBytes;
  }
}

interface SqlToken {
  kind: 'word' | 'quoted' | 'string' | 'number' | 'symbol';
  text: string;
  start: number;
  end: number;
}

/** Tokens of SQL text, comments and white space left out; throws on an unterminated string, identifier or comment. */
function sqlTokens(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const closing = (quote: string, from: number) => {
    for (let j = from; j < sql.length; j++) {
      if (sql[j] !== quote) continue;
      if (sql[j + 1] === quote) j++; // '' or "" inside
      else return j + 1;
    }
    throw new Error(`unterminated ${quote}`);
  };
  while (i < sql.length) {
    const ch = sql[i]!;
    const start = i;
    if (/\s/.test(ch)) i++;
    else if (sql.startsWith('--', i)) i = sql.includes('\n', i) ? sql.indexOf('\n', i) + 1 : sql.length;
    else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 2;
    } else {
      let kind: SqlToken['kind'];
      if (ch === "'") [kind, i] = ['string', closing("'", i + 1)];
      else if (ch === '"') [kind, i] = ['quoted', closing('"', i + 1)];
      else if (/[A-Za-z_]/.test(ch)) [kind, i] = ['word', start + /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i))![0].length];
      else if (/[0-9.]/.test(ch) && /^\.?[0-9]/.test(sql.slice(i, i + 2))) [kind, i] = ['number', start + /^[0-9.]+(?:[eE][+-]?[0-9]+)?/.exec(sql.slice(i))![0].length];
      else [kind, i] = ['symbol', i + 1];
      tokens.push({ kind, text: sql.slice(start, i), start, end: i });
    }
  }
  return tokens;
}

// Words that end a SELECT's WHERE clause, and the only words (besides partition keys and function
// names) a conjunct may hold to be used for pruning: anything else may be a column or a subquery.
const AFTER_WHERE = new Set(['group', 'order', 'having', 'limit', 'offset', 'window', 'fetch', 'qualify', 'union', 'intersect', 'except']);
const OPERATOR_WORDS = new Set([
  'and', 'or', 'not', 'in', 'between', 'is', 'null', 'like', 'escape', 'true', 'false', 'case', 'when', 'then', 'else', 'end', 'as', 'varchar',
]);

/**
 * The top-level AND conjuncts of the query's WHERE clause that read partition keys and nothing
 * else, as SQL text. Throws when the query is not one plain SELECT it can read.
 */
export function partitionConjuncts(sql: string, partitionNames: string[]): string[] {
  const tokens = sqlTokens(sql);
  const word = (t: SqlToken | undefined) => (t?.kind === 'word' ? t.text.toLowerCase() : undefined);
  // Nesting: parentheses, and CASE … END (whose WHEN a AND b must not be split).
  const depths: number[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.text === ')' || word(t) === 'end') depth--;
    if (depth < 0) throw new Error('unbalanced parentheses');
    depths.push(depth);
    if (t.text === '(' || word(t) === 'case') depth++;
  }
  if (depth !== 0) throw new Error('unbalanced parentheses');
  const top = (i: number) => depths[i] === 0;
  const topWords = tokens.map((t, i) => (top(i) ? word(t) : undefined));
  if (topWords[0] !== 'select' || topWords.some((w) => w === 'union' || w === 'intersect' || w === 'except')) {
    throw new Error('not a single SELECT');
  }
  const wheres = topWords.flatMap((w, i) => (w === 'where' ? [i] : []));
  if (wheres.length > 1) throw new Error('more than one WHERE');
  if (!wheres.length) return [];
  const from = wheres[0]! + 1;
  let to = from;
  while (to < tokens.length && !AFTER_WHERE.has(topWords[to] ?? '') && !(top(to) && tokens[to]!.text === ';')) to++;

  const conjuncts: SqlToken[][] = [[]];
  let openBetweens = 0;
  for (let i = from; i < to; i++) {
    const w = topWords[i];
    if (w === 'between') openBetweens++;
    if (w === 'and' && openBetweens > 0) openBetweens--;
    else if (w === 'and') {
      conjuncts.push([]);
      continue;
    }
    conjuncts.at(-1)!.push(tokens[i]!);
  }
  if (conjuncts.some((c) => !c.length)) throw new Error('empty conjunct');

  const keys = new Set(partitionNames);
  const readsOnlyKeys = (conjunct: SqlToken[]) => {
    const columns = conjunct.filter((t, i) => {
      if (t.kind !== 'word' && t.kind !== 'quoted') return false;
      if (conjunct[i + 1]?.text === '(') return false; // a function's name
      return t.kind === 'quoted' || !OPERATOR_WORDS.has(t.text.toLowerCase());
    });
    const name = (t: SqlToken) => (t.kind === 'quoted' ? t.text.slice(1, -1).replace(/""/g, '"') : t.text).toLowerCase();
    return columns.length > 0 && columns.every((t) => keys.has(name(t)));
  };
  return conjuncts.filter(readsOnlyKeys).map((c) => sql.slice(c[0]!.start, c.at(-1)!.end));
}

/** A DuckDB error rewritten the way Athena (Trino) words the same failure. */
export function trinoStyleReason(message: string): string {
  const first = (message.split('\n')[0] ?? message).replace(/^Failed to extract statements: /, '');
  // "LINE 3: <text>\n<spaces>^" → Trino's "line 3:9: ".
  const at = /LINE (\d+): (.*)\n( *)\^/.exec(message);
  const where = at ? `line ${at[1]}:${at[3]!.length - `LINE ${at[1]}: `.length + 1}: ` : '';
  let m: RegExpExecArray | null;
  if ((m = /Referenced column "([^"]+)" not found|Could not find key "([^"]+)" in struct/.exec(first))) {
    return `COLUMN_NOT_FOUND: ${where}Column '${m[1] ?? m[2]}' cannot be resolved or requester is not authorized to access requested resources`;
  }
  if ((m = /Table with name ([^ ]+) does not exist/.exec(first))) {
    return `TABLE_NOT_FOUND: ${where}Table 'awsdatacatalog.${m[1]!.replace(/"/g, '')}' does not exist`;
  }
  if ((m = /Scalar Function with name ([^ ]+) does not exist/.exec(first))) {
    return `FUNCTION_NOT_FOUND: ${where}Function '${m[1]}' not registered`;
  }
  if (first.startsWith('Parser Error')) return `SYNTAX_ERROR: ${where}${first.replace(/^Parser Error: /, '')}`;
  return `GENERIC_INTERNAL_ERROR: ${first}`;
}

// Athena's names for result column types (ColumnInfo.Type), and its Precision for them.
function columnInfo(name: string, type: DuckDBType): AthenaColumnInfo {
  const [athenaType, precision, scale] = athenaTypeOf(type);
  return {
    CatalogName: 'hive', SchemaName: '', TableName: '', Name: name, Label: name,
    Type: athenaType, Precision: precision, Scale: scale, Nullable: 'UNKNOWN', CaseSensitive: athenaType === 'varchar',
  };
}

function athenaTypeOf(type: DuckDBType): [string, number, number] {
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR: return [type.alias === 'JSON' ? 'json' : 'varchar', 2147483647, 0];
    case DuckDBTypeId.BIGINT: return ['bigint', 19, 0];
    case DuckDBTypeId.INTEGER: return ['integer', 10, 0];
    case DuckDBTypeId.SMALLINT: return ['smallint', 5, 0];
    case DuckDBTypeId.TINYINT: return ['tinyint', 3, 0];
    case DuckDBTypeId.HUGEINT: return ['decimal', 38, 0];
    case DuckDBTypeId.BOOLEAN: return ['boolean', 0, 0];
    case DuckDBTypeId.DOUBLE: return ['double', 17, 0];
    case DuckDBTypeId.FLOAT: return ['real', 7, 0];
    case DuckDBTypeId.DECIMAL: return ['decimal', type.width, type.scale];
    case DuckDBTypeId.DATE: return ['date', 0, 0];
    case DuckDBTypeId.TIMESTAMP: return ['timestamp', 3, 0];
    case DuckDBTypeId.TIMESTAMP_TZ: return ['timestamp with time zone', 3, 0];
    case DuckDBTypeId.STRUCT: return ['row', 0, 0];
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: return ['array', 0, 0];
    case DuckDBTypeId.MAP: return ['map', 0, 0];
    case DuckDBTypeId.SQLNULL: return ['unknown', 0, 0];
    default: return [String(type).toLowerCase(), 0, 0];
  }
}

/** A value as GetQueryResults' VarCharValue (null: SQL NULL). Nested values become JSON text. */
function athenaText(value: Json, type: DuckDBType): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(plainJson(value, type));
}

// getRowsJson() gives a MAP as [{key, value}]; make it an object (keys as text) all the way down.
function plainJson(value: Json, type: DuckDBType): Json {
  if (value === null) return null;
  if (type.typeId === DuckDBTypeId.MAP && Array.isArray(value)) {
    const entries = value as { key: Json; value: Json }[];
    return Object.fromEntries(entries.map((e) => [String(e.key), plainJson(e.value, type.valueType)]));
  }
  if ((type.typeId === DuckDBTypeId.LIST || type.typeId === DuckDBTypeId.ARRAY) && Array.isArray(value)) {
    return value.map((v) => plainJson(v, type.valueType));
  }
  if (type.typeId === DuckDBTypeId.STRUCT && isObject(value)) {
    return Object.fromEntries(type.entryNames.map((n, i) => [n, plainJson((value as Record<string, Json>)[n] ?? null, type.entryTypes[i]!)]));
  }
  return value;
}

/**
 * An organisation trail's table `security.org_trail`, with partition projection as AWS documents
 * it (spec §7.2): the accounts and regions as enums, a date range, the bucket's template.
 */
export function projectedTable(org: { orgId: string; accounts: string[]; regions: string[] }): Omit<AthenaTableOptions, 'seedDir'> {
  return {
    database: 'security',
    table: 'org_trail',
    columns: CLOUDTRAIL_COLUMNS_EXTENDED,
    partitionKeys: ['account', 'region', 'date'].map((Name) => ({ Name, Type: 'string' })),
    parameters: {
      'projection.enabled': 'true',
      'projection.account.type': 'enum',
      'projection.account.values': org.accounts.join(','),
      'projection.region.type': 'enum',
      'projection.region.values': org.regions.join(','),
      'projection.date.type': 'date',
      'projection.date.format': 'yyyy/MM/dd',
      'projection.date.range': '2026/01/01,NOW',
      'storage.location.template': `s3://org-trail/AWSLogs/${org.orgId}/\${account}/CloudTrail/\${region}/\${date}`,
    },
  };
}

/** The fixture organisation trail's table. */
export const PROJECTED = projectedTable({
  orgId: 'o-7rt3xq2k9p',
  accounts: ['111111111111', '222222222222', '333333333333', '444444444444'],
  regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
});
