// The timeline: the calls of one session of the chain (or of all of them), in time order, one
// line each, with the filters in force and the selected call's details below. Only the window
// of calls the state holds is drawn; rows not yet fetched show as "…".

import { Box, Text } from 'ink';
import type { TimelineEntry, TimelineFilters } from '../data.js';
import { timelineRows, type Size } from '../layout.js';
import { memberName, type Member } from '../members.js';
import type { TimelineScreen } from '../state.js';
import { arnResource, callName, fit, plural, safe, shortTime } from '../text.js';
import type { Trace } from '../../trace/model.js';
import { useTone, type Tone } from '../theme.js';
import { Line } from './line.js';

/** Terminals at least this wide also get account and region columns. */
const WIDE = 110;

function memberIdentity(trace: Trace, member: Member): string {
  if (member.kind === 'hop') return arnResource(trace.hops[member.index]?.session.arn) || safe(trace.hops[member.index]?.session.principalId);
  if (member.kind === 'origin') return safe(trace.origin?.description);
  return `${safe(trace.origin?.description ?? 'origin unknown')} and ${plural(trace.hops.length, 'session')}`;
}

function filterWords(filters: TimelineFilters): string[] {
  return [
    filters.writesOnly && 'writes only',
    filters.errorsOnly && 'errors only',
    filters.service && `service ${filters.service.replace(/\.amazonaws\.com$/, '')}`,
    filters.text && `search "${safe(filters.text)}"`,
  ].filter((w): w is string => typeof w === 'string' && w !== '');
}

/** The flag column: ! sensitive, ✗ failed, + write, blank for a read. */
function flag(entry: TimelineEntry): { mark: string; tone: Tone | null } {
  if (entry.event.errorCode) return { mark: '✗', tone: 'red' };
  if (entry.sensitive) return { mark: '!', tone: 'red' };
  if (entry.write) return { mark: '+', tone: 'yellow' };
  return { mark: ' ', tone: null };
}

/** Who made it: "hop 1", "origin", or "≠hop 1" for another credential under hop 1's session ARN. */
function byWhom(entry: TimelineEntry): string {
  return `${entry.otherCredential ? '≠' : ''}${entry.actor ?? ''}`;
}

function note(entry: TimelineEntry): string {
  const other = entry.otherCredential ? `another credential${entry.event.accessKeyId ? ` (${safe(entry.event.accessKeyId)})` : ''}` : null;
  return [other, ...entry.roles, entry.sensitive, entry.event.errorCode && safe(entry.event.errorCode)].filter(Boolean).join(' · ');
}

/** Columns shown only when their value differs between the calls on screen: which key, which address. */
interface Varying {
  key: boolean;
  ip: boolean;
}

const KEY_WIDTH = 8;
const IP_WIDTH = 15;

/** The last characters of an access key, which tell keys of one account apart: "…QP7P". */
function shortKey(key: string | null): string {
  if (!key) return '';
  return key.length > KEY_WIDTH - 1 ? `…${safe(key.slice(-(KEY_WIDTH - 2)))}` : safe(key);
}

function varying(entries: (TimelineEntry | undefined)[]): Varying {
  const present = entries.filter((e): e is TimelineEntry => e !== undefined);
  const distinct = (value: (e: TimelineEntry) => string | null) => new Set(present.map(value)).size > 1;
  return { key: distinct((e) => e.event.accessKeyId), ip: distinct((e) => e.event.sourceIPAddress) };
}

function Row({ entry, selected, wide, show }: { entry: TimelineEntry | undefined; selected: boolean; wide: boolean; show: Varying }) {
  const tone = useTone();
  if (!entry) return <Line dim>{'  …'}</Line>;
  const e = entry.event;
  const { mark, tone: markTone } = flag(entry);
  const roleTone = entry.otherCredential ? 'yellow' : entry.roles.includes('target') ? 'magenta' : entry.roles.length > 0 ? 'cyan' : null;
  return (
    <Line>
      <Text inverse={selected} bold={selected}>
        {`${selected ? '›' : ' '} ${shortTime(e.eventTime)}  ${fit(byWhom(entry), 6)} `}
      </Text>
      <Text color={markTone ? tone(markTone) : undefined} bold>{mark}</Text>
      <Text inverse={selected}>{` ${fit(callName(e.eventSource, e.eventName), wide ? 36 : 30)} `}</Text>
      {show.key ? `${fit(shortKey(e.accessKeyId), KEY_WIDTH)} ` : ''}
      {show.ip ? `${fit(safe(e.sourceIPAddress), IP_WIDTH)} ` : ''}
      {wide ? `${fit(safe(e.accountId), 12)} ${fit(safe(e.region), 14)} ` : ''}
      <Text color={roleTone ? tone(roleTone) : undefined}>{note(entry)}</Text>
    </Line>
  );
}

function Selected({ entry }: { entry: TimelineEntry | undefined }) {
  if (!entry) return <><Line> </Line><Line> </Line></>;
  const e = entry.event;
  const copies = entry.callIds.length > 1 ? ` (+${entry.callIds.length - 1} ${entry.callIds.length === 2 ? 'copy' : 'copies'} in other accounts)` : '';
  return (
    <>
      <Line dim>{[arnResource(e.identityArn) || safe(e.principalId ?? e.identityType), safe(e.accountId), safe(e.region), safe(e.sourceIPAddress)].filter(Boolean).join(' · ')}</Line>
      <Line dim>{`event ${safe(e.eventId)}${copies} · ${safe(e.userAgent)}`}</Line>
    </>
  );
}

export function TimelineView({ screen, size }: { screen: TimelineScreen; size: Size }) {
  const rows = timelineRows(size);
  const wide = size.columns >= WIDE;
  const filters = filterWords(screen.filters);
  const count = screen.total === null ? 'loading…' : screen.total === 0 ? 'no calls' : `${(screen.cursor + 1).toLocaleString('en-US')}/${plural(screen.total, 'call')}`;
  const shown = screen.total === null ? 0 : Math.max(0, Math.min(rows, screen.total - screen.top));
  const entryAt = (index: number) => screen.page?.entries[index - screen.page.offset];
  const onScreen = Array.from({ length: shown }, (_, i) => entryAt(screen.top + i));
  const show = varying(onScreen);
  const heading = `  ${fit('TIME', 14)}  ${fit('WHO', 6)}   ${fit('CALL', wide ? 36 : 30)} ` +
    `${show.key ? `${fit('KEY', KEY_WIDTH)} ` : ''}${show.ip ? `${fit('SOURCE IP', IP_WIDTH)} ` : ''}` +
    `${wide ? `${fit('ACCOUNT', 12)} ${fit('REGION', 14)} ` : ''}NOTE`;
  return (
    <Box flexDirection="column">
      <Line><Text bold>{`Timeline of ${memberName(screen.member)}`}</Text>{` · ${count} · ${memberIdentity(screen.trace, screen.member)}`}</Line>
      <Line>{filters.length > 0 ? `Filters: ${filters.join(' · ')}   (c clears)` : 'Filters: none   (w writes only · e errors only · s service · / search)'}</Line>
      <Line dim>{heading}</Line>
      <Box flexDirection="column" height={rows}>
        {screen.total === 0 ? <Line>{filters.length > 0 ? 'No call passes the filters.' : 'No call of this member is in the store.'}</Line> : null}
        {Array.from({ length: shown }, (_, i) => screen.top + i).map((index) => (
          <Row key={index} entry={entryAt(index)} selected={index === screen.cursor} wide={wide} show={show} />
        ))}
      </Box>
      <Selected entry={entryAt(screen.cursor)} />
    </Box>
  );
}
