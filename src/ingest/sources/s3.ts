// CloudTrail log files in S3, account or organisation trail layout (spec §5.1):
//   <bucket>/[<prefix>/]AWSLogs/[<o-orgId>/]<account>/CloudTrail/<region>/<YYYY>/<MM>/<DD>/<file>.json.gz
// --accounts, --regions and --from/--to become key prefixes, so only the wanted folders are
// listed. The date folder is the DELIVERY date: the listing reads one day past --to (spec §4.8 #2).
// Objects already in the store (same key and ETag) are not fetched again; the rest are
// downloaded with bounded concurrency, ahead of the loader, into a scratch folder that the
// loader empties as each file is stored.

import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { awsCall, isAccessDenied, userErrorFromAws } from '../../aws/errors.js';
import { UserError } from '../../errors.js';
import { loadedObjectKey } from '../../store/load.js';
import { deliveryDays, deliveryTime, isAccountFolder, isOrgFolder, LOG_FOLDER, parseLogKey } from '../../trace/awslogs.js';
import { DIGEST_FOLDER, PASSED_OVER_FOLDERS, type LayoutRoot, type Source, type SourceFile, type SourceListing } from '../source.js';
import { orderedReadAhead } from '../read-ahead.js';

const DAY_MS = 24 * 3600 * 1000;

export interface S3Location {
  bucket: string;
  /** Key prefix, '' or ending in '/'. */
  prefix: string;
}

export interface S3Filter {
  accounts?: string[];
  regions?: string[];
  from?: Date;
  to?: Date;
  /**
   * Pass over objects whose key says they were delivered before this time: a file holds events
   * from before its delivery only, so none of them can be at or after it (a trace's narrow fetch).
   */
  deliveredFrom?: Date;
}

export interface S3SourceOptions extends S3Filter {
  location: S3Location;
  /** Parallel downloads (and parallel listings). */
  concurrency: number;
  /** Keys per ListObjectsV2 page (S3's maximum, 1000, unless a test wants more pages). */
  listPageSize?: number;
  /** Scratch folder for downloads; emptied as files are loaded. */
  downloadDir: string;
  /** Objects already in the store, as loadedObjectKey() spells them. */
  loaded: Set<string>;
  /** The endpoint the client reads through when not AWS's own, remembered for gap hints. */
  endpointUrl?: string;
  signal?: AbortSignal;
  /** Told as listing goes on (it can take a while on a large organisation trail). */
  onListProgress?: (p: { prefixes: number; prefixesDone: number; objects: number }) => void;
  now?: () => Date;
  /** The command the user ran, for error messages (default "ingest s3"). */
  command?: string;
}

export interface S3Object {
  key: string;
  size: number;
  etag: string;
}

/** s3://bucket[/prefix] → bucket and prefix (with a trailing slash when not empty). */
export function parseS3Url(url: string): S3Location {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url.trim());
  if (!m || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(m[1] ?? '')) {
    throw new UserError(`Not an S3 location: ${url}`, 'Write it as s3://bucket or s3://bucket/prefix (the folder that holds AWSLogs/).');
  }
  const prefix = (m[2] ?? '').replace(/^\/+/, '');
  return { bucket: m[1]!, prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/` };
}

const DIGEST_KEY = /(?:^|\/)CloudTrail-Digest\//;
const LOG_OBJECT = /\.json(\.gz)?$/i;
/**
 * Objects fetched though their names do not say logs, and read only if their content is (issue 17):
 * CloudWatch Logs exports (…/000000.gz), NDJSON, Parquet from an Athena CTAS or UNLOAD.
 */
const MAYBE_LOG_OBJECT = /\.(gz|jsonl|ndjson|parquet)$/i;
// Only met when a prefix is read as given: listings by account go straight to CloudTrail/.
const SKIPPED_FOLDERS: Record<string, string> = { ...PASSED_OVER_FOLDERS, 'CloudTrail-NetworkActivity': 'network activity files' };

/** Why an object is passed over, or undefined to load it. */
export function skipReason(key: string, filter: S3Filter, now: Date): string | undefined {
  for (const folder of key.split('/').slice(0, -1)) {
    const reason = SKIPPED_FOLDERS[folder];
    if (reason) return reason;
  }
  if (/\.(zip|tar|tgz|tar\.gz|bz2|zst)$/i.test(key)) return 'archives (download them, then ingest files)';
  if (!LOG_OBJECT.test(key) && !MAYBE_LOG_OBJECT.test(key)) return 'not logs by their names (.json, .json.gz, .gz, .jsonl, .parquet)';
  const parsed = parseLogKey(key);
  if (!parsed) return undefined; // not the standard layout: loaded, the records say what they are
  const { account, region, deliveryDayMs: day } = parsed;
  if (filter.accounts?.length && !filter.accounts.includes(account)) return 'other accounts';
  if (filter.regions?.length && !filter.regions.includes(region)) return 'other regions';
  if (filter.from && day < Math.floor(filter.from.getTime() / DAY_MS) * DAY_MS) return 'delivered before --from';
  const to = filter.to ?? now;
  if (day > Math.floor(to.getTime() / DAY_MS) * DAY_MS + DAY_MS) return 'delivered over a day after --to';
  if (filter.deliveredFrom) {
    const delivered = deliveryTime(key);
    if (delivered !== undefined && delivered < Math.floor(filter.deliveredFrom.getTime() / 60_000) * 60_000) return 'delivered before the window';
  }
  return undefined;
}


function safeFileName(key: string): string {
  return (key.split('/').pop() ?? 'object').replace(/[^\w.-]/g, '_').slice(-120);
}

export class S3Source implements Source {
  readonly name = 's3';
  private readonly limit;
  private readonly notes: string[] = [];
  /** The prefixes list() read, once it has. */
  planned?: { prefixes: string[] };

  constructor(
    private readonly client: S3Client,
    private readonly options: S3SourceOptions,
  ) {
    this.limit = pLimit(Math.max(1, options.concurrency));
  }

  private url(key = ''): string {
    return `s3://${this.options.location.bucket}/${key}`;
  }

  /** Things the user should know about the listing (accounts asked for but absent…). */
  listingNotes(): string[] {
    return [...this.notes];
  }

  /** The "folders" directly under a prefix (ListObjectsV2 with a delimiter), without the prefix. */
  private async folders(prefix: string): Promise<string[]> {
    const names: string[] = [];
    const { bucket } = this.options.location;
    await awsCall({ action: 's3:ListBucket', resource: this.url(prefix), command: this.options.command ?? 'ingest s3', bucket: this.options.location.bucket }, async () => {
      for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: bucket, Prefix: prefix, Delimiter: '/' })) {
        for (const p of page.CommonPrefixes ?? []) if (p.Prefix) names.push(p.Prefix.slice(prefix.length).replace(/\/$/, ''));
      }
    });
    return names;
  }

  private layoutRoot(root: string, orgId: string | null): LayoutRoot {
    return { root, orgId, ...(this.options.endpointUrl ? { endpointUrl: this.options.endpointUrl } : {}) };
  }

  /** The prefixes to list, from the location and the filters. */
  async plan(): Promise<{ prefixes: string[]; layoutRoots: LayoutRoot[] }> {
    const { prefix } = this.options.location;
    // The folder holding AWSLogs/ (root) and what the location names below it (rest).
    const m = /^(.*?\/)?AWSLogs\//.exec(prefix);
    const root = m ? (m[1] ?? '') : prefix;
    const awsLogs = `${root}AWSLogs/`;
    const rest = m ? prefix.slice(awsLogs.length).split('/').filter(Boolean) : [];
    const layoutRoot = this.url(root).replace(/\/$/, '');

    // Account folders: AWSLogs/<account>/ or AWSLogs/<o-id>/<account>/.
    const bases: { base: string; account: string; orgId: string | null }[] = [];
    const addOrg = async (orgId: string) => {
      for (const account of await this.folders(`${awsLogs}${orgId}/`)) {
        if (isAccountFolder(account)) bases.push({ base: `${awsLogs}${orgId}/${account}/`, account, orgId });
      }
    };
    const isOrg = isOrgFolder;
    const isAccount = isAccountFolder;
    if (rest.length === 0) {
      const top = await this.folders(awsLogs);
      if (top.length === 0) {
        // No AWSLogs/ here: list everything under the prefix and let the records speak.
        this.notes.push(`no AWSLogs/ folder under ${this.url(prefix)}: every .json / .json.gz object under it is read`);
        return { prefixes: [prefix], layoutRoots: [] };
      }
      for (const name of top) {
        if (isOrg(name)) await addOrg(name);
        else if (isAccount(name)) bases.push({ base: `${awsLogs}${name}/`, account: name, orgId: null });
      }
    } else if (rest.length === 1 && isOrg(rest[0])) {
      await addOrg(rest[0]!);
    } else if (rest.length === 2 && isOrg(rest[0]) && isAccount(rest[1])) {
      bases.push({ base: prefix, account: rest[1]!, orgId: rest[0]! });
    } else if (rest.length === 1 && isAccount(rest[0])) {
      bases.push({ base: prefix, account: rest[0]!, orgId: null });
    } else {
      // Pointed inside an account's folders (…/CloudTrail/us-east-1/2026/…): list it as given.
      return { prefixes: [prefix], layoutRoots: [this.layoutRoot(layoutRoot, isOrg(rest[0]) ? rest[0]! : null)] };
    }

    const wanted = this.options.accounts?.length ? bases.filter((b) => this.options.accounts!.includes(b.account)) : bases;
    for (const a of this.options.accounts ?? []) {
      if (!bases.some((b) => b.account === a)) this.notes.push(`no folder for account ${a} under ${this.url(awsLogs)}`);
    }
    const prefixes: string[] = [];
    const now = this.options.now?.() ?? new Date();
    const days = this.options.from ? deliveryDays(this.options.from.getTime(), (this.options.to ?? now).getTime()) : undefined;
    await Promise.all(wanted.map((b) => this.limit(async () => {
      // The logs, and the digests that vouch for them (kept for trail-trace verify).
      for (const folder of [LOG_FOLDER, DIGEST_FOLDER]) {
        const regions = this.options.regions?.length ? this.options.regions : await this.folders(`${b.base}${folder}/`);
        for (const region of regions) {
          const regionPrefix = `${b.base}${folder}/${region}/`;
          if (days) for (const day of days) prefixes.push(`${regionPrefix}${day}/`);
          else prefixes.push(regionPrefix);
        }
      }
    })));
    prefixes.sort();
    const roots = new Map<string, LayoutRoot>();
    for (const b of wanted) roots.set(`${b.orgId}`, this.layoutRoot(layoutRoot, b.orgId));
    return { prefixes, layoutRoots: [...roots.values()] };
  }

  /** Every object under the planned prefixes, sorted by key. */
  async listObjects(prefixes: string[]): Promise<S3Object[]> {
    const { bucket } = this.options.location;
    const objects: S3Object[] = [];
    let done = 0;
    const report = () => this.options.onListProgress?.({ prefixes: prefixes.length, prefixesDone: done, objects: objects.length });
    await Promise.all(prefixes.map((prefix) => this.limit(async () => {
      if (this.options.signal?.aborted) return;
      await awsCall({ action: 's3:ListBucket', resource: this.url(prefix), command: this.options.command ?? 'ingest s3', bucket: this.options.location.bucket }, async () => {
        for await (const page of paginateListObjectsV2({ client: this.client, pageSize: this.options.listPageSize ?? 1000 }, { Bucket: bucket, Prefix: prefix })) {
          for (const o of page.Contents ?? []) {
            if (o.Key && !o.Key.endsWith('/')) objects.push({ key: o.Key, size: o.Size ?? 0, etag: o.ETag ?? '' });
          }
          report();
        }
      });
      done += 1;
      report();
    })));
    objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return objects;
  }

  async list(): Promise<SourceListing> {
    const { prefixes, layoutRoots } = await this.plan();
    this.planned = { prefixes };
    const objects = await this.listObjects(prefixes);
    const skipped: Record<string, number> = {};
    const now = this.options.now?.() ?? new Date();
    let alreadyLoaded = 0;
    const toFetch: S3Object[] = [];
    for (const o of objects) {
      const reason = skipReason(o.key, this.options, now);
      if (reason) skipped[reason] = (skipped[reason] ?? 0) + 1;
      else if (this.options.loaded.has(loadedObjectKey(this.url(o.key), o.etag))) alreadyLoaded += 1;
      else toFetch.push(o);
    }
    return {
      files: this.download(toFetch),
      total: { files: toFetch.length, bytes: toFetch.reduce((n, o) => n + o.size, 0) },
      alreadyLoaded,
      skipped,
      layoutKind: 's3',
      layoutRoots,
      release: async (file) => {
        await rm(file.localPath, { force: true });
      },
      close: async () => {
        await rm(this.options.downloadDir, { recursive: true, force: true });
      },
    };
  }

  /** Downloads run ahead of the loader, at most `concurrency` at a time, yielded in key order. */
  private async *download(objects: S3Object[]): AsyncGenerator<SourceFile> {
    await rm(this.options.downloadDir, { recursive: true, force: true });
    await mkdir(this.options.downloadDir, { recursive: true });
    // Stopped early (interrupt, error): downloads in flight finish; close() drops them.
    yield* orderedReadAhead(objects, (object, index) => this.limit(() => this.fetch(object, index)), {
      ahead: Math.max(1, this.options.concurrency) * 2,
      stop: () => this.options.signal?.aborted === true,
    });
  }

  private async fetch(object: S3Object, index: number): Promise<SourceFile> {
    const source = this.url(object.key);
    const localPath = path.join(this.options.downloadDir, `${String(index).padStart(7, '0')}-${safeFileName(object.key)}`);
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.location.bucket, Key: object.key }),
        { abortSignal: this.options.signal },
      );
      if (!res.Body) throw new Error('empty response body');
      await pipeline(res.Body as Readable, createWriteStream(localPath));
      const file: SourceFile = { source, localPath, bytes: object.size, etag: res.ETag ?? object.etag, ...(LOG_OBJECT.test(object.key) ? {} : { byContent: true }) };
      if (!DIGEST_KEY.test(object.key)) return file;
      // A digest's signature is only in its object's metadata (x-amz-meta-signature): kept with it.
      const signature = res.Metadata?.signature;
      return { ...file, kind: 'digest', ...(signature ? { signature: { signature, algorithm: res.Metadata?.['signature-algorithm'] ?? null } } : {}) };
    } catch (err) {
      if (isAccessDenied(err)) {
        return { source, localPath, bytes: object.size, failure: { kind: 'fetch-failed', detail: 'access denied (s3:GetObject; for SSE-KMS objects also kms:Decrypt)' } };
      }
      const name = (err as { name?: string }).name;
      if (name === 'NoSuchKey') return { source, localPath, bytes: object.size, failure: { kind: 'fetch-failed', detail: 'deleted since it was listed' } };
      if (name === 'AbortError' && this.options.signal?.aborted) return { source, localPath, bytes: object.size, failure: { kind: 'fetch-failed', detail: 'interrupted' } };
      throw userErrorFromAws(err, { action: 's3:GetObject', resource: source, command: this.options.command ?? 'ingest s3', bucket: this.options.location.bucket }) ?? err;
    }
  }
}
