// Every link in the README and docs/ works for someone who has only the repository (issue 14,
// point 4): a file it names exists in the repository, and an #anchor names a heading of the file
// it points into, as GitHub spells a heading's anchor. Links to the web are not followed (no network
// in tests).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Lexer, type Token, type Tokens } from 'marked';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FILES = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

function walk(tokens: Token[], visit: (t: Token) => void): void {
  for (const t of tokens) {
    visit(t);
    const nested = t as { tokens?: Token[]; items?: Token[]; rows?: Tokens.TableCell[][]; header?: Tokens.TableCell[] };
    if (nested.tokens) walk(nested.tokens, visit);
    if (nested.items) walk(nested.items, visit);
    if (nested.header) walk(nested.header.flatMap((c) => c.tokens), visit);
    if (nested.rows) walk(nested.rows.flat().flatMap((c) => c.tokens), visit);
  }
}

/** A heading's anchor as GitHub makes it: lower case, letters, digits, spaces (as -), - and _ kept; a repeat gets -1, -2, … */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  walk(new Lexer().lex(markdown), (t) => {
    if (t.type !== 'heading') return;
    const text = (t as Tokens.Heading).text.replace(/`/g, '');
    const base = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  });
  return anchors;
}

function linksOf(markdown: string): string[] {
  const links: string[] = [];
  walk(new Lexer().lex(markdown), (t) => {
    if (t.type === 'link' || t.type === 'image') links.push((t as Tokens.Link).href);
  });
  return links;
}

describe('links in the README and docs/', () => {
  it('spells anchors as GitHub does', () => {
    expect([...anchorsOf('## `trail-trace ingest files <path…>`\n\n### Scope the incident: `trail-trace scope <key | ARN | eventId>`\n\n## Exit codes\n\n## Exit codes\n')])
      .toEqual(['trail-trace-ingest-files-path', 'scope-the-incident-trail-trace-scope-key--arn--eventid', 'exit-codes', 'exit-codes-1']);
  });

  it.each(FILES)('%s: every file it links to is in the repository, and every #anchor is a heading there', (file) => {
    const markdown = readFileSync(path.join(ROOT, file), 'utf8');
    const links = linksOf(markdown).filter((href) => !/^[a-z][a-z0-9+.-]*:/i.test(href));
    const broken: string[] = [];
    for (const href of links) {
      const [target = '', anchor] = href.split('#');
      const into = target === '' ? path.join(ROOT, file) : path.resolve(path.dirname(path.join(ROOT, file)), decodeURIComponent(target));
      if (!into.startsWith(`${ROOT}${path.sep}`) || !existsSync(into)) {
        broken.push(`${href}: no such file in the repository`);
        continue;
      }
      if (anchor !== undefined && into.endsWith('.md') && !anchorsOf(readFileSync(into, 'utf8')).has(anchor)) broken.push(`${href}: no such heading`);
    }
    expect(broken).toEqual([]);
  });
});
