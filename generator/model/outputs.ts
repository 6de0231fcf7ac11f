/**
 * What a wrapper does with C's answer: how the result is read and returned,
 * whether a negative one is thrown, and how out-pointer arguments are filled
 * with struct views that share the right lifetime.
 */
import { INT_LIMITS, type CType } from '../../runtime/ctypes.js';
import type { FunctionEntry } from '../../schema/language.js';
import type { ModelParam } from './params.js';
import type { LaidField, LaidStruct } from '../layout.js';
import { KOFFI_INT } from '../../runtime/ctypes.js';

export interface ModelOutputs {
  /** How C's raw result is typed (`const ret = ffi.x(...) as <cast>`), or null for void. */
  cast: string | null;
  /** The errno names returned rather than thrown, when a negative result is thrown otherwise. */
  throwsBelowZero: { passthrough: string[] } | null;
  /**
   * The libc convention (returns.kind 'libc'): `failed` tests C's raw result
   * (-1, or MAP_FAILED for a pointer), `value` is that result as a literal;
   * errno, read right after the call, says why.
   */
  errnoVar: { failed: string; value: string } | null;
  /** Statements that fill out-pointer arguments from C's answer. */
  fill: string[];
  /** The return statement, or null for void. */
  ret: string | null;
  /**
   * The return statement when a `js` implementation gave the result: an SQE
   * or CQE of the ring comes as its view (or null), everything else as C
   * gives it; null for void.
   */
  retJs: string | null;
  /** C strings the kernel reads after the call: copied into memory the wrapper keeps (`<name>_c`). */
  cStrings: string[];
}

/**
 * A struct view at an address C gave, sharing the lifetime of what it lives in:
 * a ring (`from` names a struct io_uring argument), another struct (`fromStruct`:
 * its lifetime, e.g. the ring's an io_uring_cqe_iter shares), or C's own memory.
 */
export function borrowExpr(classOf: (tag: string) => string, struct: string, from: string | undefined, addr: string, flexibleCount?: string, fromStruct = false): string {
  const cls = classOf(struct);
  if (from && fromStruct) return `${cls}.borrow(${addr}, ${from}.lifetime)`;
  if (flexibleCount) return `${cls}.borrow(${addr}, ${from ? `rt.ringState(${from} as never).lifetime` : 'rt.ownedByC()'}, 1, Number(${flexibleCount}))`;
  if (from && struct === 'io_uring_sqe') return `rt.borrowSqe(${from}, ${cls}, ${addr})`;
  if (from && struct === 'io_uring_cqe') return `rt.borrowCqe(${from}, ${cls}, ${addr})`;
  if (from) return `${cls}.borrow(${addr}, ${from}.lifetime.alive ? rt.ringState(${from} as never).lifetime : ${from}.lifetime)`;
  return `${cls}.borrow(${addr}, rt.ownedByC())`;
}

/**
 * The members of a struct returned by value, in order, for koffi and for the
 * copy into the struct's class: integers and pointers only, no unions.
 */
export function byValueMembers(laid: LaidStruct, where: string): LaidField[] {
  let end = 0;
  for (const f of laid.fields) {
    if ((f.kind !== 'int' && f.kind !== 'pointer') || f.count !== 1 || f.offset < end) {
      throw new Error(`${where}: field returns.type: struct ${laid.entry.name} is returned by value, which needs integer and pointer members only (no arrays, nested structs or unions): ${f.name} is not one`);
    }
    end = f.offset + f.size;
  }
  return laid.fields;
}

/** A by-value member's koffi type: a pointer is read as the 64-bit integer it is (the same class in the C ABI), and set as a bigint address. */
export function koffiMember(f: LaidField): string {
  return f.kind === 'pointer' ? 'uint64_t' : KOFFI_INT[f.int!];
}

export function resolveOutputs(e: FunctionEntry, params: ModelParam[], result: CType, classOf: (tag: string) => string, structs: Map<string, LaidStruct>, where: string): ModelOutputs {
  const r = e.returns;
  const fill: string[] = [];
  for (const mp of params) {
    if (mp.ct.kind !== 'structOut') continue;
    const n = mp.p.name;
    const from = mp.p.borrowedFrom;
    const source = from === undefined ? undefined : params.find((x) => x.p.name === from);
    if (from && !source) throw new Error(`${where}: params.${n}.borrowedFrom: no parameter ${from}`);
    const fromStruct = source !== undefined && source.role !== 'ring';
    if (mp.pointerArray) {
      fill.push(`${n}.items = [];`);
      fill.push(`for (let i = 0; i < Math.min(Number(ret), ${n}.capacity); i++) ${n}.items.push(${borrowExpr(classOf, mp.ct.struct, from, `${n}.slots[i]!`, undefined, fromStruct)});`);
    } else {
      fill.push(`${n}.value = ${n}.slot[0] ? ${borrowExpr(classOf, mp.ct.struct, from, `${n}.slot[0]`, undefined, fromStruct)} : null;`);
      fill.push(`${n}.slot[0] = 0n;`);
    }
  }
  const wide = result.kind === 'int' && INT_LIMITS[result.int].bits === 64;
  let cast: string | null = null;
  let ret: string | null = null;
  let errnoVar: ModelOutputs['errnoVar'] = null;
  switch (r.kind) {
    case 'libc':
      if (result.kind === 'memory') {
        // mmap: memory C mapped, viewed as a Uint8Array that dies when freedBy frees it.
        if (!r.bytes || !params.some((mp) => mp.p.name === r.bytes)) throw new Error(`${where}: field returns.bytes: a libc function returning ${r.type} names the argument that gives its length in bytes`);
        if (r.freedBy !== 'munmap') throw new Error(`${where}: field returns.freedBy: memory a libc function returns is viewed as a mapping, which only munmap frees`);
        cast = 'bigint | null';
        errnoVar = { failed: 'ret === 0xffffffffffffffffn', value: '0xffffffffffffffffn' };
        ret = `return rt.adoptMapping(ret as bigint, Number(${r.bytes}));`;
      } else if (result.kind === 'int') {
        cast = wide ? 'number | bigint' : 'number';
        errnoVar = { failed: wide ? 'Number(ret) === -1' : 'ret === -1', value: '-1' };
        ret = 'return Number(ret);';
      } else {
        throw new Error(`${where}: field returns.type: the libc convention (-1 and errno) needs an integer or a void * result, not ${r.type}`);
      }
      break;
    case 'void':
      break;
    case 'pointer':
      cast = 'bigint | null';
      ret = result.kind === 'struct'
        ? `return ret === null || ret === 0n ? null : ${borrowExpr(classOf, result.struct, r.borrowedFrom, 'ret', r.flexibleCount)};`
        : 'return ret === null || ret === 0n ? null : ret;';
      break;
    case 'bool':
      cast = 'boolean';
      ret = 'return ret;';
      break;
    case 'struct': {
      if (result.kind !== 'structValue') throw new Error(`${where}: field returns.type: a struct result is "struct X", by value`);
      const members = byValueMembers(structs.get(result.struct)!, where);
      const from = r.borrowedFrom;
      if (from && params.find((x) => x.p.name === from)?.role !== 'ring') throw new Error(`${where}: field returns.borrowedFrom: ${from} is not a struct io_uring parameter`);
      const wide = (f: LaidField) => f.kind === 'pointer' || INT_LIMITS[f.int!].bits === 64;
      cast = `{ ${members.map((f) => `${f.name}: ${wide(f) ? 'number | bigint' : 'number'}`).join('; ')} }`;
      // koffi gives the struct as an object: copy it into memory of the struct's class.
      ret = [
        `const value = rt.structValue(${classOf(result.struct)}, ${from ?? 'null'});`,
        ...members.map((f) => `value.${f.name} = ${f.kind === 'pointer' ? `BigInt(ret.${f.name})` : `ret.${f.name}`};`),
        'return value;',
      ].join('\n');
      break;
    }
    default:
      cast = wide ? 'number | bigint' : 'number';
      ret = r.kind === 'value' && wide ? 'return BigInt(ret);' : 'return Number(ret);';
  }
  const ringView = r.kind === 'pointer' && result.kind === 'struct' && r.borrowedFrom && (result.struct === 'io_uring_sqe' || result.struct === 'io_uring_cqe');
  const retJs = ringView ? `return ret === null ? null : ${borrowExpr(classOf, (result as { struct: string }).struct, r.borrowedFrom, 'ret')};` : ret;
  return {
    cast,
    retJs,
    throwsBelowZero: r.kind === 'errno' || r.kind === 'count' ? { passthrough: r.passthrough } : null,
    errnoVar,
    fill,
    ret,
    cStrings: params.filter((mp) => mp.ct.kind === 'string' && mp.p.ownership === 'completion').map((mp) => mp.p.name),
  };
}
