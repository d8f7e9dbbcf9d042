// The default view of `scope`: the tree of credentials with what each did, then what they changed
// (refused attempts apart), then the ordered eviction checklist with each command on a line of
// its own so it can be copied.
//
// Every string from a log goes through `safe` (terminalSafe); commands go through it keeping
// backslashes (they are shell-quoted by src/text/shell.ts and hold no control characters, so
// they copy and paste as printed). No clock, no terminal probing: the same Scope renders the same bytes.

import pc from 'picocolors';
import { CREDENTIAL_KIND_WORDS, type EvictionStep, type Scope, type ScopeChange, type ScopeCredential } from '../trace/scope-model.js';
import { terminalSafe, truncate } from '../text/sanitize.js';

export interface ScopeTextOptions {
  color: boolean;
  /** Terminal columns; user agents are shortened to fit. */
  width?: number;
}

type Colors = ReturnType<typeof pc.createColors>;


function safe(value: string | null | undefined): string {
  return value === null || value === undefined ? '?' : terminalSafe(value);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function credentialHead(c: Colors, cred: ScopeCredential): string {
  const key = cred.accessKeyId ? ` ${safe(cred.accessKeyId)}` : '';
  const who = cred.arn ? ` · ${safe(cred.arn)}` : cred.userName ? ` · IAM user ${safe(cred.userName)}` : '';
  const account = cred.accountId && !cred.arn?.includes(cred.accountId) ? ` (${safe(cred.accountId)})` : '';
  return `${c.bold(cred.id)} ${CREDENTIAL_KIND_WORDS[cred.kind]}${key}${who}${account}`;
}

function credentialLines(c: Colors, cred: ScopeCredential, pad: string, agentMax: number): string[] {
  const lines: string[] = [];
  if (cred.issuedBy) {
    const how = cred.link ? ` · ${cred.link} ${cred.confidence ?? ''}`.trimEnd() : '';
    const copies = cred.issuedBy.copies.length > 0 ? ` (+${plural(cred.issuedBy.copies.length, 'copy', 'copies')})` : '';
    lines.push(`${pad}${c.dim('made by')} ${safe(cred.issuedBy.eventName)} ${safe(cred.issuedBy.eventId)}${copies} at ${safe(cred.issuedBy.eventTime)}${how}`);
  }
  const a = cred.activity;
  if (!a || a.calls === 0) {
    lines.push(`${pad}${c.dim('no calls in the store in the window')}`);
    return lines;
  }
  const failed = a.failed > 0 ? c.yellow(` (${a.failed.toLocaleString('en-US')} failed)`) : '';
  lines.push(`${pad}${plural(a.calls, 'call')}${failed} · ${safe(a.firstUse)} → ${safe(a.lastUse)} · ${plural(a.accounts.length, 'account')} · ${plural(a.regions.length, 'region')}`);
  if (a.ips.length > 0) lines.push(`${pad}${c.dim('from')} ${a.ips.slice(0, 5).map(safe).join(', ')}${a.ips.length > 5 ? ', …' : ''}`);
  for (const ua of a.userAgents.slice(0, 2)) lines.push(`${pad}${c.dim('agent')} ${safe(truncate(ua, agentMax))}`);
  if (a.top.length > 0) lines.push(`${pad}${c.dim('top')} ${a.top.slice(0, 6).map((t) => `${safe(t.call)} ${t.count}`).join(', ')}`);
  for (const b of a.deniedBursts) {
    lines.push(`${pad}${c.yellow('!')} ${plural(b.calls, 'refused call')} in one minute at ${safe(b.from)}: ${b.actions.map(safe).join(', ')}`);
  }
  for (const f of cred.findings) lines.push(`${pad}${c.red('!')} ${safe(f.why)}`);
  return lines;
}

function tree(c: Colors, scope: Scope, agentMax: number): string[] {
  const children = new Map<string | null, ScopeCredential[]>();
  for (const cred of scope.credentials) {
    const list = children.get(cred.parent) ?? [];
    list.push(cred);
    children.set(cred.parent, list);
  }
  const lines: string[] = [];
  const visit = (cred: ScopeCredential, lead: string, branch: string, stem: string) => {
    lines.push(`${lead}${branch}${credentialHead(c, cred)}`);
    const kids = children.get(cred.id) ?? [];
    lines.push(...credentialLines(c, cred, `${lead}${stem}${kids.length > 0 ? '│  ' : '   '}`, agentMax));
    kids.forEach((kid, i) => {
      const last = i === kids.length - 1;
      visit(kid, `${lead}${stem}`, last ? '└─ ' : '├─ ', last ? '   ' : '│  ');
    });
  };
  for (const root of children.get(null) ?? []) visit(root, '  ', '', '');
  return lines;
}

function changeLines(c: Colors, changes: ScopeChange[]): string[] {
  return changes.flatMap((ch) => {
    const resource = ch.resource.arn ?? ch.resource.id;
    const refused = ch.succeeded ? '' : c.yellow(` refused: ${safe(ch.errorCode ?? 'error')}`);
    return [
      `  ${safe(ch.eventTime)}  ${c.bold(safe(ch.call))}${resource ? ` ${safe(resource)}` : ''}  ${c.dim(`by ${ch.by} · ${ch.tactic} ${ch.technique}`)}${refused}`,
      `    ${c.dim(safe(ch.meaning))} ${c.dim(`(${safe(ch.eventId)}${ch.accountId ? `, account ${safe(ch.accountId)}` : ''}${ch.region ? `, ${safe(ch.region)}` : ''})`)}`,
    ];
  });
}

function stepLines(c: Colors, s: EvictionStep): string[] {
  const lines = [`  ${String(s.step).padStart(2)}. ${c.bold(s.action)} ${safe(s.target)}`, `      ${safe(s.why)}`];
  lines.push(s.command
    ? `      ${c.cyan('$')} ${terminalSafe(s.command, { backslash: 'keep' })}`
    : `      ${c.dim('(no command: the logs lack a value it needs, or no API does it)')}`);
  return lines;
}

export function renderScopeText(scope: Scope, options: ScopeTextOptions): string {
  const c = pc.createColors(options.color);
  const agentMax = Math.max(40, (options.width ?? 120) - 12);
  const start = scope.credentials.find((x) => x.parent === null);
  const lines: string[] = [];
  const what = scope.start.kind === 'event'
    ? `event ${safe(scope.start.value)}${scope.start.origin ? `, traced back to ${safe(scope.start.origin.description)}` : ''}`
    : `${scope.start.kind === 'access-key' ? 'access key' : scope.start.kind} ${safe(scope.start.value)}`;
  lines.push(`${c.bold('Scope of')} ${what}`);
  lines.push(`${c.dim('window')} ${safe(scope.window.from)} → ${safe(scope.window.to)}${start ? '' : ''}`);
  const made = scope.changes.filter((x) => x.succeeded);
  const refused = scope.changes.filter((x) => !x.succeeded);
  const calls = scope.credentials.reduce((n, x) => n + (x.activity?.calls ?? 0), 0);
  lines.push(`${plural(scope.credentials.length, 'credential')}, ${plural(calls, 'call')}, ${plural(made.length, 'change')}${refused.length > 0 ? `, ${plural(refused.length, 'refused attempt')}` : ''}, ${plural(scope.eviction.length, 'eviction step')}`);
  lines.push('', c.bold('Credentials'), ...tree(c, scope, agentMax));
  lines.push('', c.bold(`Changes (${made.length})`), ...(made.length > 0 ? changeLines(c, made) : [c.dim('  none found in the catalogue of changes')]));
  if (refused.length > 0) lines.push('', c.bold(`Refused attempts (${refused.length})`), ...changeLines(c, refused));
  lines.push('', c.bold('Eviction') + c.dim(' — in this order; printed, never run: read each command, run it in the account it names'));
  lines.push(...(scope.eviction.length > 0 ? scope.eviction.flatMap((s) => stepLines(c, s)) : [c.dim('  nothing to do')]));
  if (scope.warnings.length > 0) lines.push('', c.bold(c.yellow('Warnings')), ...scope.warnings.map((w) => `  ${safe(w)}`));
  return lines.join('\n') + '\n';
}
