/**
 * Generation: schema in, files out. Pure and deterministic: the same schema
 * gives byte-identical files (entries sorted by name, no timestamps).
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { loadSchema, SchemaError } from './load.js';
import { buildModel, type Model } from './model.js';
import { IN_REPO, type EmitOptions, type OutFile } from './emit-common.js';
import { emitStructs } from './emit-structs.js';
import { emitConstants } from './emit-constants.js';
import { emitLayout } from './emit-layout.js';
import { emitFfi, emitFunction } from './emit-functions.js';
import { emitTest, testScope } from './emit-tests.js';
import { emitIndex, emitUnsafe } from './emit-index.js';
import { emitDocs } from './emit-docs.js';

export interface GenerateOptions {
  schemaDir: string;
  userSchemaDirs?: string[];
  runtimeDir: string;
  emit?: EmitOptions;
}

/** `files` go to the output folder (generated/), `docs` to the API reference folder (docs/api/). */
export async function generateFiles(o: GenerateOptions): Promise<{ files: OutFile[]; docs: OutFile[]; model: Model }> {
  const schema = await loadSchema(o.schemaDir, o.userSchemaDirs ?? []);
  const model = buildModel(schema);
  const emit = o.emit ?? IN_REPO;
  const scope = testScope(model, emit, o.runtimeDir);
  const files: OutFile[] = [emitStructs(model, emit), emitConstants(model), emitLayout(model), emitFfi(model, emit), emitIndex(model), emitUnsafe(model)];
  const problems: string[] = [];
  for (const f of model.functions) {
    try {
      files.push(emitFunction(f, model, emit));
      files.push(emitTest(f, model, scope, emit));
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  if (problems.length) throw new SchemaError(problems);
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { files, docs: emitDocs(model), model };
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

/** Paths that differ between `files` and `outDir`: changed, missing or extra. */
export function staleFiles(files: OutFile[], outDir: string): string[] {
  const want = new Map(files.map((f) => [f.path, f.text]));
  const stale: string[] = [];
  for (const [path, text] of want) {
    const p = join(outDir, path);
    if (!existsSync(p) || readFileSync(p, 'utf8') !== text) stale.push(path);
  }
  for (const p of listFiles(outDir)) {
    const rel = relative(outDir, p);
    if (!want.has(rel)) stale.push(`${rel} (not produced by the schema)`);
  }
  return stale.sort();
}

/** Write `files` into `outDir`, removing files the schema no longer produces. Returns how many changed. */
export function writeFiles(files: OutFile[], outDir: string): number {
  const want = new Set(files.map((f) => f.path));
  let changed = 0;
  for (const p of listFiles(outDir)) {
    if (!want.has(relative(outDir, p))) {
      rmSync(p);
      changed++;
    }
  }
  for (const f of files) {
    const p = join(outDir, f.path);
    if (existsSync(p) && readFileSync(p, 'utf8') === f.text) continue;
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.text);
    changed++;
  }
  return changed;
}
