// The tracer's lookup port over an array of events: how the pure core is tested with plain
// objects (STYLE.md principle 1). The same scenarios also run against DuckDB in test/store.

import type { TimeWindow, TraceLookups } from '../../src/trace/lookups.js';
import type { TrailEvent } from '../../src/trace/model.js';
import { toTrailEvent } from '../../src/trace/record.js';
import { toMs } from '../../src/trace/time.js';

export function eventsOf(records: unknown[]): TrailEvent[] {
  return records.map((r, index) => {
    const result = toTrailEvent(r, { source: 'memory', index });
    if (!result.ok) throw new Error(`bad test record ${index}: ${result.detail}`);
    return result.event;
  });
}

const inWindow = (e: TrailEvent, w: TimeWindow) => toMs(e.eventTime) >= toMs(w.from) && toMs(e.eventTime) <= toMs(w.to);

export function memoryLookups(events: TrailEvent[]): TraceLookups & { calls: string[] } {
  const calls: string[] = [];
  const issuing = () => events.filter((e) => e.issuance?.accessKeyId);
  return {
    calls,
    async issuancesByAccessKey(key) {
      calls.push(`key:${key}`);
      return issuing().filter((e) => e.issuance?.accessKeyId === key);
    },
    async issuancesByPrincipalId(p, w) {
      calls.push(`principal:${p}`);
      return issuing().filter((e) => e.issuance?.principalId === p && inWindow(e, w));
    },
    async issuancesByArn(arn, w) {
      calls.push(`arn:${arn}`);
      return issuing().filter((e) => e.issuance?.arn === arn && inWindow(e, w));
    },
    async assumeRootsForAccount(account, w) {
      return events.filter((e) => e.eventName === 'AssumeRoot' && (e.issuance?.targetPrincipal ?? '').includes(account) && inWindow(e, w));
    },
    async copiesOfSharedEvent(shared) {
      return events.filter((e) => e.sharedEventId === shared);
    },
    async signInEvents(w, arn) {
      return events.filter((e) => e.eventSource === 'signin.amazonaws.com' && inWindow(e, w) && (!arn || e.identity.arn === arn));
    },
    async identityCenterCredentialEvents(_account, w) {
      return events.filter((e) => e.eventSource === 'sso.amazonaws.com' && ['GetRoleCredentials', 'Federate'].includes(e.eventName) && inWindow(e, w));
    },
  };
}
