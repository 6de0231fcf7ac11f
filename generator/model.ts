/**
 * The resolved schema the emitters work from: struct layouts, constant
 * values by name, and each function's parameters with their C types
 * classified.
 */
import { classify, type CType } from '../runtime/ctypes.js';
import type { FunctionEntry, Param } from '../schema/language.js';
import { layOut, type LaidStruct } from './layout.js';
import type { Loaded, Schema } from './load.js';

export interface ModelParam {
  p: Param;
  index: number;
  ct: CType;
}

export interface ModelFunction {
  entry: FunctionEntry;
  file: string;
  params: ModelParam[];
  result: CType;
}

export interface Model {
  schema: Schema;
  structs: Map<string, LaidStruct>;
  /** Struct tag to class name. */
  classOf: (tag: string) => string;
  constants: Map<string, { value: number | bigint; group: string }>;
  functions: ModelFunction[];
}

export function buildModel(schema: Schema): Model {
  const entries = new Map(schema.structs.map((s) => [s.entry.name, s]));
  const structs = new Map<string, LaidStruct>();
  const resolving = new Set<string>();
  const lookup = (tag: string): LaidStruct => {
    const done = structs.get(tag);
    if (done) return done;
    const s = entries.get(tag);
    if (!s) throw new Error(`struct ${tag} is used but has no entry in schema/structs`);
    if (resolving.has(tag)) throw new Error(`struct ${tag} contains itself`);
    resolving.add(tag);
    const laid = layOut(s.entry, lookup);
    resolving.delete(tag);
    structs.set(tag, laid);
    return laid;
  };
  for (const s of schema.structs) lookup(s.entry.name);

  const constants = new Map<string, { value: number | bigint; group: string }>();
  for (const g of schema.constants) for (const v of g.entry.values) constants.set(v.name, { value: v.value, group: g.entry.group });

  const functions = schema.functions.map((f: Loaded<FunctionEntry>) => {
    const params = f.entry.params.map((p, index) => {
      let ct: CType;
      try {
        ct = classify(p.type);
      } catch (e) {
        throw new Error(`${f.file}: entry ${f.entry.name}: field params[${index}].type: ${(e as Error).message}`);
      }
      if ((ct.kind === 'struct' || ct.kind === 'structOut') && !entries.has(ct.struct)) {
        throw new Error(`${f.file}: entry ${f.entry.name}: field params[${index}].type: struct ${ct.struct} has no entry in schema/structs`);
      }
      return { p, index, ct };
    });
    return { entry: f.entry, file: f.file, params, result: classify(f.entry.returns.type) };
  });
  return {
    schema,
    structs,
    classOf: (tag) => {
      const s = entries.get(tag);
      if (!s) throw new Error(`struct ${tag} has no entry in schema/structs`);
      return s.entry.className;
    },
    constants,
    functions,
  };
}
