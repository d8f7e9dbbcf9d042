// DuckDB's Node API, loaded with require(): the package is CommonJS, and imported from ESM, Node
// first lexes each of its files for their export names, about 90 ms of every command's start-up
// (measured: import() 190-220 ms, require() 90-130 ms). Modules take its values from here and
// import only its types (eslint.config.js holds them to that).

import { createRequire } from 'node:module';
import type * as DuckDB from '@duckdb/node-api';

export const duckdb = createRequire(import.meta.url)('@duckdb/node-api') as typeof DuckDB;
