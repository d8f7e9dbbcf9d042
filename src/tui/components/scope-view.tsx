// The scope of a chain: every credential its origin minted, as a tree (indented under the one that
// minted it: kind, key or ARN, calls, failures, how it is linked and how sure), what the selected
// one is and did, and the eviction checklist's row. Renders the Scope; decides nothing.

import { Box, Text } from 'ink';
import type { Scope, ScopeCredential } from '../../trace/scope-model.js';
import { bodyWidth, type Size } from '../layout.js';
import { changesBy, KIND_SHORT, KIND_WORDS, scopeRows, scopeTreeRows, type ScopeRow } from '../scope-layout.js';
import type { ScopeScreen } from '../state.js';
import { arnResource, fit, plural, safe, timeText } from '../text.js';
import { confidenceTone, useTone } from '../theme.js';
import { Line } from './line.js';

/** Terminals at least this wide also get the ARN beside the key. */
const WIDE = 110;
/** "HEURISTIC login-profile": the link column, last (a longer link is cut at the edge). */
const LINK_WIDTH = 23;
const CALLS_WIDTH = 6;
const FAILED_WIDTH = 7;

function nameWidth(size: Size): number {
  return bodyWidth(size) - 2 - CALLS_WIDTH - FAILED_WIDTH - 1 - LINK_WIDTH;
}

/** A count in at most 5 columns: "9,999", "12k", "1.2M" (the selected row's details say it exactly). */
function count(n: number): string {
  if (n < 10_000) return n.toLocaleString('en-US');
  if (n < 1_000_000) return `${Math.floor(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** "c2 session ASIA…": the tree's lines, id, kind and what names it (the key, else the ARN). */
function credentialName(credential: ScopeCredential, lead: string, wide: boolean): string {
  const key = safe(credential.accessKeyId);
  const arn = arnResource(credential.arn) || safe(credential.userName ?? credential.principalId);
  const names = key && wide && arn ? `${key}  ${arn}` : key || arn;
  return `${lead}${safe(credential.id)} ${KIND_SHORT[credential.kind]} ${names}`;
}

/** The start is the origin (an event scoped) or what was typed; the others, how their making call is linked. */
export function LinkText({ scope, credential }: { scope: Scope; credential: ScopeCredential }) {
  const tone = useTone();
  if (credential.parent === null) return <Text bold color={tone('magenta')}>{scope.start.kind === 'event' ? 'ORIGIN' : 'START'}</Text>;
  if (!credential.confidence) return <Text bold color={tone('red')}>NOT LINKED</Text>;
  return <Text bold color={tone(confidenceTone(credential.confidence))}>{`${credential.confidence.toUpperCase()} ${safe(credential.link)}`}</Text>;
}

/** "made by AssumeRole 2026-03-10 15:07:15 · event c1be… (+1 copy)", or where the scope starts. */
export function madeBy(scope: Scope, credential: ScopeCredential): string {
  const issued = credential.issuedBy;
  if (!issued) {
    if (credential.parent !== null) return 'its making call is not in the store';
    return scope.start.kind === 'event' ? 'where the traced event\'s chain starts: the scope walks forwards from here' : 'where the scope starts';
  }
  const copies = issued.copies.length > 0 ? ` (+${plural(issued.copies.length, 'copy', 'copies')})` : '';
  const password = credential.passwordSetBy ? ` · password set by ${safe(credential.passwordSetBy.eventName)} ${timeText(credential.passwordSetBy.eventTime)}` : '';
  return `made by ${safe(issued.eventName)} ${timeText(issued.eventTime)} · ${safe(issued.eventId)}${copies}${password}`;
}

/** "arn:aws:sts::…:assumed-role/R/s · account 222222222222" (the account when the ARN does not say it). */
export function identityText(credential: ScopeCredential): string {
  const who = safe(credential.arn) || (credential.userName ? `IAM user ${safe(credential.userName)}` : safe(credential.principalId));
  const account = credential.accountId && !credential.arn?.includes(credential.accountId) ? `account ${safe(credential.accountId)}` : '';
  return [who, account].filter(Boolean).join(' · ');
}

function activityText(scope: Scope, credential: ScopeCredential): string {
  const a = credential.activity;
  const changes = changesBy(scope, credential.id);
  const changed = changes.length > 0 ? plural(changes.length, 'change') : 'no change';
  if (!a || a.calls === 0) return `no calls in the store in the window · ${changed}`;
  const failed = a.failed > 0 ? ` (${a.failed.toLocaleString('en-US')} failed)` : '';
  const alarms = [
    ...a.deniedBursts.map((b) => `! ${plural(b.calls, 'refused call')} in one minute at ${timeText(b.from)}`),
    ...credential.findings.map((f) => `! ${safe(f.why)}`),
  ];
  const ips = a.ips.length > 0 ? `from ${a.ips.slice(0, 3).map((ip) => safe(ip)).join(', ')}${a.ips.length > 3 ? ', …' : ''}` : '';
  return [`${plural(a.calls, 'call')}${failed}`, ...alarms, changed, `${timeText(a.firstUse)} → ${timeText(a.lastUse)}`, ips].filter(Boolean).join(' · ');
}

function Row({ scope, row, selected, size }: { scope: Scope; row: ScopeRow; selected: boolean; size: Size }) {
  const tone = useTone();
  const mark = selected ? '›' : ' ';
  if (row.kind === 'eviction') {
    return (
      <Line>
        <Text inverse={selected} bold>{`${mark} EVICTION`}</Text>
        {` ${plural(scope.eviction.length, 'step')}, in order — Enter lists each with its AWS CLI command`}
      </Line>
    );
  }
  const c = row.credential;
  const calls = c.activity ? count(c.activity.calls) : '?';
  const failed = c.activity && c.activity.failed > 0 ? count(c.activity.failed) : '';
  return (
    <Line>
      <Text inverse={selected} bold={selected}>{`${mark} ${fit(credentialName(c, row.lead, size.columns >= WIDE), nameWidth(size))}`}</Text>
      {calls.padStart(CALLS_WIDTH)}
      <Text color={failed ? tone('red') : undefined}>{failed.padStart(FAILED_WIDTH)}</Text>
      {' '}<LinkText scope={scope} credential={c} />
    </Line>
  );
}

function Selected({ scope, row }: { scope: Scope; row: ScopeRow | undefined }) {
  if (!row) return <><Line> </Line><Line> </Line><Line> </Line></>;
  if (row.kind === 'eviction') {
    return (
      <>
        <Line dim>In order: deactivate the keys, revoke the sessions, delete what was created,</Line>
        <Line dim>restore what was changed, turn logging back on. Printed, never run.</Line>
        <Line dim> </Line>
      </>
    );
  }
  const c = row.credential;
  return (
    <>
      <Line dim>{`${safe(c.id)} ${KIND_WORDS[c.kind]} · ${identityText(c)}`}</Line>
      <Line dim>{madeBy(scope, c)}</Line>
      <Line dim>{activityText(scope, c)}</Line>
    </>
  );
}

function title(scope: Scope, eventId: string): string {
  const origin = scope.start.origin;
  if (scope.start.kind === 'event' && origin) return `Scope of ${safe(origin.description)}`;
  return `Scope of event ${safe(eventId)}`;
}

function counts(scope: Scope): string {
  const made = scope.changes.filter((c) => c.succeeded).length;
  const refused = scope.changes.length - made;
  const calls = scope.credentials.reduce((n, c) => n + (c.activity?.calls ?? 0), 0);
  return [
    plural(scope.credentials.length, 'credential'), plural(calls, 'call'), plural(made, 'change'),
    refused > 0 ? plural(refused, 'refused attempt') : '', plural(scope.eviction.length, 'eviction step'),
  ].filter(Boolean).join(' · ');
}

export function ScopeView({ screen, size }: { screen: ScopeScreen; size: Size }) {
  const tone = useTone();
  const scope = screen.scope;
  if (!scope) return <Line>Scoping from event {safe(screen.eventId)}: tracing it back to its origin, then all it minted…</Line>;
  const rows = scopeRows(scope);
  const height = scopeTreeRows(size, scope);
  const first = Math.max(0, Math.min(screen.selected - height + 1, rows.length - height));
  const warnings = scope.warnings.length;
  return (
    <Box flexDirection="column">
      <Line><Text bold>{title(scope, screen.eventId)}</Text></Line>
      <Line>{counts(scope)}</Line>
      <Line dim>{`window ${timeText(scope.window.from)} → ${timeText(scope.window.to)}: the whole store`}</Line>
      {warnings > 0 ? <Line><Text color={tone('yellow')}>{`! ${safe(scope.warnings[0])}`}</Text>{warnings > 1 ? ` (+${warnings - 1} more under EVICTION)` : ''}</Line> : null}
      <Line> </Line>
      <Line dim>{`  ${fit('CREDENTIAL', nameWidth(size))}${'CALLS'.padStart(CALLS_WIDTH)}${'FAILED'.padStart(FAILED_WIDTH)} LINK`}</Line>
      <Box flexDirection="column" height={height}>
        {rows.slice(first, first + height).map((row, i) => (
          <Row key={first + i} scope={scope} row={row} selected={first + i === screen.selected} size={size} />
        ))}
      </Box>
      <Selected scope={scope} row={rows[screen.selected]} />
    </Box>
  );
}
