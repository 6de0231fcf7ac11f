/**
 * The rule vocabulary, runtime side: the helpers generated checks call on
 * every call (cheap), and the explanations they compute when a check fails
 * (only then). See generator/rules.ts for the other half.
 */
import { describeValue } from './describe.js';
import { addressOf, firstNonZero, isMemory, pageSize, type Memory } from './memory.js';
import { byteLength } from './derived.js';
import { Struct, PointerArray } from './struct.js';
import { liburingVersion } from './library.js';
import { versionAtLeast } from './version.js';

export interface Explanation {
  seen?: string;
  hint?: string;
}

export function hasFlag(flags: number | bigint, flag: number | bigint): boolean {
  return (BigInt(flags) & BigInt(flag)) !== 0n;
}

export function isPowerOfTwo(v: number | bigint): boolean {
  const b = BigInt(v);
  return b > 0n && (b & (b - 1n)) === 0n;
}

export function isAligned(m: Memory | null, alignment: number): boolean {
  if (m === null) return true;
  return addressOf(m) % BigInt(alignment) === 0n;
}

/** No bit outside `mask` is set in `v`, read as a `bits`-wide unsigned C value (so a negative int has bit 31 set, not bit 63). */
export function flagsWithin(v: number | bigint, mask: number | bigint, bits = 64): boolean {
  return (BigInt.asUintN(bits, BigInt(v)) & ~BigInt(mask)) === 0n;
}

export function explainRange(v: unknown, min: number | bigint | undefined, max: number | bigint | undefined, unless?: string): Explanation {
  const range = min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `of at least ${min}` : `of at most ${max}`;
  return { seen: describeValue(v), hint: `Use a value ${range}${unless ? ` (or set ${unless} to have it clamped)` : ''}.` };
}

export function explainPowerOfTwo(v: number | bigint): Explanation {
  let p = 1n;
  while (p < BigInt(v)) p <<= 1n;
  return { seen: describeValue(v), hint: `Use a power of two, such as ${p}.` };
}

export function explainAligned(m: Memory | null, alignment: number, what: string): Explanation {
  if (m === null) return {};
  const address = addressOf(m);
  const off = Number(address % BigInt(alignment));
  const page = pageSize();
  return {
    seen: `memory at 0x${address.toString(16)}, ${off} bytes into a ${alignment}-byte ${what === 'page' ? 'page' : 'block'}`,
    hint:
      what === 'page'
        ? `The page size here is ${page} bytes. allocAligned(size) returns page-aligned memory; a subarray of it stays aligned only at offsets that are multiples of ${page}.`
        : `allocAligned(size, ${alignment}) returns memory aligned to ${alignment} bytes.`,
  };
}

export function explainZeroFilled(m: Memory, length = m.byteLength): Explanation {
  const i = firstNonZero(m, length);
  const byte = i < 0 ? 0 : new Uint8Array(m instanceof ArrayBuffer ? m : m.buffer, m instanceof ArrayBuffer ? i : m.byteOffset + i, 1)[0]!;
  return {
    seen: i < 0 ? describeValue(m) : `${describeValue(m)} whose byte ${i} is 0x${byte.toString(16).padStart(2, '0')}`,
    hint: 'Pass fresh memory from allocAligned (mmap returns zeroed pages), or clear it first with fill(0).',
  };
}

export function explainMinByteLength(v: unknown, min: number, what: string, formula: string): Explanation {
  const len = isMemory(v) || typeof v === 'number' || typeof v === 'bigint' ? byteLength(v as number) : NaN;
  return {
    seen: `${len} bytes`,
    hint: `At least ${min} bytes are needed for these arguments (${what}: ${formula} = ${min}).`,
  };
}

export function explainNonNull(): Explanation {
  return { hint: 'This argument cannot be null.' };
}

export function explainFd(v: unknown): Explanation {
  return { seen: describeValue(v), hint: 'Pass an open file descriptor (a non-negative integer, e.g. from fs.openSync or a socket).' };
}

export function explainFlags(v: number | bigint, mask: number | bigint, names: string): Explanation {
  const extra = BigInt(v) & ~BigInt(mask);
  return { seen: `0x${BigInt(v).toString(16)}`, hint: `Bits 0x${extra.toString(16)} are not allowed here; the allowed flags are ${names}.` };
}

export function explainRelation(says: string, detail?: string | null): Explanation {
  return { ...(detail ? { seen: detail } : {}), hint: says.endsWith('.') ? says : says + '.' };
}

/**
 * How many elements of `size` bytes a pointer argument holds: a struct array's
 * count, a PointerArray's capacity, a typed array's or memory's bytes / size.
 * null holds any number (a null pointer is the nonNull rule's business).
 */
export function elementsOf(v: unknown, size: number): number {
  if (v === null || v === undefined) return Infinity;
  if (v instanceof Struct) return v.count;
  if (v instanceof PointerArray) return v.capacity;
  if (isMemory(v)) return Math.floor(v.byteLength / size);
  return 0;
}

export function explainCount(v: unknown, size: number, needed: number, cType: string): Explanation {
  const have = elementsOf(v, size);
  const unit = cType === 'byte' ? 'bytes' : `× ${cType}`;
  return {
    seen: `${describeValue(v)}, room for ${have} ${unit}`,
    hint: `C ${needed === 1 ? 'uses one element' : `uses ${needed} elements`} here: pass at least ${needed} ${unit}${v instanceof Struct ? ` (${(v.constructor as unknown as { name: string }).name}.array(${needed}))` : ''}.`,
  };
}

/**
 * The flags a rule allows, by the liburing version that introduced each
 * constant: a bit counts only when the loaded liburing knows its flag (a
 * newer flag may change how liburing itself must read the ring). The mask is
 * computed once, at the first check (the library is loaded by then).
 */
export function versionedFlags(table: readonly (readonly [name: string, value: bigint, since: string])[]): { mask(): bigint; explain(v: number | bigint): Explanation } {
  let mask: bigint | undefined;
  const known = () => table.filter(([, , since]) => versionAtLeast(liburingVersion(), since));
  return {
    mask() {
      if (mask === undefined) mask = known().reduce((m, [, value]) => m | value, 0n);
      return mask;
    },
    explain(v) {
      const m = this.mask();
      const extra = BigInt(v) & ~m;
      const newer = table.filter(([, value, since]) => (value & extra) !== 0n && !versionAtLeast(liburingVersion(), since));
      const names = known().map(([n]) => n).join(', ');
      return {
        seen: `0x${BigInt(v).toString(16)}`,
        hint: newer.length
          ? `${newer.map(([n, , since]) => `${n} needs liburing ${since}`).join('; ')}, and liburing ${liburingVersion()} is loaded (set LIBURING_SUITE=sid and run \`npx liburing-ts provision\` for a newer one). Allowed here: ${names}.`
          : `Bits 0x${extra.toString(16)} are not allowed here; the allowed flags are ${names}.`,
      };
    },
  };
}
