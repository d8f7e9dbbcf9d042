// The one escaping module of the markdown report, checked by parsing its output the way a
// renderer does (marked, GitHub-flavoured): each hostile string stays one piece of text that
// reads as it was logged, in a code span, in prose, in a table cell and in a Mermaid label.

import { Lexer, marked, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { cell, code, codeBlock, mermaidText, prose, text, visible } from '../../src/report/markdown/escape.js';
import { HOSTILE } from '../helpers/incidents.js';
import { rawCellCount } from '../helpers/markdown-check.js';
import { checkFlowchart, decodeLabel } from '../helpers/mermaid-check.js';

const ZERO_WIDTH_SPACE = /\u200b/g;

function decodeHtml(html: string): string {
  return html
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#124;/g, '|')
    .replace(/&amp;/g, '&');
}

function inlineTokens(markdown: string) {
  const [paragraph] = Lexer.lex(markdown, { gfm: true });
  return (paragraph as Tokens.Paragraph).tokens;
}

function tokenTypes(tokens: { type: string; tokens?: unknown[] }[]): string[] {
  return tokens.flatMap((t) => [t.type, ...tokenTypes((t.tokens ?? []) as { type: string }[])]);
}

describe('visible', () => {
  it('puts everything on one line and shows controls, bidi overrides and zero-width characters as escapes', () => {
    expect(visible('a\r\nb\nc\rd\te')).toBe('a␊b␊c␊d e');
    expect(visible('\u001b[2J\u202egnp\u200b')).toBe('\\x1b[2J\\u202egnp\\u200b');
    expect(visible('C:\\x')).toBe('C:\\\\x');
  });
});

describe('code', () => {
  it.each(HOSTILE)('%j is one code span holding the visible text', (hostile) => {
    const tokens = inlineTokens(`x ${code(`pre ${hostile} post`)} y`);
    expect(tokens.map((t) => t.type)).toEqual(['text', 'codespan', 'text']);
    expect((tokens[1] as Tokens.Codespan).text).toBe(visible(`pre ${hostile} post`));
  });

  it('uses a fence longer than any backtick run, and pads a value that starts or ends with a backtick or space', () => {
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`x')).toBe('`` `x ``');
    expect(code(' x ')).toBe('`  x  `');
    expect(code('a```b')).toBe('````a```b````');
    for (const value of ['`', '``', ' `` ', ' a']) {
      expect((inlineTokens(`x ${code(value)}`)[1] as Tokens.Codespan).text).toBe(value);
    }
  });

  it('says (empty) for an empty value instead of an empty code span', () => {
    expect(code('')).toBe('(empty)');
  });
});

describe('text', () => {
  it.each(HOSTILE)('%j renders as its visible text: no link, image, HTML, emphasis, heading or list', (hostile) => {
    const value = `pre ${hostile} post`;
    const md = `lead ${text(value)}`;
    const tokens = Lexer.lex(md, { gfm: true });
    expect(tokens.map((t) => t.type)).toEqual(['paragraph']);
    const types = tokenTypes((tokens[0] as Tokens.Paragraph).tokens);
    expect(types.filter((t) => !['text', 'escape'].includes(t))).toEqual([]);
    const html = marked.parseInline(md, { gfm: true, async: false });
    expect(decodeHtml(html).replace(ZERO_WIDTH_SPACE, '')).toBe(`lead ${visible(value)}`);
  });

  it('does not autolink URLs, www names or mail addresses, and breaks @mentions', () => {
    for (const value of ['see http://evil.example/x', 'https://evil', 'www.evil.example', 'alice@example.com', '@octocat']) {
      const html = marked.parseInline(text(value), { gfm: true, async: false });
      expect(html).not.toMatch(/<a /);
    }
    expect(text('@octocat')).toBe('@\u200boctocat');
  });

  it.each(['- x', '+ x', '1. x', '2) x', '# x', '> x', '    indented', '= x', '| x |', '<b>x</b>', '***', '```'])(
    '%j at the start of a list item stays that item\'s text', (value) => {
      const tokens = Lexer.lex(`- ${text(value)}\n- next`, { gfm: true });
      expect(tokens.map((t) => t.type)).toEqual(['list']);
      const items = (tokens[0] as Tokens.List).items;
      expect(items).toHaveLength(2);
      expect(items[0]!.tokens.map((t) => t.type)).toEqual(['text']);
      expect(decodeHtml(marked.parseInline(text(value), { gfm: true, async: false })).replace(/&#32;/g, ' ')).toBe(value);
    },
  );

  it('escapes only what markdown or HTML would act on, so prose stays readable', () => {
    expect(text('IAM user alice (long-term key AKIA0000)')).toBe('IAM user alice (long-term key AKIA0000)');
    expect(text('arn:aws:iam::111111111111:user/alice')).toBe('arn:aws:iam::111111111111:user/alice');
    expect(text('- x')).toBe('\\- x');
    expect(text('1. x')).toBe('1\\. x');
  });

  it('leaves quotes and apostrophes as they are (markdown prose gives them no meaning), and still escapes & < > |', () => {
    expect(text(`sourceIdentity "alice" set by the caller's call`)).toBe(`sourceIdentity "alice" set by the caller's call`);
    expect(text('a & b <c> | d')).toBe('a &amp; b &lt;c&gt; &#124; d');
  });
});

describe('prose', () => {
  it('puts the log values a sentence of the tool quotes in code spans, as logged, and escapes the rest', () => {
    expect(prose('Identity Center user priya.sharma@example.com (user id 93670a1b2c-8947)', ['priya.sharma@example.com', '93670a1b2c-8947']))
      .toBe('Identity Center user `priya.sharma@example.com` (user id `93670a1b2c-8947`)');
    // A value the sentence quotes keeps the code span instead of the quotes; the longest value wins.
    expect(prose('sourceIdentity "alice" set by arn:aws:iam::1:user/alice', ['alice', 'arn:aws:iam::1:user/alice']))
      .toBe('sourceIdentity `alice` set by `arn:aws:iam::1:user/alice`');
    // Only whole values: "alice" inside "malice" or inside an ARN is not one; the ARN is.
    expect(prose('malice by alice.', ['alice'])).toBe('malice by `alice`.');
    expect(prose('MFA device arn:aws:iam::111111111111:mfa/alice was presented', ['111111111111', 'alice']))
      .toBe('MFA device `arn:aws:iam::111111111111:mfa/alice` was presented');
    expect(prose('console SwitchRole 4d8ad937-4707-4bfa-ae76-0fe63df67d12 at the same time', []))
      .toBe('console SwitchRole `4d8ad937-4707-4bfa-ae76-0fe63df67d12` at the same time');
    expect(prose('see http://evil #1 @octocat', [])).toBe(text('see http://evil #1 @octocat'));
    // Two values with nothing between them: the second stays text rather than join the first span.
    for (const sentence of ['ab cd"ef"', 'x ab"cd"', 'ab,cd']) {
      const md = prose(sentence, ['ab', 'cd', 'ef']);
      expect(md).not.toMatch(/``/);
      expect((inlineTokens(`x ${md}`) as Tokens.Generic[]).map((t) => t.text).join('').replace(/^x /, '').replace(/\\/g, '')).toBe(sentence);
    }
  });

  it.each(HOSTILE)('%j as a quoted value or as unquoted text stays text: no link, image, HTML or mention', (hostile) => {
    for (const values of [[hostile, `pre ${hostile}`], []]) {
      const md = `lead ${prose(`user pre ${hostile} (key ${hostile}x)`, values)}`;
      const tokens = Lexer.lex(md, { gfm: true });
      expect(tokens.map((t) => t.type)).toEqual(['paragraph']);
      const types = tokenTypes((tokens[0] as Tokens.Paragraph).tokens);
      expect(types.filter((t) => !['text', 'escape', 'codespan'].includes(t))).toEqual([]);
    }
  });
});

describe('cell', () => {
  it.each(HOSTILE)('%j keeps a table row at its header\'s cell count', (hostile) => {
    const value = `pre ${hostile} post`;
    const md = ['| a | b | c |', '| --- | --- | --- |', `| x | ${cell(value)} | y |`].join('\n');
    for (const line of md.split('\n')) expect(rawCellCount(line)).toBe(3);
    const [table] = Lexer.lex(md, { gfm: true }) as Tokens.Table[];
    expect(table!.type).toBe('table');
    expect(table!.rows[0]!.map((c) => c.text)[0]).toBe('x');
    expect(table!.rows[0]!.map((c) => c.text)[2]).toBe('y');
    const rendered = marked.parse(md, { gfm: true, async: false });
    const td = /<tbody><tr>\n<td>x<\/td>\n<td>(.*)<\/td>\n<td>y<\/td>/.exec(rendered);
    expect(td).not.toBeNull();
    expect(decodeHtml(td![1]!.replace(/<\/?code>/g, '')).replace(ZERO_WIDTH_SPACE, '')).toBe(visible(value));
  });

  it('keeps a value holding a pipe in a code span with the pipe escaped: GFM splits cells before code spans', () => {
    // marked (like GitHub) reads `\|` in a cell as a pipe, even inside a code span.
    const [table] = Lexer.lex('| h |\n| --- |\n| `a\\|b` |', { gfm: true }) as Tokens.Table[];
    expect(table!.rows[0]).toHaveLength(1);
    expect(table!.rows[0]![0]!.tokens).toEqual([expect.objectContaining({ type: 'codespan', text: 'a|b' })]);
    expect(cell('a|b')).toBe('`a\\|b`');
  });

  it.each(['a|b', 'a\\|b', 'a\\\\|b', '|', '\\', '||', 'x\\', '\\|\\|'])('%j is one code span in one cell, reading as logged', (value) => {
    const md = ['| a | b | c |', '| --- | --- | --- |', `| x | ${cell(value)} | y |`].join('\n');
    for (const line of md.split('\n')) expect(rawCellCount(line)).toBe(3);
    const [table] = Lexer.lex(md, { gfm: true }) as Tokens.Table[];
    const row = table!.rows[0]!;
    expect(row.map((c) => c.text)[0]).toBe('x');
    expect(row.map((c) => c.text)[2]).toBe('y');
    expect(row[1]!.tokens.map((t) => t.type)).toEqual(['codespan']);
    expect((row[1]!.tokens[0] as Tokens.Codespan).text).toBe(visible(value));
  });

  it.each(['#1', 'octo/repo#2', ':+1:', '@octocat', 'priya.sharma@example.com', 'a|#1 :+1: @x octo/repo#2'])(
    '%j stays a code span (no issue reference, emoji or zero-width space)', (value) => {
      expect(cell(value)).toMatch(/^`.*`$/);
      expect(cell(value)).not.toContain('\u200b');
    },
  );

  it('shows an en dash for a missing value', () => {
    expect(cell(null)).toBe('–');
    expect(cell(undefined)).toBe('–');
    expect(cell('')).toBe('–');
  });
});

describe('mermaidText', () => {
  it.each(HOSTILE)('%j stays inside its quoted label and decodes back to the visible text', (hostile) => {
    const value = `pre ${hostile} post`;
    const chart = ['flowchart LR', `  n0["${mermaidText(value)}"]`, `  n1["b"]`, `  n0 -->|"${mermaidText(value)}"| n1`].join('\n');
    const { problems, shape } = checkFlowchart(chart);
    expect(problems).toEqual([]);
    expect(decodeLabel(shape.nodes.get('n0')!)).toBe(visible(value));
    expect(mermaidText(value).replace(/#\d+;/g, '')).not.toMatch(/["[\]|`<>{}%:;#\\]/);
  });
});

describe('codeBlock', () => {
  it('uses a fence no line can close, keeps backslashes for copying, shows controls', () => {
    const block = codeBlock(['trail-trace ingest files C:\\logs\\x', '```', 'a\u001bb'], 'sh');
    expect(block.split('\n')[0]).toBe('````sh');
    const [token] = Lexer.lex(block, { gfm: true }) as Tokens.Code[];
    expect(token!.type).toBe('code');
    expect(token!.text).toBe('trail-trace ingest files C:\\logs\\x\n```\na\\x1bb');
  });
});
