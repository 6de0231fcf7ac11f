/**
 * The model: the schema resolved once, so that emitters only print. Struct
 * layouts, constants with their versions, and for each function its
 * parameters (types decided), preconditions (with identities, checks,
 * explanations, violations), bookkeeping calls, result handling and tests.
 */
import { classify, INT_LIMITS, type CType } from '../runtime/ctypes.js';
import type { FunctionEntry } from '../schema/language.js';
import { layOut, type LaidStruct } from './layout.js';
import type { Loaded, Schema } from './load.js';
import { resolveConstants, type Constants } from './model/constants.js';
import { resolveParam, resultTsType, type ModelParam } from './model/params.js';
import { argsPattern, resolvePreconditions, type ModelPrecondition } from './model/preconditions.js';
import { resolveBookkeeping, type ModelBookkeeping } from './model/bookkeeping.js';
import { resolveTests, type ModelTests } from './model/tests.js';
import { resolveOutputs, type ModelOutputs } from './model/outputs.js';
import { resolveImplementation, type ModelImplementation } from './model/implementation.js';
import * as derived from '../runtime/derived.js';
import { OLDEST_LIBURING } from './rules/flags.js';

export type { ModelParam } from './model/params.js';
export type { ModelPrecondition } from './model/preconditions.js';
export type { ModelTests, PreconditionTest } from './model/tests.js';
export type { ModelBookkeeping, Call } from './model/bookkeeping.js';
export type { ConstantInfo } from './model/constants.js';
export type { ModelImplementation } from './model/implementation.js';

export interface ModelFunction {
  entry: FunctionEntry;
  file: string;
  /** The entry's file, then the override files that changed it: what generated files cite. */
  sources: string[];
  origin: 'builtin' | 'user';
  params: ModelParam[];
  result: CType;
  resultType: string;
  preconditions: ModelPrecondition[];
  /** Module-level helpers the checks use (versioned flag tables): name to initializer. */
  hoisted: Map<string, string>;
  /** runtime/derived.ts helpers the checks and explanations call. */
  derived: string[];
  /** For each precondition (same order): the destructuring patterns of its check and explain functions. */
  patterns: { check: string; explain: string }[];
  bookkeeping: ModelBookkeeping;
  outputs: ModelOutputs;
  /** How the checked wrapper does the work: the SQE encoding, a JavaScript implementation, or the C call. */
  implementation: ModelImplementation;
  tests: ModelTests;
  sqeParam?: ModelParam;
  ringParam?: ModelParam;
  /** Which library introduced it, and when: liburing's version gates the call; a libc function is not gated by liburing. */
  since: { library: 'liburing' | 'glibc'; version: string; label: string };
  /** The module that exports it: the package's main entry, or liburing-ts/libc (generated/libc.ts). */
  entryPoint: 'main' | 'libc';
  /** Why the property test makes only calls refused before C (it can wait, or a random valid call would harm the machine), or null. */
  fuzzRefusedOnly: string | null;
}

export interface Model {
  schema: Schema;
  structs: Map<string, LaidStruct>;
  /** Struct tag to class name. */
  classOf: (tag: string) => string;
  constants: Constants;
  functions: ModelFunction[];
}

const DERIVED = Object.keys(derived).sort();

function derivedUsed(exprs: string[]): string[] {
  const code = exprs.map((x) => x.replace(/'(?:[^'\\]|\\.)*'/g, "''"));
  return DERIVED.filter((d) => code.some((x) => new RegExp(`(?<![.\\w])${d}\\(`).test(x)));
}

function layStructs(schema: Schema): Map<string, LaidStruct> {
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
  return structs;
}

function resolveFunction(f: Loaded<FunctionEntry>, model: Omit<Model, 'functions'>, classes: ReadonlySet<string>): ModelFunction {
  const e = f.entry;
  const where = `${f.file}: entry ${e.name}`;
  const params = e.params.map((p, i) => resolveParam(p, i, { structs: model.structs, classOf: model.classOf, where }));
  const hoisted = new Map<string, string>();
  const preconditions = resolvePreconditions({ entry: e, where, params, constants: model.constants, hoisted });
  // A versioned flag table reads the loaded liburing's version: a libc function must work without liburing.
  if (e.library === 'libc' && hoisted.size) throw new Error(`${where}: a libc function's flags cannot depend on the loaded liburing (constants newer than ${OLDEST_LIBURING} with decidedBy 'liburing'): use decidedBy 'kernel'`);
  const result = classify(e.returns.type);
  const glibc = /^glibc (.+)$/.exec(e.since);
  return {
    entry: e,
    file: f.file,
    sources: [f.file, ...f.overriddenBy],
    origin: f.origin,
    params,
    result,
    resultType: resultTsType(e.returns.kind, result, model.classOf),
    preconditions,
    hoisted,
    derived: derivedUsed(preconditions.flatMap((p) => [p.check, p.guard, p.explain])),
    patterns: preconditions.map((p) => ({ check: argsPattern(params, [p.check]), explain: argsPattern(params, [p.explain]) })),
    bookkeeping: resolveBookkeeping(e, params, where),
    outputs: resolveOutputs(e, params, result, model.classOf, model.structs, where),
    implementation: resolveImplementation({ entry: e, params, constants: model.constants, classes, where }),
    tests: resolveTests(e, f.code, params, preconditions, where),
    sqeParam: params.find((mp) => mp.role === 'sqe'),
    ringParam: params.find((mp) => mp.role === 'ring'),
    since: glibc ? { library: 'glibc', version: glibc[1]!, label: e.since } : { library: 'liburing', version: e.since, label: `liburing ${e.since}` },
    entryPoint: e.library === 'libc' ? 'libc' : 'main',
    fuzzRefusedOnly: e.fuzzRefusedOnly ?? (e.mayBlock ? `${e.name} can wait forever` : null),
  };
}

export function buildModel(schema: Schema): Model {
  const entries = new Map(schema.structs.map((s) => [s.entry.name, s]));
  const base = {
    schema,
    structs: layStructs(schema),
    classOf: (tag: string) => {
      const s = entries.get(tag);
      if (!s) throw new Error(`struct ${tag} has no entry in schema/structs`);
      return s.entry.className;
    },
    constants: resolveConstants(schema.constants),
  };
  const classes = new Set(schema.structs.map((s) => s.entry.className));
  return { ...base, functions: schema.functions.map((f) => resolveFunction(f, base, classes)) };
}

/** Whether an integer C type is 64 bits wide. */
export function is64(ct: CType): boolean {
  return ct.kind === 'int' && INT_LIMITS[ct.int].bits === 64;
}
