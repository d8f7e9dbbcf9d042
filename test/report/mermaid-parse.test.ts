// @vitest-environment jsdom
// Every Mermaid block the report writes, parsed by Mermaid itself (the parser GitHub's renderer
// runs). Mermaid's parser needs a DOM for its label sanitiser (DOMPurify); jsdom provides one, no
// browser. The structural check in test/helpers/mermaid-check.ts runs beside it everywhere else.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import mermaid from 'mermaid';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/markdown/index.js';
import { crossAccountIncident, HOSTILE, hostileIncident } from '../helpers/incidents.js';
import { parseReport } from '../helpers/markdown-check.js';

const GOLDEN = path.resolve(import.meta.dirname, '../golden/report');

function mermaidBlocks(markdown: string): string[] {
  return parseReport(markdown).mermaid;
}

async function parses(source: string): Promise<string | null> {
  try {
    await mermaid.parse(source);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

beforeAll(() => {
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
});

describe('Mermaid parses the report\'s flowcharts', () => {
  it('rejects a label that a log string has broken out of (the check can fail)', async () => {
    expect(await parses('flowchart LR\n  n0["a"]-->x"]\n')).not.toBeNull();
  });

  it('accepts the diagram of a cross-account chain', async () => {
    const [block] = mermaidBlocks(renderMarkdown(crossAccountIncident()));
    expect(block).toBeDefined();
    expect(await parses(block!)).toBeNull();
  });

  it.each(HOSTILE)('accepts the diagram when every log string ends with %j', async (hostile) => {
    const blocks = mermaidBlocks(renderMarkdown(hostileIncident(hostile)));
    expect(blocks).toHaveLength(1);
    expect(await parses(blocks[0]!)).toBeNull();
  });

  const goldens = readdirSync(GOLDEN).filter((f) => f.endsWith('.md')).sort();
  it.each(goldens)('accepts every diagram in the golden report %s', async (file) => {
    for (const block of mermaidBlocks(readFileSync(path.join(GOLDEN, file), 'utf8'))) {
      expect(await parses(block)).toBeNull();
    }
  });
});
