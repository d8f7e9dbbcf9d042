// Commands declared once (src/cli/spec.ts, src/cli/commands/specs.ts): the declaration builds
// commander's command, and each value is read by its declared reader, whose errors name the flag
// as typed. In process, with commander itself; no command runs.

import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { COMMANDS, ingestS3 } from '../../src/cli/commands/specs.js';
import {
  addCommand, anyText, command, flag, matching, negatable, oneOf, onUnlessNo, requiredText, text, textList, trimmedText, url, wholeNumber,
} from '../../src/cli/spec.js';
import type { Io } from '../../src/cli/output.js';

function io(): Io & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: { write: (s: string) => (out.push(s), true), isTTY: false }, stderr: { write: (s: string) => (out.push(s), true), isTTY: false }, env: {} } as unknown as Io & { out: string[] };
}

function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error('did not throw');
}

describe('readers', () => {
  it('read text, lists, switches and choices, and name the flag in every refusal', () => {
    expect(text(undefined, '--x')).toBeUndefined();
    expect(text('a', '--x')).toBe('a');
    expect(thrown(() => text('', '--gap-dir'))).toBe('--gap-dir: must not be empty');
    expect(anyText('', '--db')).toBe('');
    expect(trimmedText('  id  ', '<eventId>')).toBe('id');
    expect(thrown(() => trimmedText('   ', '<eventId>'))).toBe('<eventId>: must not be empty');
    expect(thrown(() => requiredText('an event id is required', true)(' ', '<eventId>'))).toBe('<eventId>: an event id is required');
    expect(textList(['a', 'b'], '<paths>')).toEqual(['a', 'b']);
    expect(thrown(() => textList([], '<paths>'))).toMatch(/^<paths>: /);
    expect(flag(true, '--strict')).toBe(true);
    expect(flag(undefined, '--strict')).toBe(false);
    expect(negatable(undefined, '--no-color')).toBeUndefined();
    expect(negatable(false, '--no-color')).toBe(false);
    expect(onUnlessNo(undefined, '--no-progress')).toBe(true);
    expect(onUnlessNo(false, '--no-progress')).toBe(false);
    expect(oneOf(['text', 'json'] as const)('json', '--format')).toBe('json');
    expect(thrown(() => oneOf(['text', 'json'] as const)('xml', '--format'))).toBe('--format: expected "text" or "json"');
  });

  it('read whole numbers within bounds, and nothing else', () => {
    const pageSize = wholeNumber(1, 50);
    expect(pageSize('50', '--page-size')).toBe(50);
    for (const bad of ['0', '51', '1.5', '-1', 'ten', '', '1e3']) {
      expect(thrown(() => pageSize(bad, '--page-size'))).toMatch(/^--page-size: expected a whole number from 1 to 50/);
    }
  });

  it('read patterns and URLs', () => {
    const account = matching(/^\d{12}$/, 'a 12-digit account id');
    expect(account('111122223333', '--account')).toBe('111122223333');
    expect(thrown(() => account('1111', '--account'))).toBe('--account: expected a 12-digit account id');
    expect(url('http://127.0.0.1:4566', '--endpoint-url')).toBe('http://127.0.0.1:4566');
    expect(thrown(() => url('not a url', '--endpoint-url'))).toMatch(/^--endpoint-url: /);
    expect(thrown(() => url('file:///etc/passwd', '--endpoint-url'))).toMatch(/^--endpoint-url: expected an http/);
  });
});

describe('a declared command', () => {
  const declared = command({
    name: 'group run',
    description: 'a test command',
    args: { paths: { name: '<paths...>', description: 'paths', read: textList } },
    options: {
      pageSize: { flags: '--page-size <n>', description: 'per page', default: '10', read: wholeNumber(1, 50) },
      color: { flags: '--no-color', description: 'no colour', read: negatable },
      strict: { flags: '--strict', description: 'strict', default: false, read: flag },
    },
    run: async (values) => {
      seen.push(values);
      return 7;
    },
  });
  const seen: unknown[] = [];

  async function run(argv: string[]) {
    let code = -1;
    const root = new Command('t').exitOverride();
    root.command('group');
    addCommand(root, declared, io(), (c) => (code = c));
    await root.parseAsync(argv, { from: 'user' });
    return code;
  }

  it('is built under its group and gives its run every value read, defaults included', async () => {
    seen.length = 0;
    expect(await run(['group', 'run', 'a', 'b', '--no-color'])).toBe(7);
    expect(seen).toEqual([{ paths: ['a', 'b'], pageSize: 10, color: false, strict: false }]);
  });

  it('refuses a bad value with the flag as typed, before its run', async () => {
    seen.length = 0;
    await expect(run(['group', 'run', 'a', '--page-size', '0'])).rejects.toThrow(/^--page-size: expected a whole number/);
    expect(seen).toEqual([]);
  });

  it('refuses a declaration whose key is not the one commander files the flag under', () => {
    const slip = command({ name: 'x', description: '', args: {}, options: { size: { flags: '--page-size <n>', description: '', read: text } }, run: async () => 0 });
    expect(() => addCommand(new Command('t'), slip, io(), () => undefined)).toThrow(/--page-size <n> is declared as size/);
  });
});

describe('every command of trail-trace', () => {
  it('builds from its declaration, and --help lists every option it reads (hidden ones aside)', () => {
    const root = new Command('trail-trace');
    root.command('ingest');
    for (const spec of COMMANDS) {
      const cmd = addCommand(root, spec, io(), () => undefined);
      const help = cmd.helpInformation();
      for (const option of Object.values(spec.options as Record<string, { flags: string; hidden?: boolean }>)) {
        if (!option.hidden) expect(help, `${spec.name} ${option.flags}`).toContain(option.flags);
      }
    }
    expect(COMMANDS.map((c) => c.name)).toEqual([
      'ingest files', 'ingest s3', 'ingest lookup', 'ingest athena', 'verify', 'from-event', 'scope', 'report', 'tui',
      'source add athena', 'source add s3', 'source add lookup', 'source add files', 'source list', 'source remove',
    ]);
  });
});

describe('ingest s3, as declared', () => {
  it('takes an empty window or filter as not given, as scripts with an empty variable pass them', async () => {
    let got: Record<string, unknown> | undefined;
    const root = new Command('trail-trace').exitOverride();
    root.command('ingest');
    addCommand(root, { ...ingestS3, run: async (values) => ((got = values), 0) }, io(), () => undefined);
    await root.parseAsync(['ingest', 's3', 's3://bucket', '--regions', '', '--accounts', '', '--from', ''], { from: 'user' });
    expect(got).toMatchObject({ url: 's3://bucket', regions: '', accounts: '', from: '', concurrency: 8, strict: false, progress: true });
  });
});
