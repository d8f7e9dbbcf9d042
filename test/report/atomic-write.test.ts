// Reports are written whole or not at all: a failing disk leaves the existing file as it was and
// no temporary file behind (issue: `report -o` could leave a truncated file, and with --force
// replace a good report with a truncated one).

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, type TextWriter } from '../../src/atomic-write.js';
import { writeReport } from '../../src/cli/commands/report.js';
import { UserError } from '../../src/errors.js';
import { tempDir } from '../helpers/temp.js';

/** A disk that fills up half way through the write: the bytes before are on disk, then ENOSPC. */
const fullDisk: TextWriter = (file, text, options) => {
  writeFileSync(file, text.slice(0, text.length / 2), options);
  throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
};

describe('writeFileAtomic', () => {
  it('writes the text, refuses an existing name without replace, replaces with it, and leaves no temporary file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'incident.md');
    writeFileAtomic(file, 'first', false);
    expect(() => writeFileAtomic(file, 'second', false)).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(readFileSync(file, 'utf8')).toBe('first');
    writeFileAtomic(file, 'third', true);
    expect(readFileSync(file, 'utf8')).toBe('third');
    expect(readdirSync(dir)).toEqual(['incident.md']);
  });
});

describe('writeReport on a full disk', () => {
  it('with --force keeps the good report whole and says what happened', () => {
    const dir = tempDir();
    const file = path.join(dir, 'incident.md');
    writeFileSync(file, '# the good report\n');
    const err = (() => {
      try {
        writeReport(file, '# a new report '.repeat(1000), true, fullDisk);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe(`Cannot write ${file}: the disk is full; nothing was written and the existing file is unchanged.`);
    expect(readFileSync(file, 'utf8')).toBe('# the good report\n');
    expect(readdirSync(dir)).toEqual(['incident.md']);
  });

  it('without a file before, leaves none, truncated or whole', () => {
    const dir = tempDir();
    const file = path.join(dir, 'incident.md');
    expect(() => writeReport(file, '# report '.repeat(1000), false, fullDisk)).toThrow(UserError);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
