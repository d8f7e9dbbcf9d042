// File-system failures are the user's to fix, told plainly (src/cli/io-errors.ts), never "a bug".

import { describe, expect, it } from 'vitest';
import { ioFailure } from '../../src/cli/io-errors.js';

function errno(code: string, syscall: string, path?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, ${syscall}`), { code, syscall, ...(path ? { path } : {}) });
}

describe('ioFailure', () => {
  it('names the operation, the path and the reason of a Node file-system error', () => {
    expect(ioFailure(errno('ENOSPC', 'write', '/cases/42/store.duckdb.evidence/ab/x.tmp'))?.message)
      .toBe('Cannot write /cases/42/store.duckdb.evidence/ab/x.tmp: the disk is full.');
    expect(ioFailure(errno('EACCES', 'scandir', '/logs/locked'))?.message).toBe('Cannot scandir /logs/locked: permission denied.');
    expect(ioFailure(errno('EROFS', 'open'))?.message).toBe('Cannot open: the file system is read-only.');
  });

  it("recognises DuckDB's words for a full disk", () => {
    const f = ioFailure(new Error('IO Error: Could not write file "/cases/s.duckdb.wal": No space left on device'));
    expect(f?.message).toMatch(/^The store cannot be written: the disk is full \(DuckDB: IO Error: Could not write file/);
    expect(f?.hint).toMatch(/what was stored is kept/);    // A commit whose write-ahead log could not be written (seen with a full disk mid-ingest).
    expect(ioFailure(new Error('TransactionContext Error: Failed to commit: Could not write file "/tmp/s.duckdb.wal": No space left on device'))?.message)
      .toMatch(/^The store cannot be written: the disk is full \(DuckDB: TransactionContext Error: Failed to commit/);
  });

  it('escapes a path before it reaches the terminal', () => {
    expect(ioFailure(errno('EACCES', 'open', '/logs/\u001b[31mred'))?.message).not.toMatch(/\u001b/); // eslint-disable-line no-control-regex
  });

  it('leaves anything else to be reported as a bug', () => {
    expect(ioFailure(new TypeError('x is undefined'))).toBeUndefined();
    expect(ioFailure(errno('ENOENT', 'open', '/x'))).toBeUndefined();
    expect(ioFailure(new Error('IO Error: something else entirely'))).toBeUndefined();
    expect(ioFailure(undefined)).toBeUndefined();
  });
});
