// A structural check of the flowcharts trail-trace writes, without a browser: the shape the
// report promises (src/report/markdown/mermaid.ts), strict enough that a log string escaping its
// label would fail it. The real Mermaid parser runs too (test/report/mermaid-parse.test.ts).

const ID = '(?:n|acct|c)\\d+';
/** A quoted label: no raw quote, bracket, pipe, backtick, angle bracket or line break inside. */
const LABEL = '"((?:[^"\\[\\]|`<>\\n]|<br/>)*)"';

const SUBGRAPH = new RegExp(`^subgraph (${ID})\\[${LABEL}\\]$`);
const NODE = new RegExp(`^(${ID})\\[${LABEL}\\]$`);
const EDGE = new RegExp(`^(${ID}) (-->|-\\.->)\\|${LABEL}\\| (${ID})$`);
const CLASS_DEF = /^classDef \w+ [\w:; -]+$/;
const CLASS = new RegExp(`^class (${ID}(?:,${ID})*) \\w+$`);

export interface FlowchartShape {
  nodes: Map<string, string>;
  edges: { from: string; to: string; label: string; dotted: boolean }[];
  subgraphs: Map<string, { label: string; nodes: string[] }>;
}

/** The problems found in `source` (empty when it is a well-formed trail-trace flowchart). */
export function checkFlowchart(source: string): { problems: string[]; shape: FlowchartShape } {
  const problems: string[] = [];
  const shape: FlowchartShape = { nodes: new Map(), edges: [], subgraphs: new Map() };
  const lines = source.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  // The chain reads left to right, the scope's credential tree top down.
  if (lines[0] !== 'flowchart LR' && lines[0] !== 'flowchart TB') problems.push(`first line is ${JSON.stringify(lines[0])}, not "flowchart LR" or "flowchart TB"`);
  const open: string[] = [];
  const referenced: string[] = [];
  for (const line of lines.slice(1)) {
    let m: RegExpExecArray | null;
    if ((m = SUBGRAPH.exec(line))) {
      if (shape.subgraphs.has(m[1]!)) problems.push(`subgraph ${m[1]} declared twice`);
      shape.subgraphs.set(m[1]!, { label: m[2]!, nodes: [] });
      open.push(m[1]!);
    } else if (line === 'direction LR') {
      if (open.length === 0) problems.push('"direction" outside a subgraph');
    } else if (line === 'end') {
      if (open.pop() === undefined) problems.push('"end" without a subgraph');
    } else if ((m = NODE.exec(line))) {
      if (shape.nodes.has(m[1]!)) problems.push(`node ${m[1]} declared twice`);
      shape.nodes.set(m[1]!, m[2]!);
      const inside = open.at(-1);
      if (inside) shape.subgraphs.get(inside)!.nodes.push(m[1]!);
    } else if ((m = EDGE.exec(line))) {
      shape.edges.push({ from: m[1]!, to: m[4]!, label: m[3]!, dotted: m[2] === '-.->' });
      referenced.push(m[1]!, m[4]!);
    } else if ((m = CLASS.exec(line))) {
      referenced.push(...m[1]!.split(','));
    } else if (!CLASS_DEF.test(line)) {
      problems.push(`unexpected line ${JSON.stringify(line)}`);
    }
  }
  if (open.length > 0) problems.push(`subgraph ${open.join(', ')} not closed`);
  for (const id of referenced) if (!shape.nodes.has(id)) problems.push(`${id} is used but not declared`);
  return { problems, shape };
}

/** A label as the reader sees it: `#NN;` codes decoded, `<br/>` as a line break. */
export function decodeLabel(label: string): string {
  return label
    .replaceAll('<br/>', '\n')
    .replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
}
