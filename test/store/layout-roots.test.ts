// Where files came from (layout_roots), as gap hints word their commands: each location once, with
// the endpoint it was last read through and the organisation it was first seen with.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rememberLayoutRoots } from '../../src/store/load.js';
import { openStore } from '../../src/store/store.js';
import { tempDir } from '../helpers/temp.js';

describe('rememberLayoutRoots', () => {
  it('keeps each location once, with the latest endpoint it was read through', async () => {
    const store = await openStore(path.join(tempDir(), 'roots.duckdb'));
    try {
      const rows = () => store.all(`SELECT kind, root, org_id, endpoint_url FROM layout_roots ORDER BY kind, root`);
      await rememberLayoutRoots(store, 's3', [{ root: 's3://trail/', orgId: 'o-1', endpointUrl: 'http://127.0.0.1:1' }]);
      await rememberLayoutRoots(store, 'local', [{ root: '/logs', orgId: null }]);
      // The same again: nothing changes.
      await rememberLayoutRoots(store, 's3', [{ root: 's3://trail/', orgId: 'o-1', endpointUrl: 'http://127.0.0.1:1' }]);
      await rememberLayoutRoots(store, 'local', [{ root: '/logs', orgId: null }]);
      expect(await rows()).toEqual([
        { kind: 'local', root: '/logs', org_id: null, endpoint_url: null },
        { kind: 's3', root: 's3://trail/', org_id: 'o-1', endpoint_url: 'http://127.0.0.1:1' },
      ]);
      // Read through another endpoint, then AWS's own: the latest is kept; the organisation first seen stays.
      await rememberLayoutRoots(store, 's3', [{ root: 's3://trail/', orgId: 'o-2', endpointUrl: 'http://127.0.0.1:2' }]);
      expect((await rows())[1]).toEqual({ kind: 's3', root: 's3://trail/', org_id: 'o-1', endpoint_url: 'http://127.0.0.1:2' });
      await rememberLayoutRoots(store, 's3', [{ root: 's3://trail/', orgId: 'o-1' }, { root: 's3://other/', orgId: null }]);
      expect(await rows()).toEqual([
        { kind: 'local', root: '/logs', org_id: null, endpoint_url: null },
        { kind: 's3', root: 's3://other/', org_id: null, endpoint_url: null },
        { kind: 's3', root: 's3://trail/', org_id: 'o-1', endpoint_url: null },
      ]);
      // Named twice in one call, through two endpoints: the later is kept.
      await rememberLayoutRoots(store, 's3', [{ root: 's3://trail/', orgId: 'o-1', endpointUrl: 'http://127.0.0.1:3' }, { root: 's3://trail/', orgId: 'o-1' }]);
      expect((await rows())[2]).toEqual({ kind: 's3', root: 's3://trail/', org_id: 'o-1', endpoint_url: null });
    } finally {
      await store.close();
    }
  });
});
