/**
 * The fixture schema (test/fixtures/schema/), loaded and resolved once per
 * test file, and small helpers to vary one of its entries.
 */
import { join } from 'node:path';
import { loadSchema, type Loaded, type Schema } from '../../generator/load.js';
import { buildModel, type Model, type ModelFunction } from '../../generator/model.js';
import type { FunctionEntry } from '../../schema/language.js';

export const root = join(import.meta.dirname, '..', '..');
export const fixtureDir = join(root, 'test', 'fixtures', 'schema');
export const runtimeDir = join(root, 'runtime');

let loading: Promise<{ schema: Schema; model: Model }> | undefined;

/** The fixture schema and its model (loaded on first use, then shared by the file's tests). */
export function fixture(): Promise<{ schema: Schema; model: Model }> {
  loading ??= loadSchema(fixtureDir).then((schema) => ({ schema, model: buildModel(schema) }));
  return loading;
}

/** One function of the fixture's model, by C name. */
export function fn(model: Model, name: string): ModelFunction {
  const f = model.functions.find((x) => x.entry.name === name);
  if (!f) throw new Error(`the fixture schema has no function ${name}`);
  return f;
}

/**
 * The fixture's model with one function entry changed: `change` gets a copy
 * of the loaded entry (test code shared, not copied) and returns what to use.
 */
export function modelWith(schema: Schema, name: string, change: (entry: FunctionEntry, loaded: Loaded<FunctionEntry>) => Partial<Loaded<FunctionEntry>> | FunctionEntry): Model {
  const functions = schema.functions.map((l) => {
    if (l.entry.name !== name) return l;
    const copy: FunctionEntry = { ...l.entry, params: l.entry.params.map((p) => ({ ...p, preconditions: [...p.preconditions] })) };
    const out = change(copy, l);
    return 'entry' in out || 'code' in out ? { ...l, entry: copy, ...out } : { ...l, entry: out as FunctionEntry };
  });
  return buildModel({ ...schema, functions });
}
