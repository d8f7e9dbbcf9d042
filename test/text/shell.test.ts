import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellCommand, shellWord } from '../../src/text/shell.js';

/** What bash makes of one printed word: the bytes `printf %s WORD` writes. */
function bashBytes(word: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  return execFileSync('bash', ['-c', `printf %s ${word}`], { env });
}

const UNSAFE_IN_OUTPUT = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

const HOSTILE: [name: string, value: string, printed: string][] = [
  ['a single quote', "'", "''\\'''"],
  ['a quote inside a word', "it's", "'it'\\''s'"],
  ['a double quote', '"', `'"'`],
  ['command substitution', '$(rm -rf /)', "'$(rm -rf /)'"],
  ['backticks', '`id`', "'`id`'"],
  ['a command separator', 'a;b', "'a;b'"],
  ['a glob and a variable', '*$HOME', "'*$HOME'"],
  ['a history expansion', 'x!!y', "'x!!y'"],
  ['a newline', 'line1\nline2', "$'line1\\nline2'"],
  ['a carriage return', 'ok\rno', "$'ok\\rno'"],
  ['a tab', 'a\tb', "$'a\\tb'"],
  ['an ANSI colour sequence', '\x1b[31mred\x1b[0m', "$'\\x1b[31mred\\x1b[0m'"],
  ['a one-byte CSI (C1)', '\u009b2J', "$'\\xc2\\x9b2J'"],
  ['a bidi override', 'invoice\u202Efdp.exe', "$'invoice\\xe2\\x80\\xaefdp.exe'"],
  ['a line separator', 'a\u2028b', "$'a\\xe2\\x80\\xa8b'"],
  ['a zero-width space', 'ad\u200Bmin', "$'ad\\xe2\\x80\\x8bmin'"],
  ['a quote and a newline together', "it's\n", "$'it\\'s\\n'"],
  ['a backslash and a newline together', 'a\\b\n', "$'a\\\\b\\n'"],
  ['an emoji', '😀', "'😀'"],
  ['emoji joined by ZWJ (a format character)', '👨\u200D👩', "$'👨\\xe2\\x80\\x8d👩'"],
  ['the empty string', '', "''"],
  ['a leading dash', '-rf', '-rf'],
  ['a flag with a value', '--user-name=alice', '--user-name=alice'],
  ['a leading equals sign (zsh =cmd expansion)', '=ls', "'=ls'"],
  ['a space', 'a b', "'a b'"],
  ['a tilde', '~root', "'~root'"],
  ['an ARN', 'arn:aws:iam::123456789012:user/alice', 'arn:aws:iam::123456789012:user/alice'],
];

describe('shellWord', () => {
  it.each(HOSTILE)('prints %s exactly', (_name, value, printed) => {
    expect(shellWord(value)).toBe(printed);
  });

  it.each(HOSTILE)('prints %s with no control, format or separator character', (_name, value) => {
    expect(shellWord(value)).not.toMatch(UNSAFE_IN_OUTPUT);
  });

  it.each(HOSTILE)('prints %s as a word bash reads back as the same bytes', (_name, value) => {
    expect(bashBytes(shellWord(value))).toEqual(Buffer.from(value, 'utf8'));
  });

  it('means the same bytes in the C locale, where bash leaves \\u escapes untranslated', () => {
    const env = { ...process.env, LC_ALL: 'C' };
    for (const value of ['invoice\u202Efdp.exe', '\u009b', 'a\u2028b', '👨\u200D👩']) {
      expect(bashBytes(shellWord(value), env)).toEqual(Buffer.from(value, 'utf8'));
    }
  });

  it('writes a lone surrogate, which has no UTF-8 form, as the bytes bash gives \\uD800', () => {
    expect(shellWord('a\uD800b')).toBe("$'a\\xed\\xa0\\x80b'");
    expect(bashBytes(shellWord('a\uD800b'))).toEqual(Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x62]));
  });

  it('refuses NUL, which no command argument can hold, rather than print a shorter value', () => {
    expect(() => shellWord('a\0b')).toThrow(RangeError);
    expect(() => shellCommand(['aws', 'a\0b'])).toThrow(RangeError);
  });

  it('round-trips arbitrary well-formed text through bash', () => {
    const values = fc
      .sample(fc.string({ unit: 'binary', maxLength: 12 }), { numRuns: 300, seed: 20240731 })
      .filter((v) => !v.includes('\0') && !/\p{Cs}/u.test(v));
    // One bash for all of them: each word printed followed by a NUL separator.
    const out = execFileSync('bash', ['-c', `printf '%s\\0' ${values.map(shellWord).join(' ')}`]);
    const words = out.toString('utf8').split('\0').slice(0, -1);
    expect(words).toEqual(values);
    for (const value of values) expect(shellWord(value)).not.toMatch(UNSAFE_IN_OUTPUT);
  });
});

describe('shellCommand', () => {
  it('joins quoted words with spaces', () => {
    expect(shellCommand(['aws', 'iam', 'delete-user', "--user-name=bob'; rm -rf ~"])).toBe(
      "aws iam delete-user '--user-name=bob'\\''; rm -rf ~'",
    );
  });

  it('quotes a first word holding "=", which would otherwise be an assignment', () => {
    expect(shellCommand(['PATH=/tmp', 'aws'])).toBe("'PATH=/tmp' aws");
    expect(shellCommand(['aws', 'a=b'])).toBe('aws a=b');
  });

  it('runs in bash as exactly the given argv', () => {
    const argv = ['[%s]', "it's", '$(id)', 'line1\nline2', '\x1b[2J', '', '-x'];
    const out = execFileSync('bash', ['-c', shellCommand(['printf', ...argv])]);
    expect(out.toString('utf8')).toBe(argv.slice(1).map((v) => `[${v}]`).join(''));
  });
});
