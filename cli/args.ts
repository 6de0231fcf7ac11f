/**
 * Command-line arguments of every subcommand, parsed with node:util's
 * parseArgs in strict mode: an unknown option, a missing value or a stray
 * argument is a CliError with exit code 2 and a one-line message naming it;
 * so is a value of the wrong form (`--tests some`, a number that is not one).
 */
import { parseArgs } from 'node:util';
import { CliError } from './errors.js';

/** One option: `--name` (with `-x` when short is given), a flag or taking a value, possibly repeated. */
export interface OptionConfig {
  type: 'boolean' | 'string';
  multiple?: boolean;
  short?: string;
}

export type Options = Record<string, OptionConfig>;

type ValueOf<O> = O extends { type: 'boolean' } ? boolean : O extends { multiple: true } ? string[] : string;

export type Values<T extends Options> = { [K in keyof T]?: ValueOf<T[K]> } & { help?: boolean };

export interface Parsed<T extends Options> {
  values: Values<T>;
  positionals: string[];
}

/** "See `liburing-ts generate --help`." */
export function seeHelp(command: string): string {
  return `See \`liburing-ts ${command} --help\`.`;
}

/** The usage error for a command: `liburing-ts CMD: WHAT. See ... --help.`, exit code 2. */
export function usageError(command: string, what: string): CliError {
  return new CliError(`liburing-ts ${command}: ${what}. ${seeHelp(command)}`, 2);
}

/** Node's parseArgs messages are long and suggest `--` tricks; say what is wrong in a few words instead. */
function explain(e: Error & { code?: string }): string {
  const name = /'(-[^' ]+)/.exec(e.message)?.[1] ?? /'([^']+)'/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${name}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${name}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(e.message)) return `${name} takes no value`;
      if (/ambiguous/.test(e.message)) return `${name} needs a value (a value starting with '-' is written ${name}=VALUE)`;
      return `${name} needs a value`;
    default:
      return e.message.split('\n')[0]!;
  }
}

/**
 * Parse `argv` against a command's options (each `--name`, with `short`
 * letters where given) plus `--help`/`-h`. `positionals` is how many plain
 * arguments the command takes (default none).
 */
export function parseCommandArgs<const T extends Options>(command: string, argv: string[], options: T, positionals = 0): Parsed<T> {
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
  } catch (e) {
    throw usageError(command, explain(e as Error & { code?: string }));
  }
  if (!parsed.values.help && parsed.positionals.length > positionals) {
    throw usageError(command, positionals ? `${positionals === 1 ? 'one argument' : `${positionals} arguments`} at most, got ${parsed.positionals.join(' ')}` : `unexpected argument ${parsed.positionals[0]}`);
  }
  // Empty values (`--out ''`, `--out=`) are as good as missing.
  for (const [k, v] of Object.entries(parsed.values)) {
    if (v === '' || (Array.isArray(v) && v.includes(''))) throw usageError(command, `--${k} needs a value`);
  }
  return parsed as unknown as Parsed<T>;
}

/** The last value of an option given several times (or once); undefined when not given. */
export function last(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.at(-1) : v;
}

/** A whole number from `min` to `max`, or a usage error that names the option, the range and the value seen. */
export function integerOption(command: string, name: string, text: string, min: number, max: number): number {
  const n = /^-?\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw usageError(command, `--${name} takes a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  return n;
}

/** One of `choices`, or a usage error listing them. */
export function choiceOption<C extends string>(command: string, name: string, text: string, choices: readonly C[]): C {
  if (!(choices as readonly string[]).includes(text)) throw usageError(command, `--${name} takes ${choices.join(' or ')}, not ${JSON.stringify(text)}`);
  return text as C;
}
