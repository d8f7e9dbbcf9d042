// Quoting values into a shell command that a person copies and runs (STYLE.md principle 9).
//
// The commands target bash and zsh. Every value in them may come from a CloudTrail record, so
// from whoever made the call: a user name, a key id, a policy document. A word is printed
//   - bare when it is obviously inert: [A-Za-z0-9_./:=@%+,-] only, not starting with "=" (zsh
//     expands a leading "=cmd" to a path);
//   - in POSIX single quotes otherwise, where nothing is special but the quote itself, written
//     '\'' (close, escaped quote, reopen);
//   - in ANSI-C quotes $'…' when it holds a control, format, line or paragraph separator or
//     lone surrogate character (\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}): single quotes would keep such a
//     character raw, so the printed command would break across lines, drive the terminal (ESC,
//     CSI) or read in another order than it runs (bidi overrides). Inside $'…' only \ and ' are
//     special; they are written \\ and \'. TAB, LF and CR are written \t, \n, \r; every other
//     such character is written as its UTF-8 bytes, \xHH each. Not \uHHHH: bash leaves \u202E
//     untouched unless the locale is UTF-8 (LC_ALL=C prints the six characters \u202E), whereas
//     \xHH means the same bytes in every locale of bash and zsh. A lone surrogate has no UTF-8
//     form; it is written as the three bytes bash's own \uD800 gives in a UTF-8 locale.
// Inside $'…' and '…' bash does no history expansion of "!" (checked with an interactive bash
// 5.2), so neither form needs more.
//
// NUL cannot be one: no Unix program receives it in an argument (execve ends the string there)
// and bash cuts $'a\x00b' to "a". shellWord throws a RangeError rather than print a command
// that would act on a shorter value; callers that fill commands from records leave such a
// value out (src/trace/changes.ts).
//
// No library: shell-quote (the most used) writes "a\nb" as 'a<LF>b' with the line feed raw
// (its own tests say so) and has no $'…' form; shescape targets running commands, not printing
// them, and drops or rewrites characters it cannot pass instead of escaping them. Neither
// treats format characters (bidi controls, zero-width) as unsafe.

/** Words printed without quotes. */
const BARE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** Characters that make a word use $'…'. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

const NAMED: Readonly<Record<string, string>> = { '\\': '\\\\', "'": "\\'", '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** UTF-8 bytes of one code point; a lone surrogate gets its three-byte (WTF-8) form. */
function utf8Bytes(codePoint: number): number[] {
  if (codePoint < 0x80) return [codePoint];
  if (codePoint < 0x800) return [0xc0 | (codePoint >> 6), 0x80 | (codePoint & 0x3f)];
  if (codePoint < 0x10000) return [0xe0 | (codePoint >> 12), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f)];
  return [0xf0 | (codePoint >> 18), 0x80 | ((codePoint >> 12) & 0x3f), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f)];
}

function ansiC(value: string): string {
  let out = "$'";
  for (const ch of value) {
    const named = NAMED[ch];
    if (named !== undefined) out += named;
    else if (UNSAFE.test(ch)) out += utf8Bytes(ch.codePointAt(0) ?? 0).map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
    else out += ch;
  }
  return `${out}'`;
}

/** One value as one bash/zsh word that means exactly that value. Throws a RangeError for NUL. */
export function shellWord(value: string): string {
  if (value.includes('\0')) throw new RangeError('a NUL character cannot be passed in a command argument');
  if (BARE.test(value) && !value.startsWith('=')) return value;
  if (UNSAFE.test(value)) return ansiC(value);
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/**
 * argv as one command line. The first word is quoted whenever it holds "=", which in command
 * position would make it a variable assignment instead of the program to run.
 */
export function shellCommand(argv: string[]): string {
  return argv
    .map((arg, i) => {
      const word = shellWord(arg);
      // A bare word has no quote in it, so wrapping it in single quotes is enough.
      return i === 0 && word === arg && arg.includes('=') ? `'${arg}'` : word;
    })
    .join(' ');
}
