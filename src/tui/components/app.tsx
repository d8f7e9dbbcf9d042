// The terminal UI: one reducer (src/tui/state.ts) fed by key presses and by the store's answers.
// After each change the App asks the data for what the state says is missing (src/tui/loads.ts),
// at most once at a time per thing; the views below only draw the state.

import { Box, Text, useApp, useInput, type Key } from 'ink';
import { useEffect, useReducer, useRef } from 'react';
import type { TuiData } from '../data.js';
import { actionForKey, keyPresses } from '../keys.js';
import { bodyHeight, type Size } from '../layout.js';
import { loadKey, loadsNeeded, runLoad } from '../loads.js';
import { initialState, reduce, topScreen, type Action, type Screen, type State } from '../state.js';
import { safe } from '../text.js';
import { ThemeContext, useTone } from '../theme.js';
import { ChainView } from './chain-view.js';
import { CredentialView } from './credential-view.js';
import { DetailPane } from './detail-pane.js';
import { EvictionView } from './eviction-view.js';
import { HelpOverlay } from './help-overlay.js';
import { Line } from './line.js';
import { ScopeView } from './scope-view.js';
import { StartScreen } from './start-screen.js';
import { StatusBar } from './status-bar.js';
import { TimelineView } from './timeline-view.js';

export interface AppProps {
  data: TuiData;
  size: Size;
  /** Open on the chain of this event; without it, the start screen. */
  eventId?: string;
  /** With an event id and fetching on: fetch for its chain at once. */
  fetchFirst?: boolean;
  color: boolean;
}

type AppEvent = Action | { type: 'key'; input: string; key: Key };

/** Keys are read against the state they arrive in, never a stale copy from an earlier render. */
function appReducer(state: State, event: AppEvent): State {
  if (event.type !== 'key') return reduce(state, event);
  let next = state;
  for (const press of keyPresses(event.input, event.key)) {
    // Letters one by one, until a prompt opens: then the rest of the run is its text.
    let rest = press.input;
    do {
      const input = next.prompt || rest === '' ? rest : Array.from(rest)[0]!;
      rest = rest.slice(input.length);
      const action = actionForKey(next, input, press.key);
      if (action) next = reduce(next, action);
    } while (rest !== '');
  }
  return next;
}

const TITLES: Record<Screen['kind'], string> = {
  start: 'Start', chain: 'Chain', timeline: 'Timeline', detail: 'Record', scope: 'Scope', credential: 'Credential', eviction: 'Eviction',
};

function Header({ state, storePath }: { state: State; storePath: string }) {
  // The way back, shortened to the last screens when it grows long.
  const all = state.stack.map((s) => TITLES[s.kind]);
  const trail = all.length > 5 ? ['…', ...all.slice(-4)] : all;
  const store = storePath.split(/[\\/]/).pop() ?? storePath;
  return (
    <Line>
      <Text bold inverse>{' trail-trace '}</Text>
      {` ${trail.slice(0, -1).join(' › ')}${trail.length > 1 ? ' › ' : ''}`}
      <Text bold>{trail[trail.length - 1]}</Text>
      <Text dimColor>{`   ${safe(store)}`}</Text>
    </Line>
  );
}

function Body({ state, storePath }: { state: State; storePath: string }) {
  const tone = useTone();
  if (state.help) return <HelpOverlay />;
  const top = topScreen(state);
  const height = bodyHeight(state.size);
  if (top.error !== undefined) {
    return (
      <Box flexDirection="column">
        <Line><Text color={tone('red')}>{safe(top.error)}</Text></Line>
        <Line>Esc goes back; i traces another event.</Line>
      </Box>
    );
  }
  switch (top.kind) {
    case 'start': return <StartScreen screen={top} state={state} storePath={storePath} height={height} />;
    case 'chain': return <ChainView screen={top} size={state.size} height={height} fetch={state.fetch?.screenId === top.id ? state.fetch : null} canFetch={state.canFetch} />;
    case 'timeline': return <TimelineView screen={top} size={state.size} />;
    case 'detail': return <DetailPane screen={top} size={state.size} />;
    case 'scope': return <ScopeView screen={top} size={state.size} />;
    case 'credential': return <CredentialView screen={top} size={state.size} />;
    case 'eviction': return <EvictionView screen={top} size={state.size} />;
  }
}

export function App({ data, size, eventId, fetchFirst, color }: AppProps) {
  const [state, dispatch] = useReducer(appReducer, undefined, () => initialState(size, { ...(eventId ? { eventId } : {}), canFetch: data.fetchTrace !== undefined, fetchFirst: fetchFirst ?? false }));
  const { exit } = useApp();
  const running = useRef(new Set<string>());
  /** The running fetch's stop, by its number. */
  const stops = useRef(new Map<number, AbortController>());

  // Who holds the store while the UI waits for it, for the status line.
  useEffect(() => data.watchStore((holder) => dispatch({ type: 'store-holder', holder })), [data]);

  useEffect(() => {
    if (state.fetch?.cancelled) stops.current.get(state.fetch.seq)?.abort();
  }, [state.fetch]);

  // Quitting stops a fetch still running (its Athena query cancelled): nobody is left to read it.
  useEffect(() => {
    const running = stops.current;
    return () => {
      for (const stop of running.values()) stop.abort();
    };
  }, []);

  useInput((input, key) => dispatch({ type: 'key', input, key }));

  useEffect(() => {
    if (size.columns !== state.size.columns || size.rows !== state.size.rows) dispatch({ type: 'resize', size });
  }, [size, state.size]);

  useEffect(() => {
    for (const load of loadsNeeded(state)) {
      const key = loadKey(load);
      if (running.current.has(key)) continue;
      running.current.add(key);
      const stop = new AbortController();
      if (load.kind === 'fetch') stops.current.set(load.seq, stop);
      void runLoad(data, load, { progress: dispatch, signal: stop.signal }).then((action) => {
        running.current.delete(key);
        if (load.kind === 'fetch') stops.current.delete(load.seq);
        dispatch(action);
      });
    }
  }, [state, data]);

  useEffect(() => {
    if (state.quit) exit();
  }, [state.quit, exit]);

  return (
    <ThemeContext.Provider value={{ color }}>
      <Box flexDirection="column" width={size.columns} height={size.rows}>
        <Header state={state} storePath={data.storePath} />
        <Box flexDirection="column" height={bodyHeight(state.size)} overflow="hidden">
          <Body state={state} storePath={data.storePath} />
        </Box>
        <StatusBar state={state} />
      </Box>
    </ThemeContext.Provider>
  );
}
