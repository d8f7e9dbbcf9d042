// A process of its own at a DuckDB file, for the tests of taking turns at a store (DuckDB's file
// lock does not stop a second opening within one process). `hold <db>`: opens it to write, says
// "held", and keeps it until killed. `try <db>`: opens it to write and says "ok", or "busy" when
// another process holds it.

import { createRequire } from 'node:module';

const { DuckDBInstance } = createRequire(import.meta.url)('@duckdb/node-api');
const [mode, db] = process.argv.slice(2);

try {
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_WRITE' });
  if (mode === 'try') {
    instance.closeSync();
    process.stdout.write('ok\n');
  } else {
    process.stdout.write('held\n');
    setInterval(() => undefined, 60_000);
  }
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  process.stdout.write(/lock/i.test(message) ? 'busy\n' : `error: ${message}\n`);
}
