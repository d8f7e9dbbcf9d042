// `npm run test:durations`: how long each test file took in this run (with its hooks and its
// collection), written to test/durations.json for test/sequencer.ts. Run it on a quiet 2-core
// machine after adding or much changing a long test file.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { durationKey } from './sequencer.js';

export default class DurationsReporter implements Reporter {
  private readonly seconds = new Map<string, number>();

  onTestModuleEnd(module: TestModule): void {
    const d = module.diagnostic();
    this.seconds.set(durationKey(module.moduleId), Math.round((d.collectDuration + d.setupDuration + d.duration) / 100) / 10);
  }

  onTestRunEnd(): void {
    const sorted = [...this.seconds].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    writeFileSync(path.join(import.meta.dirname, 'durations.json'), `${JSON.stringify(Object.fromEntries(sorted), null, 2)}\n`);
  }
}
