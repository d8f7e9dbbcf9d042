// One line of the screen: never wraps, cut with an ellipsis at the edge. Everything the UI draws
// goes through it or through <Text> in it, so a long value can never push the layout down.

import { Text } from 'ink';
import type { ReactNode } from 'react';

export function Line({ children, dim }: { children?: ReactNode; dim?: boolean }) {
  return (
    <Text wrap="truncate-end" dimColor={dim}>
      {children ?? ' '}
    </Text>
  );
}
