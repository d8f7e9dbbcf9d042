// The start screen, when no event id was given: what the store holds (accounts, regions, time
// range, events) and the events most worth tracing, grouped; Enter traces the selected group's
// latest event, S scopes it, i asks for any event id.

import { Box, Text } from 'ink';
import type { StoreCoverage } from '../../trace/lookups.js';
import type { State, StartScreen as StartState } from '../state.js';
import { arnResource, callName, fit, plural, safe, timeText } from '../text.js';
import { useTone } from '../theme.js';
import { WORTH_LABEL, type WorthTracing } from '../worth.js';
import { Line } from './line.js';

/** Lines of the start screen that are not list rows. */
const FIXED_LINES = 11;

function Coverage({ coverage, storePath }: { coverage: StoreCoverage; storePath: string }) {
  return (
    <>
      <Line><Text bold>Store</Text>{`     ${safe(storePath)}`}</Line>
      <Line><Text bold>Holds</Text>{`     ${plural(coverage.events, 'event')}, ${timeText(coverage.from)} → ${timeText(coverage.to)}`}</Line>
      <Line>{`          ${plural(coverage.accounts.length, 'account')}: ${coverage.accounts.map((a) => safe(a)).join(' ')}`}</Line>
      <Line>{`          ${plural(coverage.regions.length, 'region')}: ${coverage.regions.map((r) => safe(r)).join(' ')}`}</Line>
    </>
  );
}

/** The caller, short: "DataAdmin/alice" for a role session, "user/bob", or a principal id. */
function caller(row: WorthTracing): string {
  if (!row.caller?.startsWith('arn:')) return safe(row.caller);
  return arnResource(row.caller).replace(/^assumed-role\//, '');
}

/** "03-09 10:47", or "2025-03-09 10:47" when the store spans more than one year. */
function latest(row: WorthTracing, years: boolean): string {
  const text = timeText(row.lastTime).slice(0, 16);
  return years ? text : text.slice(5);
}

function WorthRow({ row, selected, years }: { row: WorthTracing; selected: boolean; years: boolean }) {
  const tone = useTone();
  const call = row.eventName ? callName(row.eventSource, row.eventName) : 'access denied';
  return (
    <Line>
      <Text inverse={selected} bold={selected}>{`${selected ? '›' : ' '} ${fit(WORTH_LABEL[row.kind], 13)} `}</Text>
      <Text color={tone(row.kind === 'cross-account' ? 'cyan' : 'red')}>{` ${fit(call, 23)}`}</Text>
      {` ${fit(`×${row.events}`, 4)} ${fit(latest(row, years), years ? 16 : 11)}  ${caller(row)}`}
    </Line>
  );
}

/** "new key 8 of 31, IAM change 8 of 12": the kinds the list does not show whole. */
function capped(worth: WorthTracing[]): string[] {
  const shown = new Map<WorthTracing['kind'], { shown: number; of: number }>();
  for (const row of worth) {
    const k = shown.get(row.kind) ?? { shown: 0, of: row.ofKind };
    k.shown += 1;
    shown.set(row.kind, k);
  }
  return [...shown].filter(([, k]) => k.of > k.shown).map(([kind, k]) => `${WORTH_LABEL[kind]} ${k.shown} of ${k.of}`);
}

function Selected({ row }: { row: WorthTracing | undefined }) {
  if (!row) return <><Line> </Line><Line> </Line></>;
  const where = [row.accountId && `account ${safe(row.accountId)}`, safe(row.region)].filter(Boolean).join(' ');
  return (
    <>
      <Line dim>{`${safe(row.why)} · ${where}`}</Line>
      <Line dim>{`latest ${safe(row.eventId)} by ${safe(row.caller)}`}</Line>
    </>
  );
}

export function StartScreen({ screen, state, storePath, height }: { screen: StartState; state: State; storePath: string; height: number }) {
  const tone = useTone();
  if (!state.start) return <Line>Reading the store {safe(storePath)}…</Line>;
  const { coverage, worth } = state.start;
  if (coverage.events === 0) {
    return (
      <Box flexDirection="column">
        <Coverage coverage={coverage} storePath={storePath} />
        <Line> </Line>
        <Line><Text color={tone('yellow')}>The store is empty.</Text>{' Load logs first: trail-trace ingest files ./AWSLogs (or ingest s3 …)'}</Line>
      </Box>
    );
  }
  const years = (coverage.from ?? '').slice(0, 4) !== (coverage.to ?? '').slice(0, 4);
  const cut = capped(worth);
  const rows = Math.max(1, height - FIXED_LINES - (cut.length > 0 || state.startAll ? 1 : 0));
  const first = Math.max(0, Math.min(screen.selected - rows + 1, worth.length - rows));
  const shown = worth.slice(Math.max(0, first), Math.max(0, first) + rows);
  return (
    <Box flexDirection="column">
      <Coverage coverage={coverage} storePath={storePath} />
      <Line> </Line>
      <Line><Text bold>Worth tracing</Text>{worth.length > 0 ? ' — Enter traces the row\'s latest event, S scopes it' : ''}</Line>
      {worth.length === 0 ? <Line>Nothing stands out: no IAM changes, new keys, logging changes, logins without MFA, cross-account roles or denied bursts.</Line> : null}
      {cut.length > 0 ? <Line>{'Shown: '}<Text color={tone('yellow')}>{cut.join(', ')}</Text>{' — '}<Text bold>m</Text>{' shows all'}</Line> : null}
      {cut.length === 0 && state.startAll ? <Line dim>Every group is shown — m shows the first 8 of each kind</Line> : null}
      {worth.length > 0 ? <Line dim>{`  ${fit('KIND', 13)}  ${fit('CALL', 23)} ${fit('×', 4)} ${fit('LATEST', years ? 16 : 11)}  CALLER`}</Line> : null}
      <Box flexDirection="column" height={Math.min(rows, Math.max(worth.length, 1))}>
        {shown.map((row, i) => <WorthRow key={first + i} row={row} selected={first + i === screen.selected} years={years} />)}
      </Box>
      <Selected row={worth[screen.selected]} />
      <Line> </Line>
      <Line>{'Or trace any event: press '}<Text bold>i</Text>{' and type or paste its eventID, then Enter.'}</Line>
    </Box>
  );
}
