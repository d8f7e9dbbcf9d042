// The two bottom lines: the prompt while one is open, else the last message; then the keys that
// matter on this screen (all of them: ?).

import { Text } from 'ink';
import type { Screen, State } from '../state.js';
import { topScreen } from '../state.js';
import { safe } from '../text.js';
import { useTone } from '../theme.js';
import { Line } from './line.js';

// Each fits 80 columns.
const HINTS: Record<Screen['kind'], string> = {
  start: '↑↓ move · Enter trace · S scope · i event id · ? keys · q quit',
  chain: '↑↓ · Enter open · t trace · a all calls · S scope · r report · Esc back · ? keys',
  timeline: '↑↓ · Enter record · t trace · w e s / filter · Esc back · ? keys · q quit',
  detail: '↑↓ PgUp PgDn · / find · t trace · r report · Esc back · ? keys · q quit',
  scope: '↑↓ · Enter calls and changes · t trace its making call · Esc back · ? keys',
  credential: '↑↓ PgUp PgDn · Enter record · t trace · Esc back · ? keys · q quit',
  eviction: '↑↓ PgUp PgDn g G · Esc back · ? keys · q quit',
};

/** The chain's keys when f fetches (tui --fetch). */
const CHAIN_FETCH_HINT = '↑↓ · Enter open · t trace · a all calls · S scope · r report · f fetch · ? keys';

const PROMPTS = { 'search': 'search: ', 'event-id': 'event id: ', 'fetch-day': 'its day, YYYY-MM-DD (nothing: Event history only): ' };

export function StatusBar({ state }: { state: State }) {
  const tone = useTone();
  const prompt = state.prompt;
  return (
    <>
      {prompt ? (
        <Line><Text bold color={tone('cyan')}>{PROMPTS[prompt.kind]}</Text>{safe(prompt.text)}<Text inverse> </Text><Text dimColor>{'  Enter: go · Esc: cancel'}</Text></Line>
      ) : state.storeHolder ? (
        <Line><Text color={tone('yellow')}>{`Waiting for the store: in use by ${safe(state.storeHolder)}; an ingest lets the UI in between batches.`}</Text></Line>
      ) : (
        <Line><Text color={tone('yellow')}>{safe(state.message ?? '')}</Text></Line>
      )}
      <Line dim>{state.help ? 'any key closes the help · q quit' : state.canFetch && topScreen(state).kind === 'chain' ? CHAIN_FETCH_HINT : HINTS[topScreen(state).kind]}</Line>
    </>
  );
}
