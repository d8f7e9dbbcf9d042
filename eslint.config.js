// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** A no-restricted-imports rule for one layer: the sibling layers of src it must not import. */
function layer(dir, forbidden, { extra = [], allow = [] } = {}) {
  const groups = forbidden.flatMap((name) => Array.from({ length: 4 }, (_, i) => `${'../'.repeat(i + 1)}${name}/*`));
  // Modules of a forbidden layer this one may still import (gitignore-style negations).
  for (const module of allow) groups.push(...Array.from({ length: 4 }, (_, i) => `!${'../'.repeat(i + 1)}${module}`));
  // Files at src/x/** reach a sibling layer through ../, ../../, …
  return [{
    files: [`${dir}/**/*.ts`, `${dir}/**/*.tsx`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: groups, message: `${dir} must not import ${forbidden.join(', ')} (layers: DESIGN.md; eslint.config.js).` },
          ...extra,
        ],
      }],
    },
  }];
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench-data/**', 'scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Layers (DESIGN.md): each directory of src imports only the layers below it. `cli` wires them
  // all; `text` (terminal-safe text) and `trace` (the pure tracer) import none.
  ...layer('src/trace', ['store', 'ingest', 'cli', 'tui', 'report', 'aws', 'app', 'sources'], {
    extra: [
      { group: ['node:*', 'fs', 'path', 'child_process', 'zlib', 'os'], message: 'src/trace is pure: no I/O imports.' },
      { group: ['@duckdb/*', '@aws-sdk/*', 'ink', 'react'], message: 'src/trace imports nothing with I/O.' },
    ],
  }),
  ...layer('src/text', ['store', 'ingest', 'cli', 'tui', 'report', 'aws', 'trace', 'app', 'sources']),
  ...layer('src/aws', ['store', 'ingest', 'cli', 'tui', 'report', 'trace', 'app', 'sources']),
  ...layer('src/report', ['store', 'ingest', 'cli', 'tui', 'aws', 'app', 'sources'], {
    extra: [{ group: ['@duckdb/*', '@aws-sdk/*'], message: 'src/report renders a Trace: no store, no AWS.' }],
  }),
  ...layer('src/store', ['cli', 'tui', 'report', 'aws', 'app', 'sources'], {
    extra: [{ group: ['../trace/walk.js', '../trace/walk'], message: 'The store answers queries; src/app runs the tracer (trace-event.ts).' }],
  }),
  // The application layer wires the store, the tracer and the report's renderer for the commands and
  // the UI; of the UI it knows only the interface it answers (TuiData) and the pure pieces that say
  // what a UI member or row means.
  ...layer('src/app', ['cli', 'tui'], { allow: ['tui/data.js', 'tui/members.js', 'tui/worth.js'] }),
  ...layer('src/ingest', ['cli', 'tui', 'report', 'app', 'sources']),
  // Where logs live (source kinds, the narrow questions): built on ingest's readers and the AWS
  // clients; the application layer asks them, the store keeps them.
  ...layer('src/sources', ['cli', 'tui', 'report', 'app', 'store']),
  // The UI asks for everything through TuiData (src/app/tui-data.ts answers it): no store, no SQL.
  ...layer('src/tui', ['cli', 'aws', 'ingest', 'store', 'app', 'report', 'sources']),
  {
    // DuckDB's values come through src/store/duckdb.ts (require(): imported from ESM, its CommonJS
    // files are lexed first, some 90 ms of every command's start-up); its types from the package.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/store/duckdb.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: '@duckdb/node-api', allowTypeImports: true, message: 'Take DuckDB\'s values from src/store/duckdb.ts (require(), for start-up time); import only its types here.' }],
      }],
    },
  },
  {
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // CommonJS helpers (s3rver is a CommonJS package run in its own process).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // TypeScript checks names itself (typescript-eslint's advice).
    files: ['**/*.ts', '**/*.tsx'],
    rules: { 'no-undef': 'off' },
  },
);
