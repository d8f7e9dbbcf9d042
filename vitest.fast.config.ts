// `npm run test:fast`: the inner loop. The in-process tests, without the end-to-end ones (test/e2e,
// which run the built command) and the few that exercise a failure or a size at every step (a disk
// failing at each statement, files past 16 MiB, every order of loading copies, every tampering).
// `npm test` runs them all.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

export default mergeConfig(base, defineConfig({
  test: {
    exclude: [
      'test/e2e/**',
      'test/store/disk-failure.test.ts',
      'test/store/large-export.test.ts',
      'test/store/large-file.test.ts',
      'test/store/event-copies.test.ts',
      'test/store/tamper.test.ts',
      '**/node_modules/**',
    ],
  },
}));
