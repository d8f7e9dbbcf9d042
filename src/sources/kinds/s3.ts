// The trail's bucket as a source: a question becomes the account/region/delivery-day prefixes that
// can hold its answer (src/ingest/sources/s3.ts), listed, and the objects delivered from the
// window's start on, downloaded and stored whole — every record of a fetched file is evidence, and
// its digest can vouch for it. S3 cannot filter records: the cost is the objects read.

import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { shellWord } from '../../text/shell.js';
import { awsSettings, clientConfig, endpointFor } from '../../aws/config.js';
import { countRequests, type RequestCounter } from '../../aws/requests.js';
import { S3Source, parseS3Url } from '../../ingest/sources/s3.js';
import { accountsFor, regionsFor, type FetchCost, type SourceKind } from '../registry.js';

export const s3Settings = z.object({
  url: z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'an s3://bucket[/prefix] location'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'a region name such as us-east-1').optional(),
  profile: z.string().min(1).optional(),
  /** MinIO, LocalStack, a VPC endpoint: not a credential, and gap hints name it too. */
  endpointUrl: z.string().url().refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u), 'an endpoint without a user or password in it').optional(),
  /** The organisation's management account and delegated administrators (src/sources/question.ts inManagementAccount). */
  managementAccounts: z.array(z.string().regex(/^\d{12}$/)).min(1).optional(),
});
export type S3Settings = z.infer<typeof s3Settings>;

/** Downloads at once. */
const CONCURRENCY = 8;

export const s3Kind: SourceKind<S3Settings> = {
  kind: 's3',
  title: 'the trail\'s S3 bucket',
  settings: s3Settings,
  windowCommand: (s, from, to) => [
    'trail-trace ingest s3', shellWord(s.url), ...(s.region ? ['--region', s.region] : []), ...(s.profile ? ['--profile', shellWord(s.profile)] : []),
    ...(s.endpointUrl ? ['--endpoint-url', shellWord(s.endpointUrl)] : []), '--from', shellWord(from), '--to', shellWord(to),
  ].join(' '),
  describe: (s) => `S3 ${s.url}${s.region ? ` (${s.region})` : ''}${s.profile ? `, profile ${s.profile}` : ''}${s.endpointUrl ? `, endpoint ${s.endpointUrl}` : ''}` +
    `${s.managementAccounts ? `, management accounts ${s.managementAccounts.join(', ')}` : ''}`,
  async open(name, s, ctx) {
    const settings = await awsSettings(
      { ...(s.region ? { region: s.region } : {}), ...(s.profile ? { profile: s.profile } : {}), ...(s.endpointUrl ? { endpointUrl: s.endpointUrl } : {}) },
      ctx.env, ctx.mfaPrompt, 's3',
    );
    const endpoint = endpointFor(settings, 's3');
    const counter: RequestCounter = { requests: 0 };
    const client = countRequests(new S3Client({
      ...clientConfig(settings, 's3', settings.region ?? 'us-east-1'),
      forcePathStyle: Boolean(endpoint),
      followRegionRedirects: true,
    }), counter, (command) => command !== 'GetObjectCommand'); // downloads are --max-objects
    const location = parseS3Url(s.url);
    return {
      name,
      kind: 's3',
      cannotAnswer: () => null,
      async answer(q, actx) {
        const from = new Date(q.window.from);
        const source = new S3Source(client, {
          location,
          ...(accountsFor(q, s.managementAccounts) ? { accounts: accountsFor(q, s.managementAccounts)! } : {}),
          ...(regionsFor(q) ? { regions: regionsFor(q)! } : {}),
          from, to: new Date(q.window.to), deliveredFrom: from,
          concurrency: CONCURRENCY,
          downloadDir: actx.downloadDir,
          loaded: await actx.loadedObjects(`s3://${location.bucket}/`),
          ...(endpoint ? { endpointUrl: endpoint } : {}),
          signal: actx.signal,
          command: ctx.command,
        });
        const listing = await source.list();
        for (const note of source.listingNotes()) actx.onStatus(`note: ${note}`);
        const { prefixes } = source.planned ?? { prefixes: [] };
        const shown = prefixes.slice(0, 6).map((p) => `s3://${location.bucket}/${p}`);
        const how = `S3: listed ${prefixes.length} prefix(es)${shown.length ? `: ${shown.join(', ')}${prefixes.length > shown.length ? ', …' : ''}` : ''}; ` +
          `${listing.total.files} object(s) to read, ${listing.alreadyLoaded ?? 0} already in the store`;
        return { how, listing, alreadyStored: listing.alreadyLoaded ?? 0, download: { objects: listing.total.files, bytes: listing.total.bytes } };
      },
      cost: (): FetchCost => ({ bytesScanned: 0, bytesDownloaded: 0, objects: 0, requests: counter.requests }),
      close: () => client.destroy(),
    };
  },
};
