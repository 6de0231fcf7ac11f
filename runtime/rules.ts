/**
 * The rule vocabulary, runtime side: the helpers generated checks call on
 * every call (cheap), and the explanations they compute when a check fails
 * (only then). See generator/rules.ts for the other half.
 */
import { describeValue } from './describe.js';
import { addressOf, firstNonZero, isMemory, pageSize, type Memory } from './memory.js';
import { byteLength } from './derived.js';

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

export function explainZeroFilled(m: Memory): Explanation {
  const i = firstNonZero(m);
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

export function explainRelation(says: string): Explanation {
  return { hint: says.endsWith('.') ? says : says + '.' };
}
