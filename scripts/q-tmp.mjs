import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(process.argv[2], { access_mode: 'READ_ONLY' });
const c = await db.connect();
for (const q of process.argv.slice(3)) { const t = performance.now(); const r = await c.runAndReadAll(q); console.log(JSON.stringify(r.getRowObjectsJson()).slice(0, 3000), (performance.now()-t).toFixed(1)+'ms'); }
