// AWS's CloudTrail public keys for `verify`: read from a file the user gives
// (`aws cloudtrail list-public-keys` output) or fetched with cloudtrail:ListPublicKeys for the
// regions and times of the stored digests; either way cached in the store.

import { readFileSync } from 'node:fs';
import { CloudTrailClient, paginateListPublicKeys } from '@aws-sdk/client-cloudtrail';
import { awsSettings, clientConfig, terminalMfaPrompt, type AwsOptions } from '../../aws/config.js';
import { awsCall } from '../../aws/errors.js';
import { EXIT, UserError } from '../../errors.js';
import { readPublicKeyList } from '../../ingest/digest-inputs.js';
import { terminalSafe } from '../../text/sanitize.js';
import type { PublicKey } from '../../store/digests.js';
import type { Store } from '../../store/store.js';

/** Keys from a list-public-keys output file. */
export function publicKeysFromFile(file: string): PublicKey[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      `Cannot read the public keys in ${terminalSafe(file)}: ${code === 'ENOENT' ? 'no such file' : code ? code : 'not JSON'}.`,
      'Save them with `aws cloudtrail list-public-keys --region R --start-time … > keys.json` and pass that file.',
      EXIT.unreadable,
    );
  }
  const read = readPublicKeyList(value);
  if ('problem' in read) throw new UserError(`${terminalSafe(file)} is not ${read.problem.replace(/^expected /, '')}.`, 'Pass the JSON `aws cloudtrail list-public-keys` prints.', EXIT.unreadable);
  return read.keys.map((k) => ({ ...k, origin: file }));
}

/** The regions and time span of the stored digests: where and when to ask for keys. */
async function digestSpan(store: Store): Promise<{ regions: string[]; from: Date; to: Date } | undefined> {
  const rows = await store.all<{ region: string | null; first: string; last: string }>(
    `SELECT region, min(start_time) AS first, max(end_time) AS last FROM digests GROUP BY region ORDER BY region`,
  );
  if (rows.length === 0) return undefined;
  const times = rows.flatMap((r) => [Date.parse(r.first), Date.parse(r.last)]).filter((t) => !Number.isNaN(t));
  return {
    regions: rows.map((r) => r.region).filter((r): r is string => r !== null),
    from: new Date(Math.min(...times) - 3600_000),
    // The AWS CLI asks for keys valid up to two hours after a digest's end.
    to: new Date(Math.max(...times) + 2 * 3600_000),
  };
}

/** Fetches the keys with cloudtrail:ListPublicKeys in each region that has digests. */
export async function fetchPublicKeys(store: Store, aws: AwsOptions, env: NodeJS.ProcessEnv): Promise<PublicKey[]> {
  const span = await digestSpan(store);
  if (!span) return [];
  const settings = await awsSettings(aws, env, terminalMfaPrompt(), 'cloudtrail');
  const keys: PublicKey[] = [];
  for (const region of span.regions) {
    const client = new CloudTrailClient(clientConfig(settings, 'cloudtrail', region));
    try {
      await awsCall({ action: 'cloudtrail:ListPublicKeys', resource: `region ${region}`, command: 'verify --fetch-public-keys' }, async () => {
        for await (const page of paginateListPublicKeys({ client }, { StartTime: span.from, EndTime: span.to })) {
          for (const k of page.PublicKeyList ?? []) {
            if (!k.Value || !k.Fingerprint) continue;
            keys.push({
              fingerprint: k.Fingerprint.toLowerCase(), value: k.Value,
              validFrom: k.ValidityStartTime?.toISOString() ?? null, validTo: k.ValidityEndTime?.toISOString() ?? null,
              origin: `cloudtrail:ListPublicKeys in ${region}`,
            });
          }
        }
      });
    } finally {
      client.destroy();
    }
  }
  return keys;
}
