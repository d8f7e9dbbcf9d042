// The repository's copy of the trace contract (docs/trace-json.md) is the shared contract plus a
// section of what trail-trace adds: the shared text must be in it word for word, and every key the
// JSON view writes must be named in it.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DOCS = path.resolve(import.meta.dirname, '../../docs/trace-json.md');
const SHARED = path.resolve(import.meta.dirname, '../../../shared/contract/trace-json.md');

describe('docs/trace-json.md', () => {
  const docs = readFileSync(DOCS, 'utf8');

  it.skipIf(!existsSync(SHARED))('holds the shared contract word for word', () => {
    expect(docs).toContain(readFileSync(SHARED, 'utf8').trim());
  });

  it('names the fields this version adds', () => {
    for (const field of ['login-profile', 'identity-center-credentials', 'CreateAccessKey', 'deliveredTo', 'hintWhy', 'awsRange', 'sharedWith', 'includesTarget', 'basis', 'ipRanges', 'acted-via-agent', 'vendedBy', 'signInSessionArn', 'differingCopies']) {
      expect(docs, field).toContain(field);
    }
  });

  it('is linked from the README', () => {
    expect(readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8')).toContain('](docs/trace-json.md)');
  });
});

describe('docs/scope-json.md', () => {
  const docs = readFileSync(path.resolve(import.meta.dirname, '../../docs/scope-json.md'), 'utf8');
  const shared = path.resolve(import.meta.dirname, '../../../shared/contract/scope-json.md');

  it.skipIf(!existsSync(shared))('holds the shared contract word for word', () => {
    expect(docs).toContain(readFileSync(shared, 'utf8').trim());
  });

  it('is linked from the README', () => {
    expect(readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8')).toContain('](docs/scope-json.md)');
  });
});
