// The chain: the target event, each hop up to the origin (identity, account, region, link and
// confidence, MFA, where the minting call came from), the origin highlighted, and each gap with
// the command that loads what is missing. Renders the Trace; decides nothing about links.

import { Box, Text } from 'ink';
import { isAnonymous } from '../../trace/identity.js';
import type { Gap, Hop, Origin, Trace, TraceTarget } from '../../trace/model.js';
import { CHAIN_LABEL, chainItemHeight, chainItems, gapCommandLines, scrollTop, type ChainItem, type Size } from '../layout.js';
import type { ChainScreen, FetchRun } from '../state.js';
import { arnResource, callName, plural, safe, timeText } from '../text.js';
import { confidenceTone, useTone } from '../theme.js';
import { Line } from './line.js';

const LABEL = CHAIN_LABEL;

function joined(parts: (string | null | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' · ');
}

function yesNo(value: boolean | null | undefined): string | null {
  return value === null || value === undefined ? null : value ? 'MFA yes' : 'MFA no';
}

function Label({ text, selected, inverse }: { text: string; selected: boolean; inverse?: boolean }) {
  const mark = selected ? '›' : ' ';
  return (
    <Text bold={selected || inverse} inverse={selected || inverse}>
      {`${mark} ${text}`.padEnd(LABEL - 1)}
    </Text>
  );
}

function Indent({ bar }: { bar?: boolean }) {
  return <Text>{(bar ? '┃' : ' ').padEnd(LABEL)}</Text>;
}

function TargetItem({ target, selected }: { target: TraceTarget; selected: boolean }) {
  const tone = useTone();
  const who = target.identity.arn ? arnResource(target.identity.arn) : isAnonymous(target.identity) ? 'anonymous (no credentials)' : safe(target.identity.type);
  return (
    <>
      <Line>
        <Label text="TARGET" selected={selected} /> <Text bold>{callName(target.eventSource, target.eventName)}</Text>
        {` · ${timeText(target.eventTime)}`}
        {target.errorCode ? <Text color={tone('red')}>{` · ${safe(target.errorCode)}`}</Text> : null}
      </Line>
      <Line><Indent />{joined([[safe(target.accountId), safe(target.region)].filter(Boolean).join(' '), `by ${who}`, safe(target.sourceIPAddress), safe(target.userAgent)])}</Line>
    </>
  );
}

function HopItem({ hop, index, selected }: { hop: Hop; index: number; selected: boolean }) {
  const tone = useTone();
  const s = hop.session;
  const issued = hop.issuedBy;
  const confidence = hop.confidence ? `${hop.confidence.toUpperCase()} ${safe(hop.link)}` : 'NOT LINKED';
  return (
    <>
      <Line><Label text={`HOP ${index + 1}`} selected={selected} /> <Text bold>{safe(s.arn ?? s.principalId ?? s.kind)}</Text></Line>
      <Line>
        <Indent /><Text bold color={tone(confidenceTone(hop.confidence))}>{confidence}</Text>
        {/* What CloudTrail's digests say of the minting call's log file (trail-trace verify). */}
        {hop.integrity ? <>{' · '}<Text color={tone(hop.integrity.verdict === 'tampered' ? 'red' : hop.integrity.verdict === 'validated' ? 'green' : 'gray')}>{`log ${hop.integrity.verdict === 'tampered' ? 'TAMPERED' : hop.integrity.verdict}`}</Text></> : null}
        {` · ${joined([yesNo(s.mfaAuthenticated) ?? 'MFA unknown', safe(s.accountId), safe(issued?.region), safe(s.kind)])}`}
      </Line>
      {issued ? (
        <Line><Indent />{joined([`minted by ${safe(issued.eventName)} ${timeText(issued.eventTime)}`, issued.sourceIPAddress && `from ${safe(issued.sourceIPAddress)}`, safe(issued.userAgent)])}</Line>
      ) : (
        <Line><Indent /><Text bold color={tone('red')}>minting call NOT IN STORE</Text>{' — see the gap below'}</Line>
      )}
      {hop.alternatives.length > 0 ? (
        <Line>
          <Indent /><Text color={tone('yellow')}>{`${plural(hop.alternatives.length, 'other candidate')}: `}</Text>
          {hop.alternatives.map((a) => `${safe(a.eventName)} ${timeText(a.eventTime)} ${safe(a.eventId)}`).join(' · ')}
        </Line>
      ) : null}
    </>
  );
}

function OriginItem({ origin, selected }: { origin: Origin; selected: boolean }) {
  const tone = useTone();
  return (
    <>
      <Line><Text color={tone('magenta')}><Label text="ORIGIN" selected={selected} inverse /></Text> <Text bold color={tone('magenta')}>{safe(origin.description)}</Text></Line>
      <Line><Indent bar />{joined([safe(origin.type), origin.accountId && `account ${safe(origin.accountId)}`, safe(origin.arn ?? origin.subject ?? origin.workload), yesNo(origin.mfaAuthenticated)])}</Line>
      <Line>
        <Indent bar />
        {joined([origin.event && `${safe(origin.event.eventName)} ${timeText(origin.event.eventTime)}`, origin.sourceIPAddress && `from ${safe(origin.sourceIPAddress)}`, safe(origin.userAgent)]) || 'no call of its own in the store'}
      </Line>
    </>
  );
}

function GapItem({ gap, index, selected, width }: { gap: Gap; index: number; selected: boolean; width: number }) {
  const tone = useTone();
  const regions = [...new Set([gap.region, ...gap.regions].filter((r): r is string => !!r))].map((r) => safe(r)).join(', ');
  return (
    <>
      <Line><Label text={`GAP ${index + 1}`} selected={selected} /> <Text color={tone('red')}>{safe(gap.reason)}</Text></Line>
      <Line><Indent />{joined([gap.accountId && `account ${safe(gap.accountId)}`, regions && `region ${regions}`, `${timeText(gap.from)} → ${timeText(gap.to)}`])}</Line>
      {gap.hintWhy ? <Line><Indent />{safe(gap.hintWhy)}</Line> : null}
      {gapCommandLines(gap, width).map((part, i) => (
        <Line key={i}><Indent /><Text color={tone('cyan')}>{part}</Text></Line>
      ))}
    </>
  );
}

function summary(trace: Trace): string {
  const hops = plural(trace.hops.length, 'hop');
  if (trace.status === 'no-identity') return 'No identity: the event carries no session to trace';
  if (trace.status === 'broken') return `BROKEN chain, ${hops} known — the gaps below say which logs to load`;
  return `Complete chain, ${hops} — origin: ${safe(trace.origin?.description ?? 'unknown')}`;
}

/** Most findings drawn under the summary; the report lists them all. */
const FINDINGS_SHOWN = 2;

/** Lines the findings take under the summary. */
function findingsHeight(trace: Trace): number {
  const n = trace.findings.length;
  return Math.min(n, FINDINGS_SHOWN) + (n > FINDINGS_SHOWN ? 1 : 0);
}

/** Who used the credentials, first: a complete chain to a workload may be a stolen key. */
function Findings({ trace }: { trace: Trace }) {
  const tone = useTone();
  const n = trace.findings.length;
  if (n === 0) return null;
  return (
    <>
      {trace.findings.slice(0, FINDINGS_SHOWN).map((f, i) => (
        <Line key={i}>
          <Text bold color={tone(f.strength === 'strong' ? 'red' : 'yellow')}>{f.strength === 'strong' ? '! STRONG ' : '? weak '}</Text>
          {`hop ${f.hop + 1}: ${safe(f.why)}`}
        </Line>
      ))}
      {n > FINDINGS_SHOWN ? <Line dim>{`+${n - FINDINGS_SHOWN} more ${n - FINDINGS_SHOWN === 1 ? 'finding' : 'findings'}: r writes the report, which lists them all`}</Line> : null}
    </>
  );
}

function Item({ trace, item, selected, width }: { trace: Trace; item: ChainItem; selected: boolean; width: number }) {
  switch (item.kind) {
    case 'target': return <TargetItem target={trace.target} selected={selected} />;
    case 'hop': return <HopItem hop={trace.hops[item.index]!} index={item.index} selected={selected} />;
    case 'origin': return <OriginItem origin={trace.origin!} selected={selected} />;
    case 'gap': return <GapItem gap={trace.gaps[item.index]!} index={item.index} selected={selected} width={width} />;
  }
}

/** The running fetch for this chain: what it does now, and how to stop it. */
function Fetching({ fetch }: { fetch: FetchRun }) {
  const tone = useTone();
  return (
    <>
      <Line><Text bold color={tone('cyan')}>{fetch.cancelled ? 'Stopping the fetch…' : 'Fetching what the chain lacks from the sources (Esc stops)…'}</Text></Line>
      <Line dim>{safe(fetch.line ?? 'opening the sources')}</Line>
    </>
  );
}

/** Lines the last fetch's failure takes, wrapped (the rest is cut). */
const FAILURE_LINES = 3;

function FetchFailure({ why }: { why: string }) {
  const tone = useTone();
  return (
    <Box height={FAILURE_LINES} overflow="hidden">
      <Text wrap="wrap" color={tone('red')}>{safe(why)}</Text>
    </Box>
  );
}

export function ChainView({ screen, size, height, fetch = null, canFetch = false }: { screen: ChainScreen; size: Size; height: number; fetch?: FetchRun | null; canFetch?: boolean }) {
  const tone = useTone();
  if (screen.missing || (!screen.trace && fetch)) {
    return (
      <Box flexDirection="column">
        {fetch ? <Fetching fetch={fetch} /> : null}
        {screen.fetchFailure && !fetch ? <FetchFailure why={screen.fetchFailure} /> : null}
        {screen.missing ? <Line><Text color={tone('red')}>Event {safe(screen.eventId)} is not in this store.</Text></Line> : null}
        {screen.missing && !fetch ? <Line>{canFetch ? 'f fetches it from the sources the store keeps (its day first); i enters another event id; Esc goes back.' : 'Press i to enter another event id, or Esc to go back.'}</Line> : null}
      </Box>
    );
  }
  const trace = screen.trace;
  if (!trace) return <Line>Tracing {safe(screen.eventId)}…</Line>;
  const items = chainItems(trace);
  const heights = items.map((item) => chainItemHeight(item, trace, size.columns));
  const failure = screen.fetchFailure && !fetch ? screen.fetchFailure : null;
  const first = scrollTop(heights, screen.selected, height - 2 - findingsHeight(trace) - (fetch ? 2 : 0) - (failure ? FAILURE_LINES : 0));
  const statusTone = trace.status === 'complete' ? 'green' : trace.status === 'broken' ? 'red' : 'yellow';
  return (
    <Box flexDirection="column">
      {fetch ? <Fetching fetch={fetch} /> : null}
      {failure ? <FetchFailure why={failure} /> : null}
      <Line><Text bold color={tone(statusTone)}>{summary(trace)}</Text></Line>
      <Findings trace={trace} />
      <Line> </Line>
      {items.slice(first).map((item, i) => (
        <Item key={first + i} trace={trace} item={item} selected={first + i === screen.selected} width={size.columns} />
      ))}
    </Box>
  );
}
