// The fixture organisation trail as the API stand-ins serve it, and traces compared across stores.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { filesUnder } from './files.js';
// No vitest import here (temp.ts has one): the stand-ins can be started from a plain script too.
export const ORG_TRAIL = path.resolve(import.meta.dirname, '../../fixtures/org-trail');

/** Test credentials: one access key per account of the fixture organisation. */
export const ACCOUNT_KEYS: Record<string, string> = {
  '111111111111': 'AKIATESTIDENTITY0001',
  '222222222222': 'AKIATESTWORKLOADS002',
  '333333333333': 'AKIATESTDATAACCT0003',
  '444444444444': 'AKIATESTSANDBOX00004',
};
export const KEY_ACCOUNTS: Record<string, string> = Object.fromEntries(Object.entries(ACCOUNT_KEYS).map(([a, k]) => [k, a]));

/** The environment a CLI child needs to call the stand-in as `account`. */
export function awsEnv(endpoint: string, account: string): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: ACCOUNT_KEYS[account]!,
    AWS_SECRET_ACCESS_KEY: 'test-secret',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  };
}

export type TrailRecord = Record<string, unknown> & { eventID: string; eventTime: string; awsRegion: string; recipientAccountId: string };

/** Every record of the trail's log files (not digests or Insights), duplicates deliveries included. */
export function orgTrailRecords(): TrailRecord[] {
  return filesUnder(ORG_TRAIL)
    .filter((f) => f.split(path.sep).includes('CloudTrail'))
    .flatMap((f) => (JSON.parse(gunzipSync(readFileSync(f)).toString('utf8')) as { Records: TrailRecord[] }).Records);
}

/** Regions of the fixture trail. */
export function orgTrailRegions(): string[] {
  return [...new Set(orgTrailRecords().map((r) => r.awsRegion))].sort();
}

/**
 * from-event JSON with the two fields that name where the store's events came from left out:
 * `location` (file, object, API page) and gap `hint`s and `hintWhy`s (the command that loads from
 * that source, and why it loads another way).
 */
export function sourceFreeTrace(stdout: string): unknown {
  return JSON.parse(stdout, (key, value) => {
    if (key === 'location' || key === 'hint' || key === 'hintWhy') return undefined;
    // What --fetch says of its own fetching (how far it looked, what findings rest on) is about the source, not the chain.
    if (key === 'warnings' && Array.isArray(value)) return value.filter((w) => typeof w !== 'string' || !w.startsWith('fetched: '));
    return value;
  });
}
