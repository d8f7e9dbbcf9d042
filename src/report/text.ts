// The default view of `from-event`: the chain as a responder reads it under pressure.
//
// Top to bottom: what was traced, a one-line verdict, the findings about who used the credentials
// (a stolen workload key, a session used elsewhere), each hop from the target session up to the
// origin (how it was linked and how sure that is), the origin, and, when the chain stops short,
// which logs to load next with the command on a line of its own so it can be copied.
//
// Every string that came from a log goes through `safe` (terminalSafe) before it is placed in the
// output (STYLE.md principle 9); only this file's own labels are written raw. No clock, no
// terminal probing: the caller passes colour and width, so the same Trace renders the same bytes.

import pc from 'picocolors';
import type { AlternativeRef, Confidence, DifferingCopy, Finding, Gap, Hop, IssuingEventRef, Origin, RecordIntegrity, Trace, TraceIdentity } from '../trace/model.js';
import { ANONYMOUS_WORDS, isAnonymous } from '../trace/identity.js';
import { terminalSafe, truncate } from '../text/sanitize.js';

export interface TextOptions {
  color: boolean;
  /**
   * Terminal columns. User agents (free text, sometimes kilobytes) are shortened to fit; without
   * a width they are capped at AGENT_CAP code points. ARNs, ids and hint commands are never cut.
   */
  width?: number;
}

type Colors = ReturnType<typeof pc.createColors>;

interface Ctx {
  c: Colors;
  /** Longest user agent shown, in code points; the JSON view always has the whole value. */
  agentMax: number;
}

const LABEL = 13;
const INDENT = '  ';
/** Even without a width, a multi-kilobyte user agent would bury the chain. */
const AGENT_CAP = 300;

function safe(value: string): string {
  return terminalSafe(value);
}

function present(value: string | null | undefined): value is string {
  return value !== null && value !== undefined && value !== '';
}

/** `parts` that are present, joined with a middle dot. */
function joined(parts: (string | null | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' · ');
}

function field(ctx: Ctx, label: string, value: string, prefix = INDENT): string {
  return `${prefix}${ctx.c.dim(label.padEnd(LABEL))}${value}`;
}

/** A labelled value plus continuation lines aligned under it. */
function fields(ctx: Ctx, label: string, values: string[], prefix = INDENT): string[] {
  return values.map((v, i) => (i === 0 ? field(ctx, label, v, prefix) : `${prefix}${' '.repeat(LABEL)}${v}`));
}

function agent(ctx: Ctx, userAgent: string): string {
  return safe(truncate(userAgent, ctx.agentMax));
}

function yesNo(value: boolean | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return value ? 'yes' : 'no';
}

function confidenceLabel(ctx: Ctx, confidence: Confidence | null): string {
  switch (confidence) {
    case 'exact': return ctx.c.green(ctx.c.bold('exact'));
    case 'strong': return ctx.c.cyan(ctx.c.bold('strong'));
    case 'heuristic': return ctx.c.yellow(ctx.c.bold('heuristic'));
    case null: return ctx.c.red(ctx.c.bold('missing'));
  }
}

/** `AssumedRole arn:…` then `account … · principal … · key …` for whatever the log gave. */
function identityValues(id: TraceIdentity): string[] {
  const name = id.arn ?? id.userName ?? null;
  const main = present(name) ? `${safe(id.type)} ${safe(name)}` : safe(id.type);
  const detail = joined([
    present(id.accountId) && !present(id.arn) ? `account ${safe(id.accountId)}` : undefined,
    present(id.userName) && present(id.arn) ? `user ${safe(id.userName)}` : undefined,
    present(id.principalId) ? `principal ${safe(id.principalId)}` : undefined,
    present(id.accessKeyId) ? `key ${safe(id.accessKeyId)}` : undefined,
  ]);
  return detail === '' ? [main] : [main, detail];
}

function whereLogged(accountId: string | null, region: string | null): string {
  return joined([present(accountId) ? `account ${safe(accountId)}` : undefined, present(region) ? safe(region) : undefined]);
}

function header(ctx: Ctx, trace: Trace): string[] {
  const t = trace.target;
  const lines = [`${ctx.c.bold('Target')}  ${ctx.c.bold(safe(t.eventName))} · ${safe(t.eventSource)} · ${safe(t.eventTime)}`];
  lines.push(field(ctx, 'event id', safe(t.eventId)));
  if (present(t.accountId)) lines.push(field(ctx, 'account', safe(t.accountId)));
  if (present(t.region)) lines.push(field(ctx, 'region', safe(t.region)));
  if (present(t.errorCode)) lines.push(field(ctx, 'error', ctx.c.red(safe(t.errorCode))));
  if (present(t.sourceIPAddress)) lines.push(field(ctx, 'source IP', safe(t.sourceIPAddress)));
  if (present(t.userAgent)) lines.push(field(ctx, 'user agent', agent(ctx, t.userAgent)));
  lines.push(...fields(ctx, 'identity', identityValues(t.identity)));
  if (t.integrity) lines.push(field(ctx, 'log file', integrityText(ctx, t.integrity)));
  lines.push(...copyLines(ctx, t.differingCopies));
  return lines;
}

/**
 * Other copies of the record (same eventID) that differ from the one traced: where each was
 * loaded from, then each field that differs with its value here and there. Both copies are kept;
 * which one is traced follows the README's rule, never the load order.
 */
function copyLines(ctx: Ctx, copies: DifferingCopy[] | undefined): string[] {
  const quoted = (value: string | null) => (value === null ? ctx.c.dim('absent') : `"${agent(ctx, value)}"`);
  return (copies ?? []).flatMap((copy) => fields(ctx, 'other copy', [
    ctx.c.yellow(ctx.c.bold(`another copy of this event differs: ${safe(copy.location)} record ${copy.index}`)),
    ...copy.differences.map((d) => `${safe(d.field)}: ${quoted(d.used)} here, ${quoted(d.other)} in that copy`),
  ]));
}

/** What CloudTrail's digests say of a record's file, in words. */
function integrityText(ctx: Ctx, integrity: RecordIntegrity): string {
  const { c } = ctx;
  if (integrity.verdict === 'validated') return c.green(`validated by CloudTrail digest ${safe(integrity.digest ?? '')}`);
  if (integrity.verdict === 'tampered') return c.red(c.bold(`TAMPERED: not what CloudTrail digest ${safe(integrity.digest ?? '')} lists`));
  return c.dim('unsigned (no verified CloudTrail digest lists it; trail-trace verify)');
}

function hopCount(n: number): string {
  return n === 1 ? '1 hop' : `${n} hops`;
}

const STRENGTH: Record<Confidence, number> = { exact: 2, strong: 1, heuristic: 0 };

/** "all exact", or the weakest hop: "weakest link hop 2 heuristic". */
function confidenceSummary(hops: Hop[]): string {
  const first = hops[0]?.confidence;
  if (first && hops.every((h) => h.confidence === first)) return `all ${first}`;
  let weakest = 0;
  hops.forEach((h, i) => {
    const w = hops[weakest]!.confidence;
    const strength = h.confidence === null ? -1 : STRENGTH[h.confidence];
    if (strength < (w === null ? -1 : STRENGTH[w])) weakest = i;
  });
  return `weakest link hop ${weakest + 1} ${hops[weakest]!.confidence ?? 'missing'}`;
}

function originName(origin: Origin): string {
  const description = safe(origin.description);
  return present(origin.arn) && !origin.description.includes(origin.arn) ? `${description} · ${safe(origin.arn)}` : description;
}

function noIdentityReason(trace: Trace): string {
  const id = trace.target.identity;
  // "None" is how a record without userIdentity.type is normalised (spec §2.1): say what it means.
  if (id.type === 'None') return 'the record names no caller (AWS acting on its own); the event carries no session to trace';
  if (isAnonymous(id)) return `the caller is ${ANONYMOUS_WORDS}; there is no credential to trace`;
  const who = joined([safe(id.type), present(id.principalId) ? safe(id.principalId) : undefined]);
  return `the caller is ${who}; the event carries no session to trace`;
}

function verdict(ctx: Ctx, trace: Trace): string {
  const { c } = ctx;
  const hops = trace.hops;
  if (trace.status === 'no-identity') {
    const origin = trace.origin ? ` · origin ${originName(trace.origin)}` : '';
    return `${c.yellow(c.bold('No identity:'))} ${noIdentityReason(trace)}${origin}`;
  }
  if (trace.status === 'broken') {
    const missing = hops.findIndex((h) => h.issuedBy === null);
    const at = missing === -1 ? hops.length : missing + 1;
    const gap = trace.gaps[0];
    const why = gap
      ? `${safe(gap.reason)} (${joined([gapWhere(gap), `${safe(gap.from)} → ${safe(gap.to)}`])})`
      : 'the issuing event was not found';
    const known = trace.origin ? ` — furthest known: ${originName(trace.origin)}` : '';
    return `${c.red(c.bold(`BROKEN at hop ${at}:`))} ${why}${known}${usedElsewhere(ctx, trace)}`;
  }
  const shape = hops.length === 0
    ? "no hops (made with the origin's own credentials)"
    : `${hopCount(hops.length)}, ${confidenceSummary(hops)}`;
  const name = trace.origin ? originName(trace.origin) : 'unknown';
  return `${c.green(c.bold('Origin:'))} ${c.bold(name)} — ${c.green('complete')}, ${shape}${usedElsewhere(ctx, trace)}`;
}

/** The verdict's second line when a finding says someone else held a credential of the chain. */
function usedElsewhere(ctx: Ctx, trace: Trace): string {
  const lines: string[] = [];
  const strong = trace.findings.filter((f) => f.strength === 'strong' && f.kind === 'credential-used-elsewhere');
  const hops = [...new Set(strong.map((f) => f.hop + 1))].map((h) => `hop ${h}`).join(', ');
  if (strong.length > 0) lines.push(`${ctx.c.red(ctx.c.bold('But:'))} the credential of ${hops} was likely used by someone else — see Findings`);
  const agent = trace.findings.find((f) => f.kind === 'acted-via-agent');
  if (agent) lines.push(`${ctx.c.magenta(ctx.c.bold('Through an AI agent:'))} ${safe(agent.agent?.client ?? 'an MCP client')}, via the AWS MCP Server — see Findings`);
  return lines.map((l) => `\n${l}`).join('');
}

function issuerLines(ctx: Ctx, ref: IssuingEventRef, sessionAccount: string | null): string[] {
  // A role in one account assumed from another: the copy shown is the caller's (spec §4.6).
  const crossAccount = present(ref.accountId) && present(sessionAccount) && ref.accountId !== sessionAccount;
  const lines = [field(ctx, 'issued by', joined([
    ctx.c.bold(safe(ref.eventName)), safe(ref.eventTime), whereLogged(ref.accountId, ref.region), crossAccount && ctx.c.magenta('cross-account'),
  ]))];
  const shared = present(ref.sharedEventId) ? `shared ${safe(ref.sharedEventId)}` : undefined;
  lines.push(field(ctx, 'event', joined([safe(ref.eventId), shared])));
  if (ref.copies.length > 0) lines.push(...fields(ctx, 'copies', ref.copies.map(safe)));
  lines.push(...fields(ctx, 'caller', identityValues(ref.caller)));
  const from = joined([
    present(ref.sourceIPAddress) ? safe(ref.sourceIPAddress) : undefined,
    present(ref.userAgent) ? agent(ctx, ref.userAgent) : undefined,
  ]);
  if (from !== '') lines.push(field(ctx, 'caller from', from));
  if (ref.location) lines.push(field(ctx, 'record', ctx.c.dim(`${safe(ref.location.source)} #${ref.location.index}`)));
  return lines;
}

function alternativeLine(alt: AlternativeRef): string {
  const ref = joined([safe(alt.eventId), safe(alt.eventName), safe(alt.eventTime), whereLogged(alt.accountId, alt.region)]);
  return `${ref} — ${safe(alt.why)}`;
}

function hopLines(ctx: Ctx, trace: Trace, hop: Hop, index: number): string[] {
  const { c } = ctx;
  const s = hop.session;
  const isLast = index === trace.hops.length - 1;
  const role = index === 0 ? 'made the target event' : isLast && trace.status === 'complete' ? 'minted by the origin' : undefined;
  const lines = [c.bold(joined([`Hop ${index + 1}/${trace.hops.length}`, safe(s.kind), role]))];
  if (present(s.arn)) lines.push(field(ctx, 'session', c.bold(safe(s.arn))));
  // The session name is the ARN's last segment (spec §2.3); repeat it only when it is not.
  if (present(s.sessionName) && !(s.arn ?? '').endsWith(`/${s.sessionName}`)) {
    lines.push(field(ctx, 'session name', safe(s.sessionName)));
  }
  if (present(s.roleArn)) lines.push(field(ctx, 'role', safe(s.roleArn)));
  if (present(s.accountId)) lines.push(field(ctx, 'account', safe(s.accountId)));
  const ids = joined([
    present(s.accessKeyId) ? `key ${safe(s.accessKeyId)}` : undefined,
    present(s.principalId) ? `principal ${safe(s.principalId)}` : undefined,
  ]);
  if (ids !== '') lines.push(field(ctx, 'credentials', ids));
  const mfa = yesNo(s.mfaAuthenticated);
  const when = joined([
    present(s.createdAt) ? safe(s.createdAt) : undefined,
    mfa && `MFA ${mfa}`,
    present(s.sourceIdentity) ? `source identity ${c.bold(safe(s.sourceIdentity))}` : undefined,
  ]);
  if (when !== '') lines.push(field(ctx, 'created', when));
  if (hop.issuedBy) lines.push(...issuerLines(ctx, hop.issuedBy, s.accountId));
  else lines.push(field(ctx, 'issued by', c.red(c.bold('NOT IN STORE')) + (trace.gaps.length > 0 ? ' — see Gaps below' : '')));
  const link = hop.link === null ? undefined : safe(hop.link);
  lines.push(field(ctx, 'link', joined([link, confidenceLabel(ctx, hop.confidence)])));
  if (hop.alternatives.length > 0) {
    lines.push(...fields(ctx, 'alternatives', hop.alternatives.map((a) => c.yellow(alternativeLine(a)))));
  }
  if (hop.evidence.length > 0) lines.push(...fields(ctx, 'evidence', hop.evidence.map((e) => c.dim(safe(e)))));
  if (hop.integrity) lines.push(field(ctx, 'log file', integrityText(ctx, hop.integrity)));
  lines.push(...copyLines(ctx, hop.issuedBy?.differingCopies));
  return lines;
}

function originLines(ctx: Ctx, trace: Trace): string[] {
  const { c } = ctx;
  const o = trace.origin;
  if (!o) {
    const past = trace.hops.length === 0 ? 'the target event' : `hop ${trace.hops.length}`;
    return [c.red(c.bold('ORIGIN unknown')) + ` — nothing is known past ${past}`];
  }
  const bar = c.bold('┃ ');
  const lines = [`${bar}${c.inverse(c.bold(' ORIGIN '))} ${c.bold(safe(o.description))}`];
  const add = (label: string, value: string | null | undefined) => {
    if (present(value)) lines.push(field(ctx, label, safe(value), bar));
  };
  add('type', o.type);
  add('account', o.accountId);
  add('arn', o.arn);
  add('principal', o.principalId);
  add('user', o.userName);
  add('key', o.accessKeyId);
  add('provider', o.identityProvider);
  add('subject', o.subject);
  add('service', o.service);
  add('workload', o.workload);
  const mfa = yesNo(o.mfaAuthenticated);
  if (mfa) lines.push(field(ctx, 'MFA', mfa, bar));
  add('source IP', o.sourceIPAddress);
  if (present(o.userAgent)) lines.push(field(ctx, 'user agent', agent(ctx, o.userAgent), bar));
  if (o.event) lines.push(field(ctx, 'event', joined([safe(o.event.eventName), safe(o.event.eventTime), safe(o.event.eventId)]), bar));
  lines.push(...copyLines(ctx, o.event?.differingCopies));
  return lines;
}

/** Account and regions of a gap, most likely region first (STS global endpoint: spec §3.10). */
function gapWhere(gap: Gap): string {
  const regions = [...(present(gap.region) ? [gap.region] : []), ...gap.regions.filter((r) => r !== gap.region)];
  const regionList = regions.length === 0 ? undefined : `${regions.length === 1 ? 'region' : 'regions'} ${regions.map(safe).join(', ')}`;
  return joined([present(gap.accountId) ? `account ${safe(gap.accountId)}` : undefined, regionList]);
}

function gapLines(ctx: Ctx, gaps: Gap[]): string[] {
  if (gaps.length === 0) return [];
  const lines = [ctx.c.bold('Gaps — load these logs, then trace again')];
  gaps.forEach((gap, i) => {
    lines.push(`${INDENT}${i + 1}. ${ctx.c.red(safe(gap.reason))}`);
    lines.push(`${INDENT}   ${joined([gapWhere(gap), `${safe(gap.from)} → ${safe(gap.to)}`])}`);
    if (present(gap.hintWhy)) lines.push(`${INDENT}   ${safe(gap.hintWhy)}`);
    // Alone on its line, no prompt, backslashes kept: paths (Windows ones too) paste as they are.
    if (present(gap.hint)) lines.push(`${INDENT}   ${ctx.c.cyan(terminalSafe(gap.hint, { backslash: 'keep' }))}`);
  });
  return lines;
}

const FINDING_KIND: Record<Finding['kind'], string> = {
  'credential-used-elsewhere': 'credential used elsewhere',
  'acted-via-agent': 'acted through an AI agent',
};

/** Where an agent's tool call came from, or that it is missing. */
function agentSeen(f: Finding): string {
  if (!f.agent?.toolCall) return 'the target call, made by the AWS MCP Server; no tool call in the store';
  return joined([`tool call ${safe(f.observed.eventId)} at ${safe(f.observed.time)}`, present(f.observed.ip) ? `from ${safe(f.observed.ip)}` : undefined]);
}

/** What the logs say about who used the credentials: first after the verdict, strong ones red. */
function findingLines(ctx: Ctx, findings: Finding[]): string[] {
  if (findings.length === 0) return [];
  const { c } = ctx;
  const lines = [c.bold('Findings — who used the credentials')];
  for (const f of findings) {
    const mark = f.strength === 'strong' ? c.red(c.bold('! STRONG')) : c.yellow(c.bold('? weak'));
    lines.push(`${INDENT}${joined([mark, `hop ${f.hop + 1}`, FINDING_KIND[f.kind], present(f.accessKeyId) ? `key ${safe(f.accessKeyId)}` : undefined])}`);
    lines.push(`${INDENT}  ${f.strength === 'strong' ? c.bold(safe(f.why)) : safe(f.why)}`);
    const seen = f.kind === 'acted-via-agent' ? agentSeen(f) : joined([
      f.calls === 1 ? `1 call at ${safe(f.first)}` : `${f.calls.toLocaleString('en-US')} calls ${safe(f.first)} → ${safe(f.last)}`,
      present(f.observed.ip) ? `from ${safe(f.observed.ip)}` : undefined,
      present(f.observed.vpcEndpointId) ? `through ${safe(f.observed.vpcEndpointId)}` : undefined,
      `first ${safe(f.observed.eventId)}`,
    ]);
    lines.push(field(ctx, 'seen', c.dim(seen), `${INDENT}  `));
    if (present(f.observed.userAgent)) lines.push(field(ctx, 'client', c.dim(agent(ctx, f.observed.userAgent)), `${INDENT}  `));
    if (f.agent) {
      const a = f.agent;
      const agentLine = joined([a.client ? `client ${safe(a.client)}` : 'client unknown', a.tool ? `tool ${safe(a.tool)}` : undefined,
        a.grant ? `granted by ${safe(a.grant)}` : undefined, a.signInSessionArn ? `session ${safe(a.signInSessionArn)}` : undefined]);
      lines.push(field(ctx, 'agent', c.dim(agentLine), `${INDENT}  `));
    }
    const expected = [...f.expected.ips, ...f.expected.vpcEndpoints].map(safe).join(', ');
    if (expected !== '') lines.push(field(ctx, 'expected', c.dim(expected), `${INDENT}  `));
  }
  return lines;
}

function warningLines(ctx: Ctx, warnings: string[]): string[] {
  if (warnings.length === 0) return [];
  return [ctx.c.bold('Warnings'), ...warnings.map((w) => `${INDENT}- ${ctx.c.yellow(safe(w))}`)];
}

/** The trace as terminal text, one trailing newline; ANSI colour only when `color` is true. */
export function renderText(trace: Trace, opts: TextOptions): string {
  const widthMax = opts.width === undefined ? AGENT_CAP : Math.max(20, opts.width - INDENT.length - LABEL);
  const ctx: Ctx = { c: pc.createColors(opts.color), agentMax: Math.min(AGENT_CAP, widthMax) };
  const sections: string[][] = [
    [...header(ctx, trace), '', verdict(ctx, trace)],
    findingLines(ctx, trace.findings),
    ...trace.hops.map((hop, i) => hopLines(ctx, trace, hop, i)),
    trace.status === 'no-identity' && !trace.origin ? [] : originLines(ctx, trace),
    gapLines(ctx, trace.gaps),
    warningLines(ctx, trace.warnings),
  ];
  return sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n') + '\n';
}
