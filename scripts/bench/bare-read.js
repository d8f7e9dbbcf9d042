// DuckDB's bare read of a folder of trail files: read_json + unnest of every .json.gz, in a
// throwaway in-memory database. Decompression and JSON parsing with nothing of trail-trace's (no
// kept copies, no checks, no index): the baseline ingest is measured against, in the same run.

import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

/** @returns {Promise<{ readSeconds: number, readEvents: number, readEventsPerSecond: number }>} */
export async function bareRead(corpusDir) {
  const memory = await DuckDBInstance.create(':memory:');
  const reader = await memory.connect();
  const glob = path.join(path.resolve(corpusDir), '**', '*.json.gz').replaceAll("'", "''");
  const started = performance.now();
  const read = await reader.runAndReadAll(
    `SELECT count(*) AS n FROM (SELECT unnest(Records) FROM read_json('${glob}', columns = {Records: 'JSON[]'}, format = 'auto', maximum_object_size = 1073741824))`);
  const readSeconds = (performance.now() - started) / 1000;
  const readEvents = Number(read.getRows()[0][0]);
  reader.closeSync();
  memory.closeSync();
  return { readSeconds, readEvents, readEventsPerSecond: readEvents / readSeconds };
}
