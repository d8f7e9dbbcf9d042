// Reads a markdown report the way a renderer does (marked, GitHub-flavoured) and says what is
// wrong with its structure: headings out of order or injected, tables whose rows do not have
// their header's number of cells, HTML, links or images the tool never writes, control
// characters, and Mermaid blocks that are not well-formed flowcharts.

import { Lexer, marked, type Token, type Tokens } from 'marked';
import { expect } from 'vitest';
import { checkFlowchart } from './mermaid-check.js';

export const SECTIONS = ['Summary', 'Findings', 'Chain', 'Scope', 'Eviction', 'Timeline', 'Indicators', 'Evidence'];
/** With --no-scope, or a report with no scope to give. */
export const SECTIONS_WITHOUT_SCOPE = SECTIONS.filter((s) => s !== 'Scope' && s !== 'Eviction');
export const SUBSECTIONS = [
  'Target event', 'Other credentials under the same names', 'Source IPs', 'User agents', 'Access key IDs', 'Role ARNs', 'Accounts', 'Regions',
  'Records', 'Links', 'Integrity', 'Fetched from where the logs live', 'Gaps', 'Warnings', 'Store coverage', 'About this report', 'Changes', 'Refused attempts',
];

export interface ReportShape {
  headings: { depth: number; text: string }[];
  tables: Tokens.Table[];
  mermaid: string[];
  tokenTypes: Set<string>;
  html: string;
}

function walk(tokens: Token[], visit: (t: Token) => void): void {
  for (const t of tokens) {
    visit(t);
    const nested = t as Token & { tokens?: Token[]; items?: Token[] };
    if (nested.tokens) walk(nested.tokens, visit);
    if (nested.items) walk(nested.items, visit);
    if (t.type === 'table') {
      const table = t as Tokens.Table;
      for (const c of [...table.header, ...table.rows.flat()]) walk(c.tokens, visit);
    }
  }
}

export function parseReport(markdown: string): ReportShape {
  const tokens = Lexer.lex(markdown, { gfm: true });
  const shape: ReportShape = { headings: [], tables: [], mermaid: [], tokenTypes: new Set(), html: '' };
  walk(tokens, (t) => {
    shape.tokenTypes.add(t.type);
    if (t.type === 'heading') shape.headings.push({ depth: (t as Tokens.Heading).depth, text: (t as Tokens.Heading).text });
    if (t.type === 'table') shape.tables.push(t as Tokens.Table);
    if (t.type === 'code' && (t as Tokens.Code).lang === 'mermaid') shape.mermaid.push((t as Tokens.Code).text);
  });
  shape.html = marked.parse(markdown, { gfm: true, async: false });
  return shape;
}

/** Cells of a GFM table row as a splitter sees them: pipes not escaped by an odd run of backslashes. */
export function rawCellCount(line: string): number {
  const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  let cells = 1;
  let backslashes = 0;
  for (const ch of body) {
    if (ch === '|' && backslashes % 2 === 0) cells += 1;
    backslashes = ch === '\\' ? backslashes + 1 : 0;
  }
  return cells;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
const ACTIVE_HTML = /<(a|img|script|iframe|svg|style|object|embed|form|input|td|tr|table|details)\b/i;

/** Everything wrong with the report's structure; empty when it is sound. */
export function reportProblems(markdown: string): string[] {
  const problems: string[] = [];
  const shape = parseReport(markdown);
  const h1 = shape.headings.filter((h) => h.depth === 1);
  if (h1.length !== 1 || shape.headings[0]?.depth !== 1) problems.push(`expected one h1 first, got ${JSON.stringify(h1)}`);
  const h2 = shape.headings.filter((h) => h.depth === 2).map((h) => h.text);
  // A scope that could not be made is a Scope section that says why, with no Eviction.
  const scopeUnavailable = JSON.stringify(SECTIONS.filter((s) => s !== 'Eviction'));
  if (![JSON.stringify(SECTIONS), JSON.stringify(SECTIONS_WITHOUT_SCOPE), scopeUnavailable].includes(JSON.stringify(h2))) {
    problems.push(`sections ${JSON.stringify(h2)}`);
  }
  for (const h of shape.headings.filter((x) => x.depth === 3)) {
    if (!SUBSECTIONS.includes(h.text)) problems.push(`unexpected subsection ${JSON.stringify(h.text)}`);
  }
  if (shape.headings.some((h) => h.depth > 3)) problems.push('a heading deeper than ###');
  for (const table of shape.tables) {
    const lines = table.raw.trimEnd().split('\n');
    const counts = lines.map(rawCellCount);
    if (counts.some((n) => n !== table.header.length)) {
      problems.push(`table "${table.header.map((h) => h.text).join(' | ')}" has rows of ${[...new Set(counts)].join('/')} cells`);
    }
  }
  for (const type of ['html', 'link', 'image']) if (shape.tokenTypes.has(type)) problems.push(`a ${type} token`);
  if (ACTIVE_HTML.test(shape.html.replace(/<\/?(table|thead|tbody|tr|td|th)>/g, ''))) problems.push('active HTML in the rendered page');
  if (CONTROL.test(markdown)) problems.push('a control or bidi character in the markdown');
  shape.mermaid.forEach((block, i) => {
    for (const p of checkFlowchart(block).problems) problems.push(`mermaid block ${i + 1}: ${p}`);
  });
  return problems;
}

/** The body of the section under `heading` ("## Summary", "### Accounts"), up to the next heading of its level or above. */
export function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const level = heading.split(' ')[0]!;
  const rest = markdown.slice(start + heading.length + 2);
  const next = rest.search(new RegExp(`\\n#{1,${level.length}} `));
  return next === -1 ? rest : rest.slice(0, next);
}

/** The lines of the tables in `markdown`, header rows included, delimiter rows left out. */
export function tableRows(markdown: string): string[] {
  return markdown.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'));
}
