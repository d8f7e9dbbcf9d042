import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create('/tmp/b6.duckdb', { storage_compatibility_version: 'latest' });
const c = await db.connect();
const q = async (s) => (await c.runAndReadAll(s)).getRowObjectsJson();
await c.run(`CREATE TABLE ie (event_id VARCHAR, record VARCHAR USING COMPRESSION zstd)`);
await c.run(`INSERT INTO ie SELECT event_id, record FROM identity_events`);
await c.run('CHECKPOINT');
console.log(JSON.stringify(await q(`select database_name, tags from duckdb_databases() where database_name='b6'`)), JSON.stringify(await q(`select column_name, string_agg(distinct compression) c from pragma_storage_info('ie') group by 1`)));
