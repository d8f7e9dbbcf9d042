import { defineConfig } from 'vitest/config';
import LongestFirst from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // DuckDB is multi-threaded itself; two test files at a time suit a 2-core machine.
    maxWorkers: 2,
    // The longest files first (test/durations.json), so that no long one runs alone at the end.
    sequence: { sequencer: LongestFirst },
    env: { TZ: 'UTC', NO_COLOR: '1' },
    // A golden file (toMatchFileSnapshot) that is missing or different fails, on every machine,
    // instead of being written: \`npx vitest run <file> -u\` writes them, for a diff to read.
    update: 'none',
  },
});
