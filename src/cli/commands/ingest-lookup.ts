// `trail-trace ingest lookup`: load CloudTrail Event history (LookupEvents) of the account the
// credentials belong to, region by region, at most two requests per second per region.

import { AccountClient, paginateListRegions } from '@aws-sdk/client-account';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { awsSettings, callerAccount, clientConfig, terminalMfaPrompt, type AwsSettings } from '../../aws/config.js';
import { awsCall, isAccessDenied } from '../../aws/errors.js';
import { EXIT, UserError } from '../../errors.js';
import {
  LOOKUP_HISTORY_DAYS, LookupEventsSource, lookupRate, RequestPacers, daysBefore, parseLookupAttribute, timeSlices,
} from '../../ingest/sources/lookup-events.js';
import { loadedSourceKeys } from '../../store/load.js';
import { terminalSafe } from '../../text/sanitize.js';
import type { Io } from '../output.js';
import type { IngestLookupValues } from './specs.js';
import { regionsOption, timeWindow } from './common.js';
import { REGION_NAME } from '../options.js';
import { runIngest } from './ingest-files.js';

const DAY_MS = 24 * 3600 * 1000;

/** The options as declared in specs.ts (read and checked there). */
export type IngestLookupOptions = IngestLookupValues;

/** The regions enabled for the account (account:ListRegions), for when --regions is not given. */
export async function enabledRegions(settings: AwsSettings): Promise<string[]> {
  const client = new AccountClient(clientConfig(settings, 'account', 'us-east-1'));
  const regions: string[] = [];
  try {
    await awsCall({ action: 'account:ListRegions', resource: 'the account', command: 'ingest lookup' }, async () => {
      for await (const page of paginateListRegions({ client }, { RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] })) {
        for (const r of page.Regions ?? []) if (r.RegionName && REGION_NAME.test(r.RegionName)) regions.push(r.RegionName);
      }
    });
  } catch (err) {
    if (isAccessDenied(err) || (err instanceof UserError && /Access denied/.test(err.message))) {
      throw new UserError(
        'Cannot list the regions enabled for the account: account:ListRegions was refused.',
        'Name the regions instead: --regions us-east-1,eu-west-1 (us-east-1 holds IAM, STS-global and sign-in events).',
        EXIT.aws,
      );
    }
    throw err;
  } finally {
    client.destroy();
  }
  return regions.sort();
}

export async function runIngestLookup(options: IngestLookupOptions, io: Io, now = new Date()): Promise<number> {
  const attribute = options.attribute ? parseLookupAttribute(options.attribute) : undefined;
  const given = regionsOption(options.regions);
  const window = timeWindow(options.from, options.to, now);
  const from = window.from ?? new Date(now.getTime() - LOOKUP_HISTORY_DAYS * DAY_MS);
  const to = window.to ?? now;
  const settings = await awsSettings(options, io.env, terminalMfaPrompt(), 'cloudtrail');

  const account = await callerAccount(settings, 'ingest lookup');
  if (options.account && options.account !== account) {
    throw new UserError(
      `These credentials are for account ${account}, not ${options.account}: Event history answers only for the caller's own account.`,
      `Use credentials in ${options.account}: --profile NAME with a profile (or role) in that account.`,
      EXIT.aws,
    );
  }
  const regions = given ?? (await enabledRegions(settings));
  if (regions.length === 0) throw new UserError('account:ListRegions named no enabled region.', 'Name them: --regions us-east-1,eu-west-1', EXIT.aws);

  const notes: string[] = [];
  if (daysBefore(from, now) > LOOKUP_HISTORY_DAYS) {
    const oldest = new Date(now.getTime() - LOOKUP_HISTORY_DAYS * DAY_MS).toISOString().slice(0, 10);
    notes.push(
      `Event history (LookupEvents) keeps ${LOOKUP_HISTORY_DAYS} days: nothing before about ${oldest} can come back from it. ` +
        'For older events load the trail from S3 (ingest s3) or Athena (ingest athena).',
    );
  }
  if (!regions.includes('us-east-1')) {
    notes.push('us-east-1 is not in --regions: it holds IAM, STS global-endpoint and console sign-in events, which most traces need.');
  }
  if (!attribute && regions.length * timeSlices(from, to).length > 2000) {
    notes.push('A long window over many regions: every 6-hour slice costs at least one call at 2 per second per region. --attribute or a shorter --from/--to is quicker.');
  }

  const clients = new Map<string, CloudTrailClient>();
  const clientFor = (region: string) => {
    let client = clients.get(region);
    if (!client) {
      // Retries are the source's own, so that they wait for the region's pacer like first tries.
      client = new CloudTrailClient({ ...clientConfig(settings, 'cloudtrail', region), maxAttempts: 1 });
      clients.set(region, client);
    }
    return client;
  };
  try {
    return await runIngest(options, io, 'slices', async (store, signal) => {
      const source = new LookupEventsSource({
        account, regions, from, to, ...(attribute ? { attribute } : {}),
        clientFor, pacers: new RequestPacers(lookupRate(io.env)), concurrency: options.concurrency,
        downloadDir: `${store.path}.incoming`,
        loaded: await loadedSourceKeys(store, `lookup-events://${account}/`),
        signal, pageSize: options.pageSize, now: () => new Date(),
      });
      const listing = await source.list();
      const filter = attribute ? ` where ${attribute.key} = ${terminalSafe(attribute.value)}` : '';
      io.stderr.write(
        `Event history of account ${account} in ${regions.length} region${regions.length === 1 ? '' : 's'} (${terminalSafe(regions.join(', '))})` +
          `${filter}, ${from.toISOString()} → ${to.toISOString()}:\n` +
          `${listing.total.files.toLocaleString('en-US')} six-hour slices to fetch, ${(listing.alreadyLoaded ?? 0).toLocaleString('en-US')} already in the store; ` +
          'at most 2 requests per second per region.\n',
      );
      for (const note of notes) io.stderr.write(`note: ${note}\n`);
      return listing;
    });
  } finally {
    for (const client of clients.values()) client.destroy();
  }
}

