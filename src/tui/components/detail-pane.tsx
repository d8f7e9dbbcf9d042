// The raw record of one event, pretty-printed, scrolled a line or a page at a time. Every line is
// escaped for the terminal (src/tui/text.ts recordLines) before it is drawn.

import { Box, Text } from 'ink';
import { detailLines, detailRows, type Size } from '../layout.js';
import type { DetailScreen } from '../state.js';
import { safe } from '../text.js';
import { useTone } from '../theme.js';
import { Line } from './line.js';

export function DetailPane({ screen, size }: { screen: DetailScreen; size: Size }) {
  const tone = useTone();
  if (screen.missing) return <Line><Text color={tone('red')}>Event {safe(screen.eventId)} is not in this store.</Text></Line>;
  if (screen.record === null) return <Line>Reading the record of {safe(screen.eventId)}…</Line>;
  const lines = detailLines(screen, size);
  const rows = detailRows(size);
  const last = Math.min(lines.length, screen.scroll + rows);
  return (
    <Box flexDirection="column">
      <Line>
        <Text bold>Record</Text>{` · event ${safe(screen.eventId)} · lines ${screen.scroll + 1}–${last} of ${lines.length}`}
      </Line>
      {lines.slice(screen.scroll, last).map((line, i) => (
        <Line key={screen.scroll + i}>{line}</Line>
      ))}
    </Box>
  );
}
