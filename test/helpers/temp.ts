import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];
afterEach(() => {
  while (made.length) rmSync(made.pop()!, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test. */
export function tempDir(prefix = 'trail-trace-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A temporary folder for a whole suite (beforeAll); the caller removes it in afterAll. */
export function suiteDir(prefix = 'trail-trace-suite-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export const CORPUS = path.resolve(import.meta.dirname, '../../../shared/cloudtrail-corpus');
export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');
