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
// - `cell(s)`: a code span for a table cell. A `|` ends a GFM cell even inside a code span unless
//   escaped, and a backslash before it would undo the escape, so a value holding `|` falls back
//   to `text`, which holds no `|` at all.
// - `text(s)`: escaped prose. Markdown punctuation is backslash-escaped, HTML's `&<>"'` and `|`
//   become entities, `://` and `www.` lose their autolink (`\:`, `\.`), and a zero-width space
//   after `@` keeps GitHub from making a mention or a mail link.
// - `mermaidText(s)`: text inside a quoted Mermaid label: every character with a meaning to
//   Mermaid (quotes, brackets, pipes, `#`, `%`, `:`, …) becomes a `#code;` entity.
//
// All of them first make control characters visible: a newline or CR becomes ␊ (a line break
// would end the table row or the label), a tab a space, and other controls, bidi overrides and
// zero-width characters the escapes the terminal view shows (`\x1b`, `\u202e`: sanitize.ts).

import { terminalSafe, type TerminalSafeOptions } from '../sanitize.js';

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

/** A log value in a table cell: a code span, or escaped text when it holds a pipe. */
export function cell(s: string | null | undefined, empty = '–'): string {
  if (s === null || s === undefined || s === '') return empty;
  return s.includes('|') ? text(s) : code(s);
}

/** A time or number for a table cell: escaped text rather than code, so it wraps like prose. */
export function plainCell(s: string | null | undefined, empty = '–'): string {
  return s === null || s === undefined || s === '' ? empty : text(s);
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '|': '&#124;',
};

/**
 * ASCII punctuation with a meaning somewhere in CommonMark, GFM or GitHub (`$` opens math).
 * Parentheses are left alone: they only matter after a `]`, which is always escaped.
 */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]#~!$^{}]/;
const ZERO_WIDTH_SPACE = '\u200b';

/** Escaped prose: renders as `visible(s)` and never as markup, a link or a mention. */
export function text(s: string): string {
  const escaped = Array.from(visible(s), (ch) =>
    ENTITIES[ch] ?? (MARKDOWN_PUNCTUATION.test(ch) ? `\\${ch}` : ch === '@' ? `@${ZERO_WIDTH_SPACE}` : ch),
  ).join('');
  return escaped
    .replace(/:\/\//g, '\\://')
    .replace(/(^|[^a-z0-9])(www)\./gi, '$1$2\\.')
    // At the start of a line (a list item's text) a value could open a list, a setext heading or,
    // indented, a code block.
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2')
    .replace(/^ +/, (spaces) => '&#32;'.repeat(spaces.length));
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
