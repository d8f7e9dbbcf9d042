// Time formats CloudTrail uses. All results are ISO 8601 UTC strings or epoch milliseconds.

const MONTHS: Record<string, number> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

// `credentials.expiration` is a US-English Java date in UTC, with or without a comma after the
// year, and possibly a narrow no-break space before AM/PM (spec §3.0.1).
const EXPIRATION = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})[\s\u202F\u00A0]?(AM|PM)$/;

/** Parses `responseElements.credentials.expiration`; ISO 8601 is accepted too. */
export function parseExpiration(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = EXPIRATION.exec(value.trim());
  if (!m) return parseIsoTime(value);
  const [, mon, day, year, hour, minute, second, ampm] = m;
  const month = MONTHS[mon!];
  if (month === undefined) return undefined;
  let h = Number(hour) % 12;
  if (ampm === 'PM') h += 12;
  const ms = Date.UTC(Number(year), month, Number(day), h, Number(minute), Number(second));
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace('.000Z', 'Z') : undefined;
}

// ISO 8601 extended (`2024-10-25T20:52:11Z`) or basic (`20131102T010628Z`, spec §2.2).
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const ISO_EXTENDED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses an ISO 8601 UTC time in extended or basic notation; undefined when unparseable. */
export function parseIsoTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  const basic = ISO_BASIC.exec(v);
  if (basic) {
    const [, y, mo, d, h, mi, s] = basic;
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    return Number.isFinite(ms) ? formatIso(ms) : undefined;
  }
  if (!ISO_EXTENDED.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? formatIso(ms) : undefined;
}

/** Epoch milliseconds (or a Date) to ISO 8601 UTC, without milliseconds when they are zero. */
export function formatIso(t: number | Date): string {
  const iso = new Date(t).toISOString();
  return iso.endsWith('.000Z') ? iso.replace('.000Z', 'Z') : iso;
}

/** To the second, ISO 8601 UTC (2026-03-09T14:00:00Z): times trail-trace writes itself (now, a window's ends). */
export function isoSeconds(t: number | Date): string {
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function toMs(iso: string): number {
  return Date.parse(iso);
}

export const SECOND = 1000;
export const HOUR = 3600 * SECOND;
export const DAY = 24 * HOUR;
