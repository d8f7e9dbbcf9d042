// Text for the terminal UI: every string a log chose goes through `safe` (terminalSafe) before
// it is rendered, so an escape sequence, carriage return or bidi override in a user agent,
// session name or request parameter shows as visible, inert text (STYLE.md principle 9). Also
// the UI's fitting of text to columns, and the raw record pretty-printed for the detail pane.

import { terminalSafe, truncate } from '../text/sanitize.js';
import type { DifferingCopy } from '../trace/model.js';

/** No log value is shown longer than this: a 10 kB user agent would only slow layout down. */
const LONGEST = 400;

/** A log value, cut to `max` code points first, then made inert for the terminal. */
export function safe(value: string | null | undefined, max = LONGEST): string {
  if (value === null || value === undefined) return '';
  return terminalSafe(truncate(value, max));
}

/**
 * A command to copy (a gap's ingest command, an eviction step's AWS CLI command): control
 * characters escaped, backslashes kept, as `from-event` and `scope` print them: the command is
 * shell-quoted already, and a doubled backslash would change what it does when pasted.
 */
export function commandText(command: string): string {
  return terminalSafe(truncate(command, 4000), { backslash: 'keep' });
}

/** Text of the UI's own making (already safe) cut or padded to exactly `width` columns. */
export function fit(text: string, width: number): string {
  const cut = truncate(text, width);
  return cut + ' '.repeat(Math.max(0, width - Array.from(cut).length));
}

/** "2026-03-09T10:47:31Z" → "2026-03-09 10:47:31". */
export function timeText(iso: string | null | undefined): string {
  if (!iso) return '';
  return safe(iso.replace('T', ' ').replace(/Z$/, ''));
}

/** "2026-03-09T10:47:31Z" → "03-09 10:47:31": a timeline row's time. */
export function shortTime(iso: string): string {
  return timeText(iso).slice(5);
}

/** "iam.amazonaws.com" + "CreateUser" → "iam:CreateUser". */
export function callName(eventSource: string | null | undefined, eventName: string | null | undefined): string {
  const service = (eventSource ?? '').replace(/\.amazonaws\.com$/, '');
  return safe(service === '' ? eventName ?? '' : `${service}:${eventName ?? ''}`);
}

/** The part of an ARN after the account: "assumed-role/DataAdmin/alice", "user/alice". */
export function arnResource(arn: string | null | undefined): string {
  if (!arn) return '';
  const m = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:(.+)$/.exec(arn);
  return safe(m ? m[1] : arn);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/**
 * A raw record as the detail pane shows it: JSON indented by two, one string per line. JSON
 * already escapes C0 controls inside strings; what it leaves (C1 controls, bidi overrides, line
 * separators) terminalSafe escapes. Backslashes stay single: JSON writes its own as `\\`.
 * Text that is not JSON is shown line by line, escaped.
 */
// Values that are live secrets when CloudTrail logs them (a session token in an STS response,
// a password or secret in a request), by their key, any depth. CloudTrail's own placeholder
// (HIDDEN_DUE_TO_SECURITY_REASONS) is shown as it is.
const SECRET_KEY = /^(sessionToken|secretAccessKey|secretKey|password|newPassword|oldPassword|secretString|secretBinary|accessToken|refreshToken|idToken|clientSecret|privateKey)$/i;
const CLOUDTRAIL_HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** The record pretty-printed; secret-looking values masked unless `reveal`. */
export function recordLines(raw: string, reveal = false): string[] {
  let text: string;
  try {
    const mask = (key: string, value: unknown) =>
      !reveal && SECRET_KEY.test(key) && typeof value === 'string' && value !== CLOUDTRAIL_HIDDEN
        ? `•••• masked, ${Array.from(value).length} characters (x reveals)`
        : value;
    text = JSON.stringify(JSON.parse(raw), mask, 2);
  } catch {
    text = raw;
  }
  return text.split('\n').map((line) => terminalSafe(line, { backslash: 'keep' }));
}

/**
 * Above a record: each other copy of the event (same eventID, kept too) that differs from the one
 * shown, where it was loaded from and each field's two values; then a blank line before the record.
 */
export function copyLines(copies: readonly DifferingCopy[]): string[] {
  if (copies.length === 0) return [];
  const quoted = (value: string | null) => (value === null ? 'absent' : `"${safe(value, 200)}"`);
  return [
    ...copies.flatMap((c) => [
      `! another copy of this event differs: ${safe(c.location)} record ${c.index}`,
      ...c.differences.map((d) => `  ${safe(d.field)}: ${quoted(d.used)} here, ${quoted(d.other)} in that copy`),
    ]),
    // A space, not '': the pane draws an empty line as no line at all.
    ' ',
  ];
}

/** Lines broken at `width` code points (continuations marked "↪ "), for a pane that scrolls. */
export function wrapLines(lines: string[], width: number): string[] {
  const out: string[] = [];
  const w = Math.max(8, width);
  for (const line of lines) {
    const cps = Array.from(line);
    if (cps.length <= w) {
      out.push(line);
      continue;
    }
    out.push(cps.slice(0, w).join(''));
    for (let i = w; i < cps.length; i += w - 2) out.push(`↪ ${cps.slice(i, i + w - 2).join('')}`);
  }
  return out;
}
