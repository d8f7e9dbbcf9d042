// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
  {
    // The tracer is pure: no I/O, no store, no SDK, no UI (STYLE.md, DESIGN.md).
    files: ['src/trace/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'child_process', 'zlib', 'os'], message: 'src/trace is pure: no I/O imports.' },
          { group: ['@duckdb/*', '@aws-sdk/*', 'ink', 'react', '../store/*', '../ingest/*', '../cli/*', '../ui/*', '../tui/*', '../report/*'], message: 'src/trace imports nothing with I/O.' },
        ],
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
