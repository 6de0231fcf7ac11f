/**
 * What a wrapper does with C's answer: how the result is read and returned,
 * whether a negative one is thrown, and how out-pointer arguments are filled
 * with struct views that share the right lifetime.
 */
import { INT_LIMITS, type CType } from '../../runtime/ctypes.js';
import type { FunctionEntry } from '../../schema/language.js';
import type { ModelParam } from './params.js';

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

/** A struct view at an address C gave, sharing the lifetime of what it lives in. */
export function borrowExpr(classOf: (tag: string) => string, struct: string, from: string | undefined, addr: string, flexibleCount?: string): string {
  const cls = classOf(struct);
  if (flexibleCount) return `${cls}.borrow(${addr}, ${from ? `rt.ringState(${from} as never).lifetime` : 'rt.ownedByC()'}, 1, Number(${flexibleCount}))`;
  if (from && struct === 'io_uring_sqe') return `rt.borrowSqe(${from}, ${cls}, ${addr})`;
  if (from && struct === 'io_uring_cqe') return `rt.borrowCqe(${from}, ${cls}, ${addr})`;
  if (from) return `${cls}.borrow(${addr}, ${from}.lifetime.alive ? rt.ringState(${from} as never).lifetime : ${from}.lifetime)`;
  return `${cls}.borrow(${addr}, rt.ownedByC())`;
}

export function resolveOutputs(e: FunctionEntry, params: ModelParam[], result: CType, classOf: (tag: string) => string, where: string): ModelOutputs {
  const r = e.returns;
  const fill: string[] = [];
  for (const mp of params) {
    if (mp.ct.kind !== 'structOut') continue;
    const n = mp.p.name;
    const from = mp.p.borrowedFrom;
    if (from && !params.some((x) => x.p.name === from)) throw new Error(`${where}: params.${n}.borrowedFrom: no parameter ${from}`);
    if (mp.pointerArray) {
      fill.push(`${n}.items = [];`);
      fill.push(`for (let i = 0; i < Math.min(Number(ret), ${n}.capacity); i++) ${n}.items.push(${borrowExpr(classOf, mp.ct.struct, from, `${n}.slots[i]!`)});`);
    } else {
      fill.push(`${n}.value = ${n}.slot[0] ? ${borrowExpr(classOf, mp.ct.struct, from, `${n}.slot[0]`)} : null;`);
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
