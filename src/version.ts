// trail-trace's version, read from package.json at run time (src/ and dist/ both sit one level
// below the package root), so a report or `--version` never shows a stale hard-coded number.

import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function toolVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
