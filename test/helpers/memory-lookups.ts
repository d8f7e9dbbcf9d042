// The tracer's lookup port over an array of events: how the pure core is tested with plain
// objects (STYLE.md principle 1). The same scenarios also run against DuckDB in test/store.

import type { AddressUser, TimeWindow, TraceLookups, UsageRow } from '../../src/trace/lookups.js';
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
    async mcpToolCalls(w) {
      return events.filter((e) => e.mcpToolCall && inWindow(e, w));
    },
    async accessKeyCreations(key, before) {
      return events.filter((e) => e.keyCreation?.accessKeyId === key && toMs(e.eventTime) <= toMs(before));
    },
    async passwordChanges(account, userName, w) {
      return events.filter((e) => e.passwordSet?.userName === userName && e.recipientAccountId === account && inWindow(e, w));
    },
    async credentialUsage(request) {
      const sorted = [...events].sort((a, b) => a.eventTime.localeCompare(b.eventTime) || a.eventId.localeCompare(b.eventId));
      const rows = new Map<string, UsageRow>();
      const add = (scope: UsageRow['scope'], e: TrailEvent) => {
        const id = e.identity;
        const own = scope === 'credential';
        const row: UsageRow = {
          scope, accessKeyId: own ? id.accessKeyId ?? null : null, principalId: own ? id.principalId ?? null : null,
          createdAt: own ? id.creationDate ?? null : null, arn: id.arn ?? null,
          sourceIp: e.sourceIPAddress ?? null, userAgent: e.userAgent ?? null, vpcEndpointId: e.vpcEndpointId ?? null,
          calls: 0, first: e.eventTime, last: e.eventTime, firstEventId: e.eventId,
        };
        const key = JSON.stringify([scope, row.accessKeyId, row.principalId, row.createdAt, row.arn, row.sourceIp, row.userAgent, row.vpcEndpointId]);
        const found = rows.get(key) ?? row;
        found.calls += 1;
        found.last = e.eventTime;
        rows.set(key, found);
      };
      for (const e of sorted) {
        const id = e.identity;
        const byKey = id.accessKeyId !== undefined && request.accessKeys.includes(id.accessKeyId);
        if (byKey || request.sessions.some((s) => s.principalId === id.principalId && s.createdAt === id.creationDate)) add('credential', e);
        if (id.arn !== undefined && request.arns.includes(id.arn)) add('arn', e);
      }
      return [...rows.values()];
    },
    async addressUsers(ips, exceptArns) {
      const person = (e: TrailEvent) => ['IAMUser', 'Root', 'IdentityCenterUser', 'SAMLUser'].includes(e.identity.type) || (e.identity.arn ?? '').includes('/AWSReservedSSO_');
      const users = new Map<string, AddressUser>();
      for (const e of events) {
        const id = e.identity;
        if (!e.sourceIPAddress || !ips.includes(e.sourceIPAddress) || (id.arn && exceptArns.includes(id.arn)) || !person(e)) continue;
        const key = JSON.stringify([e.sourceIPAddress, id.type, id.arn, id.principalId, id.accessKeyId]);
        const found = users.get(key) ?? {
          ip: e.sourceIPAddress, identityType: id.type, arn: id.arn ?? null, principalId: id.principalId ?? null,
          accessKeyId: id.accessKeyId ?? null, calls: 0, first: e.eventTime,
        };
        found.calls += 1;
        if (e.eventTime < found.first) found.first = e.eventTime;
        users.set(key, found);
      }
      return [...users.values()].sort((a, b) => a.ip.localeCompare(b.ip) || b.calls - a.calls);
    },
  };
}
