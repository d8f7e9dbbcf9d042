// The ingest's counts (src/ingest/tally.ts), without a store: what the summary and the progress say
// for what the ingest loop reports.

import { describe, expect, it } from 'vitest';
import { IngestTally, StrictModeStop } from '../../src/ingest/tally.js';

const listing = { total: { files: 10, bytes: 1000 }, alreadyLoaded: 2, skipped: { insights: 1 } };

describe('IngestTally', () => {
  it('a file with no CloudTrail event is not loaded: counted apart, named with why', () => {
    const t = new IngestTally(listing);
    const files = [{ localPath: '/ev/aa/1.json', source: 'export.ndjson' }, { localPath: '/ev/bb/2.json', source: 'empty.json' }, { localPath: '/ev/cc/3.json', source: 'trail.json' }];
    t.batchStored(files, { valid: 4, inserted: 4, problems: [], conflicts: { count: 0, examples: [] }, empty: [{ source: 'export.ndjson', records: 103 }, { source: 'empty.json', records: 0 }] });
    expect(t.summary.files).toMatchObject({ loaded: 1, empty: 2 });
    expect(t.summary.gaveNothing).toEqual([
      { source: 'export.ndjson', why: 'none of its 103 records is a CloudTrail event (see the warnings)' },
      { source: 'empty.json', why: 'no records in it' },
    ]);
  });

  it('counts a batch: files, new and duplicate events, and each problem as a warning naming the source file', () => {
    const t = new IngestTally(listing);
    const files = [{ localPath: '/ev/aa/1.json.gz', source: 'logs/a.json.gz' }, { localPath: '/ev/bb/2.json.gz', source: 'logs/b.json.gz' }];
    t.batchStored(files, {
      valid: 90, inserted: 85, empty: [], conflicts: { count: 0, examples: [] },
      problems: [{ problem: 'missing-event-time', count: 7, examples: [
        { localPath: '/ev/aa/1.json.gz', index: 3, eventId: 'e-3' }, { localPath: '/ev/bb/2.json.gz', index: 0, eventId: null },
      ] }],
    });
    const s = t.finish(1.5, { interrupted: false, stoppedByStrict: false });
    expect(s.files).toEqual({ seen: 12, loaded: 2, alreadyLoaded: 2, failed: 0, restored: 0, empty: 0 });
    expect(s.events).toEqual({ new: 85, duplicate: 5 });
    expect(s.warnings.total).toBe(7);
    expect(s.warnings.byKind['missing-event-time']).toEqual({
      count: 7,
      examples: [
        { kind: 'missing-event-time', source: 'logs/a.json.gz', index: 3, detail: 'eventID e-3' },
        { kind: 'missing-event-time', source: 'logs/b.json.gz', index: 0 },
      ],
    });
    expect(s.skipped).toEqual({ insights: 1 });
    expect(s.seconds).toBe(1.5);
  });

  it('counts failed, already stored and restored files, digests, and the progress as files are taken and done', () => {
    const t = new IngestTally(listing);
    t.taken();
    t.fileFailed({ kind: 'truncated-gzip', source: 'x.json.gz' });
    t.done([{ bytes: 100 }]);
    t.taken();
    t.alreadyStored(true);
    t.done([{ bytes: 50 }]);
    t.digestsStored(3);
    expect(t.progress).toEqual({ filesDone: 2, filesRead: 2, filesTotal: 10, bytesDone: 150, bytesTotal: 1000, eventsNew: 0, eventsDuplicate: 0 });
    const s = t.finish(0, { interrupted: true, stoppedByStrict: false });
    expect(s.files).toEqual({ seen: 12, loaded: 3, alreadyLoaded: 3, failed: 1, restored: 1, empty: 0 });
    expect(s.digests).toBe(3);
    expect(s.interrupted).toBe(true);
    expect(s.warnings.byKind['truncated-gzip']?.count).toBe(1);
  });

  it('stops at the first warning under --strict, having counted it', () => {
    const t = new IngestTally(listing, true);
    expect(() => t.warn({ kind: 'invalid-json', source: 'bad.json', index: 4 })).toThrow(StrictModeStop);
    expect(() => t.warn({ kind: 'invalid-json', source: 'bad.json', index: 4 })).toThrow('invalid-json in bad.json at record 4');
    expect(t.summary.warnings.total).toBe(2);
  });

  it('counts files seen as those the source gave when it could not count them ahead (Athena)', () => {
    const t = new IngestTally({ total: { files: 0, bytes: 0 }, skipped: {} });
    for (let i = 0; i < 5; i++) t.taken();
    expect(t.finish(0, { interrupted: false, stoppedByStrict: false }).files.seen).toBe(5);
  });
});
