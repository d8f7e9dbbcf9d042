// The layout CloudTrail delivers a trail in (spec §5.1), in one place: what the S3 and folder
// readers, the sources that fetch by prefix, Athena's date partitions and the gap hints all follow.
//
//   [<prefix>/]AWSLogs/[<o-orgId>/]<account>/CloudTrail[-Digest]/<region>/<YYYY>/<MM>/<DD>/
//     <account>_CloudTrail_<region>_<YYYYMMDDTHHMMZ>_<id>.json.gz
//
// The date folders are delivery dates, and a file holds nothing newer than its delivery: the days
// a window's events can be in run from its first day to one day past its last. Pure.

const DAY_MS = 24 * 3600 * 1000;

/** The folder of a trail's log files, and of the digests that vouch for them. */
export const LOG_FOLDER = 'CloudTrail';
export const DIGEST_FOLDER = 'CloudTrail-Digest';

const ORG_FOLDER = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT_FOLDER = /^\d{12}$/;

/** An organisation trail's folder under AWSLogs/ (o-…). */
export function isOrgFolder(name: string | undefined): boolean {
  return ORG_FOLDER.test(name ?? '');
}

/** An account's folder under AWSLogs/ or AWSLogs/<o-id>/. */
export function isAccountFolder(name: string | undefined): boolean {
  return ACCOUNT_FOLDER.test(name ?? '');
}

/** The key prefix of an account's log files under the folder holding AWSLogs/. */
export function accountLogPrefix(orgId: string | null | undefined, account: string): string {
  return `AWSLogs/${orgId ? `${orgId}/` : ''}${account}/${LOG_FOLDER}/`;
}

/** The delivery-date folders (YYYY/MM/DD) that can hold events of the window, at most `max`. */
export function deliveryDays(fromMs: number, toMs: number, max = Infinity): string[] {
  const days: string[] = [];
  const start = Math.floor(fromMs / DAY_MS) * DAY_MS;
  const end = Math.floor(toMs / DAY_MS) * DAY_MS + DAY_MS; // + one day of late delivery
  for (let d = start; d <= end && days.length < max; d += DAY_MS) days.push(new Date(d).toISOString().slice(0, 10).replaceAll('-', '/'));
  return days;
}

// …_CloudTrail_<region>_20260309T1405Z_<id>.json.gz, …_CloudTrail-Digest_<region>_<trail>_<home>_20260309T140512Z.json.gz
const KEY_TIME = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(?:\d{2})?Z(?:_[^/_]*)?\.json(?:\.gz)?$/i;

/** When CloudTrail delivered an object, from its key or file name (to the minute), or undefined when it does not say. */
export function deliveryTime(key: string): number | undefined {
  const m = KEY_TIME.exec(key);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!);
}

// …AWSLogs/[o-id/]<account>/CloudTrail[-Digest]/<region>/<YYYY>/<MM>/<DD>/…
const KEY_LAYOUT = /(?:^|\/)AWSLogs\/(?:(o-[a-z0-9]{10,32})\/)?(\d{12})\/CloudTrail(?:-Digest)?\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\//;

/** What an S3 key in the layout says: account, region and delivery day (UTC midnight); undefined outside the layout. */
export function parseLogKey(key: string): { orgId: string | null; account: string; region: string; deliveryDayMs: number } | undefined {
  const m = KEY_LAYOUT.exec(key);
  if (!m) return undefined;
  const [, orgId, account, region, y, mo, d] = m;
  return { orgId: orgId ?? null, account: account!, region: region!, deliveryDayMs: Date.UTC(Number(y), Number(mo) - 1, Number(d)) };
}

// …/AWSLogs/[o-xxxxxxxxxx/]<12-digit account>/… on disk, either separator
const PATH_LAYOUT = /^(.*?)[/\\]?AWSLogs[/\\](?:(o-[a-z0-9]{10,32})[/\\])?\d{12}(?:[/\\]|$)/;

/** The folder holding AWSLogs/ for a file in the layout, and the organisation it belongs to. */
export function layoutRootOf(filePath: string): { root: string; orgId: string | null } | undefined {
  const m = PATH_LAYOUT.exec(filePath);
  if (!m) return undefined;
  return { root: m[1] || '.', orgId: m[2] ?? null };
}
