/**
 * The examples' command lines, parsed with node:util's parseArgs in strict
 * mode: an unknown option, a missing value or a bad number prints one line
 * (what is wrong, and the usage) and exits with code 2, as a command should.
 */
import { parseArgs } from 'node:util';

export interface ExampleArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Print one line and exit 2: a usage error. */
export function usageError(example: string, usage: string, what: string): never {
  console.error(`${example}: ${what}. Usage: ${usage}`);
  process.exit(2);
}

/** Parse the example's arguments; `string` and `boolean` name its options. */
export function parseExampleArgs(example: string, usage: string, options: { string?: string[]; boolean?: string[] }): ExampleArgs {
  const config: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const n of options.string ?? []) config[n] = { type: 'string' };
  for (const n of options.boolean ?? []) config[n] = { type: 'boolean' };
  try {
    const { values, positionals } = parseArgs({ args: process.argv.slice(2), options: config, strict: true, allowPositionals: true });
    return { values: values as ExampleArgs['values'], positionals };
  } catch (e) {
    // Node's message names the option; its first sentence is enough.
    usageError(example, usage, (e as Error).message.split(/\.(?:\s|$)/)[0]!);
  }
}

/** A whole number from min to max given as --name, or `fallback` when the option is absent. */
export function intOption(example: string, usage: string, args: ExampleArgs, name: string, min: number, max: number, fallback: number): number {
  const text = args.values[name];
  if (text === undefined) return fallback;
  const n = typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) usageError(example, usage, `--${name} takes a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  return n;
}
