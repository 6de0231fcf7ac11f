/**
 * Memory that C and the kernel may use: what a `void *` argument accepts, its
 * address, and page-aligned allocations that are never unmapped while a view
 * of them is still reachable.
 */
import koffi from 'koffi';
import { lastErrno, mmapAnonymous, munmap, sysconfPageSize } from './libc.js';

/** What a memory argument (`void *buf`, an iovec base) accepts. */
export type Memory = ArrayBufferView | ArrayBuffer;

let page = 0;
/** The system page size, sysconf(_SC_PAGESIZE). */
export function pageSize(): number {
  return (page ||= sysconfPageSize());
}

export function isMemory(v: unknown): v is Memory {
  return ArrayBuffer.isView(v) || v instanceof ArrayBuffer;
}

export function byteLengthOf(m: Memory): number {
  return m.byteLength;
}

interface Allocation {
  /** Start of the mapping (before alignment trimming this is the aligned start). */
  address: bigint;
  size: number;
  freed: boolean;
  /** Who still uses the memory (a ring, an in-flight request): it cannot be freed until they let go. */
  users: number;
}

const allocations = new WeakMap<ArrayBufferLike, Allocation>();
/** Whether freeAligned ever freed anything: until it has, no memory is freed and isFreed needs no lookup (every checked call asks). */
let freedAny = false;
// Safety net: memory whose views are all gone is unmapped by the garbage collector.
const unmapper = new FinalizationRegistry<{ address: bigint; size: number }>((m) => {
  munmap(m.address, m.size);
});

/** The allocation a view belongs to, if it came from allocAligned. */
export function allocationOf(m: Memory): Allocation | undefined {
  return allocations.get(m instanceof ArrayBuffer ? m : m.buffer);
}

/**
 * Zeroed memory aligned to `alignment` (a power of two, default the page
 * size), mapped with mmap. Free it with freeAligned, or let the garbage
 * collector unmap it once no view of it is reachable.
 */
export function allocAligned(size: number, alignment: number = pageSize()): Uint8Array {
  if (!Number.isSafeInteger(size) || size <= 0) throw new RangeError(`allocAligned: size must be a positive integer, got ${size}`);
  if (!Number.isSafeInteger(alignment) || alignment <= 0 || (alignment & (alignment - 1)) !== 0) {
    throw new RangeError(`allocAligned: alignment must be a power of two, got ${alignment}`);
  }
  const ps = pageSize();
  const mapped = Math.ceil(size / ps) * ps;
  const extra = alignment > ps ? alignment : 0;
  const raw = mmapAnonymous(mapped + extra);
  if (raw === null) throw new RangeError(`allocAligned: mmap of ${mapped + extra} bytes failed (errno ${lastErrno()})`);
  let address = raw;
  if (extra) {
    // Trim the unaligned head and the unused tail so only the aligned region stays mapped.
    const a = BigInt(alignment);
    address = (raw + a - 1n) & ~(a - 1n);
    const head = Number(address - raw);
    if (head) munmap(raw, head);
    const tail = extra - head;
    if (tail) munmap(address + BigInt(mapped), tail);
  }
  const buffer = koffi.view(address, mapped);
  allocations.set(buffer, { address, size: mapped, freed: false, users: 0 });
  unmapper.register(buffer, { address, size: mapped });
  return new Uint8Array(buffer, 0, size);
}

/**
 * Free memory from allocAligned. Its pages go back to the system at once; the
 * address range stays reserved (as fresh zero pages) until the views are
 * collected, so a stale view can never touch another allocation's memory.
 * Wrappers refuse a freed allocation.
 */
export function freeAligned(m: Memory): void {
  const a = allocationOf(m);
  if (!a) throw new TypeError('freeAligned: this memory did not come from allocAligned');
  if (a.freed) throw new RangeError('freeAligned: this memory was already freed');
  if (a.users > 0) {
    throw new RangeError(
      'freeAligned: this memory is still in use by the kernel (a ring created with io_uring_queue_init_mem, or a request not yet completed); ' +
        'call io_uring_queue_exit or wait for the completion first',
    );
  }
  if (mmapAnonymous(a.size, a.address) === null) throw new RangeError(`freeAligned: remapping failed (errno ${lastErrno()})`);
  freedAny = true;
  a.freed = true;
}

/** Whether the memory came from allocAligned and was freed. */
export function isFreed(m: Memory): boolean {
  return freedAny && (allocationOf(m)?.freed ?? false);
}

/** Mark memory as used by the kernel (or release it), so freeAligned refuses it meanwhile. */
export function retainMemory(m: Memory, delta: 1 | -1): void {
  const a = allocationOf(m);
  if (a) a.users += delta;
}

/** The address of the first byte of a memory argument. */
export function addressOf(m: Memory): bigint {
  return koffi.address(m);
}

/** Whether the first `length` bytes are all zero. */
export function isZeroFilled(m: Memory, length = m.byteLength): boolean {
  const bytes = m instanceof ArrayBuffer ? new Uint8Array(m, 0, length) : new Uint8Array(m.buffer, m.byteOffset, Math.min(length, m.byteLength));
  // Compare eight bytes at a time where alignment allows.
  const head = (8 - (bytes.byteOffset % 8)) % 8;
  let i = 0;
  for (; i < Math.min(head, bytes.length); i++) if (bytes[i] !== 0) return false;
  const words = Math.floor((bytes.length - i) / 8);
  if (words > 0) {
    const w = new BigUint64Array(bytes.buffer, bytes.byteOffset + i, words);
    for (let k = 0; k < words; k++) if (w[k] !== 0n) return false;
    i += words * 8;
  }
  for (; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** The index of the first non-zero byte, or -1. */
export function firstNonZero(m: Memory, length = m.byteLength): number {
  const bytes = m instanceof ArrayBuffer ? new Uint8Array(m, 0, length) : new Uint8Array(m.buffer, m.byteOffset, Math.min(length, m.byteLength));
  return bytes.findIndex((b) => b !== 0);
}

/** NUL-terminated UTF-8 bytes of a string, for C strings the kernel reads after the call returns. */
export function cString(s: string): Uint8Array {
  const b = Buffer.alloc(Buffer.byteLength(s) + 1);
  b.write(s);
  return b;
}

/**
 * Store a 64-bit unsigned value as C's assignment would (modulo 2^64): a
 * number as two 32-bit halves, with no BigInt allocation, or a bigint.
 */
export function setU64(dv: DataView, offset: number, v: number | bigint): void {
  if (typeof v === 'number') {
    dv.setUint32(offset, v >>> 0, true);
    dv.setUint32(offset + 4, Math.floor(v / 4294967296) >>> 0, true);
  } else {
    dv.setBigUint64(offset, BigInt.asUintN(64, v), true);
  }
}
