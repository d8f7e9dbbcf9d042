// `?`: every key the UI knows, from the one table keys.ts acts on, and what the colours mean.

import { Box, Text } from 'ink';
import { KEY_HELP } from '../keys.js';
import { fit } from '../text.js';
import { useTone } from '../theme.js';
import { Line } from './line.js';

export function HelpOverlay() {
  const tone = useTone();
  return (
    <Box flexDirection="column">
      <Line><Text bold inverse>{' Keys '}</Text>{'  any key closes this help, q quits'}</Line>
      {KEY_HELP.map((section) => (
        <Box key={section.title} flexDirection="column">
          <Line><Text bold>{section.title}</Text></Line>
          {section.keys.map((k) => (
            <Line key={k.keys}>
              <Text color={tone('cyan')}>{`  ${fit(k.keys, 18)}`}</Text>{k.what}
            </Line>
          ))}
        </Box>
      ))}
      <Line>
        {'Links: '}<Text color={tone('green')}>EXACT</Text>{' > '}<Text color={tone('cyan')}>STRONG</Text>{' > '}
        <Text color={tone('yellow')}>HEURISTIC</Text>{'   Calls: '}<Text color={tone('red')}>!</Text>{' sensitive '}
        <Text color={tone('red')}>✗</Text>{' failed '}<Text color={tone('yellow')}>+</Text>{' write'}
      </Line>
    </Box>
  );
}
