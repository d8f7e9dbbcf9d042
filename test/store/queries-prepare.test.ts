// Every query file is valid SQL against the schema the migrations make: each is prepared (parsed and
// bound, which names every table, column and function) on a migrated store, with the temp tables and
// macros it runs beside, and takes its parameters by name. A query that would fail only on the
// branch that runs it fails here.

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stagedBatchSql, withStagedBatch, type BatchReader } from '../../src/store/load.js';
import { sql, statements as splitStatements } from '../../src/store/queries.js';
import { openStore, type Store } from '../../src/store/store.js';
import { removeDir, suiteDir } from '../helpers/temp.js';

const QUERIES = path.resolve(import.meta.dirname, '../../queries');
/** Pieces the loader puts together (stagedBatchSql), not statements of their own. */
const FRAGMENTS = new Set(['ingest/extract-events', 'ingest/record-type', 'ingest/shape-json-records',
  'ingest/source-json-array', 'ingest/source-json-lines', 'ingest/source-json-records', 'ingest/source-staged']);
/** Files of several statements, each needing the one before: run in a transaction rolled back (ingest's while a batch is staged). */
const SCRIPTS = new Set(['store/merge-event-id-index', 'ingest/event-copies', 'ingest/delete-replaced', 'ingest/recount-credential-contexts', 'ingest/no-copies']);
/** The batch's temp tables the other ingest and verify statements read, made in this order. */
const BATCH_TABLES = ['ingest/staged-involved', 'ingest/staged-copies', 'ingest/staged-dropped', 'ingest/replaced-events', 'verify/used-copies'];
/** Statements that define what other queries use: run first. */
const DEFINITIONS = ['store/chain-members-macro', 'tui/chain-calls-macro', 'scope/credential-calls-macro'];

function queryNames(dir = QUERIES, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return e.name === 'schema' ? [] : queryNames(path.join(dir, e.name), `${prefix}${e.name}/`);
    return e.name.endsWith('.sql') ? [`${prefix}${e.name.slice(0, -4)}`] : [];
  });
}

const dir = suiteDir();
let store: Store;
beforeAll(async () => {
  store = await openStore(path.join(dir, 's.duckdb'));
  for (const name of DEFINITIONS) await store.run(sql(name));
});
afterAll(async () => {
  await store.close();
  removeDir(dir);
});

const statements = queryNames().filter((n) => !FRAGMENTS.has(n) && !DEFINITIONS.includes(n) && !SCRIPTS.has(n)).sort();

describe('every query file', () => {
  it('is found (the list is not empty, and holds the three kinds)', () => {
    expect(statements.length).toBeGreaterThan(30);
    expect(statements).toContain('trace/issuances-by-access-key');
    expect(statements).toContain('ingest/insert-events');
  });

  it.each(statements)('%s prepares on a migrated store', async (name) => {
    // Ingest and verify statements read the batch's temp tables: prepared while a batch is staged.
    const file = { fileId: 1, sha256: 'a'.repeat(64), source: 'x.json', localPath: '/nowhere/x.json', keptPath: 'aa/x.json.gz', container: 'records', bytes: 1, staged: [{ index: 0, json: '{"eventID":"e","eventTime":"2026-03-09T10:00:00Z"}' }] };
    await withStagedBatch(store, [file], 'staged', [], async () => {
      for (const table of BATCH_TABLES) await store.run(sql(table));
      const prepared = await store.connection().prepare(sql(name));
      // Parameters by name ($key, $from…), never by position: what the code binds reads as what the SQL means.
      const names = Array.from({ length: prepared.parameterCount }, (_, i) => prepared.parameterName(i + 1));
      expect(names.filter((n) => /^\d+$/.test(n))).toEqual([]);
    });
  });

  it.each([...SCRIPTS])('%s runs on a migrated store, statement by statement, without parameters', async (name) => {
    const parts = splitStatements(sql(name));
    expect(parts.length).toBeGreaterThan(1);
    const file = { fileId: 1, sha256: 'a'.repeat(64), source: 'x.json', localPath: '/nowhere/x.json', keptPath: 'aa/x.json.gz', container: 'records', bytes: 1, staged: [] };
    await withStagedBatch(store, [file], 'staged', [], async () => {
      for (const table of BATCH_TABLES) await store.run(sql(table));
      await expect(store.transaction(async () => {
        for (const part of parts) await store.run(part);
        throw new Error('rolled back');
      })).rejects.toThrow('rolled back');
    });
  });

  it.each(['records', 'array', 'lines', 'staged'] as BatchReader[])('the batch read of the %s reader prepares', async (reader) => {
    await withStagedBatch(store, [], 'staged', [], async () => {
      const prepared = await store.connection().prepare(stagedBatchSql(reader, 16 * 1024 * 1024));
      const names = Array.from({ length: prepared.parameterCount }, (_, i) => prepared.parameterName(i + 1));
      expect(names).toEqual(reader === 'staged' ? [] : ['paths']);
    });
  });
});
