// `scope --format json`: the Scope as the contract document (docs/scope-json.md), keys in the
// contract's order, fields beyond it after them, safe to display on a terminal (json.ts).

import type { EvictionStep, Scope, ScopeChange, ScopeCredential } from '../trace/scope-model.js';
import { escapeForDisplay, finding, ordered, origin } from './json.js';

type Json = Record<string, unknown>;

function credential(c: ScopeCredential): Json {
  const out = ordered(c, [
    'id', 'parent', 'kind', 'accessKeyId', 'accessKeyIds', 'arn', 'accountId', 'principalId', 'createdAt',
    'issuedBy', 'link', 'confidence', 'activity', 'findings',
  ]);
  if (c.issuedBy) out.issuedBy = ordered(c.issuedBy, ['eventId', 'eventName', 'eventTime', 'accountId', 'copies']);
  if (c.activity) out.activity = ordered(c.activity, ['calls', 'failed', 'firstUse', 'lastUse', 'accounts', 'regions', 'ips', 'userAgents', 'top']);
  // Findings in the trace contract's shape.
  out.findings = c.findings.map(finding);
  return out;
}


function change(c: ScopeChange): Json {
  return ordered(c, ['eventId', 'eventTime', 'call', 'accountId', 'region', 'by', 'succeeded', 'tactic', 'technique', 'resource', 'meaning']);
}

function step(s: EvictionStep): Json {
  return ordered(s, ['step', 'action', 'target', 'why', 'command']);
}

export function scopeDocument(scope: Scope): Json {
  const out = ordered(scope, ['schema', 'start', 'window', 'credentials', 'changes', 'eviction']);
  const start = ordered(scope.start, ['kind', 'value', 'origin']);
  if (scope.start.origin) start.origin = origin(scope.start.origin);
  out.start = start;
  out.credentials = scope.credentials.map(credential);
  out.changes = scope.changes.map(change);
  out.eviction = scope.eviction.map(step);
  return out;
}

/** The contract document: 2-space indented, one trailing newline, safe on a terminal. */
export function renderScopeJson(scope: Scope): string {
  return escapeForDisplay(JSON.stringify(scopeDocument(scope), null, 2)) + '\n';
}
