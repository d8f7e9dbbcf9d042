// Findings: who used the chain's credentials, not only whose they were (src/trace/findings.ts).
// Read first after the summary: a complete chain to an EC2 instance says whose key it was; a
// finding that the key was used from a laptop says who held it. Each finding reads as the
// sentence the tracer wrote, then what was seen, what was expected, and who else used the address.

import { clientOf } from '../../trace/clients.js';
import type { Finding, Trace } from '../../trace/model.js';
import { code, prose, shortCell, CELL_MAX } from './escape.js';
import { inIndicators } from './indicators.js';
import { count, loggedValues } from './words.js';

/** Log values a finding's sentence quotes, so `prose` puts them in code spans. */
export function findingValues(f: Finding, trace: Trace): (string | null | undefined)[] {
  const uas = [f.observed.userAgent, ...f.expected.userAgents];
  return [
    ...loggedValues(trace), f.accessKeyId, f.observed.ip, f.observed.eventId, f.observed.vpcEndpointId, ...f.expected.ips,
    ...f.expected.vpcEndpoints, ...uas.map((ua) => clientOf(ua)?.family),
    ...f.sharedWith.flatMap((s) => [s.arn, s.arn?.split('/').at(-1), s.accessKeyId]),
    f.agent?.client, f.agent?.tool, f.agent?.toolCall, f.agent?.grant, f.agent?.signInSessionArn,
  ];
}

const STRENGTH_WORDS: Record<Finding['strength'], string> = { strong: '**Strong**', weak: '**Weak**' };
const KIND_WORDS: Record<Finding['kind'], string> = {
  'credential-used-elsewhere': 'credential used elsewhere',
  'acted-via-agent': 'acted through an AI agent',
};

function seen(f: Finding): string {
  if (f.kind === 'acted-via-agent') {
    if (!f.agent?.toolCall) return 'the target call, made by the AWS MCP Server; the tool call that made it is not in the store';
    const from = [f.observed.ip ? `from ${shortCell(f.observed.ip, CELL_MAX, inIndicators)}` : null, f.observed.userAgent ? `with ${shortCell(f.observed.userAgent, CELL_MAX, inIndicators)}` : null];
    return [`the tool call ${code(f.observed.eventId)} at ${f.observed.time}`, ...from].filter(Boolean).join(', ');
  }
  const when = f.calls === 1 ? `1 call, at ${f.first}` : `${count(f.calls, 'call')}, ${f.first} to ${f.last}`;
  const parts = [when];
  if (f.observed.ip) parts.push(`from ${shortCell(f.observed.ip, CELL_MAX, inIndicators)}`);
  if (f.observed.vpcEndpointId) parts.push(`through ${code(f.observed.vpcEndpointId)}`);
  if (f.observed.userAgent) parts.push(`with ${shortCell(f.observed.userAgent, CELL_MAX, inIndicators)}`);
  parts.push(`first ${code(f.observed.eventId)}${f.includesTarget ? ' (the target is one of them)' : ''}`);
  return parts.join(', ');
}

const BASIS_WORDS: Record<Finding['basis'], string> = {
  workload: 'the workload\'s own calls',
  'first-use': 'the workload\'s first call, presumed its own',
  'issuing-call': 'the call that created the session',
  'mcp-tool-call': 'the tool call that names this request',
  'invoked-by': 'the AWS MCP Server named as the call\'s maker',
};

function expected(f: Finding): string | null {
  const places = [...f.expected.ips, ...f.expected.vpcEndpoints].map((v) => shortCell(v, CELL_MAX, inIndicators));
  const clients = f.expected.userAgents.slice(0, 3).map((v) => shortCell(v, CELL_MAX, inIndicators));
  if (places.length === 0 && clients.length === 0) return null;
  const how = BASIS_WORDS[f.basis];
  return `Expected (from ${how}): ${[places.join(', '), clients.length > 0 ? `with ${clients.join(', ')}` : ''].filter(Boolean).join(' ')}`;
}

function item(f: Finding, index: number, trace: Trace): string {
  const key = f.accessKeyId ? ` (key ${code(f.accessKeyId)})` : '';
  const lines = [
    `${index + 1}. ${STRENGTH_WORDS[f.strength]}: hop ${f.hop + 1}, ${KIND_WORDS[f.kind]}${key}. ${prose(f.why, findingValues(f, trace))}`,
    `   - Seen: ${seen(f)}`,
  ];
  const want = expected(f);
  if (want) lines.push(`   - ${want}`);
  if (f.agent) {
    const a = f.agent;
    const parts = [
      `client ${a.client ? code(a.client) : 'unknown'}`,
      a.tool ? `tool ${code(a.tool)}` : null,
      a.toolCall ? `tool call ${code(a.toolCall)}` : null,
      a.grant ? `granted by ${code(a.grant)}` : null,
      a.signInSessionArn ? `sign-in session ${code(a.signInSessionArn)}` : null,
    ].filter((p): p is string => p !== null);
    lines.push(`   - Agent: ${parts.join(', ')}`);
  }
  if (f.sharedWith.length > 0) {
    const who = f.sharedWith.map((s) => `${code(s.arn ?? s.identityType)}${s.accessKeyId ? ` (key ${code(s.accessKeyId)})` : ''}, ${count(s.calls, 'call')}`);
    lines.push(`   - Also called from this address: ${who.join('; ')}`);
  }
  lines.push(`   - AWS's ip-ranges.json: ${f.ipRanges === 'used' ? `read${f.observed.awsRange ? `; the address is in ${code(f.observed.awsRange)}` : ''}` : 'not given (pass --aws-ip-ranges to say whether addresses are AWS\'s)'}`);
  return lines.join('\n');
}

/** A sentence for the summary when a finding says someone else held a credential of the chain, or null. */
export function findingsLead(trace: Trace): string | null {
  const strong = trace.findings.filter((f) => f.strength === 'strong');
  const weak = trace.findings.length - strong.length;
  if (trace.findings.length === 0) return null;
  if (strong.length === 0) return `**Who used the credentials:** ${count(weak, 'weak finding')} under Findings; read them before concluding who acted.`;
  const first = strong[0]!;
  return `**Who used the credentials:** ${prose(first.why, findingValues(first, trace))}` +
    (trace.findings.length > 1 ? ` (${count(trace.findings.length, 'finding')} in all under Findings.)` : '');
}

export function findingsSection(trace: Trace): string {
  const parts = ['## Findings'];
  if (trace.status === 'no-identity') {
    parts.push('There is no credential behind this event to check.');
    return parts.join('\n\n');
  }
  if (trace.findings.length === 0) {
    parts.push(
      'No finding: every call the chain\'s credentials made that is in the store came from where they should have been used ' +
        '(a workload\'s credential from where the workload itself runs, a person\'s session from where it was created). ' +
        'Calls AWS made on a credential\'s behalf (`AWS Internal`, a service name as the source) are not counted.',
    );
    return parts.join('\n\n');
  }
  parts.push(
    'Whose credential signed each call is the chain; these say who else used it. **Strong**: a workload\'s credential used from a ' +
      'network or client the workload never used, or from an address a person\'s own credentials used. **Weak**: a person\'s session ' +
      'used from another network than it was created from, or a workload whose own network is only presumed. ' +
      'An AI agent acting for a person through the AWS MCP Server is **strong** when its tool call names the request, **weak** when only the call says so.',
  );
  parts.push(trace.findings.map((f, i) => item(f, i, trace)).join('\n'));
  return parts.join('\n\n');
}
