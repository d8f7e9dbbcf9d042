// `--format json`: the Trace as the contract document (shared/contract/trace-json.md).
//
// Keys come out in the contract's order so a diff or a human reading the output sees the same
// shape every time; fields the model has beyond the contract (hop.evidence, session.kind,
// origin.description, gap.regions, …) follow the contract's ones and are never dropped. Values
// are written as the tracer decided them: null stays null, an absent optional stays absent.

import type { AlternativeRef, DifferingCopy, Finding, Gap, Hop, HopSession, IssuingEventRef, Origin, RecordIntegrity, Trace, TraceIdentity, TraceTarget } from '../trace/model.js';

type Json = Record<string, unknown>;

/** Copies `value` with `order`'s keys first, then every other own key in its original order. */
export function ordered(value: object, order: readonly string[]): Json {
  const source = value as Json;
  const out: Json = {};
  for (const key of order) if (key in source) out[key] = source[key];
  for (const key of Object.keys(source)) if (!(key in out)) out[key] = source[key];
  return out;
}

const IDENTITY_KEYS = ['type', 'arn', 'principalId', 'accessKeyId'] as const;

function identity(id: TraceIdentity): Json {
  return ordered(id, IDENTITY_KEYS);
}

function target(t: TraceTarget): Json {
  const out = ordered(t, [
    'eventId', 'eventTime', 'eventSource', 'eventName', 'accountId',
    'region', 'sourceIPAddress', 'userAgent', 'identity',
  ]);
  out.identity = identity(t.identity);
  if (t.integrity) out.integrity = integrity(t.integrity);
  if (t.differingCopies) out.differingCopies = t.differingCopies.map(differingCopy);
  return out;
}

/** Another copy of the event that differs from the one traced (docs/trace-json.md "What trail-trace adds"). */
function differingCopy(c: DifferingCopy): Json {
  const out = ordered(c, ['location', 'index', 'sha256', 'differences']);
  out.differences = c.differences.map((d) => ordered(d, ['field', 'used', 'other']));
  return out;
}

function session(s: HopSession): Json {
  return ordered(s, [
    'arn', 'accountId', 'principalId', 'accessKeyId', 'roleArn', 'sessionName',
    'createdAt', 'mfaAuthenticated', 'sourceIdentity',
  ]);
}

function issuedBy(ref: IssuingEventRef): Json {
  const out = ordered(ref, ['eventId', 'eventName', 'eventTime', 'accountId', 'region', 'sharedEventId', 'copies']);
  out.caller = identity(ref.caller);
  // Where the store keeps the file is the store's business, not the contract's.
  if (ref.location) out.location = { source: ref.location.source, index: ref.location.index };
  if (ref.differingCopies) out.differingCopies = ref.differingCopies.map(differingCopy);
  return out;
}

function alternative(alt: AlternativeRef): Json {
  return ordered(alt, ['eventId', 'eventName', 'eventTime', 'accountId', 'region', 'why']);
}

function integrity(i: RecordIntegrity): Json {
  return ordered(i, ['verdict', 'location', 'digest']);
}

function hop(h: Hop): Json {
  const out = ordered(h, ['session', 'issuedBy', 'link', 'confidence', 'alternatives']);
  out.session = session(h.session);
  out.issuedBy = h.issuedBy === null ? null : issuedBy(h.issuedBy);
  out.alternatives = h.alternatives.map(alternative);
  if (h.integrity !== undefined) out.integrity = h.integrity === null ? null : integrity(h.integrity);
  return out;
}

/** An origin in the contract's key order (the scope document has one too). */
export function origin(o: Origin): Json {
  const out = ordered(o, [
    'type', 'accountId', 'arn', 'principalId', 'userName', 'accessKeyId', 'identityProvider',
    'subject', 'service', 'workload', 'sourceIPAddress', 'userAgent', 'event',
  ]);
  if (o.event) {
    const event = ordered(o.event, ['eventId', 'eventName', 'eventTime']);
    if (o.event.differingCopies) event.differingCopies = o.event.differingCopies.map(differingCopy);
    out.event = event;
  }
  return out;
}

function gap(g: Gap): Json {
  return ordered(g, ['reason', 'accountId', 'region', 'from', 'to', 'hint']);
}

/** A finding in the contract's key order (the scope document has them too). */
export function finding(f: Finding): Json {
  const out = ordered(f, ['kind', 'hop', 'accessKeyId', 'observed', 'expected', 'strength', 'why']);
  out.observed = ordered(f.observed, ['ip', 'userAgent', 'eventId', 'time']);
  out.expected = ordered(f.expected, ['ips', 'userAgents', 'vpcEndpoints']);
  return out;
}

/** The Trace as a plain object with the contract's key order (exported for other views' tests). */
export function traceDocument(trace: Trace): Json {
  const out = ordered(trace, ['schema', 'target', 'status', 'hops', 'origin', 'gaps', 'findings', 'warnings']);
  out.target = target(trace.target);
  out.hops = trace.hops.map(hop);
  out.origin = trace.origin === null ? null : origin(trace.origin);
  out.gaps = trace.gaps.map(gap);
  out.findings = trace.findings.map(finding);
  return out;
}

// JSON.stringify escapes C0 controls and lone surrogates but passes DEL, C1 controls, bidi and
// other format characters and U+2028/2029 through raw; `--format json` is often read on a
// terminal (or in `less`), where those still act. Writing them as `\uXXXX` makes the document
// safe to display while JSON.parse returns exactly the same strings. Outside string literals the
// output is ASCII (the only control there is the indentation's LF, which this class leaves
// alone), so every match is inside a string.
const DISPLAY_UNSAFE = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;

export function escapeForDisplay(json: string): string {
  return json.replace(DISPLAY_UNSAFE, (ch) => {
    let escaped = '';
    for (let i = 0; i < ch.length; i++) escaped += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return escaped;
  });
}

/** Any document as the CLI prints JSON: 2-space indented, safe on a terminal, one trailing newline. */
export function displayJson(value: unknown): string {
  return escapeForDisplay(JSON.stringify(value, null, 2)) + '\n';
}

/** The contract document: 2-space indented, keys in contract order, one trailing newline. */
export function renderJson(trace: Trace): string {
  return escapeForDisplay(JSON.stringify(traceDocument(trace), null, 2)) + '\n';
}
