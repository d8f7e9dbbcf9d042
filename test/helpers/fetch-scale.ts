// Generated organisation trails for the --fetch scale test (test/e2e/fetch-scale.test.ts): the
// bench's generator (scripts/bench/generate.js) writes them, and this reads back what the test needs
// of one — its size as the Athena stand-in counts a scan, the partitions it spans, its trace targets
// with what an alert would say of each, and the Athena table over it.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { projectedTable, type AthenaTableOptions } from './athena-table.js';
import { filesUnder } from './files.js';

/** What generate.js writes to manifest.json, as far as the test reads it. */
interface Manifest {
  events: number;
  orgId: string;
  accounts: { id: string }[];
  regions: string[];
}

/** A target of targets.json, and what an alert says of its event: --account, --region, --day. */
export interface TrailTarget {
  eventId: string;
  category: string;
  /** The trace the generator built the chain to give. */
  expect: { status: 'complete' | 'broken' };
  alert: string[];
}

export interface GeneratedTrail {
  dir: string;
  events: number;
  organisations: number;
  orgId: string;
  accounts: string[];
  regions: string[];
  /** The first organisation's targets, in the generator's order. */
  targets: TrailTarget[];
  /** Log files' uncompressed bytes, as the Athena stand-in counts a scan (athena-table.ts). */
  bytes: number;
  /** Delivery days that hold log files, and account/region/day folders. */
  days: number;
  partitions: number;
}

type Generate = (options: { dir: string; events: number; seed: number; quiet: boolean }) => Promise<Manifest>;

/**
 * A trail of one organisation per seed, each of `events` events, side by side in one bucket: the
 * generator's organisation has 8-12 accounts whatever its size (org.js buildOrg), so a larger
 * organisation is several (their account ids differ; the folders share the org id).
 */
export async function generateTrail(dir: string, events: number, seeds: number[]): Promise<GeneratedTrail> {
  const generator = pathToFileURL(path.resolve(import.meta.dirname, '../../scripts/bench/generate.js')).href;
  const { generateCorpus } = (await import(generator)) as { generateCorpus: Generate };
  const manifests: Manifest[] = [];
  for (const seed of seeds) manifests.push(await generateCorpus({ dir: path.join(dir, `seed-${seed}`), events, seed, quiet: true }));
  const first = path.join(dir, `seed-${seeds[0]}`);
  const logs = logFiles(dir);
  return {
    dir,
    events: manifests.reduce((n, m) => n + m.events, 0),
    organisations: manifests.length,
    orgId: manifests[0]!.orgId,
    accounts: [...new Set(logs.map((f) => f.account))].sort(),
    regions: [...new Set(logs.map((f) => f.region))].sort(),
    targets: targetsOf(first, logs.filter((f) => f.file.startsWith(first + path.sep))),
    bytes: logs.reduce((n, f) => n + f.text.length, 0),
    days: new Set(logs.map((f) => f.day)).size,
    partitions: new Set(logs.map((f) => `${f.account}/${f.region}/${f.day}`)).size,
  };
}

interface LogFile {
  file: string;
  account: string;
  region: string;
  /** The delivery day of the file's folder, YYYY-MM-DD. */
  day: string;
  /** Uncompressed, as a Buffer: its length is the bytes the stand-in counts. */
  text: Buffer;
}

// AWSLogs/<o-org>/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<file>.json.gz (spec §5.1).
const LOG_PATH = /\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/[^/]+\.json\.gz$/;

function logFiles(dir: string): LogFile[] {
  return filesUnder(dir).flatMap((file) => {
    const m = LOG_PATH.exec(file.split(path.sep).join('/'));
    if (!m) return [];
    return [{ file, account: m[1]!, region: m[2]!, day: `${m[3]}-${m[4]}-${m[5]}`, text: gunzipSync(readFileSync(file)) }];
  });
}

function targetsOf(orgDir: string, logs: LogFile[]): TrailTarget[] {
  const { targets } = JSON.parse(readFileSync(path.join(orgDir, 'targets.json'), 'utf8')) as { targets: Omit<TrailTarget, 'alert'>[] };
  const wanted = new Set(targets.map((t) => t.eventId));
  const alerts = new Map<string, string[]>();
  for (const log of logs) {
    const { Records } = JSON.parse(log.text.toString('utf8')) as { Records: { eventID: string; recipientAccountId: string; awsRegion: string; eventTime: string }[] };
    for (const r of Records) {
      if (wanted.has(r.eventID)) alerts.set(r.eventID, ['--account', r.recipientAccountId, '--region', r.awsRegion, '--day', r.eventTime.slice(0, 10)]);
    }
  }
  return targets.map((t) => ({ ...t, alert: alerts.get(t.eventId)! }));
}

/** The Athena table over a generated trail (its accounts and regions projected), as the fixture trail's. */
export function generatedTable(trail: GeneratedTrail): AthenaTableOptions {
  return { ...projectedTable(trail), seedDir: trail.dir, pollsBeforeDone: 0 };
}
