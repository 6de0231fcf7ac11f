/**
 * What the schema commands (generate, coverage, check-header) share: where the
 * package and its built-in schema are, loading TypeScript schema entries from
 * plain Node (through tsx), checking that the generator's dev dependencies are
 * installed, and progress lines.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../runtime/provision/paths.js';
import { CliError } from './errors.js';
import { registerSchemaHooks } from './module-hooks.js';

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
 * and the user's). Under tsx (this repository's scripts and bin) it already
 * does; from the compiled bin, tsx's loader is registered. Then the hooks of
 * module-hooks.ts, which make schema entries ES modules in a CommonJS project
 * and find the generator's packages in the project.
 */
export async function enableTypeScriptImports(what: string): Promise<void> {
  if (tsxReady) return;
  if (import.meta.url.endsWith('.ts')) {
    registerSchemaHooks(packageDir());
    tsxReady = true;
    return;
  }
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
  registerSchemaHooks(packageDir());
  tsxReady = true;
}

/** For generate: ts-morph (the emitters) and tsx (the schema entries) must be there. */
export async function requireGeneratorDeps(): Promise<void> {
  const missing = ['ts-morph', 'tsx'].filter((p) => !hasPackage(p));
  if (missing.length) throw new CliError(`liburing-ts generate: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not installed: ${INSTALL_DEV_DEPS}`);
  await enableTypeScriptImports('generate');
}

/**
 * Folders given with --schema, each checked to exist and to be a folder (a
 * single entry file is refused: its folder may hold other things).
 */
export function schemaDirs(dirs: string[] | undefined, command: string): string[] {
  return (dirs ?? []).map((d) => {
    const abs = resolve(d);
    if (!existsSync(abs)) throw new CliError(`liburing-ts ${command}: --schema ${d}: no such folder (${abs})`);
    if (!statSync(abs).isDirectory()) {
      throw new CliError(`liburing-ts ${command}: --schema ${d} is a file; --schema takes a folder of schema entries (every .ts, .js and .json file under it is read). Put ${basename(abs)} in a folder of its own and pass that folder.`, 2);
    }
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
