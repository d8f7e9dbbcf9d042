// The scope's eviction checklist, in order, scrolled like a record: each step, why, and its AWS CLI
// command as `trail-trace scope` prints it (printed, never run), then what limited the scope.

import { Box, Text } from 'ink';
import type { Size } from '../layout.js';
import { evictionLines, evictionRows, type EvictionLine } from '../scope-layout.js';
import type { EvictionScreen } from '../state.js';
import { plural, safe } from '../text.js';
import { useTone } from '../theme.js';
import { Line } from './line.js';

function Styled({ line }: { line: EvictionLine }) {
  const tone = useTone();
  switch (line.kind) {
    case 'step':
    case 'heading':
      return <Line><Text bold>{line.text}</Text></Line>;
    case 'command':
      return <Line><Text color={tone('cyan')}>{line.text}</Text></Line>;
    case 'note':
      return <Line dim>{line.text}</Line>;
    case 'why':
      return <Line>{line.text}</Line>;
  }
}

export function EvictionView({ screen, size }: { screen: EvictionScreen; size: Size }) {
  const lines = evictionLines(screen.scope, size);
  const rows = evictionRows(size);
  const last = Math.min(lines.length, screen.scroll + rows);
  return (
    <Box flexDirection="column">
      <Line>
        <Text bold>Eviction</Text>
        {` · ${plural(screen.scope.eviction.length, 'step')}, in this order · printed, never run · lines ${Math.min(lines.length, screen.scroll + 1)}–${last} of ${lines.length}`}
      </Line>
      <Line dim>{`To copy them whole: trail-trace scope ${safe(screen.scope.start.value)}`}</Line>
      {lines.slice(screen.scroll, last).map((line, i) => <Styled key={screen.scroll + i} line={line} />)}
    </Box>
  );
}
