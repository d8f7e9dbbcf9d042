// Scope one start in a store: an access key, a principal or session ARN, or an event (traced back to
// its origin first). The application layer: the store answers, the pure scope (src/trace) decides.

import type { Trace } from '../trace/model.js';
import type { FindingOptions } from '../trace/findings.js';
import { buildScope, ScopeStartNotFound, startKindOf, type ScopeStart } from '../trace/scope-build.js';
import type { CallSummary, Scope } from '../trace/scope-model.js';
import { matchOf } from '../trace/scope.js';
import { formatIso } from '../trace/time.js';
import { createScopeLookups } from '../store/scope-lookups.js';
import type { Store } from '../store/store.js';
import { sql } from '../store/queries.js';

export interface ScopeWindow {
  from?: Date;
  to?: Date;
}

/**
 * The scope of `value` in the store; `traceEvent` traces an event start (the caller resolves a
 * prefix and words its errors). The window defaults to everything the store holds.
 */
export async function scopeInStore(
  store: Store,
  value: string,
  window: ScopeWindow,
  traceEvent: (eventId: string) => Promise<Trace>,
  options: FindingOptions = {},
): Promise<Scope> {
  const kind = startKindOf(value);
  const start: ScopeStart = kind === 'access-key' ? { kind, key: value }
    : kind === 'principal' || kind === 'session' ? { kind, arn: value }
    : { kind: 'event', eventId: value, trace: await traceEvent(value) };
  return scopeFrom(store, start, start.kind === 'event' ? start.trace.target.eventId : value, window, options);
}

async function scopeFrom(store: Store, start: ScopeStart, value: string, window: ScopeWindow, options: FindingOptions): Promise<Scope> {
  const [span] = window.from && window.to ? [] : await store.all<{ first_event: string | null; last_event: string | null }>(sql('scope/store-window'));
  const from = window.from ? formatIso(window.from) : span?.first_event ?? '1970-01-01T00:00:00Z';
  const to = window.to ? formatIso(window.to) : span?.last_event ?? from;
  return buildScope(start, value, { from, to }, createScopeLookups(store), options);
}

/** One page of a scope credential's calls, oldest first, after `after` when given (the views page, never load all). */
export async function scopeCallsPage(
  store: Store,
  scope: Scope,
  credentialId: string,
  after: { time: string; eventId: string } | null,
  limit: number,
): Promise<CallSummary[]> {
  const credential = scope.credentials.find((c) => c.id === credentialId);
  if (!credential) return [];
  return createScopeLookups(store).callsPage([matchOf(credential, scope.window)], scope.window, after, limit);
}

/**
 * The scope of a traced event's origin over the whole store, for the report: or why there is none
 * (a trace with no credential to start from, such as an anonymous caller).
 */
export async function scopeOfTrace(store: Store, trace: Trace, options: FindingOptions = {}): Promise<Scope | { unavailable: string }> {
  try {
    return await scopeFrom(store, { kind: 'event', eventId: trace.target.eventId, trace }, trace.target.eventId, {}, options);
  } catch (error) {
    if (error instanceof ScopeStartNotFound) return { unavailable: error.message };
    throw error;
  }
}
