// One account's Event history (LookupEvents) as a source: management events of the last 90 days,
// for the account the credentials belong to. A question becomes LookupEvents calls over its window
// in its regions, by the one attribute that narrows it most (EventId, AccessKeyId, EventName,
// EventSource), at most two requests per second per region (src/ingest/sources/lookup-events.ts).

import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { z } from 'zod';
import { shellWord } from '../../text/shell.js';
import { awsSettings, clientConfig } from '../../aws/config.js';
import { countRequests, type RequestCounter } from '../../aws/requests.js';
import type { SourceFile, SourceListing } from '../../ingest/source.js';
import { LOOKUP_HISTORY_DAYS } from '../../ingest/sources/lookup-limits.js';
import { LookupEventsSource, lookupRate, RequestPacers, type LookupAttribute } from '../../ingest/sources/lookup-events.js';
import type { Match, Question } from '../question.js';
import { regionsFor, type FetchCost, type SourceKind } from '../registry.js';

const REGION = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'a region name such as us-east-1');

export const lookupSettings = z.object({
  /** The account the credentials belong to, checked when the source was added. */
  account: z.string().regex(/^\d{12}$/),
  /** The regions to ask when a question does not say. */
  regions: z.array(REGION).min(1),
  profile: z.string().min(1).optional(),
  region: REGION.optional(),
});
export type LookupSettings = z.infer<typeof lookupSettings>;

const DAY_MS = 86_400_000;

/**
 * The attribute to ask by for one way of matching, with each of its values (one call series per
 * value): the fewest values, the narrowest attribute first among equals.
 */
export function lookupAttributes(m: Match): LookupAttribute[] | null {
  const pick: [keyof Match, LookupAttribute['key']][] = [
    ['eventIds', 'EventId'], ['accessKeyIds', 'AccessKeyId'], ['eventNames', 'EventName'], ['eventSources', 'EventSource'],
  ];
  const usable = pick.filter(([field]) => m[field]?.length);
  if (usable.length === 0) return null;
  const [field, key] = usable.reduce((best, p) => (m[p[0]]!.length < m[best[0]]!.length ? p : best));
  return m[field]!.map((value) => ({ key, value }));
}

/** Listings one after another, as one. */
function concatenated(listings: SourceListing[], account: string): SourceListing {
  async function* files(): AsyncGenerator<SourceFile> {
    for (const l of listings) yield* l.files;
  }
  return {
    files: files(),
    total: { files: listings.reduce((n, l) => n + l.total.files, 0), bytes: 0 },
    alreadyLoaded: listings.reduce((n, l) => n + (l.alreadyLoaded ?? 0), 0),
    skipped: {},
    layoutKind: 'lookup',
    layoutRoots: [{ root: `lookup-events://${account}`, orgId: null }],
    release: async (file) => {
      for (const l of listings) await l.release?.(file);
    },
    close: async () => {
      for (const l of listings) await l.close?.();
    },
  };
}

export const lookupKind: SourceKind<LookupSettings> = {
  kind: 'lookup',
  title: 'one account\'s Event history (LookupEvents)',
  settings: lookupSettings,
  windowCommand: (s, from, to) => [
    'trail-trace ingest lookup', '--account', s.account, '--regions', shellWord(s.regions.join(',')),
    ...(s.profile ? ['--profile', shellWord(s.profile)] : []), '--from', shellWord(from), '--to', shellWord(to),
  ].join(' '),
  describe: (s) => `Event history of account ${s.account} in ${s.regions.join(', ')}${s.profile ? `, profile ${s.profile}` : ''}`,
  async open(name, s, ctx) {
    const settings = await awsSettings({ ...(s.region ? { region: s.region } : {}), ...(s.profile ? { profile: s.profile } : {}) }, ctx.env, ctx.mfaPrompt, 'cloudtrail');
    const counter: RequestCounter = { requests: 0 };
    const clients = new Map<string, CloudTrailClient>();
    const clientFor = (region: string) => {
      let client = clients.get(region);
      if (!client) {
        // Retries are the source's own, paced like first tries.
        client = countRequests(new CloudTrailClient({ ...clientConfig(settings, 'cloudtrail', region), maxAttempts: 1 }), counter);
        clients.set(region, client);
      }
      return client;
    };
    const pacers = new RequestPacers(lookupRate(ctx.env));
    return {
      name,
      kind: 'lookup',
      partial(q: Question, nowMs: number) {
        const otherAccounts = q.accounts === null || q.accounts.some((a) => a !== s.account);
        const otherRegions = s.regions !== undefined && (q.regions === null || q.regions.some((r) => !s.regions!.includes(r)));
        return otherAccounts || otherRegions || Date.parse(q.window.from) < nowMs - LOOKUP_HISTORY_DAYS * DAY_MS;
      },
      cannotAnswer(q: Question, nowMs: number) {
        if (q.accounts && !q.accounts.includes(s.account)) return `Event history of account ${s.account} holds only that account's events`;
        if (Date.parse(q.window.to) < nowMs - LOOKUP_HISTORY_DAYS * DAY_MS) return `Event history keeps only the last ${LOOKUP_HISTORY_DAYS} days`;
        return null;
      },
      async answer(q, actx) {
        const regions = regionsFor(q) ?? s.regions;
        const from = new Date(Math.max(Date.parse(q.window.from), actx.nowMs - LOOKUP_HISTORY_DAYS * DAY_MS));
        const to = new Date(q.window.to);
        const loaded = await actx.loadedObjects(`lookup-events://${s.account}/`);
        const series = q.match.flatMap((m) => lookupAttributes(m) ?? [undefined]);
        const unique = [...new Map(series.map((a) => [a ? `${a.key}=${a.value}` : '', a])).values()];
        const listings: SourceListing[] = [];
        for (const attribute of unique) {
          const source = new LookupEventsSource({
            account: s.account, regions, from, to, whole: true, ...(attribute ? { attribute } : {}),
            clientFor, pacers, concurrency: Math.min(4, regions.length || 1),
            downloadDir: `${actx.downloadDir}/${listings.length}`, loaded, signal: actx.signal, now: () => new Date(actx.nowMs), command: ctx.command,
          });
          listings.push(await source.list());
        }
        const by = unique.map((a) => (a ? `${a.key}=${a.value}` : 'no attribute')).join('; ');
        const how = `LookupEvents in account ${s.account}, ${regions.join(', ')}, ${from.toISOString()} → ${to.toISOString()}, by ${by}`;
        return { how, listing: concatenated(listings, s.account) };
      },
      cost: (): FetchCost => ({ bytesScanned: 0, bytesDownloaded: 0, objects: 0, requests: counter.requests }),
      close: () => {
        for (const c of clients.values()) c.destroy();
      },
    };
  },
};
