import { describe, expect, it } from 'vitest';
import { ELLIPSIS, terminalSafe, truncate } from '../../src/text/sanitize.js';

/** Characters a terminal acts on, hides, or reorders by. */
const MUST_ESCAPE: number[] = [
  ...range(0x00, 0x1f), 0x7f, ...range(0x80, 0x9f),
  ...range(0x200b, 0x200f), ...range(0x202a, 0x202e), ...range(0x2066, 0x2069), 0x2028, 0x2029, 0xfeff,
  0x00ad, 0x061c, ...range(0x2060, 0x2064), 0xe0001, ...range(0xe0020, 0xe007f),
];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

describe('terminalSafe', () => {
  it('leaves printable text in any script alone', () => {
    for (const text of [
      'arn:aws:sts::111111111111:assumed-role/Admin/alice@example.com',
      'aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64 prompt/off command/sts.assume-role',
      '控制台 ログイン 콘솔', 'עברית العربية', 'naïve café', 'e\u0301', '🦀🚀', '👍🏽', '',
    ]) {
      expect(terminalSafe(text)).toBe(text);
    }
  });

  it('renders each control, format and separator character as a visible escape', () => {
    for (const cp of MUST_ESCAPE) {
      const out = terminalSafe(`a${String.fromCodePoint(cp)}b`);
      expect(out).toMatch(/^a\\(x[0-9a-f]{2}|u[0-9a-f]{4}|u\{[0-9a-f]{5}\}|[nrt])b$/);
    }
  });

  it('uses short names for LF, CR and TAB, \\xHH up to U+00FF, \\uHHHH and \\u{…} above', () => {
    expect(terminalSafe('\n\r\t')).toBe('\\n\\r\\t');
    expect(terminalSafe('\x00\x07\x08\x1b\x7f')).toBe('\\x00\\x07\\x08\\x1b\\x7f');
    expect(terminalSafe('\u0080\u0085\u009b\u009f')).toBe('\\x80\\x85\\x9b\\x9f');
    expect(terminalSafe('\u202e\u2066\u200b\ufeff\u2028')).toBe('\\u202e\\u2066\\u200b\\ufeff\\u2028');
    expect(terminalSafe('\u{e0041}\u{e0042}')).toBe('\\u{e0041}\\u{e0042}');
  });

  it('defuses ANSI CSI sequences (colour, clear screen, cursor movement)', () => {
    expect(terminalSafe('\x1b[31mred\x1b[0m')).toBe('\\x1b[31mred\\x1b[0m');
    expect(terminalSafe('\x1b[2J\x1b[H\x1b[1A\x1b[2K')).toBe('\\x1b[2J\\x1b[H\\x1b[1A\\x1b[2K');
    // The 8-bit CSI, a single C1 character.
    expect(terminalSafe('\u009b31mred')).toBe('\\x9b31mred');
  });

  it('defuses OSC sequences ended by BEL or by ST (window title, hyperlinks, clipboard)', () => {
    expect(terminalSafe('\x1b]0;owned\x07')).toBe('\\x1b]0;owned\\x07');
    expect(terminalSafe('\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\')).toBe(
      '\\x1b]8;;https://evil.example\\x1b\\\\click\\x1b]8;;\\x1b\\\\',
    );
    expect(terminalSafe('\x1b]52;c;ZWNobyBwd25lZA==\x07')).toBe('\\x1b]52;c;ZWNobyBwd25lZA==\\x07');
  });

  it('keeps CR, LF and backspace from overwriting what was printed before', () => {
    expect(terminalSafe('AccessDenied\rSuccess     ')).toBe('AccessDenied\\rSuccess     ');
    expect(terminalSafe('alice\nWARNING: none')).toBe('alice\\nWARNING: none');
    expect(terminalSafe('root\x08\x08\x08\x08alice')).toBe('root\\x08\\x08\\x08\\x08alice');
  });

  it('shows bidi overrides and isolates instead of letting them reorder the text', () => {
    // Displays as "ci-exe.png" on a bidi-aware terminal when printed raw.
    expect(terminalSafe('ci-\u202egnp.exe')).toBe('ci-\\u202egnp.exe');
    expect(terminalSafe('\u2067admin\u2069 \u2066x\u2069')).toBe('\\u2067admin\\u2069 \\u2066x\\u2069');
    expect(terminalSafe('ad\u200bmin')).toBe('ad\\u200bmin');
  });

  it('escapes the zero-width joiner too, so joined emoji show their joiners', () => {
    expect(terminalSafe('👩\u200d💻')).toBe('👩\\u200d💻');
  });

  it('escapes lone surrogates but keeps surrogate pairs', () => {
    expect(terminalSafe('a\ud800b\udc00c')).toBe('a\\ud800b\\udc00c');
    expect(terminalSafe('\ud83e\udd80')).toBe('🦀');
  });

  it('doubles backslashes, so a typed "\\x1b" never reads like an escaped ESC', () => {
    expect(terminalSafe('C:\\logs')).toBe('C:\\\\logs');
    expect(terminalSafe('\\x1b')).toBe('\\\\x1b');
    expect(terminalSafe('\x1b')).toBe('\\x1b');
    expect(terminalSafe('\\x1b')).not.toBe(terminalSafe('\x1b'));
    expect(terminalSafe('\\\n')).toBe('\\\\\\n');
  });

  it('keeps backslashes when asked, still escaping every control character', () => {
    expect(terminalSafe('D:\\cases\\AWSLogs', { backslash: 'keep' })).toBe('D:\\cases\\AWSLogs');
    expect(terminalSafe('D:\\a\x1b[2J', { backslash: 'keep' })).toBe('D:\\a\\x1b[2J');
  });

  it('never outputs a character below U+0020, DEL, C1 or a format character, whatever the input', () => {
    const everything = MUST_ESCAPE.map((cp) => String.fromCodePoint(cp)).join('') + 'plain \\ text';
    const out = terminalSafe(everything);
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    expect(out).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    expect(out).not.toMatch(/[\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
    expect(out.endsWith('plain \\\\ text')).toBe(true);
  });
});

describe('truncate', () => {
  it('returns text that fits unchanged', () => {
    expect(truncate('alice', 5)).toBe('alice');
    expect(truncate('alice', 50)).toBe('alice');
    expect(truncate('', 0)).toBe('');
  });

  it('cuts to max code points, the last being an ellipsis', () => {
    expect(truncate('botocore-session-1712', 10)).toBe(`botocore-${ELLIPSIS}`);
    expect(Array.from(truncate('botocore-session-1712', 10))).toHaveLength(10);
  });

  it('counts code points, so emoji and astral CJK are never split', () => {
    expect(truncate('🦀🦀🦀', 3)).toBe('🦀🦀🦀');
    expect(truncate('🦀🦀🦀', 2)).toBe(`🦀${ELLIPSIS}`);
    expect(truncate('𠀀𠀁𠀂𠀃', 3)).toBe(`𠀀𠀁${ELLIPSIS}`);
    expect(truncate('控制台登录事件', 4)).toBe(`控制台${ELLIPSIS}`);
    expect(truncate('a🦀b', 2)).toBe(`a${ELLIPSIS}`);
  });

  it('handles tiny, fractional and non-finite limits', () => {
    expect(truncate('alice', 1)).toBe(ELLIPSIS);
    expect(truncate('alice', 0)).toBe('');
    expect(truncate('alice', -3)).toBe('');
    expect(truncate('alice', 3.9)).toBe(`al${ELLIPSIS}`);
    expect(truncate('alice', Number.POSITIVE_INFINITY)).toBe('alice');
    expect(truncate('alice', Number.NaN)).toBe('');
  });

  it('applied before terminalSafe, never leaves half an escape behind', () => {
    const hostile = 'ab\x1b[31mred';
    expect(terminalSafe(truncate(hostile, 4))).toBe(`ab\\x1b${ELLIPSIS}`);
  });
});
