// `trail-trace ingest s3 s3://bucket[/prefix]`: load an account or organisation trail from S3.

import { S3Client } from '@aws-sdk/client-s3';
import { awsSettings, clientConfig, endpointFor, terminalMfaPrompt } from '../../aws/config.js';
import { EXIT, UserError } from '../../errors.js';
import { S3Source, parseS3Url } from '../../ingest/sources/s3.js';
import { loadedSourceKeys } from '../../store/load.js';
import { terminalSafe } from '../../text/sanitize.js';
import type { Io } from '../output.js';
import type { IngestS3Values } from './specs.js';
import { accountsOption, listOption, timeWindow, trailWindow } from './common.js';
import { runIngest } from './ingest-files.js';

/** The options as declared in specs.ts (read and checked there). */
export type IngestS3Options = IngestS3Values;

export async function runIngestS3(options: IngestS3Options, io: Io): Promise<number> {
  const location = parseS3Url(options.url);
  const accounts = accountsOption(options.accounts);
  const regions = listOption(options.regions);
  const window = trailWindow(timeWindow(options.from, options.to));
  const settings = await awsSettings(options, io.env, terminalMfaPrompt(), 's3');
  const endpoint = endpointFor(settings, 's3');
  const client = new S3Client({
    ...clientConfig(settings, 's3', settings.region ?? 'us-east-1'),
    // MinIO, LocalStack and test servers address buckets by path; AWS by host name.
    forcePathStyle: Boolean(endpoint),
    // A bucket in another region answers with a redirect the client follows.
    followRegionRedirects: true,
  });
  const where = `s3://${location.bucket}/${location.prefix}`;
  try {
    return await runIngest(options, io, 'objects', async (store, signal) => {
      io.stderr.write(`Listing ${terminalSafe(where)}…\n`);
      const source = new S3Source(client, {
        location,
        ...(accounts ? { accounts } : {}),
        ...(regions ? { regions } : {}),
        ...window,
        concurrency: options.concurrency,
        downloadDir: `${store.path}.incoming`,
        loaded: await loadedSourceKeys(store, `s3://${location.bucket}/`),
        ...(endpoint ? { endpointUrl: endpoint } : {}),
        signal,
      });
      const listing = await source.list();
      for (const note of source.listingNotes()) io.stderr.write(`note: ${terminalSafe(note)}\n`);
      const skipped = Object.values(listing.skipped).reduce((a, b) => a + b, 0);
      io.stderr.write(
        `${listing.total.files.toLocaleString('en-US')} objects to fetch (${(listing.total.bytes / 1048576).toFixed(1)} MB), ` +
          `${(listing.alreadyLoaded ?? 0).toLocaleString('en-US')} already in the store, ${skipped.toLocaleString('en-US')} passed over.\n`,
      );
      if (listing.total.files === 0 && (listing.alreadyLoaded ?? 0) === 0) {
        throw new UserError(
          `No CloudTrail log objects under ${where}${accounts || regions || window.from || window.to ? ' for the accounts, regions and dates asked for' : ''}.`,
          'Check the bucket and prefix (the folder that holds AWSLogs/) and the --accounts / --regions / --from / --to filters.',
          EXIT.notFound,
        );
      }
      return listing;
    });
  } finally {
    client.destroy();
  }
}

