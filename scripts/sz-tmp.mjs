import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(process.argv[2], { access_mode: 'READ_ONLY' });
const c = await db.connect();
const q = async (s) => (await c.runAndReadAll(s)).getRowObjectsJson();
console.log(JSON.stringify(await q(`select total_blocks, used_blocks, free_blocks from pragma_database_size()`)));
const tables = (await q(`select table_name from duckdb_tables()`)).map(r => r.table_name);
const parts = tables.map(t => `select '${t}' t, column_name, block_id, additional_block_ids from pragma_storage_info('${t}') where block_id >= 0`).join(' union all ');
console.log(JSON.stringify(await q(`
 with s as (${parts}), per_block as (select block_id, count(*) n from s group by 1)
 select t, round(sum(262144.0 / n + 262144.0 * coalesce(len(additional_block_ids),0))/1048576, 1) mib from s join per_block using (block_id) group by all order by mib desc`)));
console.log(JSON.stringify(await q(`
 with s as (${parts}), per_block as (select block_id, count(*) n from s group by 1)
 select t, column_name, round(sum(262144.0 / n + 262144.0 * coalesce(len(additional_block_ids),0))/1048576, 1) mib from s join per_block using (block_id) group by all order by mib desc limit 16`)));
