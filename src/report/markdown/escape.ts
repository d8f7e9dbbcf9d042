// Placing log text in markdown and Mermaid (STYLE.md principle 9): the one module that does it.
//
// Every string a CloudTrail record carries (user agents, session and role names, source
// "IPs", even event names in a forged record) is chosen by whoever made the call. In a report
// pasted into a ticket, wiki or GitHub issue it must stay text: it must not end a table cell, open
// a link, image or HTML tag, start a heading, turn into a @mention, or break the diagram.
//
// - `code(s)`: an inline code span, the default for log values. Nothing inside a code span is
//   markdown, HTML, an autolink or a mention, on GitHub or anywhere else. The fence is one
//   backtick longer than the longest run inside (CommonMark §6.1).
// - `cell(s)`: a code span for a table cell. GFM splits a row into cells before it reads code
//   spans, so a `|` would end the cell even inside the span; it is written `\|`, which the
//   splitter reads as a pipe and removes the backslash from, in code spans too (GFM spec §4.10,
//   example 200). A backslash from the log is already doubled by `visible`, so the one added
//   before a pipe always makes an odd run: escaped for marked and for GitHub's cmark-gfm alike.
// - `prose(sentence, values)`: one of the tool's sentences that quotes log values (an origin's
//   description, a gap's reason): the values as code spans, the tool's words as `text`.
// - `text(s)`: escaped prose. Markdown punctuation is backslash-escaped, HTML's `&<>` and `|`
//   become entities, `://` and `www.` lose their autolink (`\:`, `\.`), and a zero-width space
//   after `@` keeps GitHub from making a mention or a mail link. For the tool's own words and
//   what is left of a log value that could not be quoted: a log value the report can name goes
//   in a code span, which needs none of this and copies as logged.
// - `mermaidText(s)`: text inside a quoted Mermaid label: every character with a meaning to
//   Mermaid (quotes, brackets, pipes, `#`, `%`, `:`, …) becomes a `#code;` entity.
//
// All of them first make control characters visible: a newline or CR becomes ␊ (a line break
// would end the table row or the label), a tab a space, and other controls, bidi overrides and
// zero-width characters the escapes the terminal view shows (`\x1b`, `\u202e`: sanitize.ts).

import { terminalSafe, truncate, type TerminalSafeOptions } from '../../text/sanitize.js';

const LINE_BREAK = /\r\n|\r|\n/g;

/** `s` on one line, every control and format character shown as an inert escape. */
export function visible(s: string, options: TerminalSafeOptions = {}): string {
  return terminalSafe(s.replace(LINE_BREAK, '␊').replace(/\t/g, ' '), options);
}

function longestRun(s: string, ch: string): number {
  let longest = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** An inline code span holding `s` exactly (after `visible`). */
export function code(s: string): string {
  const value = visible(s);
  if (value === '') return '(empty)';
  const fence = '`'.repeat(longestRun(value, '`') + 1);
  // A span that starts or ends with a backtick or a space needs one space of padding, which
  // CommonMark strips again; a span of spaces only is shown as it is.
  const pad = /^[` ]|[` ]$/.test(value) && !/^ +$/.test(value) ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** A log value in a table cell: a code span, its pipes escaped for the cell splitter. */
export function cell(s: string | null | undefined, empty = '–'): string {
  if (s === null || s === undefined || s === '') return empty;
  return code(s).replaceAll('|', '\\|');
}

/** Longest log value in a cell of the timeline and chain tables, in code points (`shortCell`). */
export const CELL_MAX = 120;

/**
 * A log value in a table cell of a long table (the timeline, the chain), cut to `max` code
 * points: one long value repeated in every row would make the report megabytes. `whole` says
 * where the reader finds the rest, in words of the tool.
 */
export function shortCell(s: string | null | undefined, max: number, whole: (value: string) => string | null = () => null): string {
  if (s === null || s === undefined || s === '') return cell(s);
  const length = Array.from(s).length;
  if (length <= max) return cell(s);
  const shown = truncate(s, max);
  const more = length - (Array.from(shown).length - 1);
  const where = whole(s);
  return `${cell(shown)} (${more.toLocaleString('en-US')} more characters${where ? `; ${where}` : ''})`;
}

/** A time or number for a table cell: escaped text rather than code, so it wraps like prose. */
export function plainCell(s: string | null | undefined, empty = '–'): string {
  return s === null || s === undefined || s === '' ? empty : text(s);
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '|': '&#124;',
};

/**
 * ASCII punctuation with a meaning somewhere in CommonMark, GFM or GitHub (`$` opens math).
 * Parentheses are left alone: they only matter after a `]`, which is always escaped.
 */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]#~!$^{}]/;
const ZERO_WIDTH_SPACE = '\u200b';

/** Escaped text in the middle of a line. */
function inlineText(s: string): string {
  const escaped = Array.from(visible(s), (ch) =>
    ENTITIES[ch] ?? (MARKDOWN_PUNCTUATION.test(ch) ? `\\${ch}` : ch === '@' ? `@${ZERO_WIDTH_SPACE}` : ch),
  ).join('');
  return escaped
    .replace(/:\/\//g, '\\://')
    .replace(/(^|[^a-z0-9])(www)\./gi, '$1$2\\.');
}

/** At the start of a line (a list item's text) a value could open a list, a setext heading or, indented, a code block. */
function lineStart(escaped: string): string {
  return escaped
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2')
    .replace(/^ +/, (spaces) => '&#32;'.repeat(spaces.length));
}

/** Escaped prose: renders as `visible(s)` and never as markup, a link or a mention. */
export function text(s: string): string {
  return lineStart(inlineText(s));
}

/** What may stand before a quoted value: the start, a space, an opening bracket or quote. */
const OPENS = /[\s("']/u;
/** What may follow it: the end, a space, a closing bracket or quote, `,` or `;`, or `.`/`:` that ends a clause. */
function closes(sentence: string, end: number): boolean {
  const next = sentence[end];
  if (next === undefined || /[\s)"',;]/u.test(next)) return true;
  return (next === '.' || next === ':') && (end + 1 === sentence.length || /\s/u.test(sentence[end + 1]!));
}

/** An ARN or event id the tracer names in passing (an MFA device, a SwitchRole event): always a log value. */
const ARN = /^arn:[a-z0-9-]+:[^\s"'()]*/;
const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/**
 * The value `sentence` holds at `at` as a whole phrase (not inside a longer token such as an
 * ARN): the longest of `values` that fits, else an ARN or event id; or null.
 */
function valueAt(sentence: string, at: number, values: string[]): string | null {
  if (at > 0 && !OPENS.test(sentence[at - 1]!)) return null;
  for (const value of values) {
    if (sentence.startsWith(value, at) && closes(sentence, at + value.length)) return value;
  }
  const rest = sentence.slice(at);
  const found = (ARN.exec(rest)?.[0] ?? EVENT_ID.exec(rest)?.[0])?.replace(/[.,;:]+$/, '');
  return found && closes(sentence, at + found.length) ? found : null;
}

/**
 * One of the tool's sentences that quotes log values, as markdown: each of `values` found in it
 * as a whole phrase (the longest first), and any ARN or event id, becomes a code span, in place
 * of the quotes around it if any; the tool's words around them become `text`. Values shorter
 * than 2 characters are not looked for, and two code spans are never written side by side
 * (`` `a``b` `` would read as one span).
 */
export function prose(sentence: string, values: (string | null | undefined)[]): string {
  const quoted = [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length >= 2))].sort((a, b) => b.length - a.length);
  const parts: string[] = [];
  let plain = '';
  const flush = () => {
    if (plain !== '') parts.push(parts.length === 0 ? text(plain) : inlineText(plain));
    plain = '';
  };
  for (let at = 0; at < sentence.length; ) {
    const value = plain === '' && parts.length > 0 ? null : valueAt(sentence, at, quoted);
    if (value === null) {
      plain += sentence[at];
      at += 1;
      continue;
    }
    const end = at + value.length;
    // Quotes around a value give way to its code span, unless that would join it to the last one.
    const inQuotes = plain.endsWith('"') && sentence[end] === '"' && (plain.length > 1 || parts.length === 0);
    if (inQuotes) plain = plain.slice(0, -1);
    flush();
    parts.push(code(value));
    at = inQuotes ? end + 1 : end;
  }
  flush();
  return parts.join('');
}

/**
 * A fenced code block holding `lines`; the fence is longer than any backtick run inside, so no
 * line can close it. Backslashes are kept: what is in a block is meant to be copied (a command
 * with a Windows path), and nothing in a block is markdown.
 */
export function codeBlock(lines: string[], info = ''): string {
  const body = lines.map((l) => visible(l, { backslash: 'keep' }));
  const fence = '`'.repeat(Math.max(3, ...body.map((l) => longestRun(l, '`') + 1)));
  return [`${fence}${info}`, ...body, fence].join('\n');
}

const MERMAID_ENTITY = /["#&<>`[\]{}()|;:%\\]/g;

/**
 * Text for a quoted Mermaid label (`n0["…"]`, `-->|"…"|`, `subgraph a0["…"]`). Mermaid decodes
 * `#34;`-style codes when it draws the label, so the reader sees the original characters; the
 * parser sees no quote, bracket or pipe that could end the label, and no `:`, `;` or `%` that
 * its pre-processing (style/classDef rewriting, `%%{…}%%` directives) would act on.
 */
export function mermaidText(s: string): string {
  return visible(s).replace(MERMAID_ENTITY, (ch) => `#${ch.codePointAt(0)};`);
}
