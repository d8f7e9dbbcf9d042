import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create('/tmp/c2.duckdb');
const c = await db.connect();
const q = async (s) => (await c.runAndReadAll(s)).getRowObjectsJson();
await c.run('SET max_vacuum_tasks=0');
await c.run(`CREATE TABLE idx2 AS SELECT id_hash, file_id FROM event_id_index ORDER BY id_hash`);
await c.run('CHECKPOINT');
const ids = (await q(`SELECT event_id FROM events USING SAMPLE 200 ROWS`)).map(r => r.event_id);
async function time(label, sql) {
  const p = await c.prepare(sql);
  for (const id of ids.slice(0, 5)) { p.bindVarchar(1, id); await p.runAndReadAll(); }
  const ts = [];
  for (const id of ids) { p.bindVarchar(1, id); const t = performance.now(); const r = await p.runAndReadAll(); ts.push(performance.now()-t); if (r.currentRowCount !== 1) console.log('rows', r.currentRowCount); }
  ts.sort((a,b)=>a-b); console.log(label, 'p50', ts[100].toFixed(2), 'p95', ts[190].toFixed(2));
}
await time('3col', `WITH l AS (SELECT file_id, record_index FROM event_id_index WHERE id_hash = event_id_hash($1)) SELECT e.event_id, e.file_id, e.record_index FROM l JOIN events e ON e.file_id = l.file_id AND e.record_index = l.record_index WHERE e.event_id = $1`);
await time('2col', `WITH l AS (SELECT file_id FROM idx2 WHERE id_hash = event_id_hash($1)) SELECT e.event_id, e.file_id, e.record_index FROM l JOIN events e ON e.file_id = l.file_id WHERE e.event_id = $1`);
console.log(JSON.stringify(await q(`select column_name, count(*) n from pragma_storage_info('idx2') group by 1`)));
