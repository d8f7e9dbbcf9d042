// Options several commands share.

import { Option } from 'commander';
import { resolveStorePath } from '../../store/store.js';
import { shellQuote } from '../../trace/gaps.js';

export const dbOption = () =>
  new Option('--db <file>', 'the store (DuckDB file); default $TRAIL_TRACE_DB or ./trail-trace.duckdb');

export function storePathFrom(db: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolveStorePath(db, env);
}

/** How hints should spell the ingest command so it targets the same store. */
export function ingestCommandFor(db: string | undefined, env: NodeJS.ProcessEnv): string {
  if (db) return `trail-trace ingest files --db ${shellQuote(storePathFrom(db, env))}`;
  return 'trail-trace ingest files';
}
