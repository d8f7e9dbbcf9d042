// A command declared once: its words, arguments and options (flags, help, default, and how each
// value is read), and the run it leads to. main.ts builds commander's program from these
// declarations, and each value is read by its own reader, which names the flag as the user typed
// it. No second schema: what --help shows is what is checked.

import { Option, type Command } from 'commander';
import { UserError } from '../errors.js';
import type { Io } from './output.js';

/** How one value is read: from what commander gives (a string, a boolean, a list, or undefined). */
export type Reader<T> = (raw: unknown, name: string) => T;

export interface OptionSpec<T> {
  /** As commander takes it: '--page-size <n>', '-o, --output <file>', '--strict', '--no-color'. */
  flags: string;
  description: string;
  /** The value when the option is not given, as typed (shown by --help and read like a given one). */
  default?: string | boolean;
  choices?: readonly string[];
  hidden?: boolean;
  /** The option must be given (commander says so before anything runs). */
  mandatory?: boolean;
  read: Reader<T>;
}

export interface ArgumentSpec<T> {
  /** As commander takes it: '<eventId>', '[eventId]', '<paths...>'. */
  name: string;
  description: string;
  read: Reader<T>;
}

type Specs = Record<string, OptionSpec<unknown> | ArgumentSpec<unknown>>;

/** What a command's run is given: each argument's and option's value, as its reader returns it. */
export type ValuesOf<S extends Specs> = { [K in keyof S]: S[K] extends { read: Reader<infer T> } ? T : never };

export interface CommandSpec<A extends Record<string, ArgumentSpec<unknown>>, O extends Record<string, OptionSpec<unknown>>> {
  /** The words that call it: 'ingest s3', 'from-event'. */
  name: string;
  description: string;
  /** In the order they are typed. */
  args: A;
  /** In the order --help lists them. */
  options: O;
  /** Shown after the options by --help: what it does in more words, and examples. */
  help?: string;
  /** Loads the command's code (only the command that runs is loaded) and runs it; returns the exit code. */
  run(values: ValuesOf<A> & ValuesOf<O>, io: Io): Promise<number>;
}

/** Declares a command; the identity, for the types. */
export function command<A extends Record<string, ArgumentSpec<unknown>>, O extends Record<string, OptionSpec<unknown>>>(spec: CommandSpec<A, O>): CommandSpec<A, O> {
  return spec;
}

/** The flag as typed (--page-size), for readers' messages. */
function flagOf(flags: string): string {
  return /--[a-z0-9-]+/.exec(flags)?.[0] ?? flags;
}

/** The key commander files an option's value under: --page-size → pageSize, --no-color → color. */
function keyOf(flags: string): string {
  const long = flagOf(flags).replace(/^--(no-)?/, '');
  return long.replace(/-([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommandSpec = CommandSpec<any, any>;

/** Adds the declared command under `root` (creating the group commands, e.g. `ingest`, as needed). */
export function addCommand(root: Command, spec: AnyCommandSpec, io: Io, setExit: (code: number) => void): Command {
  const words = spec.name.split(' ');
  let parent = root;
  for (const word of words.slice(0, -1)) parent = parent.commands.find((c) => c.name() === word) ?? parent.command(word);
  const cmd = parent.command(words.at(-1)!).description(spec.description);
  const args = Object.entries(spec.args as Record<string, ArgumentSpec<unknown>>);
  const options = Object.entries(spec.options as Record<string, OptionSpec<unknown>>);
  for (const [, a] of args) cmd.argument(a.name, a.description);
  for (const [key, o] of options) {
    if (keyOf(o.flags) !== key) throw new Error(`option ${o.flags} is declared as ${key}`); // a slip in a declaration, caught by every test
    const option = new Option(o.flags, o.description);
    if (o.default !== undefined) option.default(o.default);
    if (o.choices) option.choices(o.choices);
    if (o.hidden) option.hideHelp();
    if (o.mandatory) option.makeOptionMandatory();
    cmd.addOption(option);
  }
  if (spec.help) cmd.addHelpText('after', spec.help);
  cmd.action(async (...given: unknown[]) => {
    const raw = given[args.length] as Record<string, unknown>;
    const values: Record<string, unknown> = {};
    args.forEach(([key, a], i) => (values[key] = a.read(given[i], `<${a.name.replace(/[<>[\].]/g, '')}>`)));
    for (const [key, o] of options) values[key] = o.read(raw[key], flagOf(o.flags));
    setExit(await spec.run(values as never, io));
  });
  return cmd;
}

// Readers. Each throws a UserError that starts with the flag or argument as typed.

/** Text that must not be empty when given: optional, or required (an argument, or an option commander makes mandatory). */
function nonEmptyText(options: { required: true; trim?: boolean; emptyMessage?: string }): Reader<string>;
function nonEmptyText(options: { required?: false; trim?: boolean }): Reader<string | undefined>;
function nonEmptyText({ required = false, trim = false, emptyMessage = required ? 'required' : 'must not be empty' }: { required?: boolean; trim?: boolean; emptyMessage?: string }): Reader<string | undefined> {
  return (raw, name) => {
    if ((raw === undefined || raw === null) && !required) return undefined;
    const value = raw === undefined || raw === null ? '' : trim ? String(raw).trim() : String(raw);
    if (value === '') throw new UserError(`${name}: ${emptyMessage}`);
    return value;
  };
}

/** Text, optional; given, it must not be empty. */
export const text = nonEmptyText({});

/** Optional text, trimmed, that must not be blank when given. */
export const trimmedText = nonEmptyText({ trim: true });

/** Text that must be there. */
export function requiredText(emptyMessage = 'required', trim = false): Reader<string> {
  return nonEmptyText({ required: true, trim, emptyMessage });
}

/** Text as given, empty included (an empty --db means the default store). */
export const anyText: Reader<string | undefined> = (raw) => (typeof raw === 'string' ? raw : undefined);

/** A list argument (<paths...>): at least one, none empty. */
export const textList: Reader<string[]> = (raw, name) => {
  const values = Array.isArray(raw) ? raw.map(String) : [];
  if (values.length === 0) throw new UserError(`${name}: at least one is required`);
  if (values.some((v) => v === '')) throw new UserError(`${name}: must not be empty`);
  return values;
};

/** A switch: given or not. */
export const flag: Reader<boolean> = (raw) => raw === true;

/** A --no-x switch whose absence means "decide for me" (colour: the terminal decides). */
export const negatable: Reader<boolean | undefined> = (raw) => (typeof raw === 'boolean' ? raw : undefined);

/** A --no-x switch that is on unless turned off (--no-progress). */
export const onUnlessNo: Reader<boolean> = (raw) => raw !== false;

/** A whole number from min to max. */
export function wholeNumber(min: number, max: number): Reader<number> {
  return (raw, name) => {
    const textValue = String(raw ?? '').trim();
    const n = /^\d+$/.test(textValue) ? Number(textValue) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new UserError(`${name}: expected a whole number from ${min} to ${max}, not "${textValue.slice(0, 40)}"`);
    return n;
  };
}

/** Optional text matching `pattern`; `what` says what was expected ("a 12-digit account id"). */
export function matching(pattern: RegExp, what: string): Reader<string | undefined> {
  return (raw, name) => {
    const value = text(raw, name);
    if (value !== undefined && !pattern.test(value)) throw new UserError(`${name}: expected ${what}`);
    return value;
  };
}

/** An optional URL (http or https). */
export const url: Reader<string | undefined> = (raw, name) => {
  const value = text(raw, name);
  if (value === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new UserError(`${name}: expected a URL such as http://localhost:9000`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UserError(`${name}: expected an http:// or https:// URL`);
  return value;
};

/** One of `choices` (commander checks given values; this types them). */
export function oneOf<T extends string>(choices: readonly T[]): Reader<T> {
  return (raw, name) => {
    if (!choices.includes(raw as T)) throw new UserError(`${name}: expected ${choices.map((c) => `"${c}"`).join(' or ')}`);
    return raw as T;
  };
}
