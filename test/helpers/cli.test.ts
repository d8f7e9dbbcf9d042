// runInProcess's check that a command left nothing open that would keep the built command alive.

import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { liveHandles, noHandlesLeft } from './cli.js';

describe('a command run in this process', () => {
  it('fails when it leaves a server open, and passes once it is closed', async () => {
    const before = liveHandles();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await expect(noHandlesLeft(before, ['from-event', 'x'])).rejects.toThrow('trail-trace from-event x left open 1 TCPServerWrap: the command would not exit');
    await new Promise((resolve) => server.close(resolve));
    await expect(noHandlesLeft(before, ['from-event', 'x'])).resolves.toBeUndefined();
  });
});
