// Making log text safe to print on a terminal (STYLE.md principle 9).
//
// Everything a CloudTrail record carries (userAgent, session names, request parameters, even
// ARNs) is chosen by whoever made the call. Printed raw, an ESC starts an ANSI sequence that can
// recolour, move the cursor, retitle the window or hide text; CR rewinds the line so a later
// string overwrites an earlier one; bidi overrides reorder what the eye reads. Each such
// character is rendered as a visible, inert escape instead, and a backslash is doubled so an
// escape in the output cannot be confused with the same characters typed into the log.

/**
 * Characters that never reach the terminal as themselves:
 * - C0 controls U+0000–U+001F (ESC, CR, LF, TAB, BS, BEL, …), DEL U+007F, C1 U+0080–U+009F
 *   (U+009B is a one-character CSI on terminals that honour 8-bit controls): `\p{Cc}`;
 * - format characters `\p{Cf}`: zero-width U+200B–U+200F, bidi embeddings and overrides
 *   U+202A–U+202E and isolates U+2066–U+2069, BOM U+FEFF, soft hyphen, Arabic letter mark,
 *   invisible operators U+2060–U+2064, and the tag block U+E0000–U+E007F used to smuggle
 *   invisible ASCII;
 * - line and paragraph separators U+2028/U+2029 (`\p{Zl}`, `\p{Zp}`), which some terminals
 *   and most editors treat as newlines;
 * - lone surrogates (`\p{Cs}`), which a UTF-8 encoder would silently turn into U+FFFD.
 *
 * Zero-width joiner U+200D is a format character too, so emoji joined by it (👨‍👩‍👧) show
 * their joiners escaped: a forensic view prefers exactness to pictograms.
 */
const UNSAFE = /[\\\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const NAMED: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function hex(codePoint: number, digits: number): string {
  return codePoint.toString(16).padStart(digits, '0');
}

function escapeCodePoint(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const cp = ch.codePointAt(0) ?? 0;
  if (cp <= 0xff) return `\\x${hex(cp, 2)}`;
  if (cp <= 0xffff) return `\\u${hex(cp, 4)}`;
  return `\\u{${hex(cp, 1)}}`;
}

export interface TerminalSafeOptions {
  /**
   * `escape` (default) doubles every backslash so the output is unambiguous. `keep` leaves
   * backslashes alone; use it only for text meant to be copied and pasted, such as a hint
   * command holding a Windows path, where control characters are still escaped.
   */
  backslash?: 'escape' | 'keep';
}

/**
 * Returns `s` with every control, format and separator character replaced by a visible escape
 * (`\x1b`, `\r`, `\n`, `\t`, `\x9b`, `\u202e`, `\u{e0041}`) and, by default, `\` doubled.
 * Printable text in any script, emoji included, is left as it is.
 */
export function terminalSafe(s: string, options: TerminalSafeOptions = {}): string {
  const keepBackslash = options.backslash === 'keep';
  return s.replace(UNSAFE, (ch) => (keepBackslash && ch === '\\' ? ch : escapeCodePoint(ch)));
}

export const ELLIPSIS = '…';

/**
 * Shortens `s` to at most `max` code points, the last of them an ellipsis when anything was cut.
 * Counts code points, never UTF-16 units, so a surrogate pair (most emoji, rare CJK) is never
 * split. Truncate raw text first and make it terminal-safe afterwards: cutting escaped text
 * could leave half an escape such as `\x1` behind.
 */
export function truncate(s: string, max: number): string {
  // Infinity means no limit; NaN and negatives mean nothing fits.
  const limit = Number.isFinite(max) ? Math.max(0, Math.floor(max)) : max > 0 ? Infinity : 0;
  const codePoints = Array.from(s);
  if (codePoints.length <= limit) return s;
  if (limit === 0) return '';
  return codePoints.slice(0, limit - 1).join('') + ELLIPSIS;
}
