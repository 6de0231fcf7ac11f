/**
 * Loading the schema: every entry file under the schema folders, validated
 * with the schema language's zod schemas. All problems are reported at once,
 * each naming the file, the entry and the field.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as z from 'zod';
import { ConstantGroup, FunctionEntry, StructEntry, Precondition } from '../schema/language/index.js';
import type { TestCode } from './load-code.js';

export interface Loaded<T> {
  entry: T;
  /** The file it came from, relative to the working folder. */
  file: string;
  /** For function entries: the text of their test code, read from the file. */
  code?: TestCode;
  /** Where the entry comes from: the package's own schema, or a user's folder (added, or replacing a built-in entry). */
  origin: 'builtin' | 'user';
  /** Override files (user folders) that changed this entry's preconditions, in the order applied. */
  overriddenBy: string[];
}

export interface Schema {
  functions: Loaded<FunctionEntry>[];
  structs: Loaded<StructEntry>[];
  constants: Loaded<ConstantGroup>[];
  /** What user schema folders replaced in the built-in one, for the report. */
  overrides: string[];
}

export class SchemaError extends Error {
  override name = 'SchemaError';
  constructor(readonly problems: string[]) {
    super(`the schema has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` + problems.map((p) => `  - ${p}`).join('\n'));
  }
}

function filesUnder(dir: string): string[] {
  let out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(filesUnder(p));
    else if (/\.(ts|mts|js|mjs|json)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function pathText(path: PropertyKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : (i ? '.' : '') + String(k))).join('') || '(entry)';
}

async function importEntry(file: string): Promise<unknown> {
  if (file.endsWith('.json')) {
    const { readFileSync } = await import('node:fs');
    return JSON.parse(readFileSync(file, 'utf8'));
  }
  const mod = (await import(pathToFileURL(resolve(file)).href)) as { default?: unknown };
  return mod.default;
}

const FAILED = Symbol('failed');

/** An entry file's default export, or FAILED with the reason added to `problems`. */
async function importOrReport(abs: string, file: string, problems: string[]): Promise<unknown> {
  try {
    return await importEntry(abs);
  } catch (e) {
    problems.push(`${file}: cannot be loaded: ${(e as Error).message}`);
    return FAILED;
  }
}

async function loadKind<T>(dir: string, kind: Kind, problems: string[], base: string): Promise<Loaded<T>[]> {
  const out: Loaded<T>[] = [];
  for (const abs of filesUnder(dir)) {
    // Named from the schema folder's parent ("schema/functions/..."), wherever it is: generated headers cite it.
    const file = relative(base, abs);
    const raw = await importOrReport(abs, file, problems);
    if (raw === FAILED) continue;
    const loaded = validate(file, raw, kind, problems, abs);
    if (loaded) out.push(loaded as Loaded<T>);
  }
  return out;
}

/** An override file: adds to or replaces preconditions of a function already in the schema. */
const Override = z.object({
  override: z.string(),
  params: z.record(z.string(), z.object({
    preconditions: z.array(Precondition),
    mode: z.enum(['add', 'replace']).default('add'),
  }).strict()),
}).strict();

/**
 * Load the built-in schema folder and, after it, user folders whose entries
 * add functions, replace entries of the same name, or (with `override`)
 * change preconditions of existing ones.
 */
export async function loadSchema(builtin: string, userDirs: string[] = [], options: LoadOptions = {}): Promise<Schema> {
  // Reading test code needs ts-morph, a development dependency: only generation asks for it.
  readCode = options.testCode === false ? null : (await import('./load-code.js')).readTestCode;
  const problems: string[] = [];
  const schema: Schema = {
    functions: await loadKind(join(builtin, 'functions'), 'functions', problems, dirname(resolve(builtin))),
    structs: await loadKind(join(builtin, 'structs'), 'structs', problems, dirname(resolve(builtin))),
    constants: await loadKind(join(builtin, 'constants'), 'constants', problems, dirname(resolve(builtin))),
    overrides: [],
  };
  for (const dir of userDirs) {
    for (const abs of filesUnder(dir)) {
      const file = relative(process.cwd(), abs) || abs;
      const raw = await importOrReport(abs, file, problems);
      if (raw === FAILED) continue;
      const r = raw as Record<string, unknown> | undefined;
      if (r && 'override' in r) {
        const o = Override.safeParse(raw);
        if (!o.success) {
          for (const issue of o.error.issues) problems.push(`${file}: override ${String(r.override)}: field ${pathText(issue.path)}: ${issue.message}`);
          continue;
        }
        const target = schema.functions.find((f) => f.entry.name === o.data.override);
        if (!target) {
          problems.push(`${file}: override ${o.data.override}: no such function in the schema`);
          continue;
        }
        for (const [pname, change] of Object.entries(o.data.params)) {
          const param = target.entry.params.find((p) => p.name === pname);
          if (!param) {
            problems.push(`${file}: override ${o.data.override}: field params.${pname}: ${o.data.override} has no parameter ${pname} (it has ${target.entry.params.map((p) => p.name).join(', ')})`);
            continue;
          }
          param.preconditions = change.mode === 'replace' ? change.preconditions : [...param.preconditions, ...change.preconditions];
          schema.overrides.push(`${o.data.override}(${pname}): ${change.mode === 'replace' ? 'replaced' : 'added'} ${change.preconditions.length} precondition(s) from ${file}`);
        }
        target.overriddenBy.push(file);
        continue;
      }
      const kind = r && 'group' in r ? 'constants' : r && 'className' in r ? 'structs' : 'functions';
      const parsed = validate(file, raw, kind, problems, abs, 'user');
      if (!parsed) continue;
      const list = schema[kind] as Loaded<unknown>[];
      const key = (x: unknown) => (x as { name?: string; group?: string }).name ?? (x as { group?: string }).group;
      const i = list.findIndex((l) => key(l.entry) === key(parsed.entry));
      if (i >= 0) {
        schema.overrides.push(`${key(parsed.entry)}: entry replaced by ${file}`);
        list[i] = parsed;
      } else list.push(parsed);
    }
  }
  if (problems.length) throw new SchemaError(problems);
  const names = new Map<string, string>();
  for (const f of schema.functions) {
    const prev = names.get(f.entry.name);
    if (prev) problems.push(`${f.file}: entry ${f.entry.name}: defined twice (also in ${prev})`);
    names.set(f.entry.name, f.file);
  }
  if (problems.length) throw new SchemaError(problems);
  const byName = <T>(l: Loaded<T>[], k: (t: T) => string) => l.sort((a, b) => (k(a.entry) < k(b.entry) ? -1 : k(a.entry) > k(b.entry) ? 1 : 0));
  byName(schema.functions, (e) => e.name);
  byName(schema.structs, (e) => e.name);
  byName(schema.constants, (e) => e.group);
  return schema;
}

export interface LoadOptions {
  /** Read the text of the entries' test code (generation needs it; coverage and the header check do not). Default true. */
  testCode?: boolean;
}

let readCode: ((file: string, test: never) => TestCode) | null = null;

type Kind = 'functions' | 'structs' | 'constants';
const SCHEMAS: Record<Kind, z.ZodType> = { functions: FunctionEntry, structs: StructEntry, constants: ConstantGroup };

function validate(file: string, raw: unknown, kind: Kind, problems: string[], abs: string, origin: Loaded<unknown>['origin'] = 'builtin'): Loaded<unknown> | null {
  const r = SCHEMAS[kind].safeParse(raw);
  const name = (raw as { name?: unknown; group?: unknown } | undefined)?.name ?? (raw as { group?: unknown } | undefined)?.group ?? '(unnamed)';
  if (!r.success) {
    for (const issue of r.error.issues) problems.push(`${file}: entry ${String(name)}: field ${pathText(issue.path)}: ${issue.message}`);
    return null;
  }
  const loaded = { entry: r.data, file, origin, overriddenBy: [] };
  if (kind !== 'functions' || abs.endsWith('.json') || !readCode) return loaded;
  try {
    return { ...loaded, code: readCode(abs, (raw as { test: never }).test) };
  } catch (e) {
    problems.push(`${file}: entry ${String(name)}: ${(e as Error).message}`);
    return null;
  }
}
