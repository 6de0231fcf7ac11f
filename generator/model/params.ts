/**
 * Parameters, resolved once: each C type classified, and everything the
 * emitters print for it (TypeScript type, zod type, koffi type, how it is
 * passed to C) decided here.
 */
import { classify, INT_LIMITS, KOFFI_INT, TYPED_ARRAY, intBytes, type CType, type IntKind } from '../../runtime/ctypes.js';
import type { Param } from '../../schema/language.js';
import type { LaidStruct } from '../layout.js';

/** What a parameter is to the bookkeeping: the ring, the SQE being filled, a CQE, or data. */
export type Role = 'ring' | 'sqe' | 'cqe' | 'data';

export interface ModelParam {
  p: Param;
  index: number;
  ct: CType;
  role: Role;
  /** The TypeScript type of the argument. */
  tsType: string;
  /** The zod type the compiled check starts from (the C type). */
  zodType: string;
  /** The C type check as a JavaScript expression over the parameter (the same predicate zodType wraps): the wrapper's guard. */
  guard: string;
  /** The koffi type in the C declaration. */
  koffiType: string;
  /** How the wrapper passes the argument to C. */
  marshal: string;
  /** The pointee of a pointer argument, for element counts. */
  element?: { cType: string; size: number; kind: 'byte' | 'int' | 'struct' | 'pointer' };
  /** A `struct X **` filled with `count` pointers: a PointerArray, not an OutPointer. */
  pointerArray: boolean;
  /** Struct classes the argument refers to (its own and alsoAccepts'). */
  classes: string[];
}

export interface ParamContext {
  structs: Map<string, LaidStruct>;
  classOf: (tag: string) => string;
  where: string;
}

export function koffiTypeOf(ct: CType, completion: boolean): string {
  switch (ct.kind) {
    case 'void': return 'void';
    case 'bool': return 'bool';
    case 'int': return KOFFI_INT[ct.int];
    // A struct returned by value: the koffi struct type ffi.ts declares under the struct's tag.
    case 'structValue': return ct.struct;
    // A C string the kernel reads after the call is passed as memory the wrapper keeps.
    case 'string': return completion ? 'void *' : 'const char *';
    default: return 'void *';
  }
}

function acceptedClasses(ctx: ParamContext, tag: string): string[] {
  const also = ctx.structs.get(tag)?.entry.alsoAccepts ?? [];
  return [ctx.classOf(tag), ...also.map((t) => ctx.classOf(t))];
}

export function resolveParam(p: Param, index: number, ctx: ParamContext): ModelParam {
  let ct: CType;
  try {
    ct = classify(p.type);
  } catch (e) {
    throw new Error(`${ctx.where}: field params[${index}].type: ${(e as Error).message}`);
  }
  if ((ct.kind === 'struct' || ct.kind === 'structOut') && !ctx.structs.has(ct.struct)) {
    throw new Error(`${ctx.where}: field params[${index}].type: struct ${ct.struct} has no entry in schema/structs`);
  }
  const n = p.name;
  const nul = p.nullable ? ' | null' : '';
  const completion = p.ownership === 'completion';
  const pointerArray = ct.kind === 'structOut' && p.count !== undefined;
  const classes = ct.kind === 'struct' ? acceptedClasses(ctx, ct.struct) : ct.kind === 'structOut' ? [ctx.classOf(ct.struct)] : [];
  let tsType: string;
  let zodType: string;
  // The same C type check as a plain JavaScript expression over the parameter, for the wrapper's guard.
  let guard: string;
  const nullableGuard = (g: string) => (p.nullable ? `(${n} === null || ${g})` : g);
  let marshal = n;
  let element: ModelParam['element'];
  switch (ct.kind) {
    case 'bool':
      tsType = 'boolean';
      zodType = 'rt.check.bool()';
      guard = `rt.check.isBool(${n})`;
      break;
    case 'int':
      tsType = INT_LIMITS[ct.int].bits === 64 ? 'number | bigint' : 'number';
      zodType = `rt.check.int('${ct.int}')`;
      guard = intGuard(ct.int, n);
      // koffi passes -1 to a uint64_t as 2^64 - 1, and the encoders' setU64 stores it so.
      if (p.minusOne !== undefined) {
        zodType = `z.union([${zodType}, z.literal(-1)])`;
        guard = `(${guard} || ${n} === -1)`;
      }
      break;
    case 'string':
      tsType = 'string' + nul;
      zodType = `rt.check.string(${p.nullable})`;
      guard = nullableGuard(`rt.check.isString(${n})`);
      if (completion) marshal = `rt.addressOf(${n}_c)`;
      break;
    case 'memory':
      tsType = 'rt.Memory' + nul;
      zodType = `rt.check.memory(${p.nullable})`;
      guard = nullableGuard(`rt.check.isMemoryArg(${n})`);
      marshal = p.nullable ? `${n} === null ? null : rt.addressOf(${n})` : `rt.addressOf(${n})`;
      element = { cType: 'byte', size: 1, kind: 'byte' };
      break;
    case 'intArray':
      tsType = TYPED_ARRAY[ct.int] + nul;
      zodType = `rt.check.intArray<${TYPED_ARRAY[ct.int]}>(${TYPED_ARRAY[ct.int]}, ${p.nullable})`;
      guard = nullableGuard(`rt.check.isIntArray(${n}, ${TYPED_ARRAY[ct.int]})`);
      marshal = p.nullable ? `${n} === null ? null : rt.addressOf(${n})` : `rt.addressOf(${n})`;
      element = { cType: ct.c, size: intBytes(ct.int), kind: 'int' };
      break;
    case 'struct':
      tsType = classes.join(' | ') + nul;
      zodType = classes.length > 1 ? `rt.check.structOf<${classes.join(' | ')}>([${classes.join(', ')}], ${p.nullable})` : `rt.check.struct(${classes[0]}, ${p.nullable})`;
      // rt.check.isStruct inline: each wrapper's own instanceof and lifetime load stay monomorphic (a shared helper sees every struct class).
      guard = nullableGuard(classes.length > 1 ? `rt.check.isStructOf(${n}, [${classes.join(', ')}])` : `(${n} instanceof ${classes[0]} && ${n}.lifetime.alive)`);
      marshal = p.nullable ? `${n} === null ? null : ${n}.address` : `${n}.address`;
      element = { cType: `struct ${ct.struct}`, size: ctx.structs.get(ct.struct)!.size, kind: 'struct' };
      break;
    case 'structOut':
      tsType = `${pointerArray ? 'rt.PointerArray' : 'rt.OutPointer'}<${classes[0]}>`;
      zodType = pointerArray ? 'rt.check.pointerArray()' : 'rt.check.outPointer()';
      guard = pointerArray ? `rt.check.isPointerArray(${n})` : `rt.check.isOutPointer(${n})`;
      marshal = pointerArray ? `${n}.slots` : `${n}.slot`;
      element = { cType: `struct ${ct.struct} *`, size: 8, kind: 'pointer' };
      break;
    case 'void':
      throw new Error(`${ctx.where}: field params[${index}].type: a parameter cannot be void`);
    case 'structValue':
      throw new Error(`${ctx.where}: field params[${index}].type: a struct passed by value is not supported (pass a pointer)`);
  }
  const role: Role = ct.kind === 'struct' && ct.struct === 'io_uring' ? 'ring' : ct.kind === 'struct' && ct.struct === 'io_uring_sqe' ? 'sqe' : ct.kind === 'struct' && ct.struct === 'io_uring_cqe' ? 'cqe' : 'data';
  if (p.count !== undefined && !element) throw new Error(`${ctx.where}: field params[${index}].count: only pointer parameters have an element count`);
  if (p.minusOne !== undefined && !(ct.kind === 'int' && ct.int === 'u64')) throw new Error(`${ctx.where}: field params[${index}].minusOne: only unsigned 64-bit parameters take -1 for (__u64)-1`);
  if (p.newFd && (ct.kind !== 'intArray' || p.dir === 'in')) throw new Error(`${ctx.where}: field params[${index}].newFd: only an int array the call writes holds new file descriptors`);
  return { p, index, ct, role, tsType, zodType, guard, koffiType: koffiTypeOf(ct, completion), marshal, element, pointerArray, classes };
}

/** The TypeScript type of a function's result. */
export function resultTsType(kind: string, ct: CType, classOf: (tag: string) => string): string {
  if (kind === 'void') return 'void';
  if (kind === 'bool') return 'boolean';
  if (kind === 'pointer') return ct.kind === 'struct' ? `${classOf(ct.struct)} | null` : 'bigint | null';
  // libc: failure is thrown; a void * result is a view of the memory (returns.bytes long).
  if (kind === 'libc' && ct.kind === 'memory') return 'Uint8Array';
  if (kind === 'struct' && ct.kind === 'structValue') return classOf(ct.struct);
  if (ct.kind === 'int' && INT_LIMITS[ct.int].bits === 64 && kind === 'value') return 'bigint';
  return 'number';
}

/**
 * rt.check.isInt's predicate for the kind, written out over the parameter: V8 does not inline the
 * shared predicates into every guard (their closures share one feedback cell), and a call each
 * cost a checked prep_read about half its guard. The limits come from INT_LIMITS, as the
 * predicates' do, and test/generator proves the two agree.
 */
export function intGuard(kind: IntKind, n: string): string {
  const l = INT_LIMITS[kind];
  const notMinusZero = `!Object.is(${n}, -0)`;
  if (l.bits === 64) {
    const number = `Number.isSafeInteger(${n})${l.signed ? '' : ` && ${n} >= 0`} && ${notMinusZero}`;
    // BigInt.asUintN(64, n) === n: n is within the range; V8 compiles it inline, where two bigint comparisons are builtin calls.
    return `(typeof ${n} === 'number' ? ${number} : typeof ${n} === 'bigint' && BigInt.as${l.signed ? 'Int' : 'Uint'}N(${l.bits}, ${n}) === ${n})`;
  }
  // (n | 0) === n: a number that is an integer in the int32 range; n >>> 0 === n: the same for uint32.
  const integer = kind === 'u32' ? `${n} >>> 0 === ${n}` : `(${n} | 0) === ${n}`;
  const range = kind === 'u32' || kind === 'i32' ? '' : ` && ${n} >= ${l.min} && ${n} <= ${l.max}`;
  return `(typeof ${n} === 'number' && ${integer}${range} && ${notMinusZero})`;
}
