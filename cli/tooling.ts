/**
 * What the schema commands (generate, coverage, check-header) share: where the
 * package and its built-in schema are, loading TypeScript schema entries from
 * plain Node (through tsx), checking that the generator's dev dependencies are
 * installed, argument parsing and progress lines.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../runtime/provision/paths.js';

/** A failure the user can act on: printed as is, without a stack. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** The installed liburing-ts package (or this repository). */
export function packageDir(): string {
  return packageRoot();
}

/** The built-in schema folder: schema/ of the package, shipped with it. */
export function builtinSchemaDir(): string {
  const dir = join(packageDir(), 'schema');
  if (!existsSync(join(dir, 'functions'))) throw new CliError(`liburing-ts: the built-in schema is missing (${dir}/functions): reinstall liburing-ts`);
  return dir;
}

export const INSTALL_DEV_DEPS =
  'install ts-morph and tsx as dev dependencies to use generate: `npm install --save-dev ts-morph tsx` ' +
  '(the generated tests also need vitest and fast-check: `npm install --save-dev vitest fast-check`)';

/** Resolve a package from the user's project first, then from liburing-ts itself. */
function resolveFrom(specifier: string): string | null {
  for (const base of [join(process.cwd(), 'package.json'), join(packageDir(), 'package.json')]) {
    try {
      return createRequire(base).resolve(specifier);
    } catch {
      // try the next place
    }
  }
  return null;
}

/** Whether the user's project (the working folder) can load a package. */
export function projectHas(name: string): boolean {
  try {
    createRequire(join(process.cwd(), 'package.json')).resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** Whether a package can be loaded (from the user's project or from liburing-ts). */
export function hasPackage(name: string): boolean {
  return resolveFrom(`${name}/package.json`) !== null || resolveFrom(name) !== null;
}

let tsxReady = false;

/**
 * Make `import()` of .ts files work, for the schema entries (the built-in ones
 * and the user's). Under tsx (this repository's scripts) it already does;
 * from the compiled bin, tsx's loader is registered.
 */
export async function enableTypeScriptImports(what: string): Promise<void> {
  if (tsxReady || import.meta.url.endsWith('.ts')) return;
  const dist = 'tsx/esm/api';
  let api: { register: () => unknown } | null = null;
  try {
    api = (await import(dist)) as { register: () => unknown };
  } catch {
    const path = resolveFrom(dist);
    if (path) {
      try {
        api = (await import(pathToFileURL(path.replace(/\.cjs$/, '.mjs')).href)) as { register: () => unknown };
      } catch {
        api = null;
      }
    }
  }
  if (!api) {
    throw new CliError(
      what === 'generate'
        ? `liburing-ts generate: tsx is not installed: ${INSTALL_DEV_DEPS}`
        : `liburing-ts ${what}: the schema is TypeScript, loaded with tsx, which is not installed: install it as a dev dependency (\`npm install --save-dev tsx\`) to use ${what}`,
    );
  }
  api.register();
  tsxReady = true;
}

/** For generate: ts-morph (the emitters) and tsx (the schema entries) must be there. */
export async function requireGeneratorDeps(): Promise<void> {
  const missing = ['ts-morph', 'tsx'].filter((p) => !hasPackage(p));
  if (missing.length) throw new CliError(`liburing-ts generate: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not installed: ${INSTALL_DEV_DEPS}`);
  await enableTypeScriptImports('generate');
}

/** Parsed command-line options: flags, repeatable options with a value, and positionals. */
export interface Parsed {
  flags: Set<string>;
  values: Map<string, string[]>;
  positionals: string[];
}

/**
 * Parse argv against the options a command knows; `--opt value` and
 * `--opt=value` both work. An unknown option or a missing value is a CliError
 * (exit 2) that names it and points at --help.
 */
export function parseArgs(argv: string[], command: string, known: { flags: string[]; values: string[] }): Parsed {
  const out: Parsed = { flags: new Set(), values: new Map(), positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('-') || a === '-') {
      out.positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (known.flags.includes(name)) {
      if (eq > 0) throw new CliError(`liburing-ts ${command}: ${name} takes no value. See \`liburing-ts ${command} --help\`.`, 2);
      out.flags.add(name);
    } else if (known.values.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') throw new CliError(`liburing-ts ${command}: ${name} needs a value. See \`liburing-ts ${command} --help\`.`, 2);
      out.values.set(name, [...(out.values.get(name) ?? []), v]);
    } else {
      throw new CliError(`liburing-ts ${command}: unknown option ${name}. See \`liburing-ts ${command} --help\`.`, 2);
    }
  }
  return out;
}

/** Folders given with --schema, each checked to exist. */
export function schemaDirs(p: Parsed, command: string): string[] {
  return (p.values.get('--schema') ?? []).map((d) => {
    const abs = resolve(d);
    if (!existsSync(abs)) throw new CliError(`liburing-ts ${command}: --schema ${d}: no such folder (${abs})`);
    return abs;
  });
}

/**
 * Progress on stderr for steps that can take a while: each step is announced
 * when it starts, and the whole command's time is given at the end when it
 * took longer than a second.
 */
export class Progress {
  private readonly started = Date.now();
  constructor(private readonly command: string, private readonly quiet: boolean) {}
  step(what: string): void {
    if (!this.quiet) process.stderr.write(`liburing-ts ${this.command}: ${what}...\n`);
  }
  done(): void {
    const ms = Date.now() - this.started;
    if (!this.quiet && ms > 1000) process.stderr.write(`liburing-ts ${this.command}: done in ${(ms / 1000).toFixed(1)}s\n`);
  }
}

/** Run a command body, turning a CliError or SchemaError into its message and exit code. */
export async function runCommand(body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    const err = e as Error & { exitCode?: number; problems?: string[] };
    if (err instanceof CliError) {
      console.error(err.message);
      return err.exitCode;
    }
    if (err.name === 'SchemaError') {
      console.error(err.message);
      return 1;
    }
    throw e;
  }
}
