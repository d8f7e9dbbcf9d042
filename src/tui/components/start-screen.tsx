// The start screen, when no event id was given: what the store holds (accounts, regions, time
// range, events) and the events most worth tracing, grouped; Enter traces the selected group's
// latest event, i asks for any event id.

import { Box, Text } from 'ink';
import type { StoreCoverage } from '../../trace/lookups.js';
import type { State, StartScreen as StartState } from '../state.js';
import { arnResource, callName, fit, plural, safe, shortTime, timeText } from '../text.js';
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

function WorthRow({ row, selected }: { row: WorthTracing; selected: boolean }) {
  const tone = useTone();
  const call = row.eventName ? callName(row.eventSource, row.eventName) : 'access denied';
  return (
    <Line>
      <Text inverse={selected} bold={selected}>{`${selected ? '›' : ' '} ${fit(WORTH_LABEL[row.kind], 13)} `}</Text>
      <Text color={tone(row.kind === 'cross-account' ? 'cyan' : 'red')}>{` ${fit(call, 23)}`}</Text>
      {` ${fit(`×${row.events}`, 4)} ${shortTime(row.lastTime).slice(0, 11)}  ${caller(row)}`}
    </Line>
  );
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
  const rows = Math.max(1, height - FIXED_LINES);
  const first = Math.max(0, Math.min(screen.selected - rows + 1, worth.length - rows));
  const shown = worth.slice(Math.max(0, first), Math.max(0, first) + rows);
  return (
    <Box flexDirection="column">
      <Coverage coverage={coverage} storePath={storePath} />
      <Line> </Line>
      <Line><Text bold>Worth tracing</Text>{worth.length > 0 ? ' — Enter traces the latest event of the selected row' : ''}</Line>
      {worth.length === 0 ? <Line>Nothing stands out: no IAM changes, new keys, logging changes, logins without MFA, cross-account roles or denied bursts.</Line> : null}
      {worth.length > 0 ? <Line dim>{`  ${fit('KIND', 13)}  ${fit('CALL', 23)} ${fit('×', 4)} ${fit('LATEST', 11)}  CALLER`}</Line> : null}
      <Box flexDirection="column" height={Math.min(rows, Math.max(worth.length, 1))}>
        {shown.map((row, i) => <WorthRow key={first + i} row={row} selected={first + i === screen.selected} />)}
      </Box>
      <Selected row={worth[screen.selected]} />
      <Line> </Line>
      <Line>{'Or trace any event: press '}<Text bold>i</Text>{' and type or paste its eventID, then Enter.'}</Line>
    </Box>
  );
}
