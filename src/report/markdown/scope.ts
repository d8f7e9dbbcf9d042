// The Scope and Eviction sections: from the traced origin, every credential it minted (a Mermaid
// tree and a table), what each did, what they changed (refused attempts apart), and the ordered
// eviction checklist with its commands in a code block to copy. Every log value is escaped by
// escape.ts; commands are shell-quoted already (src/text/shell.ts) and go in a fenced block.

import { CREDENTIAL_KIND_WORDS, type Scope, type ScopeCredential } from '../../trace/scope-model.js';
import { truncate } from '../../text/sanitize.js';
import { CELL_MAX, cell, code, codeBlock, mermaidText, plainCell, shortCell, text } from './escape.js';
import { table } from './table.js';
import { count } from './words.js';


/** Longest log value in a diagram label, in code points. */
const LABEL_VALUE_MAX = 60;

function label(lines: string[]): string {
  return `"${lines.map((l) => mermaidText(truncate(l, LABEL_VALUE_MAX))).join('<br/>')}"`;
}

/** The credential tree as a Mermaid flowchart; node ids are the scope's own (c1, c2, …), never a log value. */
function scopeFlowchart(scope: Scope): string[] {
  const lines = ['flowchart TB'];
  for (const c of scope.credentials) {
    const who = c.accessKeyId ?? c.arn ?? c.principalId ?? '?';
    const calls = c.activity ? count(c.activity.calls, 'call') : 'calls unknown';
    lines.push(`  ${c.id}[${label([`${c.id} · ${CREDENTIAL_KIND_WORDS[c.kind]}`, who, ...(c.arn && c.arn !== who ? [c.arn] : []), calls])}]`);
  }
  for (const c of scope.credentials) {
    if (!c.parent) continue;
    const edge = [c.issuedBy?.eventName ?? 'made', c.confidence].filter(Boolean).join(' · ');
    lines.push(`  ${c.parent} ${c.confidence === 'heuristic' ? '-.->' : '-->'}|${label([edge])}| ${c.id}`);
  }
  return lines;
}

function credentialRow(c: ScopeCredential): string[] {
  const a = c.activity;
  const made = c.issuedBy
    ? `${cell(c.issuedBy.eventName)} ${cell(c.issuedBy.eventId)} at ${plainCell(c.issuedBy.eventTime)}${c.issuedBy.copies.length > 0 ? ` (+${count(c.issuedBy.copies.length, 'copy', 'copies')})` : ''}`
    : 'the start';
  return [
    c.id,
    c.parent ?? '–',
    CREDENTIAL_KIND_WORDS[c.kind],
    shortCell(c.accessKeyId ?? c.accessKeyIds?.join(', '), CELL_MAX),
    shortCell(c.arn ?? c.principalId, CELL_MAX),
    made,
    c.link ? `${cell(c.link)} **${c.confidence ?? 'missing'}**` : '–',
    a ? `${a.calls.toLocaleString('en-US')}${a.failed > 0 ? ` (${a.failed.toLocaleString('en-US')} failed)` : ''}` : '–',
    a?.firstUse ? `${plainCell(a.firstUse)} – ${plainCell(a.lastUse)}` : '–',
    a && a.ips.length > 0 ? a.ips.slice(0, 3).map((ip) => shortCell(ip, CELL_MAX)).join(', ') + (a.ips.length > 3 ? ', …' : '') : '–',
  ];
}

function changeRows(scope: Scope, succeeded: boolean): string[][] {
  return scope.changes.filter((c) => c.succeeded === succeeded).map((c) => [
    plainCell(c.eventTime),
    cell(c.call),
    shortCell(c.resource.arn ?? c.resource.id, CELL_MAX),
    c.by,
    `${text(c.tactic)} ${cell(c.technique)}`,
    succeeded ? text(c.meaning) : cell(c.errorCode ?? 'error'),
    shortCell(c.eventId, CELL_MAX),
    shortCell(c.accountId, CELL_MAX),
  ]);
}

export function scopeSection(scope: Scope): string {
  const made = scope.changes.filter((c) => c.succeeded).length;
  const refused = scope.changes.length - made;
  const calls = scope.credentials.reduce((n, c) => n + (c.activity?.calls ?? 0), 0);
  const accounts = new Set(scope.credentials.map((c) => c.accountId).filter(Boolean)).size;
  const parts = [
    '## Scope',
    `From ${scope.start.kind === 'event' ? 'the origin of the target event' : `${text(scope.start.kind)} ${code(scope.start.value)}`}, walking forwards from ${plainCell(scope.window.from)} to ${plainCell(scope.window.to)}: ` +
      `${count(scope.credentials.length, 'credential')} in ${count(accounts, 'account')}, ${count(calls, 'call')}, ${count(made, 'change')}` +
      `${refused > 0 ? `, ${count(refused, 'refused attempt')}` : ''}. A credential is here only when tracing the call that made it backwards leads to its parent (the links of the Chain section).`,
    ['```mermaid', ...scopeFlowchart(scope), '```'].join('\n'),
    table(['Id', 'Parent', 'Kind', 'Key', 'Principal', 'Made by', 'Link', 'Calls', 'First – last use', 'Source IPs'], scope.credentials.map(credentialRow)),
  ];
  const bursts = scope.credentials.flatMap((c) => (c.activity?.deniedBursts ?? []).map((b) => `- ${c.id}: ${count(b.calls, 'refused call')} in one minute at ${plainCell(b.from)}: ${b.actions.map((x) => code(x)).join(', ')}`));
  if (bursts.length > 0) parts.push('Bursts of refused calls (probing what a credential may do):', bursts.join('\n'));
  const header = ['Time (UTC)', 'Call', 'Resource', 'By', 'Tactic · ATT&CK', 'What it means', 'Event', 'Account'];
  parts.push('### Changes', made > 0 ? table(header, changeRows(scope, true)) : 'None of the calls is in the catalogue of changes.');
  if (refused > 0) parts.push('### Refused attempts', table([...header.slice(0, 5), 'Error', 'Event', 'Account'], changeRows(scope, false)));
  if (scope.warnings.length > 0) parts.push(scope.warnings.map((w) => `- ${text(w)}`).join('\n'));
  return parts.join('\n\n');
}

export function evictionSection(scope: Scope): string {
  if (scope.eviction.length === 0) return '## Eviction\n\nNothing to do: the scope holds no credential to cut and no change to undo.';
  const rows = scope.eviction.map((s) => [String(s.step), cell(s.action), shortCell(s.target, CELL_MAX), text(s.why)]);
  const commands = scope.eviction.flatMap((s) => [
    `# ${s.step}. ${s.action} ${s.target}`,
    s.command ?? '# (no command: the logs lack a value it needs, or no API does it)',
  ]);
  return [
    '## Eviction',
    'In this order. The commands are printed, never run: read each one and run it with credentials for the account the step names. Every value from the logs is quoted for bash and zsh.',
    table(['Step', 'Action', 'Target', 'Why'], rows),
    codeBlock(commands, 'sh'),
  ].join('\n\n');
}
