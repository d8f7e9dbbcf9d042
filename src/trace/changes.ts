// Reading a raw CloudTrail record against the catalogue of changes (catalogue.ts): which rule it
// matches, the resource it changed, the command that undoes it, and where the document it
// replaced may be found. Pure.
//
// Every value read from a record is chosen by whoever made the call. Paths come only from the
// catalogue; record values are compared as plain strings, never evaluated and never turned into
// patterns, and a record of any shape (null, a list, a number, deep nesting) reads as missing
// fields rather than throwing.

import { CATALOGUE, type ChangeRule } from './catalogue.js';

export interface ChangeMatch {
  rule: ChangeRule;
  resource: { type: string; id: string | null; arn: string | null };
  succeeded: boolean;
}

/** The value at a dotted path ('a.b.0.c': list items by index); undefined where there is none. */
export function readPath(record: unknown, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    if (Array.isArray(value)) {
      if (!/^(0|[1-9][0-9]*)$/.test(key)) return undefined;
      value = value[Number(key)];
    } else {
      // Own properties only: "constructor" or "__proto__" must not reach Object.prototype.
      if (!Object.hasOwn(value, key)) return undefined;
      value = (value as Record<string, unknown>)[key];
    }
  }
  return value;
}

/** Missing, null, "", [] and {} count as absent (catalogue.ts, `when`). */
function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** A scalar as text (true → "true"); undefined for anything else. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return String(value);
  return undefined;
}

function conditionsHold(rule: ChangeRule, record: unknown): boolean {
  return (rule.when ?? []).every((condition) => {
    const value = readPath(record, condition.path);
    if (condition.equals !== undefined && scalarText(value) !== condition.equals) return false;
    if (condition.present !== undefined && isPresent(value) !== condition.present) return false;
    return true;
  });
}

function firstString(record: unknown, paths: readonly string[] | undefined): string | null {
  for (const path of paths ?? []) {
    const value = readPath(record, path);
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}

/** source → name → rules, in catalogue order. */
const RULES_BY_CALL = new Map<string, Map<string, ChangeRule[]>>();
for (const rule of CATALOGUE) {
  const byName = RULES_BY_CALL.get(rule.source) ?? new Map<string, ChangeRule[]>();
  RULES_BY_CALL.set(rule.source, byName);
  byName.set(rule.name, [...(byName.get(rule.name) ?? []), rule]);
}

/** The first catalogue rule the record matches (eventSource, eventName, `when`), or undefined. */
export function classifyChange(record: unknown): ChangeMatch | undefined {
  const source = readPath(record, 'eventSource');
  const name = readPath(record, 'eventName');
  if (typeof source !== 'string' || typeof name !== 'string') return undefined;
  const rule = RULES_BY_CALL.get(source)?.get(name)?.find((candidate) => conditionsHold(candidate, record));
  if (!rule) return undefined;
  return {
    rule,
    resource: { type: rule.resource.type, id: firstString(record, rule.resource.id), arn: firstString(record, rule.resource.arn) },
    succeeded: !isPresent(readPath(record, 'errorCode')),
  };
}

/** The distinct (eventSource, eventName) pairs of the catalogue, sorted: the calls worth fetching. */
export function catalogueCalls(): { source: string; name: string }[] {
  return [...RULES_BY_CALL]
    .flatMap(([source, byName]) => [...byName.keys()].map((name) => ({ source, name })))
    .sort((a, b) => (a.source === b.source ? compare(a.name, b.name) : compare(a.source, b.source)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `{previous}` or `{dotted.path}`: braces are always a placeholder (catalogue.ts, `undo.argv`). */
const PLACEHOLDER = /\{([^{}]*)\}/g;
const DOTTED_PATH = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;

/**
 * The AWS CLI reads a parameter value that starts with one of these from that file or URL
 * instead of using it (AWS CLI User Guide, "Loading AWS CLI parameters from a file"; URLs in
 * CLI v1). A record value like "file:///home/me/.aws/credentials" must never reach one.
 */
const LOADED_BY_CLI = /^(file|fileb|https?):\/\//i;

/**
 * Whether the AWS CLI would load a command argument from a file or URL instead of taking it as
 * written: the value of `--flag=value`, or the whole argument.
 */
export function cliLoads(argument: string): boolean {
  const value = argument.startsWith('--') && argument.includes('=') ? argument.slice(argument.indexOf('=') + 1) : argument;
  return LOADED_BY_CLI.test(value);
}

/** A record value as argument text: scalars as text, lists and objects as JSON; undefined if absent. */
function argumentText(value: unknown): string | undefined {
  if (!isPresent(value)) return undefined;
  const scalar = scalarText(value);
  if (scalar !== undefined) return scalar;
  if (typeof value !== 'object') return undefined;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined; // a cycle or a bigint: not a parsed record
  }
}

function fill(template: string, record: unknown, previous: string | undefined): string | undefined {
  let missing = false;
  const filled = template.replace(PLACEHOLDER, (_whole, path: string) => {
    const text = path === 'previous' ? previous || undefined : DOTTED_PATH.test(path) ? argumentText(readPath(record, path)) : undefined;
    // NUL cannot be passed in an argument at all (execve ends the string there).
    if (text === undefined || text.includes('\0')) {
      missing = true;
      return '';
    }
    return text;
  });
  if (missing) return undefined;
  return cliLoads(filled) ? undefined : filled;
}

/**
 * The rule's undo command with every placeholder filled from the record (and `{previous}` from
 * `previous`, an earlier document as text), or undefined when the rule has none or any
 * placeholder has no usable value: a command is never printed with a hole in it.
 */
export function undoArgv(match: ChangeMatch, record: unknown, previous?: string): string[] | undefined {
  const argv: string[] = [];
  for (const template of match.rule.undo?.argv ?? []) {
    const arg = fill(template, record, previous);
    if (arg === undefined) return undefined;
    argv.push(arg);
  }
  return argv.length > 0 ? argv : undefined;
}

/**
 * The document an earlier record holds at `documentPath` (from previousDocumentQuery), as the
 * text `{previous}` takes: text as it is, an object (an S3 bucket policy) or a list (OIDC
 * thumbprints) as JSON; undefined when it is missing or empty.
 */
export function previousDocumentText(earlierRecord: unknown, documentPath: string): string | undefined {
  return argumentText(readPath(earlierRecord, documentPath));
}

/**
 * What to look up to restore the document the change replaced: per `previous` entry of the rule,
 * the call, the paths that give an earlier record's resource id, the document's path, and the
 * id to compare with. Empty when the rule names none or the change's resource id is unknown.
 */
export function previousDocumentQuery(
  match: ChangeMatch,
  _record: unknown,
): { source: string; name: string; id: string[]; document: string; resourceId: string }[] {
  const resourceId = match.resource.id;
  if (resourceId === null) return [];
  return (match.rule.previous ?? []).map((entry) => ({ ...entry, id: [...entry.id], resourceId }));
}
