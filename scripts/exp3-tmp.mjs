import { DuckDBInstance } from '@duckdb/node-api';
import { statSync } from 'node:fs';
for (const comp of ['default', 'zstd']) {
  const file = `/tmp/b5-${comp}.duckdb`;
  const db = await DuckDBInstance.create(file, { storage_compatibility_version: 'latest' });
  const c = await db.connect();
  const q = async (s) => (await c.runAndReadAll(s)).getRowObjectsJson();
  await c.run(`ATTACH '/tmp/b1/bench.duckdb' AS src (READ_ONLY)`);
  const using = comp === 'zstd' ? ' USING COMPRESSION zstd' : '';
  await c.run(`CREATE TABLE ie (event_id VARCHAR, issued_access_key_id VARCHAR, record VARCHAR${using})`);
  await c.run(`INSERT INTO ie SELECT event_id, issued_access_key_id, record FROM src.identity_events`);
  await c.run(`CREATE INDEX ie_k ON ie (issued_access_key_id)`);
  await c.run('CHECKPOINT');
  const keys = (await q(`SELECT issued_access_key_id k FROM ie WHERE issued_access_key_id IS NOT NULL LIMIT 200`)).map(r => r.k);
  const p = await c.prepare(`SELECT event_id, record FROM ie WHERE issued_access_key_id = $1`);
  const ts = [];
  for (const k of keys) { p.bindVarchar(1, k); const t0 = performance.now(); await p.runAndReadAll(); ts.push(performance.now() - t0); }
  ts.sort((a,b)=>a-b);
  console.log(comp, JSON.stringify(await q(`select used_blocks from pragma_database_size()`)), 'p50', ts[100].toFixed(2), 'p95', ts[190].toFixed(2));
  c.closeSync(); db.closeSync();
  console.log(' file MiB', (statSync(file).size/1048576).toFixed(1));
}
