// Small wording helpers shared by the report's sections: counts, times, names of things.
// Everything here returns plain words or data that still needs escaping by the caller.

import { parseAssumedRoleArn } from '../../trace/arn.js';
import type { Confidence, Hop, Origin, OriginType, Trace } from '../../trace/model.js';

/** "1 event", "1,204 events". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}

/** "a, b and c" */
export function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The date of an ISO 8601 UTC time: "2026-03-09". */
export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/** The time of day of an ISO 8601 UTC time: "10:47:31". */
export function clockOf(iso: string): string {
  return iso.slice(11, 19);
}

/** "16 minutes", "2 hours 5 minutes", "3 days 4 hours", "12 seconds". */
export function duration(fromIso: string, toIso: string): string {
  const seconds = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
  if (seconds < 60) return count(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return count(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? count(hours, 'hour') : `${count(hours, 'hour')} ${count(minutes % 60, 'minute')}`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? count(days, 'day') : `${count(days, 'day')} ${count(hours % 24, 'hour')}`;
}

const ORIGIN_KIND: Record<OriginType, string> = {
  IAMUser: 'IAM user',
  Root: 'root user',
  SAMLUser: 'SAML user',
  WebIdentityUser: 'web identity',
  AWSService: 'AWS service',
  IdentityCenterUser: 'Identity Center user',
  AWSAccount: 'external account',
  Unknown: 'unknown identity',
};

export function originKind(origin: Origin): string {
  return ORIGIN_KIND[origin.type];
}

/** The origin's own name, shortest first: user, subject, service and workload, principal. */
export function originName(origin: Origin): string | null {
  if (origin.type === 'AWSService') return [origin.service, origin.workload].filter(Boolean).join(' for ') || null;
  return origin.userName ?? origin.subject ?? origin.principalId ?? origin.arn ?? origin.accountId ?? null;
}

/** "DataAdmin/alice" for an assumed-role ARN, else the ARN (or the principal id) itself. */
export function sessionName(hop: Hop): string {
  const s = hop.session;
  const assumed = parseAssumedRoleArn(s.arn);
  if (assumed) return `${assumed.roleName}/${assumed.sessionName}`;
  return s.arn ?? s.principalId ?? s.accessKeyId ?? 'unknown session';
}

/**
 * When a hop's session was created, as far as the logs vouch for it: its own creationDate, else
 * the time of the call that issued it when that link is exact or strong. A heuristic link's call
 * is only a candidate (spec §4.4), so its time is not the session's.
 */
export function sessionCreated(hop: Hop): string | null {
  if (hop.session.createdAt) return hop.session.createdAt;
  if (hop.issuedBy && (hop.confidence === 'exact' || hop.confidence === 'strong')) return hop.issuedBy.eventTime;
  return null;
}

/** The values of the origin that came from the logs: names, ids, keys, providers. */
export function originValues(origin: Origin | null): (string | null | undefined)[] {
  if (!origin) return [];
  const o = origin;
  return [o.arn, o.userName, o.subject, o.principalId, o.accessKeyId, o.identityProvider, o.accountId, o.service, o.workload, o.sourceIPAddress, o.event?.eventId];
}

/**
 * Every value from the logs a trace names (ids, ARNs, names, keys, accounts, regions), for
 * `prose` to quote where the tracer's own sentences (descriptions, gap reasons, link evidence)
 * mention them. Event names and times are left out: they read as the tool's words.
 */
export function loggedValues(trace: Trace): (string | null | undefined)[] {
  const t = trace.target;
  const id = t.identity;
  return [
    t.eventId, t.accountId, t.region, t.sourceIPAddress, id.arn, id.principalId, id.accessKeyId, id.accountId, id.userName,
    ...trace.hops.flatMap((h) => {
      const s = h.session;
      const by = h.issuedBy;
      return [
        s.arn, s.accountId, s.principalId, s.accessKeyId, s.roleArn, s.sessionName, s.sourceIdentity,
        by?.eventId, by?.accountId, by?.region, by?.sharedEventId, ...(by?.copies ?? []), by?.sourceIPAddress,
        by?.caller.arn, by?.caller.principalId, by?.caller.accessKeyId, by?.caller.accountId, by?.caller.userName,
        ...h.alternatives.flatMap((a) => [a.eventId, a.accountId, a.region]),
      ];
    }),
    ...originValues(trace.origin),
    ...trace.gaps.flatMap((g) => [g.accountId, g.region, ...g.regions]),
  ];
}

/** "cloudtrail:StopLogging" from eventSource and eventName. */
export function callName(eventSource: string, eventName: string): string {
  const service = eventSource.replace(/\.amazonaws\.com$/, '');
  return service === '' ? eventName : `${service}:${eventName}`;
}

export function yesNo(value: boolean | null | undefined): string {
  if (value === null || value === undefined) return '–';
  return value ? 'yes' : 'no';
}

const STRENGTH: Record<Confidence, number> = { exact: 2, strong: 1, heuristic: 0 };

/** Index of the hop whose link is weakest (a missing link is the weakest of all). */
export function weakestHop(hops: Hop[]): number {
  let weakest = 0;
  hops.forEach((h, i) => {
    const strength = (x: Hop) => (x.confidence === null ? -1 : STRENGTH[x.confidence]);
    if (strength(h) < strength(hops[weakest]!)) weakest = i;
  });
  return weakest;
}
