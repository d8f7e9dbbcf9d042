// `npm run test:durations`: how long each test file took in this run (with its hooks and its
// collection), merged into test/durations.json for test/sequencer.ts; only a run that passed is
// written, and files that did not run keep their figure. Run it on a quiet 2-core machine after
// adding or much changing a long test file.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule, TestRunEndReason } from 'vitest/node';
import { durationKey } from './sequencer.js';

const FILE = path.join(import.meta.dirname, 'durations.json');

export default class DurationsReporter implements Reporter {
  private readonly seconds = new Map<string, number>();

  onTestModuleEnd(module: TestModule): void {
    const d = module.diagnostic();
    this.seconds.set(durationKey(module.moduleId), Math.round((d.collectDuration + d.setupDuration + d.duration) / 100) / 10);
  }

  onTestRunEnd(_modules: readonly TestModule[], _errors: readonly unknown[], reason: TestRunEndReason): void {
    if (reason !== 'passed') return;
    const merged = new Map(Object.entries(JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, number>));
    for (const [file, s] of this.seconds) merged.set(file, s);
    const sorted = [...merged].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    writeFileSync(FILE, `${JSON.stringify(Object.fromEntries(sorted), null, 2)}\n`);
  }
}
