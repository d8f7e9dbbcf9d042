// One credential of a scope, expanded: who it is and how it was made, what it changed (call,
// resource, succeeded or refused, ATT&CK tactic and technique, what it means), then its calls in
// time order. Only the pages of calls the state holds are drawn; rows not yet read show as "…".

import { Box, Text } from 'ink';
import type { CallSummary, Scope, ScopeChange } from '../../trace/scope-model.js';
import type { Size } from '../layout.js';
import {
  callAt, callsHeadingLine, changesBy, credentialListOf, credentialOf, credentialRows, KIND_WORDS, listItems, listLines,
  type CredentialList,
} from '../scope-layout.js';
import { selectedItem, type CredentialItem } from '../scope-state.js';
import type { CredentialScreen } from '../state.js';
import { arnResource, callName, fit, safe, shortTime } from '../text.js';
import { useTone } from '../theme.js';
import { identityText, LinkText, madeBy } from './scope-view.js';
import { Line } from './line.js';

/** Terminals at least this wide also get account and region columns. */
const WIDE = 110;
/** Where a change's second line starts: under its call. */
const UNDER_CALL = ' '.repeat(19);

function resourceText(change: ScopeChange): string {
  // The id is an ARN for some resources (a trail): its part after the account reads best.
  return arnResource(change.resource.arn ?? change.resource.id) || safe(change.resource.type);
}

function ChangeLine({ change, part, selected }: { change: ScopeChange; part: 0 | 1; selected: boolean }) {
  const tone = useTone();
  if (part === 1) {
    const refused = change.succeeded ? '' : `refused: ${safe(change.errorCode ?? 'error')} · `;
    return (
      <Line>
        {UNDER_CALL}<Text color={change.succeeded ? undefined : tone('yellow')}>{refused}</Text>
        <Text color={tone('magenta')}>{`${safe(change.tactic)} ${safe(change.technique)}`}</Text>
        <Text dimColor>{` · ${safe(change.meaning)}`}</Text>
      </Line>
    );
  }
  return (
    <Line>
      <Text inverse={selected} bold={selected}>{`${selected ? '›' : ' '} ${shortTime(change.eventTime)} `}</Text>
      <Text bold color={tone(change.succeeded ? 'green' : 'red')}>{change.succeeded ? '✓' : '✗'}</Text>
      <Text inverse={selected}>{` ${fit(safe(change.call), 30)} `}</Text>
      {resourceText(change)}
    </Line>
  );
}

function CallLine({ call, changed, selected, wide }: { call: CallSummary | undefined; changed: ScopeChange | undefined; selected: boolean; wide: boolean }) {
  const tone = useTone();
  if (!call) return <Line dim>{`${selected ? '›' : ' '} …`}</Line>;
  const mark = call.errorCode ? '✗' : changed ? '!' : ' ';
  const note = [call.errorCode && safe(call.errorCode), changed && `change: ${safe(changed.tactic)} ${safe(changed.technique)}`].filter(Boolean).join(' · ');
  return (
    <Line>
      <Text inverse={selected} bold={selected}>{`${selected ? '›' : ' '} ${shortTime(call.eventTime)} `}</Text>
      <Text bold color={mark === ' ' ? undefined : tone('red')}>{mark}</Text>
      <Text inverse={selected}>{` ${fit(callName(call.eventSource, call.eventName), wide ? 36 : 30)} `}</Text>
      {wide ? `${fit(safe(call.accountId), 12)} ${fit(safe(call.region), 14)} ${fit(safe(call.sourceIp), 15)} ` : ''}
      <Text color={changed ? tone('magenta') : call.errorCode ? tone('red') : undefined}>{note}</Text>
    </Line>
  );
}

/** "change 2/4", "call 1,000/1,000": where the selection is, always on screen. */
function position(cursor: number, list: CredentialList): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return cursor < list.changes ? `change ${n(cursor + 1)}/${n(list.changes)}` : `call ${n(cursor - list.changes + 1)}/${n(list.calls)}`;
}

function Selected({ item, cursor, list }: { item: CredentialItem | null; cursor: number; list: CredentialList }) {
  if (item?.kind === 'change') {
    const c = item.change;
    return (
      <>
        <Line dim>{[position(cursor, list), `event ${safe(c.eventId)}`, c.accountId && `account ${safe(c.accountId)}`, safe(c.region)].filter(Boolean).join(' · ')}</Line>
        <Line dim>{`${safe(c.resource.type)} ${safe(c.resource.arn ?? c.resource.id)}`}</Line>
      </>
    );
  }
  const call = item?.call;
  if (!call) return <><Line dim>{`${position(cursor, list)} · reading…`}</Line><Line> </Line></>;
  return (
    <>
      <Line dim>{[position(cursor, list), `event ${safe(call.eventId)}`, safe(call.accountId), safe(call.region), safe(call.sourceIp), call.accessKeyId && `key ${safe(call.accessKeyId)}`].filter(Boolean).join(' · ')}</Line>
      <Line dim>{safe(call.userAgent)}</Line>
    </>
  );
}

function Heading({ text, dim }: { text: string; dim?: boolean }) {
  return <Line dim={dim}><Text bold={!dim}>{text}</Text></Line>;
}

/** Line `line` of the list: a heading, one of a change's two lines, or a call. */
function ListLine({ screen, scope, line, wide }: { screen: CredentialScreen; scope: Scope; line: number; wide: boolean }) {
  const changes = changesBy(scope, screen.credentialId);
  const list = credentialListOf(screen);
  const callsHeading = callsHeadingLine(list);
  if (line === 0) {
    if (changes.length === 0) return <Heading dim text="Changes: none found in the catalogue of changes" />;
    const refused = changes.filter((c) => !c.succeeded).length;
    return <Heading text={`Changes (${changes.length})${refused > 0 ? ` · ${refused} refused` : ''}`} />;
  }
  if (line < callsHeading) {
    const index = Math.floor((line - 1) / 2);
    return <ChangeLine change={changes[index]!} part={((line - 1) % 2) as 0 | 1} selected={index === screen.cursor} />;
  }
  if (line === callsHeading) {
    return <Heading text={list.calls === 0 ? 'Calls: none in the store in the window' : `Calls (${list.calls.toLocaleString('en-US')})`} />;
  }
  const index = line - callsHeading - 1;
  const call = callAt(screen, index);
  const changed = call ? changes.find((c) => c.eventId === call.eventId) : undefined;
  return <CallLine call={call} changed={changed} selected={changes.length + index === screen.cursor} wide={wide} />;
}

export function CredentialView({ screen, size }: { screen: CredentialScreen; size: Size }) {
  const tone = useTone();
  const credential = credentialOf(screen.scope, screen.credentialId);
  if (!credential) return <Line><Text color={tone('red')}>{`No credential ${safe(screen.credentialId)} in this scope.`}</Text></Line>;
  const list = credentialListOf(screen);
  const rows = credentialRows(size);
  const lines = Array.from({ length: Math.max(0, Math.min(rows, listLines(list) - screen.top)) }, (_, i) => screen.top + i);
  return (
    <Box flexDirection="column">
      <Line>
        <Text bold>{[safe(credential.id), KIND_WORDS[credential.kind], safe(credential.accessKeyId)].filter(Boolean).join(' ')}</Text>
        {' · '}<LinkText scope={screen.scope} credential={credential} />
      </Line>
      <Line>{identityText(credential)}</Line>
      <Line dim>{madeBy(screen.scope, credential)}</Line>
      <Box flexDirection="column" height={rows}>
        {lines.map((line) => <ListLine key={line} screen={screen} scope={screen.scope} line={line} wide={size.columns >= WIDE} />)}
      </Box>
      {listItems(list) > 0 ? <Selected item={selectedItem(screen)} cursor={screen.cursor} list={list} /> : null}
    </Box>
  );
}
