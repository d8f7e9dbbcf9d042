// Where two copies of one event differ, field by field, over the whole record (issue 17, point 4):
// what a trace shows is read from the records themselves, so a copy that differs anywhere the
// tracer might read (userIdentity.userName, an MFA serial number, sourceIdentity…) is said to. Key
// order, whitespace and what an export adds around the record (`@timestamp`, `@version`: fields
// CloudTrail never writes) are not differences; nor is a field absent in one and null or empty in
// the other, nor a time spelt another way (`2026-03-09 10:00:00.000` and `2026-03-09T10:00:00Z`).

import { cloudTrailTime } from '../ingest/athena-records.js';
import type { CopyDifference } from '../trace/model.js';

/** CloudTrail's top-level fields (spec §1.2): the others are an export's additions. */
const CLOUDTRAIL_FIELDS = new Set([
  'eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent',
  'errorCode', 'errorMessage', 'requestParameters', 'responseElements', 'additionalEventData', 'requestID', 'eventID',
  'readOnly', 'resources', 'eventType', 'apiVersion', 'managementEvent', 'recipientAccountId', 'sharedEventID',
  'annotation', 'vpcEndpointId', 'vpcEndpointAccountId', 'serviceEventDetails', 'addendum', 'edgeDeviceDetails',
  'insightDetails', 'eventCategory', 'tlsDetails', 'sessionCredentialFromConsole',
]);
/** Fields holding a time as CloudTrail writes it. */
const TIMES = new Set(['eventTime', 'creationDate']);
/** A value shown in a difference is cut to this many characters. */
const SHOWN = 200;

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Whether trail-trace rebuilt the record from columns (shapes.ts DERIVED_FIELD). */
function rebuilt(record: Json): boolean {
  const note = isObject(record) ? record._trailTrace : undefined;
  return isObject(note) && note.fromColumns === true;
}

function absent(v: Json): boolean {
  return v === undefined || v === null || v === '';
}

function shown(v: Json): string | null {
  if (absent(v)) return null;
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text;
}

/**
 * The fields in which `other` differs from `used` (two parsed records), by path as CloudTrail names
 * them (`userIdentity.sessionContext.attributes.mfaAuthenticated`, `resources[0].ARN`), at most `max`.
 */
export function recordDifferences(used: Json, other: Json, max = 20, lossy: { used?: boolean; other?: boolean } = {}): CopyDifference[] {
  const out: CopyDifference[] = [];
  // A copy rebuilt from columns (Athena, Parquet, CSV, Lake) may lack fields its table does not
  // declare: a field missing there is no difference, one present in both and unequal is.
  const usedLossy = lossy.used === true || rebuilt(used);
  const otherLossy = lossy.other === true || rebuilt(other);
  const walk = (path: string, key: string, a: Json, b: Json): void => {
    if (out.length >= max) return;
    if (absent(a) && absent(b)) return;
    if ((absent(a) && usedLossy) || (absent(b) && otherLossy)) return;
    if (isObject(a) && isObject(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(`${path}.${k}`, k, a[k], b[k]);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((x, i) => walk(`${path}[${i}]`, key, x, b[i]));
      return;
    }
    if (TIMES.has(key) && cloudTrailTime(a) !== undefined && cloudTrailTime(a) === cloudTrailTime(b)) return;
    const sa = absent(a) || typeof a === 'object' ? JSON.stringify(a ?? null) : String(a);
    const sb = absent(b) || typeof b === 'object' ? JSON.stringify(b ?? null) : String(b);
    if (sa !== sb) out.push({ field: path, used: shown(a), other: shown(b) });
  };
  if (!isObject(used) || !isObject(other)) return used === other ? [] : [{ field: '(the record)', used: shown(used), other: shown(other) }];
  for (const k of CLOUDTRAIL_FIELDS) walk(k, k, used[k], other[k]);
  return out;
}
