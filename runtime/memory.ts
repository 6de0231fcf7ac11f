/**
 * Memory that C and the kernel may use: what a `void *` argument accepts, its
 * address, and mappings (page-aligned allocations, and what the libc mmap
 * wrapper returns) that are never unmapped while a view of them is still
 * reachable.
 */
import koffi from 'koffi';
import { lastErrno, mmapAnonymous, munmap, sysconfPageSize } from './libc.js';
import type { Lifetime } from './struct.js';

/** What a memory argument (`void *buf`, an iovec base) accepts. */
export type Memory = ArrayBufferView | ArrayBuffer;

let page = 0;
/** The system page size, sysconf(_SC_PAGESIZE). */
export function pageSize(): number {
  return (page ||= sysconfPageSize());
}

/*
 * The helpers every checked call runs (isMemory, memoryByteLength, isFreed, addressNumber, ...) keep
 * their rare cases in functions of their own, so that their common path is small: TurboFan always
 * inlines a function of at most 27 bytes of bytecode (isMemory, memoryByteLength, isFreed are), and
 * larger ones only until a budget per optimized function (920 bytes) is spent, which one checked
 * prep wrapper with its guard and encoder exceeds. Left out, each costs a call and its own type
 * checks again.
 */

export function isMemory(v: unknown): v is Memory {
  // Uint8Array (and Buffer) first: instanceof is inlined, ArrayBuffer.isView is a builtin call (about 10 ns on Node 20).
  return v instanceof Uint8Array || isOtherMemory(v);
}

function isOtherMemory(v: unknown): v is Memory {
  return ArrayBuffer.isView(v) || v instanceof ArrayBuffer;
}

interface Allocation {
  /** Start of the mapping (before alignment trimming this is the aligned start). */
  address: bigint;
  /** Bytes mapped: whole pages. */
  size: number;
  /** Who made it: allocAligned (freed by freeAligned), or the mmap wrapper (freed by munmap, which was given `length`). */
  by: 'allocAligned' | 'mmap';
  /** The length mmap was given (allocAligned: the size asked for). */
  length: number;
  freed: boolean;
  /** Who still uses the memory (a ring, an in-flight request): it cannot be freed until they let go. */
  users: number;
  /** Alive until the memory is freed; structs viewed over it with this lifetime die with it. */
  lifetime: Lifetime;
}

const allocations = new WeakMap<ArrayBufferLike, Allocation>();
/** Whether any allocation was tracked: until one is, allocationOf needs no lookup (every hold of memory asks). */
let trackedAny = false;
/** Whether freeAligned ever freed anything: until it has, no memory is freed and isFreed needs no lookup (every checked call asks). */
let freedAny = false;
// Safety net: memory whose views are all gone is unmapped by the garbage collector.
const unmapper = new FinalizationRegistry<{ address: bigint; size: number }>((m) => {
  munmap(m.address, m.size);
});

/**
 * allocationOf's answers by view (null: not from allocAligned). A view's buffer never changes, and
 * an allocation is registered before any view of it exists; `view.buffer` is a call into V8's
 * runtime (about 250 instructions), which every prep holding memory would otherwise pay.
 */
const allocationByView = new WeakMap<ArrayBufferView, Allocation | null>();

/** The allocation a view belongs to, if it came from allocAligned. */
export function allocationOf(m: Memory): Allocation | undefined {
  if (!trackedAny) return undefined;
  if (m instanceof ArrayBuffer) return allocations.get(m);
  const known = allocationByView.get(m);
  return known === undefined ? learnAllocation(m) : (known ?? undefined);
}

function learnAllocation(m: ArrayBufferView): Allocation | undefined {
  const a = allocations.get(m.buffer);
  allocationByView.set(m, a ?? null);
  return a;
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
  return track(address, mapped, size, 'allocAligned');
}

function track(address: bigint, size: number, length: number, by: Allocation['by']): Uint8Array {
  const buffer = koffi.view(address, size);
  trackedAny = true;
  allocations.set(buffer, { address, size, by, length, freed: false, users: 0, lifetime: { alive: true, reason: '' } });
  unmapper.register(buffer, { address, size });
  return new Uint8Array(buffer, 0, length);
}

/**
 * A view of `length` bytes of a mapping mmap made (the libc wrapper's
 * result), tracked like allocAligned's memory: wrappers refuse it once
 * munmap freed it, and the garbage collector unmaps it once no view is left.
 */
export function adoptMapping(address: bigint, length: number): Uint8Array {
  const ps = pageSize();
  return track(address, Math.ceil(length / ps) * ps, length, 'mmap');
}

/** The mapping that `m` views from its first byte to its last, if mmap made it and munmap has not freed it. */
export function mappingOf(m: unknown): Allocation | undefined {
  if (!isMemory(m)) return undefined;
  const a = allocationOf(m);
  const offset = m instanceof ArrayBuffer ? 0 : m.byteOffset;
  return a && a.by === 'mmap' && !a.freed && offset === 0 && m.byteLength === a.length ? a : undefined;
}

/**
 * munmap for a mapping liburing-ts handed out: the pages are replaced in one
 * step by fresh zero pages (mmap MAP_FIXED unmaps the old mapping as munmap
 * does), which stay until the last view is collected, so a stale view can
 * never touch memory mapped later at the same address. The libc convention:
 * 0, or -1 with errno set.
 */
export function unmapMapping(m: Memory): number {
  const a = mappingOf(m);
  if (!a) throw new TypeError('unmapMapping: this memory is not a live mapping made by mmap');
  return mmapAnonymous(a.size, a.address) === null ? -1 : 0;
}

/** After a call that freed memory (munmap): every wrapper refuses it, and structs viewed over it with its lifetime die. */
export function memoryFreed(m: Memory, reason: string): void {
  const a = allocationOf(m);
  if (!a) return;
  freedAny = true; // isFreed looks allocations up only once something was freed
  a.freed = true;
  a.lifetime.alive = false;
  a.lifetime.reason = reason;
}

/**
 * The lifetime of memory: a mapping's (allocAligned, mmap) ends when it is
 * freed; memory JavaScript owns lives as long as it is reachable. Give it to
 * a struct viewed over the memory (`IoUringBufRing.borrow(addressOf(m),
 * lifetimeOf(m))`) so that the struct refuses use once the memory is gone.
 */
export function lifetimeOf(m: Memory): Lifetime {
  return allocationOf(m)?.lifetime ?? { alive: true, reason: '' };
}

/** Why memory is no longer usable, or null while it is. */
export function freedReason(m: Memory): string | null {
  const a = allocationOf(m);
  return a?.freed ? a.lifetime.reason : null;
}

/**
 * Free memory from allocAligned. Its pages go back to the system at once; the
 * address range stays reserved (as fresh zero pages) until the views are
 * collected, so a stale view can never touch another allocation's memory.
 * Wrappers refuse a freed allocation.
 */
export function freeAligned(m: Memory): void {
  const a = allocationOf(m);
  if (!a || a.by !== 'allocAligned') throw new TypeError(`freeAligned: this memory did not come from allocAligned${a ? ' (free a mapping from mmap with munmap)' : ''}`);
  if (a.freed) throw new RangeError('freeAligned: this memory was already freed');
  if (a.users > 0) {
    throw new RangeError(
      'freeAligned: this memory is still in use by the kernel (a ring created with io_uring_queue_init_mem, or a request not yet completed); ' +
        'call io_uring_queue_exit or wait for the completion first',
    );
  }
  if (mmapAnonymous(a.size, a.address) === null) throw new RangeError(`freeAligned: remapping failed (errno ${lastErrno()})`);
  memoryFreed(m, 'it was freed with freeAligned');
}

/** Whether the memory came from allocAligned (or mmap) and was freed. */
export function isFreed(m: Memory): boolean {
  return freedAny && wasFreed(m);
}

function wasFreed(m: Memory): boolean {
  return allocationOf(m)?.freed ?? false;
}

/** Mark memory as used by the kernel (or release it), so freeAligned refuses it meanwhile. */
export function retainMemory(m: Memory, delta: 1 | -1): void {
  const a = allocationOf(m);
  if (a) a.users += delta;
}

/**
 * The number of bytes of memory. A typed array's byteLength (and byteOffset, and buffer) is a
 * builtin call that V8 11 (Node 20) does not inline, about 25 ns each; its length is inlined.
 */
export function memoryByteLength(m: Memory): number {
  return m instanceof Uint8Array ? m.length : otherByteLength(m);
}

function otherByteLength(m: Memory): number {
  const n = (m as { length?: number }).length;
  if (n !== undefined) return n * (m as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  if (m instanceof DataView) {
    // A DataView of a detached buffer (or out of its resizable buffer's bounds) throws where a typed array says 0.
    try {
      return m.byteLength;
    } catch {
      return 0;
    }
  }
  return m.byteLength;
}

/**
 * The address of each view (and ArrayBuffer) asked about, from koffi once. A backing store never
 * moves while its buffer is attached: V8 keeps it off the heap (koffi moves a small typed array's
 * bytes there first, for good), a resizable buffer grows in place, and a view's offset is fixed.
 * What ends it is detaching (transfer, postMessage, a WebAssembly memory growing), and a view of
 * a detached buffer (or one left out of bounds by a shrink) has length 0: memory of length 0 is
 * never answered from here, and never cached.
 */
const addresses = new WeakMap<Memory, number>();

/**
 * The address of the first byte of a memory argument, as a number. It is exact: Linux gives user
 * space addresses below 2^47 (below 2^56 with 5-level paging, and then only to an mmap that asks
 * for more), and one above 2^53 throws rather than round. The SQE encoders store it as two 32-bit
 * words: no BigInt made, no setBigUint64 (a builtin call that V8 11 does not inline).
 */
export function addressNumber(m: Memory): number {
  const known = addresses.get(m);
  return known !== undefined && memoryByteLength(m) !== 0 ? known : learnAddress(m);
}

function learnAddress(m: Memory): number {
  const attached = memoryByteLength(m) !== 0;
  const address = koffi.address(m);
  if (address > MAX_SAFE) throw new RangeError(`liburing-ts: memory at 0x${address.toString(16)} is above 2^53, which a JavaScript number cannot hold exactly`);
  const n = Number(address);
  if (attached) addresses.set(m, n);
  return n;
}
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The address of the first byte of a memory argument. */
export function addressOf(m: Memory): bigint {
  return BigInt(addressNumber(m));
}

/** Whether the first `length` bytes are all zero. */
export function isZeroFilled(m: Memory, length = m.byteLength): boolean {
  // Never past the memory (a rule on the length itself reports that): a check must not throw a RangeError.
  const n = Number.isFinite(length) ? Math.max(0, Math.min(length, m.byteLength)) : m.byteLength;
  const bytes = m instanceof ArrayBuffer ? new Uint8Array(m, 0, n) : new Uint8Array(m.buffer, m.byteOffset, n);
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
  // Never past the memory (a rule on the length itself reports that): a check must not throw a RangeError.
  const n = Number.isFinite(length) ? Math.max(0, Math.min(length, m.byteLength)) : m.byteLength;
  const bytes = m instanceof ArrayBuffer ? new Uint8Array(m, 0, n) : new Uint8Array(m.buffer, m.byteOffset, n);
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
  if (typeof v === 'number') setU64Number(dv, offset, v);
  else setBigU64(dv, offset, v);
}

/**
 * Store a bigint as a 64-bit value modulo 2^64, as DataView.setBigUint64 does, at a fraction of its
 * cost: V8 11 (Node 20) compiles a BigUint64Array element store inline, while setBigUint64 is a
 * builtin call of about 20 ns here. The scratch word's two halves then go to the DataView.
 */
export function setBigU64(dv: DataView, offset: number, v: bigint): void {
  BIG_SCRATCH[0] = v; // ToBigUint64: modulo 2^64
  dv.setUint32(offset, SCRATCH_WORDS[LOW_WORD]!, true);
  dv.setUint32(offset + 4, SCRATCH_WORDS[1 - LOW_WORD]!, true);
}
const BIG_SCRATCH = new BigUint64Array(1);
const SCRATCH_WORDS = new Uint32Array(BIG_SCRATCH.buffer);
/** Which 32-bit half of the scratch word holds its low bits (0 on a little-endian host). */
const LOW_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

function setU64Number(dv: DataView, offset: number, v: number): void {
  dv.setUint32(offset, v >>> 0, true);
  dv.setUint32(offset + 4, Math.floor(v / 4294967296) >>> 0, true);
}

