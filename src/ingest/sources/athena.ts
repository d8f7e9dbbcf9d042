// CloudTrail events from an Athena table over the trail's bucket (spec §7): one query, pruned to
// the partitions that can hold the window (manual region/year/month/day partitions, or projected
// account/region/date ones), the rows rebuilt into CloudTrail records and written, page by page
// (GetQueryResults, up to 1000 rows), to local files the loader reads like trail files.

import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  GetQueryExecutionCommand, GetQueryResultsCommand, GetTableMetadataCommand, StartQueryExecutionCommand,
  StopQueryExecutionCommand, type AthenaClient, type QueryExecution, type TableMetadata,
} from '@aws-sdk/client-athena';
import { awsCall } from '../../aws/errors.js';
import { EXIT, UserError } from '../../errors.js';
import { terminalSafe } from '../../text/sanitize.js';
import { deliveryDays } from '../../trace/awslogs.js';
import { parseHiveType, recordFromRow, selectExpression, type TableColumn } from '../athena-records.js';
import { sleep } from '../sleep.js';
import type { Source, SourceFile, SourceListing } from '../source.js';
import { isoSeconds as iso } from '../../trace/time.js';

export interface AthenaTable {
  catalog: string;
  database: string;
  table: string;
}

export interface AthenaWindow {
  from: Date;
  to: Date;
  accounts?: string[];
  regions?: string[];
  /** One more condition on the rows, in Athena SQL (a trace's narrow question, src/sources/kinds/athena.ts). */
  filter?: string;
}

export interface AthenaQuery {
  sql: string;
  /** The table's record columns (partition columns left out). */
  columns: TableColumn[];
  /** What the user should know about the query: partitions it cannot prune, columns missing. */
  notes: string[];
}

const NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** Checks a database, table or catalog name: it is written into SQL between double quotes. */
export function checkName(value: string, option: string): string {
  if (!NAME.test(value)) {
    throw new UserError(`${option} ${value} is not an Athena name.`, 'Athena names are letters, digits, _ and -.');
  }
  return value;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Columns the tracer cannot do without, and the ones whose absence loses detail. */
const REQUIRED = ['eventid', 'eventtime', 'eventname', 'eventsource', 'useridentity'];
const USEFUL_NESTED: [string, string][] = [
  ['useridentity.sessioncontext.sourceidentity', 'source identity per hop'],
  ['useridentity.onbehalfof', 'Identity Center users behind sessions'],
  ['useridentity.sessioncontext.signinsessionarn', 'the grants of AI agents acting through the AWS MCP Server'],
];

function hasPath(columns: TableColumn[], dotted: string): boolean {
  const [top, ...rest] = dotted.split('.');
  let type = columns.find((c) => c.name === top)?.type;
  for (const part of rest) {
    if (type?.kind !== 'struct') return false;
    type = type.fields.find((f) => f.name === part)?.type;
  }
  return type !== undefined;
}

/** A date-valued partition's format from its projection, in the form the values are written. */
function dateFormatOf(key: string, parameters: Record<string, string>): string {
  return parameters[`projection.${key}.format`] ?? 'yyyy/MM/dd';
}

function formatDay(day: string /* YYYY/MM/DD */, format: string): string {
  const [y, m, d] = day.split('/') as [string, string, string];
  return format.replace('yyyy', y).replace('MM', m).replace('dd', d);
}

/**
 * The partition-pruned SELECT over the table for the window. Partition keys are recognised by
 * name (account…, region…, date/timestamp/dt…, year/month/day) as AWS's DDLs and the common
 * projections name them; the date folders are DELIVERY dates, so the range runs a day past --to.
 */
export function buildQuery(meta: TableMetadata, target: AthenaTable, window: AthenaWindow): AthenaQuery {
  const notes: string[] = [];
  const columns: TableColumn[] = (meta.Columns ?? []).map((c) => {
    try {
      return { name: (c.Name ?? '').toLowerCase(), type: parseHiveType(c.Type ?? 'string') };
    } catch {
      notes.push(`column ${c.Name} has a type trail-trace cannot read (${c.Type}); it is read as text.`);
      return { name: (c.Name ?? '').toLowerCase(), type: { kind: 'scalar', name: 'string' } as const };
    }
  });
  const missing = REQUIRED.filter((name) => !columns.some((c) => c.name === name));
  if (missing.length) {
    throw new UserError(
      `${target.database}.${target.table} does not look like a CloudTrail table: no ${missing.join(', ')} column.`,
      'Point --database/--table at the table created with AWS\'s CloudTrail DDL (README, "ingest athena").',
      EXIT.notFound,
    );
  }
  for (const [dotted, what] of USEFUL_NESTED) {
    if (!hasPath(columns, dotted)) notes.push(`the table does not declare ${dotted}: the trace will lack ${what} (README shows the column to add).`);
  }

  const parameters = meta.Parameters ?? {};
  const days = deliveryDays(window.from.getTime(), window.to.getTime());
  const where: string[] = [];
  const keys = (meta.PartitionKeys ?? []).map((k) => (k.Name ?? '').toLowerCase());
  const key = (pattern: RegExp) => keys.find((k) => pattern.test(k));
  const accountKey = key(/account/);
  const regionKey = key(/region/);
  const dateKey = key(/^(p_)?(date|dt|timestamp|day_partition|event_date|delivery_date)$/);
  const [yearKey, monthKey, dayKey] = [key(/^(p_)?year$/), key(/^(p_)?month$/), key(/^(p_)?day$/)];

  if (window.accounts?.length) {
    const list = window.accounts.map(sqlString).join(', ');
    where.push(accountKey ? `${quote(accountKey)} IN (${list})` : `recipientaccountid IN (${list})`);
  } else if (accountKey && parameters[`projection.${accountKey}.type`] === 'injected') {
    throw new UserError(
      `The table's ${accountKey} partition is projected as "injected": Athena needs the accounts named.`,
      'Give --accounts 111122223333[,…].',
    );
  }
  if (window.regions?.length) {
    const list = window.regions.map(sqlString).join(', ');
    where.push(regionKey ? `${quote(regionKey)} IN (${list})` : `awsregion IN (${list})`);
  }
  if (dateKey) {
    const format = dateFormatOf(dateKey, parameters);
    where.push(`${quote(dateKey)} BETWEEN ${sqlString(formatDay(days[0]!, format))} AND ${sqlString(formatDay(days.at(-1)!, format))}`);
  } else if (yearKey && monthKey && dayKey) {
    // One (year, month, days…) term per month: plain equalities Athena prunes on.
    const byMonth = new Map<string, string[]>();
    for (const day of days) {
      const [y, m, d] = day.split('/') as [string, string, string];
      byMonth.set(`${y}/${m}`, [...(byMonth.get(`${y}/${m}`) ?? []), d]);
    }
    const terms = [...byMonth].map(([ym, ds]) => {
      const [y, m] = ym.split('/') as [string, string];
      return `(${quote(yearKey)} = ${sqlString(y)} AND ${quote(monthKey)} = ${sqlString(m)} AND ${quote(dayKey)} IN (${ds.map(sqlString).join(', ')}))`;
    });
    where.push(terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`);
  } else {
    notes.push('the table has no date partition trail-trace recognises: Athena reads every file of the table (it charges by data scanned).');
  }
  if (window.accounts?.length && !accountKey && keys.length) notes.push('the table has no account partition: --accounts filters rows, it does not prune files.');
  if (window.regions?.length && !regionKey && keys.length) notes.push('the table has no region partition: --regions filters rows, it does not prune files.');
  where.push(`eventtime >= ${sqlString(iso(window.from))}`, `eventtime <= ${sqlString(iso(window.to))}`);
  if (window.filter) where.push(window.filter);

  const sql =
    `SELECT ${columns.map(selectExpression).join(', ')}\n` +
    // The catalog goes in the request's QueryExecutionContext.
    `FROM ${quote(target.database)}.${quote(target.table)}\n` +
    `WHERE ${where.join('\n  AND ')}`;
  return { sql, columns, notes };
}

export interface AthenaSourceOptions {
  client: AthenaClient;
  target: AthenaTable;
  window: AthenaWindow;
  workgroup?: string;
  /** s3://… for the query's results, when the workgroup does not set one. */
  output?: string;
  downloadDir: string;
  signal?: AbortSignal;
  /** Rows per GetQueryResults page: 1000, Athena's maximum, unless a test wants more pages. */
  pageSize?: number;
  /** Told of the query's progress (state changes, data scanned). */
  onStatus?: (text: string) => void;
  /** Most bytes the query may scan: a running query past it is stopped (ScanLimitReached). */
  maxScanBytes?: number;
  /** Poll delays: the first, growing by half each time up to the last. */
  pollMs?: { first: number; max: number };
  region: string;
  /** The command the user ran, for error messages (default "ingest athena"). */
  command?: string;
}


/** A running query was stopped for scanning past the bytes it was allowed (what it scanned is billed). */
export class ScanLimitReached extends UserError {
  constructor(
    readonly queryId: string,
    readonly scannedBytes: number,
    readonly limitBytes: number,
  ) {
    super(
      `The Athena query ${queryId} was stopped after scanning ${(scannedBytes / 1048576).toFixed(1)} MB, past the ${(limitBytes / 1048576).toFixed(1)} MB it was allowed.`,
      'Give a larger --max-scan, or narrow the question (--account, --region, a shorter window).',
      EXIT.usage,
    );
  }
}

/** Failed or cancelled runs of one query followed before the last is taken as it is. */
const MAX_RETRY_CHAIN = 10;

export class AthenaSource implements Source {
  readonly name = 'athena';
  private query?: AthenaQuery;
  /** The query's execution once it has ended: its id and what Athena scanned. */
  execution?: QueryExecution;
  /** The execution is an earlier run's, reused: what it scanned was paid for then. */
  reused = false;
  /** What the last query this source ran scanned, however it ended (a stopped or failed scan is billed too). */
  scannedBytes = 0;

  constructor(private readonly options: AthenaSourceOptions) {}

  /** What errors name: the command the user ran. */
  private get context() {
    return { command: this.options.command ?? 'ingest athena' };
  }

  /** Reads the table's metadata and builds the query (no cost: nothing is scanned). */
  async plan(): Promise<AthenaQuery> {
    const { client, target } = this.options;
    const resource = `${target.catalog}.${target.database}.${target.table} in ${this.options.region}`;
    const meta = await awsCall({ ...this.context, action: 'athena:GetTableMetadata (and glue:GetTable)', resource }, async () => {
      try {
        return await client.send(
          new GetTableMetadataCommand({ CatalogName: target.catalog, DatabaseName: target.database, TableName: target.table }),
        );
      } catch (err) {
        const e = err as { name?: string; message?: string };
        // Glue's refusals come back wrapped in a MetadataException too: a permission, not a missing table.
        if (/not authorized|AccessDenied/i.test(e.message ?? '')) {
          throw new UserError(
            `Access denied reading the table ${target.database}.${target.table}: trail-trace ingest athena needs athena:GetTableMetadata and glue:GetTable / glue:GetDatabase. AWS said: ${terminalSafe((e.message ?? '').slice(0, 300))}`,
            'Grant them to the identity you use (README, "Permissions"), or pick another with --profile.',
            EXIT.aws,
          );
        }
        if (e.name === 'MetadataException' || /not found|EntityNotFound/i.test(e.message ?? '')) {
          throw new UserError(
            `No table ${target.table} in database ${target.database} (catalog ${target.catalog}) in ${this.options.region}. Athena said: ${terminalSafe(e.message ?? e.name ?? '')}`,
            'Check --database, --table and --region (Athena tables belong to a region). `aws athena list-table-metadata --catalog-name AwsDataCatalog --database-name DB` lists the tables.',
            EXIT.notFound,
          );
        }
        throw err;
      }
    });
    if (!meta.TableMetadata) throw new UserError(`Athena returned no metadata for ${resource}.`, undefined, EXIT.aws);
    this.query = buildQuery(meta.TableMetadata, target, this.options.window);
    return this.query;
  }

  async list(): Promise<SourceListing> {
    const query = this.query ?? (await this.plan());
    await mkdir(this.options.downloadDir, { recursive: true });
    let execution: QueryExecution;
    try {
      execution = await this.waitFor(await this.start(query.sql));
      this.execution = execution;
    } catch (err) {
      await rm(this.options.downloadDir, { recursive: true, force: true });
      throw err;
    }
    return {
      files: this.pages(execution, query),
      total: { files: 0, bytes: 0 },
      skipped: {},
      layoutKind: 'athena',
      layoutRoots: [{ root: `athena://${this.options.region}/${this.options.target.catalog}/${this.options.target.database}/${this.options.target.table}`, orgId: null }],
      release: async (file) => {
        if (file.localPath.startsWith(this.options.downloadDir)) await rm(file.localPath, { force: true });
      },
      close: async () => {
        await rm(this.options.downloadDir, { recursive: true, force: true });
      },
    };
  }

  /**
   * Starts the query. For a window that closed more than a day ago the request token is a hash of
   * the query and where it runs, so running the same command again (after an interrupted load,
   * say) gets the finished execution back instead of paying for a new scan. An execution that had
   * failed or been cancelled is started afresh under a token made from the first token and the
   * failed execution's id: the next run follows the same chain of tokens to the execution that
   * succeeded, and pays for no second scan. A window still open gets a new execution every time,
   * since events keep arriving, and says so.
   */
  private async start(sql: string): Promise<string> {
    const o = this.options;
    const settled = o.window.to.getTime() < Date.now() - 24 * 3600 * 1000;
    if (!settled) {
      o.onStatus?.('The window ends less than a day ago, and CloudTrail may still deliver events for it: a new Athena query, not an earlier run\'s results.');
      return this.startWith(sql, undefined);
    }
    let token = createHash('sha256').update(JSON.stringify([sql, o.workgroup ?? '', o.output ?? '', o.target.catalog, o.target.database])).digest('hex');
    let asked = Date.now();
    let id = await this.startWith(sql, token);
    for (let retries = 0; ; retries++) {
      const { QueryExecution: found } = await awsCall({ ...this.context, action: 'athena:GetQueryExecution', resource: `query ${id}` }, () =>
        o.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })),
      );
      const state = found?.Status?.State;
      // Finished already, and submitted before this run asked (give or take two seconds of clocks
      // that disagree): an earlier run's. A new query is still queued at this first look.
      const submitted = found?.Status?.SubmissionDateTime?.getTime();
      if (state === 'SUCCEEDED' && submitted !== undefined && submitted < asked - 2000) {
        o.onStatus?.(`Athena query ${id} already ran: reusing its results (no new scan).`);
        this.reused = true;
      }
      if ((state !== 'FAILED' && state !== 'CANCELLED') || retries >= MAX_RETRY_CHAIN) return id;
      o.onStatus?.(`Athena query ${id} (an earlier run of the same query) was ${state.toLowerCase()}: starting it again.`);
      token = createHash('sha256').update(`${token}:after:${id}`).digest('hex');
      asked = Date.now();
      id = await this.startWith(sql, token);
    }
  }

  private async startWith(sql: string, token: string | undefined): Promise<string> {
    const o = this.options;
    const started = await awsCall({ ...this.context, action: 'athena:StartQueryExecution', resource: `workgroup ${o.workgroup ?? 'primary'}` }, async () => {
      try {
        return await o.client.send(
          new StartQueryExecutionCommand({
            QueryString: sql,
            ...(token ? { ClientRequestToken: token } : {}),
            QueryExecutionContext: { Catalog: o.target.catalog, Database: o.target.database },
            ...(o.workgroup ? { WorkGroup: o.workgroup } : {}),
            ...(o.output ? { ResultConfiguration: { OutputLocation: o.output } } : {}),
          }),
        );
      } catch (err) {
        const e = err as { name?: string; message?: string };
        if (e.name === 'InvalidRequestException') {
          const output = /output location/i.test(e.message ?? '');
          throw new UserError(
            `Athena refused the query: ${terminalSafe(e.message ?? '')}`,
            output
              ? 'Give --output s3://bucket/prefix/ for the query results (or use a workgroup that sets one: --workgroup).'
              : 'Check --workgroup and --database.',
            EXIT.aws,
          );
        }
        throw err;
      }
    });
    if (!started.QueryExecutionId) throw new UserError('Athena started the query but returned no id.', undefined, EXIT.aws);
    return started.QueryExecutionId;
  }

  /** Polls with growing delays until the query ends; a failed or cancelled query is an error with Athena's reason. */
  private async waitFor(id: string): Promise<QueryExecution> {
    const o = this.options;
    let delay = o.pollMs?.first ?? 250;
    let last = '';
    while (true) {
      const { QueryExecution: execution } = await awsCall(
        { ...this.context, action: 'athena:GetQueryExecution', resource: `query ${id}` },
        () => o.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })),
      );
      const state = execution?.Status?.State ?? 'UNKNOWN';
      this.scannedBytes = execution?.Statistics?.DataScannedInBytes ?? this.scannedBytes;
      if (state === 'RUNNING' && o.maxScanBytes !== undefined && this.scannedBytes > o.maxScanBytes) {
        // Past what it may scan: stop paying for it now.
        await o.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
        throw new ScanLimitReached(id, this.scannedBytes, o.maxScanBytes);
      }
      if (state !== last) {
        o.onStatus?.(`Athena query ${id}: ${state.toLowerCase()}`);
        last = state;
      }
      if (state === 'SUCCEEDED') {
        const scanned = execution?.Statistics?.DataScannedInBytes;
        if (scanned !== undefined) o.onStatus?.(`Athena scanned ${(scanned / 1048576).toFixed(1)} MB.`);
        return execution!;
      }
      if (state === 'FAILED' || state === 'CANCELLED') {
        const reason = execution?.Status?.AthenaError?.ErrorMessage ?? execution?.Status?.StateChangeReason ?? 'no reason given';
        throw new UserError(
          `The Athena query ${id} ${state === 'FAILED' ? 'failed' : 'was cancelled'}: ${terminalSafe(reason)}`,
          state === 'CANCELLED'
            ? 'Someone stopped it, or the workgroup\'s data-scanned limit did. Run the command again, with a shorter --from/--to if it was the limit.'
            : /COLUMN_NOT_FOUND|cannot be resolved/i.test(reason)
              ? 'The table lacks a column the query reads; compare it with the DDL in the README.'
              : /permission|access denied|not authorized/i.test(reason)
                ? 'The query needs s3:GetObject on the trail bucket and s3:PutObject on the results location (README, "Permissions").'
                : 'The query is in the Athena console\'s history under that id.',
          EXIT.aws,
        );
      }
      if (o.signal?.aborted) {
        // Stop paying for a scan nobody will read.
        await o.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
        throw new UserError(`Stopped: the Athena query ${id} was cancelled.`, 'Run the same command again to start over.', EXIT.interrupted);
      }
      await sleep(delay, o.signal);
      delay = Math.min(o.pollMs?.max ?? 5000, delay * 1.5);
    }
  }

  /**
   * GetQueryResults page by page; each page's rows, rebuilt into records, become one local file.
   * The first row of the first page is the header (column names), of no other page (spec §7.4).
   */
  private async *pages(execution: QueryExecution, query: AthenaQuery): AsyncGenerator<SourceFile> {
    const o = this.options;
    const id = execution.QueryExecutionId!;
    let token: string | undefined;
    let first = true;
    let rowNumber = 0;
    do {
      if (o.signal?.aborted) return;
      const page = await awsCall({ ...this.context, action: 'athena:GetQueryResults', resource: `query ${id}` }, () =>
        o.client.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: o.pageSize ?? 1000, ...(token ? { NextToken: token } : {}) })),
      );
      const names = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => (c.Name ?? '').toLowerCase());
      let rows = page.ResultSet?.Rows ?? [];
      if (first) {
        const header = rows[0]?.Data?.map((d) => (d.VarCharValue ?? '').toLowerCase());
        if (header && header.length === names.length && header.every((h, i) => h === names[i])) rows = rows.slice(1);
        first = false;
      }
      const records = rows.map((row) => {
        const values: Record<string, string | null> = {};
        (row.Data ?? []).forEach((datum, i) => (values[names[i]!] = datum.VarCharValue ?? null));
        return recordFromRow(values, query.columns);
      });
      token = page.NextToken;
      if (records.length === 0) continue;
      const file = path.join(o.downloadDir, `${id}-${rowNumber}.json`);
      const text = JSON.stringify({ Records: records });
      await writeFile(file, text);
      const source = `athena://${o.region}/${id}?rows=${rowNumber + 1}-${rowNumber + records.length}`;
      rowNumber += records.length;
      yield { source, localPath: file, bytes: Buffer.byteLength(text) };
    } while (token);
  }
}
