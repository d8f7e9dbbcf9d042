import { describe, expect, it } from 'vitest';
import { parseExpiration, parseIsoTime } from '../../src/trace/time.js';

describe('parseExpiration (spec §3.0.1: Java-style US-English UTC dates)', () => {
  it.each([
    ['Sep 17, 2020 8:04:10 PM', '2020-09-17T20:04:10Z'], // no comma after the year (S19)
    ['Jul 4, 2019 4:29:29 PM', '2019-07-04T16:29:29Z'],
    ['Apr 16, 2024, 3:20:04 PM', '2024-04-16T15:20:04Z'], // comma after the year (S22)
    ['Jul 1, 2026, 12:08:19 PM', '2026-07-01T12:08:19Z'], // 12 PM is noon
    ['Apr 16, 2025, 3:46:56 AM', '2025-04-16T03:46:56Z'],
    ['Oct 25, 2024, 12:07:11 AM', '2024-10-25T00:07:11Z'], // 12 AM is midnight
    ['Mar 9, 2026, 3:04:05\u202FPM', '2026-03-09T15:04:05Z'], // narrow no-break space (newer Java locale data)
    ['2026-03-09T15:04:05Z', '2026-03-09T15:04:05Z'], // ISO accepted too
  ])('%s → %s', (raw, iso) => {
    expect(parseExpiration(raw)).toBe(iso);
  });

  it('returns undefined for garbage rather than throwing', () => {
    expect(parseExpiration('tomorrow')).toBeUndefined();
    expect(parseExpiration('Foo 1, 2020, 1:00:00 PM')).toBeUndefined();
    expect(parseExpiration(undefined)).toBeUndefined();
  });
});

describe('parseIsoTime (creationDate: extended and basic notation, spec §2.2)', () => {
  it('accepts extended and basic ISO 8601', () => {
    expect(parseIsoTime('2024-10-25T20:52:11Z')).toBe('2024-10-25T20:52:11Z');
    expect(parseIsoTime('20131102T010628Z')).toBe('2013-11-02T01:06:28Z');
  });
  it('skips the doc typo with spaces instead of guessing', () => {
    expect(parseIsoTime('2021-02-21T23: 46: 28Z')).toBeUndefined();
  });
});
