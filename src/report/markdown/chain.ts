// The chain section: the diagram, the chain as a table from the origin down to the session that
// made the target event, and the target event itself.

import type { Incident } from '../../trace/incident.js';
import type { Hop, Trace } from '../../trace/model.js';
import { CELL_MAX, cell, codeBlock, plainCell, shortCell } from './escape.js';
import { inIndicators } from './indicators.js';
import { chainFlowchart } from './mermaid.js';
import { table } from './table.js';
import { originKind, sessionCreated, yesNo } from './words.js';

const CHAIN_HEADER = ['Step', 'Identity', 'Account', 'Region', 'Issuing event', 'Time (UTC)', 'Link', 'Confidence', 'MFA', 'Source IP'];

/** The origin has no issuing event: the call of its that started the chain goes in the Link column. */
function originRow(trace: Trace): string[] | null {
  const o = trace.origin;
  if (!o) {
    return trace.status === 'broken' ? ['Origin', 'unknown (see Gaps)', '–', '–', '–', '–', '–', '–', '–', '–'] : null;
  }
  const service = o.type === 'AWSService' && o.service ? [o.service, o.workload].filter(Boolean).join(' for ') : null;
  const identity = o.arn ?? service ?? o.userName ?? o.principalId ?? o.description;
  return [
    `Origin (${originKind(o)})`,
    shortCell(identity, CELL_MAX),
    shortCell(o.accountId, CELL_MAX, inIndicators),
    '–',
    '–',
    plainCell(o.event?.eventTime),
    o.event ? `called ${shortCell(o.event.eventName, CELL_MAX)} ${shortCell(o.event.eventId, CELL_MAX)}` : '–',
    '–',
    yesNo(o.mfaAuthenticated),
    shortCell(o.sourceIPAddress, CELL_MAX, inIndicators),
  ];
}

/** When the session was created (words.ts sessionCreated), or why that is unknown. */
function createdCell(hop: Hop): string {
  const created = sessionCreated(hop);
  if (created) return plainCell(created);
  return hop.issuedBy ? `unknown; a candidate issuing call at ${plainCell(hop.issuedBy.eventTime)} (${hop.confidence ?? 'missing'})` : 'unknown';
}

function hopRow(hop: Hop, index: number): string[] {
  const s = hop.session;
  const by = hop.issuedBy;
  return [
    `Hop ${index + 1}`,
    shortCell(s.arn ?? s.principalId, CELL_MAX),
    shortCell(s.accountId, CELL_MAX, inIndicators),
    shortCell(by?.region, CELL_MAX, inIndicators),
    by ? shortCell(by.eventId, CELL_MAX) : '**not in store**',
    createdCell(hop),
    cell(hop.link),
    hop.confidence ? `**${hop.confidence}**` : '**missing**',
    yesNo(s.mfaAuthenticated),
    shortCell(by?.sourceIPAddress, CELL_MAX, inIndicators),
  ];
}

function chainTable(trace: Trace): string {
  const rows: string[][] = [];
  const origin = originRow(trace);
  if (origin) rows.push(origin);
  for (let i = trace.hops.length - 1; i >= 0; i--) rows.push(hopRow(trace.hops[i]!, i));
  return table(CHAIN_HEADER, rows);
}

function targetTable(trace: Trace): string {
  const t = trace.target;
  const id = t.identity;
  const rows: [string, string | null | undefined][] = [
    ['Event ID', t.eventId],
    ['Time (UTC)', t.eventTime],
    ['Event source', t.eventSource],
    ['Event name', t.eventName],
    ['Account', t.accountId],
    ['Region', t.region],
    ['Result', t.errorCode ?? 'succeeded'],
    ['Caller', id.arn ?? id.principalId ?? id.accountId],
    ['Caller type', id.type],
    ['Access key', id.accessKeyId],
    ['Source IP', t.sourceIPAddress],
    ['User agent', t.userAgent],
  ];
  return table(['Field', 'Value'], rows.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => [k, cell(v)]));
}

export function chainSection(incident: Incident): string {
  const trace = incident.trace;
  const parts = ['## Chain'];
  if (trace.hops.length === 0 && !trace.origin) {
    parts.push('There is no chain to draw: the target event carries no session or identity to follow.');
  } else {
    parts.push(
      'From the origin (left) to the event (right); each box is a session, grouped by the account it belongs to. ' +
        'Each arrow names the call that minted the next session and how sure the link is; a dotted arrow is a heuristic or missing link.',
      codeBlock(chainFlowchart(trace, incident.coverage.accounts), 'mermaid'),
    );
    parts.push(
      trace.hops.length === 0
        ? 'The origin made the target event itself, with its own credentials.'
        : 'Hop 1 is the session that made the target event. For each hop, the issuing event is the call that minted the session, ' +
          'logged in the region shown; its source IP is where that call came from. The time is when the session was created: ' +
          'its own creationDate, or the time of the issuing call when the link is exact or strong. ' +
          'The origin has no issuing event; the Link column names its call that started the chain.',
      chainTable(trace),
    );
  }
  parts.push('### Target event', targetTable(trace));
  return parts.join('\n\n');
}
