// The order vitest starts test files in: the longest first (test/durations.json, seconds measured
// on a 2-core machine), so that the last files to start are short ones and no long file runs alone
// at the end while the other worker has nothing left (vitest's own order uses the durations it
// cached in node_modules, which a clean checkout lacks: it then starts the largest files first, and
// a short file that drives a long end-to-end run can be last). A file not listed yet starts first.
// This order replaces vitest's whole (its "failed files first" too). `npm run test:durations`
// measures the files again.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const durations = JSON.parse(readFileSync(path.join(import.meta.dirname, 'durations.json'), 'utf8')) as Record<string, number>;

/** A test file's path relative to test/, with forward slashes: the key of durations.json. */
export function durationKey(moduleId: string): string {
  return path.relative(import.meta.dirname, moduleId).split(path.sep).join('/');
}

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = (f: TestSpecification) => durations[durationKey(f.moduleId)] ?? Number.POSITIVE_INFINITY;
    return [...files].sort((a, b) => seconds(b) - seconds(a));
  }
}
