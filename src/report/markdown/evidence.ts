// Evidence: where every record the chain rests on was loaded from (file, S3 key or API page, with
// the file's SHA-256), why each link holds, the gaps and what to load to close them, and warnings.

import type { ChainEvent } from '../../trace/activity.js';
import type { Incident, IntegrityReport, RecordSource } from '../../trace/incident.js';
import type { Gap, Hop, Trace } from '../../trace/model.js';
import { cell, CELL_MAX, code, codeBlock, plainCell, prose, shortCell, text } from './escape.js';
import { table } from './table.js';
import { loggedValues } from './words.js';

/** Log values the tracer's sentences may quote (words.ts loggedValues). */
type Quoted = (string | null | undefined)[];

interface RecordRef {
  what: string;
  eventId: string;
  call: string | null;
  time: string | null;
  accountId: string | null;
  region: string | null;
}

/** The records the chain rests on, target first, then each hop's issuing event and its copies. */
function recordRefs(trace: Trace, stored: Map<string, ChainEvent>): RecordRef[] {
  const fromStore = (what: string, eventId: string): RecordRef => {
    const e = stored.get(eventId);
    return { what, eventId, call: e?.eventName ?? null, time: e?.eventTime ?? null, accountId: e?.accountId ?? null, region: e?.region ?? null };
  };
  const t = trace.target;
  const refs: RecordRef[] = [{ what: 'Target', eventId: t.eventId, call: t.eventName, time: t.eventTime, accountId: t.accountId, region: t.region }];
  trace.hops.forEach((hop, i) => {
    const by = hop.issuedBy;
    if (!by) return;
    refs.push({ what: `Hop ${i + 1} issuing event`, eventId: by.eventId, call: by.eventName, time: by.eventTime, accountId: by.accountId, region: by.region });
    for (const copy of by.copies) {
      refs.push(fromStore(`Hop ${i + 1} issuing event, other copy`, copy));
    }
  });
  const originEvent = trace.origin?.event;
  if (originEvent && !refs.some((r) => r.eventId === originEvent.eventId)) {
    refs.push({ ...fromStore('Origin event', originEvent.eventId), call: originEvent.eventName, time: originEvent.eventTime });
  }
  return refs;
}

/** "file", "S3 object", "Event history (LookupEvents)", "Athena query" (src/ingest/sources). */
function sourceKind(source: string): string {
  if (source.startsWith('s3://')) return 'S3 object';
  if (source.startsWith('lookup-events://')) return 'Event history (LookupEvents API)';
  if (source.startsWith('athena://')) return 'Athena query results';
  return 'file';
}

function recordsPart(trace: Trace, sources: RecordSource[], activity: ChainEvent[], generatedAt: string): string[] {
  const byId = new Map(sources.map((s) => [s.eventId, s]));
  const rows = recordRefs(trace, new Map(activity.map((e) => [e.eventId, e]))).map((r) => {
    const src = byId.get(r.eventId);
    return [
      r.what,
      cell(r.eventId),
      cell(r.call),
      plainCell(r.time),
      cell(r.accountId),
      cell(r.region),
      src ? `${sourceKind(src.source)} ${cell(src.source)}${src.differingCopies.length > 0 ? '; **another copy differs** (see Copies that differ)' : ''}` : '**not in store**',
      src ? String(src.index) : '–',
      src ? (src.verified ? 'yes' : '**no**') : '–',
      src ? integrityCell(src) : '–',
    ];
  });
  const files = [...new Map(sources.map((s) => [s.source, s.sha256])).entries()].sort(([a], [b]) => a.localeCompare(b));
  return [
    '### Records',
    'Each record below is kept verbatim in the store; "#" is its 0-based position in the file or page it was loaded from. ' +
      `"Verified": the kept copy of its file was read when this report was made (${plainCell(generatedAt)}) and its SHA-256 matched the one recorded when it was loaded.`,
    table(['Record', 'Event ID', 'Call', 'Time (UTC)', 'Account', 'Region', 'Loaded from', '#', 'Verified', 'CloudTrail digest'], rows),
    '"CloudTrail digest": validated when a CloudTrail digest whose signature verifies lists the file with this very content; unsigned when none does (see Integrity); **TAMPERED** when one lists other content.',
    'SHA-256 of each file as loaded (the store keeps a copy under this name):',
    table(['Loaded from', 'SHA-256'], files.map(([source, sha]) => [cell(source), cell(sha)])),
  ];
}

/**
 * The records of the table above of which another copy, kept too, differs (issue 17, point 4):
 * where that copy was loaded from and each field's two values. Log values go in code spans.
 */
function copiesPart(trace: Trace, sources: RecordSource[], activity: ChainEvent[]): string[] {
  const byId = new Map(sources.map((s) => [s.eventId, s]));
  const listed = recordRefs(trace, new Map(activity.map((e) => [e.eventId, e])))
    .flatMap((r) => (byId.get(r.eventId)?.differingCopies ?? []).map((copy) => ({ what: r.what, eventId: r.eventId, copy })));
  if (listed.length === 0) return [];
  const value = (v: string | null) => (v === null ? 'absent' : shortCell(v, CELL_MAX, () => 'whole in the kept file'));
  return [
    '### Copies that differ',
    'Records with the same eventID and different content were loaded. Both copies are kept verbatim; the one listed under Records is the one traced, ' +
      'chosen by a rule on the copies themselves, never by the order they were loaded in: a file in CloudTrail\'s own `{"Records":[…]}` shape first, ' +
      'then Event history, then records rebuilt from an Athena table, then other exports and conversions; among those, the file with the smallest SHA-256; then the first position in it.',
    ...listed.map(({ what, eventId, copy }) => [
      `**Another copy of this event differs**: ${text(what)} ${code(eventId)}; the other copy was loaded from ${sourceKind(copy.location)} ${code(copy.location)}, ` +
        `position ${copy.index}, SHA-256 ${code(copy.sha256)}.`,
      table(['Field', 'In the copy traced', 'In the other copy'], copy.differences.map((d) => [cell(d.field), value(d.used), value(d.other)])),
    ].join('\n\n')),
  ];
}

function integrityCell(src: RecordSource): string {
  if (src.integrity === 'validated') return `validated by ${cell(src.digest)}`;
  if (src.integrity === 'tampered') return `**TAMPERED**: not what ${cell(src.digest)} lists`;
  return 'unsigned';
}

/** Digest chains, logging changes and silent hours for the chain's accounts and regions. */
function integrityPart(integrity: IntegrityReport): string[] {
  const parts = ['### Integrity'];
  if (integrity.chains.length === 0) {
    parts.push('No CloudTrail digest files of these accounts are in the store: no record above is validated. Load the trail\'s CloudTrail-Digest/ folders with the logs (and their S3 signatures) and run `trail-trace verify`.');
  } else {
    parts.push(
      'CloudTrail digest chains of the chain\'s accounts, as `trail-trace verify` checks them (signature, and each digest\'s link to the one before):',
      table(['Account', 'Region', 'Trail', 'Status', 'From', 'To', 'Digests', 'Signatures verified', 'Problems'], integrity.chains.map((c) => [
        cell(c.accountId), cell(c.region), cell(c.trail), c.status === 'ok' ? 'ok' : '**broken**', plainCell(c.from), plainCell(c.to),
        String(c.digests), String(c.verified),
        c.problems.length === 0 && c.restarts.length === 0 ? '–' : [...c.problems.map((p) => text(p)), ...c.restarts.map((r) => `restarts at ${plainCell(r)}`)].join('; '),
      ])),
    );
  }
  parts.push(integrity.loggingChanges.length === 0
    ? 'No call in the store stopped, deleted or changed CloudTrail logging in these accounts.'
    : ['Calls that stopped, deleted or changed CloudTrail logging in these accounts (the logs may be silent after them):',
      table(['Time (UTC)', 'Call', 'Account', 'Region', 'By', 'Error', 'Event ID'], integrity.loggingChanges.map((c) => [
        plainCell(c.eventTime), cell(c.eventName), cell(c.accountId), cell(c.region), cell(c.actor), cell(c.errorCode), cell(c.eventId),
      ]))].join('\n\n'));
  parts.push(integrity.silentHours.length === 0
    ? 'No whole hour without events between the first and last event of each account and region above.'
    : ['Whole hours without any event in the store, within each account and region above (a quiet hour, logs not loaded, or logging off), longest first:',
      table(['Account', 'Region', 'From (UTC)', 'To (UTC)', 'Hours'], integrity.silentHours.map((h) => [
        cell(h.accountId), cell(h.region), plainCell(h.from), plainCell(h.to), String(h.hours),
      ]))].join('\n\n'));
  return parts;
}

function linkPart(hop: Hop, index: number, values: Quoted): string {
  const head = hop.issuedBy
    ? `**Hop ${index + 1}**: ${code(hop.issuedBy.eventName)} ${code(hop.issuedBy.eventId)}, linked by ${cell(hop.link)}, **${hop.confidence ?? 'missing'}**.`
    : `**Hop ${index + 1}**: the issuing event is **not in the store** (see Gaps).`;
  const lines = [head, ...hop.evidence.map((e) => `- ${prose(e, values)}`)];
  for (const alt of hop.alternatives) {
    lines.push(`- Other candidate: ${code(alt.eventName)} ${code(alt.eventId)} at ${code(alt.eventTime)}${alt.accountId ? ` in ${code(alt.accountId)}` : ''}: ${prose(alt.why, values)}`);
  }
  return lines.join('\n');
}

function gapPart(gap: Gap, index: number, values: Quoted): string {
  const regions = [...new Set([gap.region, ...gap.regions].filter((r): r is string => !!r))];
  const where = [
    gap.accountId ? `account ${code(gap.accountId)}` : 'an unknown account',
    regions.length > 0 ? `${regions.length === 1 ? 'region' : 'regions (most likely first)'} ${regions.map(code).join(', ')}` : 'any region',
    `from ${code(gap.from)} to ${code(gap.to)}`,
  ].join(', ');
  const why = gap.hintWhy ? ` ${text(gap.hintWhy)}` : '';
  const lines = [`${index + 1}. ${prose(gap.reason, values)}.`, '', `   Would be in ${where}.${why} To load it:`];
  if (gap.hint) lines.push('', ...codeBlock([gap.hint], 'sh').split('\n').map((l) => `   ${l}`));
  return lines.join('\n');
}

/** The questions the store asked of its sources (--fetch): what each asked, how, what it found and cost. */
function fetchedPart(fetched: Incident['fetched']): string[] {
  const lines = fetched.map((f) => {
    const cost = [
      f.bytesScanned ? `${f.bytesScanned.toLocaleString('en-US')} bytes scanned` : null,
      f.objects ? `${f.objects} object(s), ${f.bytesDownloaded.toLocaleString('en-US')} bytes downloaded` : null,
      `${f.requests} request(s)`,
    ].filter(Boolean).join(', ');
    const when = f.earlier ? `answered by ${code(f.source)} at ${code(f.askedAt)}, in an earlier run (not asked again)` : `asked of ${code(f.source)} at ${code(f.askedAt)}`;
    return [`- ${text(f.what)}: ${when}; ${f.records} record(s); ${cost}.`, '', ...codeBlock(f.how.split('\n')).split('\n').map((l) => `  ${l}`)].join('\n');
  });
  return [
    '### Fetched from where the logs live',
    'Records fetched by `--fetch` name the query, object or call they came from (Records above); these are the questions behind them.',
    lines.join('\n\n'),
  ];
}

export function evidenceSection(incident: Incident): string {
  const trace = incident.trace;
  const values = loggedValues(trace);
  const parts = ['## Evidence', ...recordsPart(trace, incident.records, incident.activity, incident.generatedAt), ...copiesPart(trace, incident.records, incident.activity)];
  if (trace.hops.length > 0) {
    parts.push('### Links', 'How each session was tied to the call that minted it, hop 1 first.', ...trace.hops.map((h, i) => linkPart(h, i, values)));
  }
  parts.push(...integrityPart(incident.integrity));
  if (incident.fetched.length > 0) parts.push(...fetchedPart(incident.fetched));
  parts.push('### Gaps');
  parts.push(trace.gaps.length === 0
    ? 'None: every issuing event the chain needs is in the store.'
    : ['Where the logs run out. Load these, then make the report again:', ...trace.gaps.map((g, i) => gapPart(g, i, values))].join('\n\n'));
  if (trace.warnings.length > 0) {
    parts.push('### Warnings', trace.warnings.map((w) => `- ${prose(w, values)}`).join('\n'));
  }
  return parts.join('\n\n');
}
