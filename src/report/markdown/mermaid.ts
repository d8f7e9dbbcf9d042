// The chain as a Mermaid flowchart that GitHub draws: origin → hops → target, left to right,
// one subgraph per account, the link's call and confidence on each edge.
//
// Node and subgraph ids are the tool's own (n0, n1…, acct0…), never taken from the logs; every
// label is quoted and passed through mermaidText, so no log string can end a label or add a
// statement. Line breaks inside labels are the tool's own `<br/>`.

import type { Hop, Trace } from '../../trace/model.js';
import { truncate } from '../../text/sanitize.js';
import { mermaidText } from './escape.js';
import { callName, originKind, originName, sessionName } from './words.js';

/** Longest log value in a label, in code points: the diagram is a picture, the tables hold the rest. */
const LABEL_VALUE_MAX = 60;

interface Node {
  id: string;
  account: string | null;
  lines: string[];
  missing?: boolean;
}

interface Edge {
  from: string;
  to: string;
  label: string;
  dotted: boolean;
}

function label(lines: string[]): string {
  return `"${lines.map((l) => mermaidText(truncate(l, LABEL_VALUE_MAX))).join('<br/>')}"`;
}

function hopEdgeLabel(hop: Hop): string {
  if (!hop.issuedBy) return 'not in store';
  return [hop.issuedBy.eventName, hop.confidence].filter(Boolean).join(' · ');
}

function originNode(trace: Trace, id: string): Node | null {
  const o = trace.origin;
  if (!o) {
    if (trace.status !== 'broken') return null;
    return { id, account: null, lines: ['Unknown', 'issuing event not in store'], missing: true };
  }
  const lines = [`Origin · ${originKind(o)}`];
  const name = originName(o);
  if (name) lines.push(name);
  if (o.accessKeyId) lines.push(`key ${o.accessKeyId}`);
  return { id, account: o.accountId ?? null, lines, missing: o.type === 'AWSAccount' };
}

function hopNode(hop: Hop, index: number, id: string): Node {
  const s = hop.session;
  const lines = [`Hop ${index + 1} · ${s.kind}`, sessionName(hop)];
  if (s.createdAt) lines.push(`since ${s.createdAt}`);
  return { id, account: s.accountId, lines };
}

function chainGraph(trace: Trace): { nodes: Node[]; edges: Edge[] } {
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  const origin = originNode(trace, 'n0');
  if (origin) nodes.push(origin);
  // Hops from the origin's end down to the target's session.
  const hopsUp = trace.hops.map((hop, index) => ({ hop, index })).reverse();
  for (const { hop, index } of hopsUp) {
    const node = hopNode(hop, index, `n${nodes.length}`);
    const parent = nodes.at(-1);
    // A hop whose issuing event is missing hangs from its parent by a dotted "not in store" edge.
    if (parent) {
      edges.push({ from: parent.id, to: node.id, label: hopEdgeLabel(hop), dotted: !hop.issuedBy || hop.confidence === 'heuristic' });
    }
    nodes.push(node);
  }
  const t = trace.target;
  const target: Node = { id: `n${nodes.length}`, account: t.accountId, lines: ['Target event', callName(t.eventSource, t.eventName), t.eventTime] };
  const last = nodes.at(-1);
  if (last) edges.push({ from: last.id, to: target.id, label: 'made', dotted: false });
  nodes.push(target);
  return { nodes, edges };
}

/** The flowchart's lines (inside the fence). Accounts the store holds no events for say so. */
export function chainFlowchart(trace: Trace, accountsInStore: string[]): string[] {
  const { nodes, edges } = chainGraph(trace);
  const lines = ['flowchart LR'];
  const accounts = [...new Set(nodes.map((n) => n.account))];
  accounts.forEach((account, i) => {
    const members = nodes.filter((n) => n.account === account);
    const nodeLines = members.map((n) => `${n.id}[${label(n.lines)}]`);
    if (account === null) {
      lines.push(...nodeLines.map((l) => `  ${l}`));
      return;
    }
    const title = accountsInStore.includes(account) ? `Account ${account}` : `Account ${account} (no logs in store)`;
    // Without its own direction a subgraph whose nodes link only to each other is drawn top-down.
    lines.push(`  subgraph acct${i}[${label([title])}]`, '    direction LR', ...nodeLines.map((l) => `    ${l}`), '  end');
  });
  for (const e of edges) lines.push(`  ${e.from} ${e.dotted ? '-.->' : '-->'}|${label([e.label])}| ${e.to}`);
  const missing = nodes.filter((n) => n.missing).map((n) => n.id);
  if (missing.length > 0) {
    lines.push('  classDef missing stroke-dasharray: 5 5', `  class ${missing.join(',')} missing`);
  }
  return lines;
}
