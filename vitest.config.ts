import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // DuckDB is multi-threaded itself; two test files at a time suit a 2-core machine.
    maxWorkers: 2,
    env: { TZ: 'UTC', NO_COLOR: '1' },
    // A golden file (toMatchFileSnapshot) that is missing or different fails, on every machine,
    // instead of being written: \`npx vitest run <file> -u\` writes them, for a diff to read.
    update: 'none',
  },
});
