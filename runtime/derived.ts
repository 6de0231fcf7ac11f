/**
 * Quantities the schema's rule expressions compute from arguments, e.g. the
 * ring memory io_uring_queue_init_mem needs. Each cites where its formula
 * comes from. Rule expressions in schema entries call these by name.
 */
import { fstatSync } from 'node:fs';
import koffi from 'koffi';
import { pageSize as sysPageSize, isMemory, memoryByteLength, mappingOf, allocationOf, type Memory } from './memory.js';
import { OWNED, type Struct } from './struct.js';
import { cqeSizeOf, sqeSizeOf } from './ring-abi.js';
import {
  IORING_SETUP_CLAMP, IORING_SETUP_CQSIZE, IORING_SETUP_COOP_TASKRUN, IORING_SETUP_DEFER_TASKRUN, IORING_SETUP_HYBRID_IOPOLL, IORING_SETUP_IOPOLL,
  IORING_SETUP_NO_MMAP, IORING_SETUP_REGISTERED_FD_ONLY, IORING_SETUP_SINGLE_ISSUER, IORING_SETUP_SQ_AFF, IORING_SETUP_SQPOLL, IORING_SETUP_TASKRUN_FLAG,
  MAP_ANONYMOUS,
} from '../generated/constants.js';
import { ringOfStructValue } from './by-value.js';
// holds/state, not ring-state: ring-state loads the ring primitives, which load generated/ffi, which loads runtime/index (a cycle).
import { existingRingState, ringState, type RingLike } from './holds/state.js';

export const pageSize = sysPageSize;

/** The byte length of a memory argument, or the value of a size argument. */
export function byteLength(m: Memory | number | bigint | null | undefined): number {
  // Small enough that V8 always inlines it into a guard (see runtime/memory.ts).
  return m instanceof Uint8Array ? m.length : otherByteLength(m);
}

function otherByteLength(m: Memory | number | bigint | null | undefined): number {
  if (m == null) return 0;
  if (typeof m === 'number') return m;
  if (typeof m === 'bigint') return Number(m);
  return isMemory(m) ? memoryByteLength(m) : 0;
}

/** The number of elements of a struct array argument (an Iovec array's count). */
export function countOf(s: { count: number } | null | undefined): number {
  return s?.count ?? 0;
}

/** Whether bit `flag` is set in `flags`. */
export function hasFlag(flags: number | bigint, flag: number): boolean {
  return (BigInt(flags) & BigInt(flag)) !== 0n;
}

function roundupPow2(n: number): number {
  let r = 1;
  while (r < n) r *= 2;
  return r;
}
function roundup(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/**
 * IORING_MAX_ENTRIES and IORING_MAX_CQ_ENTRIES of the kernel (io_uring/io_uring.c), which liburing 2.9
 * repeats as KERN_MAX_ENTRIES and KERN_MAX_CQ_ENTRIES in src/setup.c; no installed header has them.
 */
const KERN_MAX_ENTRIES = 32768;
const KERN_MAX_CQ_ENTRIES = 2 * KERN_MAX_ENTRIES;
/** sizeof the kernel's ring header that precedes the CQEs (KRING_SIZE in liburing 2.9's src/setup.c; in no installed header). */
const KRING_SIZE = 64;

/**
 * The bytes of caller memory io_uring_queue_init_mem uses for `entries` and
 * the flags (and cq_entries) in `p`: liburing 2.9's io_uring_alloc_huge
 * (src/setup.c:206-250), which returns -ENOMEM when buf_size is smaller.
 * init_mem first tries with IORING_SETUP_NO_SQARRAY (kernels 6.6 and later
 * take it), and that first attempt's size is the one liburing checks; kernels
 * older than 6.6 retry with an SQ array, which may need one page more.
 * NaN when the entries are invalid.
 */
export function ringMemorySize(entries: number, p: { flags: number; cq_entries: number } | null): number {
  const flags = p?.flags ?? 0;
  if (!Number.isInteger(entries) || entries < 1) return NaN;
  if (entries > KERN_MAX_ENTRIES) {
    if (!(flags & IORING_SETUP_CLAMP)) return NaN;
    entries = KERN_MAX_ENTRIES;
  }
  const sq = roundupPow2(entries);
  let cq: number;
  if (flags & IORING_SETUP_CQSIZE) {
    let c = p?.cq_entries ?? 0;
    if (c < 1) return NaN;
    if (c > KERN_MAX_CQ_ENTRIES) {
      if (!(flags & IORING_SETUP_CLAMP)) return NaN;
      c = KERN_MAX_CQ_ENTRIES;
    }
    cq = roundupPow2(c);
    if (cq < sq) return NaN;
  } else {
    cq = 2 * sq;
  }
  const sqeSize = sqeSizeOf(flags);
  const cqeSize = cqeSizeOf(flags);
  const page = pageSize();
  const size = (sqArray: boolean) => {
    const sqesMem = roundup(sq * sqeSize + (sqArray ? 4 * sq : 0), page);
    return roundup(KRING_SIZE + sqesMem + cq * cqeSize, page);
  };
  return size(false);
}

/**
 * The completions ready in a ring's completion queue, (*ktail - *khead) as
 * io_uring_cq_ready computes it, read from the mapped ring without a C call.
 */
export function cqReady(ring: { cq: { khead: bigint; ktail: bigint } }): number {
  // A live ring's mapped queue words (made once, at init) answer without building the io_uring_cq view and two koffi views.
  const m = existingRingState(ring as RingLike)?.mapped;
  if (m && m.lifetime.alive) return (Atomics.load(m.cqKtail, 0) - m.cqKhead[0]!) >>> 0;
  return entriesBetween(ring.cq);
}

/** Whether a struct's memory was allocated by C (and so may be passed to the C function that frees it). */
export function allocatedByC(s: Struct | null): boolean {
  return s !== null && s.lifetime !== OWNED;
}

/**
 * SQEs published to the kernel's SQ ring and not yet consumed by it,
 * (*ktail - *khead), read from the mapped ring without a C call.
 */
export function sqPending(ring: { sq: { khead: bigint; ktail: bigint } }): number {
  return entriesBetween(ring.sq);
}

/** (*ktail - *khead) of a mapped queue, modulo 2^32; NaN before the ring is initialized. */
function entriesBetween(q: { khead: bigint; ktail: bigint }): number {
  if (q.khead === 0n || q.ktail === 0n) return NaN;
  const head = new Uint32Array(koffi.view(q.khead, 4))[0]!;
  const tail = new Uint32Array(koffi.view(q.ktail, 4))[0]!;
  return (tail - head) >>> 0;
}

/** The address family of any sockaddr struct (sa_family, sin_family, sin6_family... all are its first 16 bits). */
export function sockaddrFamily(addr: Struct): number {
  return addr.bytes.length >= 2 ? addr.bytes[0]! | (addr.bytes[1]! << 8) : -1;
}

/** Whether a CQE lies in this ring's completion queue (and not in another ring's, or in memory of its own). */
export function cqeOfRing(ring: { cq: { cqes: bigint; ring_entries: number }; flags: number }, cqe: Struct): boolean {
  const size = BigInt(cqeSizeOf(ring.flags));
  const start = ring.cq.cqes;
  return start !== 0n && cqe.address >= start && cqe.address < start + BigInt(ring.cq.ring_entries) * size && (cqe.address - start) % size === 0n;
}

// ---- setup flags -------------------------------------------------------------------

/**
 * The first IORING_SETUP_* dependency `flags` breaks, in words, or null:
 * io_uring_setup(2) and the kernel's io_uring_sanitise_params() refuse a flag
 * without the flag it depends on (-EINVAL), and liburing refuses
 * REGISTERED_FD_ONLY without NO_MMAP (src/setup.c). One place for every init
 * function's rule.
 */
export function setupFlagsProblem(flags: number): string | null {
  const has = (f: number) => (flags & f) !== 0;
  if (has(IORING_SETUP_SQ_AFF) && !has(IORING_SETUP_SQPOLL)) return 'IORING_SETUP_SQ_AFF is set without IORING_SETUP_SQPOLL';
  if (has(IORING_SETUP_DEFER_TASKRUN) && !has(IORING_SETUP_SINGLE_ISSUER)) return 'IORING_SETUP_DEFER_TASKRUN is set without IORING_SETUP_SINGLE_ISSUER';
  if (has(IORING_SETUP_TASKRUN_FLAG) && !has(IORING_SETUP_COOP_TASKRUN) && !has(IORING_SETUP_DEFER_TASKRUN)) {
    return 'IORING_SETUP_TASKRUN_FLAG is set without IORING_SETUP_COOP_TASKRUN or IORING_SETUP_DEFER_TASKRUN';
  }
  if (has(IORING_SETUP_HYBRID_IOPOLL) && !has(IORING_SETUP_IOPOLL)) return 'IORING_SETUP_HYBRID_IOPOLL is set without IORING_SETUP_IOPOLL';
  if (has(IORING_SETUP_REGISTERED_FD_ONLY) && !has(IORING_SETUP_NO_MMAP)) return 'IORING_SETUP_REGISTERED_FD_ONLY is set without IORING_SETUP_NO_MMAP';
  if (has(IORING_SETUP_SQPOLL)) {
    const bad = [[IORING_SETUP_COOP_TASKRUN, 'COOP_TASKRUN'], [IORING_SETUP_TASKRUN_FLAG, 'TASKRUN_FLAG'], [IORING_SETUP_DEFER_TASKRUN, 'DEFER_TASKRUN']] as const;
    const with_ = bad.filter(([f]) => has(f)).map(([, n]) => `IORING_SETUP_${n}`);
    if (with_.length) return `IORING_SETUP_SQPOLL is combined with ${with_.join(' and ')}`;
  }
  return null;
}

/**
 * Whether IORING_SETUP_CQSIZE's cq_entries is acceptable for `entries`: from 1
 * to 65536 (more with IORING_SETUP_CLAMP), and rounded up to a power of two at
 * least the rounded-up entries (kernel io_uring_create(); liburing 2.9
 * src/setup.c:40-51 for io_uring_queue_init_mem, which checks it itself).
 * True without CQSIZE.
 */
export function cqSizeFits(entries: number, p: { flags: number; cq_entries: number }): boolean {
  if (!(p.flags & IORING_SETUP_CQSIZE)) return true;
  const clamp = (p.flags & IORING_SETUP_CLAMP) !== 0;
  let cq = p.cq_entries;
  if (cq < 1 || (cq > KERN_MAX_CQ_ENTRIES && !clamp)) return false;
  cq = Math.min(cq, KERN_MAX_CQ_ENTRIES);
  return roundupPow2(cq) >= roundupPow2(Math.min(Math.max(entries, 1), KERN_MAX_ENTRIES));
}

// ---- requests against their ring: runtime/request-faults.ts ------------------------------

export { pendingSqeFault, noPendingSqeFault, sqeFlagsFault, fixedBufferFault, type SqeFault } from './request-faults.js';

/** Whether memory is a whole view mmap returned (liburing-ts's libc wrapper), not yet unmapped. */
export function isMapping(m: unknown): boolean {
  return mappingOf(m) !== undefined;
}

/** The length mmap was given for the mapping `m` views, or NaN when it is not one. */
export function mappingLength(m: unknown): number {
  return mappingOf(m)?.length ?? NaN;
}

/** Whether the kernel still uses the memory (held for a ring or an in-flight request). */
export function heldByKernel(m: unknown): boolean {
  return isMemory(m) && (allocationOf(m)?.users ?? 0) > 0;
}

/**
 * Whether a file mapping of `length` bytes at `offset` lies within the
 * file's pages: a page wholly past the end of a regular file raises SIGBUS
 * when touched (mmap(2), "Use of a mapped region can result in these
 * signals"). Anonymous mappings, and fds that are not regular files (an
 * io_uring fd, a device) or not open, pass: C decides.
 */
export function withinFile(fd: number, offset: number | bigint, length: number | bigint, flags: number): boolean {
  if (flags & MAP_ANONYMOUS) return true;
  let size: number;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return true;
    size = st.size;
  } catch {
    return true;
  }
  const page = pageSize();
  return Number(offset) + Number(length) <= Math.ceil(size / page) * page;
}

/**
 * Whether an io_uring_cqe_iter is one io_uring_cqe_iter_init returned for a
 * ring that is still live, with the ring's CQ array, mask and CQE size shift
 * unchanged: io_uring_cqe_iter_next reads iter.cqes[(head & mask) << shift]
 * unchecked, so a changed or stale iterator would read any memory.
 */
export function cqeIterOfRing(iter: Struct & { cqes: bigint; mask: number; shift: number }): boolean {
  const ring = ringOfStructValue(iter);
  if (!ring || !ringState(ring).lifetime.alive) return false;
  return iter.cqes === ring.cq.cqes && iter.cqes !== 0n && iter.mask === ring.cq.ring_mask && iter.shift === (cqeSizeOf(ring.flags) === 32 ? 1 : 0);
}
