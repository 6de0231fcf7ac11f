/**
 * C types as the wrappers see them: how a schema's C type string is checked
 * in JavaScript, passed to koffi, and described in messages. Shared by the
 * generator (to choose TypeScript types and koffi signatures) and the runtime.
 */

export type IntKind = 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64';

export type CType =
  | { kind: 'void' }
  | { kind: 'bool' }
  | { kind: 'int'; int: IntKind; c: string }
  /** const char *: a NUL-terminated string. */
  | { kind: 'string' }
  /** void *, char *, sigset_t *...: bytes, as an ArrayBufferView or ArrayBuffer. */
  | { kind: 'memory'; c: string }
  /** int *, unsigned *, __u64 *...: a typed array of that integer. */
  | { kind: 'intArray'; int: IntKind; c: string }
  /** struct X *: a struct class instance (or an array of them). */
  | { kind: 'struct'; struct: string; isConst: boolean }
  /** struct X **: where C stores a pointer to a struct (out) or an array of such pointers. */
  | { kind: 'structOut'; struct: string }
  /** struct X, by value: only as a result (io_uring_cqe_iter_init's). */
  | { kind: 'structValue'; struct: string };

const INTS: Record<string, IntKind> = {
  char: 'i8', 'signed char': 'i8', __s8: 'i8', int8_t: 'i8',
  'unsigned char': 'u8', __u8: 'u8', uint8_t: 'u8',
  short: 'i16', __s16: 'i16', int16_t: 'i16',
  'unsigned short': 'u16', __u16: 'u16', uint16_t: 'u16',
  int: 'i32', __s32: 'i32', int32_t: 'i32', pid_t: 'i32', __kernel_rwf_t: 'i32', idtype_t: 'u32',
  'unsigned int': 'u32', unsigned: 'u32', __u32: 'u32', uint32_t: 'u32', socklen_t: 'u32', mode_t: 'u32', id_t: 'u32', __poll_t: 'u32',
  long: 'i64', 'long long': 'i64', __s64: 'i64', int64_t: 'i64', ssize_t: 'i64', off_t: 'i64', loff_t: 'i64', __kernel_off_t: 'i64',
  'unsigned long': 'u64', 'unsigned long long': 'u64', __u64: 'u64', uint64_t: 'u64', size_t: 'u64', uintptr_t: 'u64',
};

/** Memory-like pointee types: a pointer to them takes bytes. */
const BYTES = new Set(['void', 'char', 'unsigned char', 'sigset_t', '__u8', 'uint8_t']);

/** Classify a C type string from a prototype. */
export function classify(cType: string): CType {
  const isConst = /\bconst\b/.test(cType);
  const t = cType.replace(/\bconst\b/g, '').replace(/\s+/g, ' ').trim();
  const stars = (t.match(/\*/g) ?? []).length;
  const base = t.replace(/\*/g, '').trim();
  if (stars === 0) {
    if (base === 'void') return { kind: 'void' };
    if (base === 'bool' || base === '_Bool') return { kind: 'bool' };
    const int = INTS[base];
    if (int) return { kind: 'int', int, c: base };
    const m = /^struct (\w+)$/.exec(base);
    if (m) return { kind: 'structValue', struct: m[1]! };
    throw new Error(`unknown C type "${cType}"`);
  }
  if (stars === 1) {
    if (base === 'char' && isConst) return { kind: 'string' };
    if (BYTES.has(base)) return { kind: 'memory', c: cType };
    const int = INTS[base];
    if (int) return { kind: 'intArray', int, c: base };
    const m = /^struct (\w+)$/.exec(base);
    if (m) return { kind: 'struct', struct: m[1]!, isConst };
    // typedef'd structs used by pointer (e.g. siginfo_t) are plain memory
    return { kind: 'memory', c: cType };
  }
  if (stars === 2) {
    const m = /^struct (\w+)$/.exec(base);
    if (m) return { kind: 'structOut', struct: m[1]! };
  }
  throw new Error(`unsupported C type "${cType}"`);
}

export const INT_LIMITS: Record<IntKind, { min: bigint; max: bigint; bits: number; signed: boolean }> = {
  i8: { min: -128n, max: 127n, bits: 8, signed: true },
  u8: { min: 0n, max: 255n, bits: 8, signed: false },
  i16: { min: -32768n, max: 32767n, bits: 16, signed: true },
  u16: { min: 0n, max: 65535n, bits: 16, signed: false },
  i32: { min: -2147483648n, max: 2147483647n, bits: 32, signed: true },
  u32: { min: 0n, max: 4294967295n, bits: 32, signed: false },
  i64: { min: -(2n ** 63n), max: 2n ** 63n - 1n, bits: 64, signed: true },
  u64: { min: 0n, max: 2n ** 64n - 1n, bits: 64, signed: false },
};

/** The koffi type name for an integer kind. */
export const KOFFI_INT: Record<IntKind, string> = {
  i8: 'int8_t', u8: 'uint8_t', i16: 'int16_t', u16: 'uint16_t', i32: 'int32_t', u32: 'uint32_t', i64: 'int64_t', u64: 'uint64_t',
};

/** How an integer kind is described to users. */
export function describeInt(k: IntKind, c: string): string {
  const l = INT_LIMITS[k];
  const js = l.bits === 64 ? 'an integer number (safe integer) or bigint' : 'an integer number';
  return `${c} takes ${js} from ${l.min} to ${l.max}`;
}

/** The TypedArray class that holds an integer kind (for `int *` arguments and array fields). */
export const TYPED_ARRAY: Record<IntKind, string> = {
  i8: 'Int8Array', u8: 'Uint8Array', i16: 'Int16Array', u16: 'Uint16Array', i32: 'Int32Array', u32: 'Uint32Array', i64: 'BigInt64Array', u64: 'BigUint64Array',
};

/** The DataView accessor stem of an integer kind: get<stem>/set<stem>. */
export const DATAVIEW: Record<IntKind, string> = {
  i8: 'Int8', u8: 'Uint8', i16: 'Int16', u16: 'Uint16', i32: 'Int32', u32: 'Uint32', i64: 'BigInt64', u64: 'BigUint64',
};

/** The size in bytes of an integer kind. */
export function intBytes(k: IntKind): number {
  return INT_LIMITS[k].bits / 8;
}
