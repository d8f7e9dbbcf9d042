// Schema migrations: queries/schema/NNN_name.sql, applied in order: all in one transaction for a new
// store, each in its own for an existing one.

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { EXIT, UserError } from '../errors.js';
import { QUERIES_DIR, sql, statements } from './queries.js';
import type { Store } from './store.js';

export interface Migration {
  version: number;
  name: string;
}

export function listMigrations(): Migration[] {
  return readdirSync(path.join(QUERIES_DIR, 'schema'))
    .map((file) => /^(\d+)_(.+)\.sql$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: Number(m[1]), name: `${m[1]}_${m[2]}` }))
    .sort((a, b) => a.version - b.version);
}

export async function currentVersion(store: Store): Promise<number> {
  const exists = await store.all(
    `SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_migrations'`,
  );
  if (exists.length === 0) return 0;
  const rows = await store.all<{ v: number | null }>(`SELECT max(version) AS v FROM schema_migrations`);
  return Number(rows[0]?.v ?? 0);
}

export async function migrate(store: Store): Promise<void> {
  const migrations = listMigrations();
  const latest = migrations.at(-1)?.version ?? 0;
  const current = await currentVersion(store);
  if (current > latest) {
    throw new UserError(
      `The store ${store.path} was made by a newer trail-trace (schema ${current}, this version knows ${latest}).`,
      'Upgrade trail-trace, or use another store with --db.',
      EXIT.unreadable,
    );
  }
  if (current === latest) return;
  if (store.readOnly) {
    throw new UserError(
      `The store ${store.path} needs an upgrade (schema ${current} → ${latest}) and was opened read-only.`,
      'Run any ingest on it once (e.g. `trail-trace ingest files <path>`) to upgrade it.',
      EXIT.unreadable,
    );
  }
  const pending = migrations.filter((x) => x.version > current);
  const compression = await recordsCompression(store);
  // A new store is made in one transaction; an existing one is upgraded a migration at a time, each
  // committed on its own (one may rewrite much of a large store).
  const steps = current === 0 ? [pending] : pending.map((m) => [m]);
  for (const step of steps) {
    await store.transaction(async () => {
      await store.run(
        `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`,
      );
      for (const m of step) {
        const text = sql(`schema/${m.name}`).replaceAll(RECORDS_COMPRESSION, compression);
        for (const statement of statements(text)) await store.run(statement);
      }
      // One row per migration, in one statement.
      const rows = step.map((_m, i) => `($${2 * i + 1}, $${2 * i + 2}, now()::TIMESTAMP)`).join(', ');
      await store.run(`INSERT INTO schema_migrations VALUES ${rows}`, step.flatMap((m) => [m.version, m.name]));
    });
  }
}

/**
 * Where a migration's column may be compressed with zstd: DuckDB's file format has it from v1.2 on,
 * and a store keeps the format it was made with (src/store/store.ts STORAGE_VERSION for new ones).
 * On an older store, forcing it would store the column uncompressed, so the marker stays a comment.
 */
const RECORDS_COMPRESSION = '/*records-compression*/';

async function recordsCompression(store: Store): Promise<string> {
  const [row] = await store.all<{ version: string | null }>(
    `SELECT tags['storage_version'] AS version FROM duckdb_databases() WHERE database_name = current_database()`,
  );
  const [major = 0, minor = 0] = (/^v(\d+)\.(\d+)/.exec(row?.version ?? '') ?? []).slice(1).map(Number);
  return major > 1 || (major === 1 && minor >= 2) ? 'USING COMPRESSION zstd' : RECORDS_COMPRESSION;
}
