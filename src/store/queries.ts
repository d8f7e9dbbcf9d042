// Loads the SQL kept as files under queries/ (STYLE.md principle 5). Each file is read once.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

// src/store/ and dist/store/ both sit two levels below the package root.
export const QUERIES_DIR = fileURLToPath(new URL('../../queries/', import.meta.url));

const cache = new Map<string, string>();

/** The text of queries/<name>.sql, e.g. sql('trace/issuances-by-access-key'). */
export function sql(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(path.join(QUERIES_DIR, `${name}.sql`), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** DuckDB TIMESTAMP text for an ISO 8601 UTC time (as the queries' parameters take it). */
export function sqlTimestamp(iso: string): string {
  return iso.replace('T', ' ').replace(/Z$/, '');
}

/** A list parameter; NULL for an empty list, which DuckDB cannot bind without a declared type. */
export function listParam(values: string[]): string[] | null {
  return values.length > 0 ? values : null;
}

/** The statements of a file of several, split on `;` at line ends (such files hold no procedural code). */
export function statements(text: string): string[] {
  return text
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
