/**
 * liburing.h's inline helpers, in JavaScript over the mapped rings: the
 * building blocks the schema's `js` implementations are written with
 * (schema/language/function.ts), so the checked wrappers run them without an
 * FFI call. Each does what liburing's helper does to the ring, with its memory
 * ordering: the kernel's tails are loaded with acquire (Atomics.load), the
 * heads we hand back are stored with release (Atomics.store), so the kernel
 * never sees a slot handed back before it was read.
 *
 * Nothing here checks an argument or keeps the books (runtime/ring-state.ts
 * does, around these calls): the differential tests hold these functions to
 * the bytes, head and tail words and results of liburing's own helpers.
 * Where liburing's helper enters the kernel (a CQ that needs flushing, a full
 * SQ under SQPOLL), these call liburing through the FFI, as the helper does.
 *
 * Rings with mixed SQE or CQE sizes (IORING_SETUP_SQE_MIXED, _CQE_MIXED) are
 * not handled: the checked API refuses those setup flags.
 */
import { ffi } from '../generated/ffi.js';
import {
  IORING_CQ_EVENTFD_DISABLED, IORING_CQE_F_32, IORING_CQE_F_SKIP, IORING_FEAT_EXT_ARG, IORING_SETUP_IOPOLL, IORING_SETUP_SQPOLL,
  IORING_SQ_CQ_OVERFLOW, IORING_SQ_TASKRUN,
} from '../generated/constants.js';
import { errnoNumber } from './errno.js';
import { ringState, type RingLike } from './holds/state.js';
import { addressOf, type Memory } from './memory.js';
import { CQE, RING, SQE, SQE_WORD, UDATA_TIMEOUT_HI, UDATA_TIMEOUT_LO, cqeSizeOf, sqeSizeOf } from './ring-abi.js';
import { structView, Struct, UseAfterFreeError, viewOfAddress, type Lifetime, type OutPointer, type PointerArray, type StructClassWithStatics } from './struct.js';

export { bufRingAdd, bufRingAdvance, bufRingInit, bufRingMask, bufRingTail } from './buf-ring-primitives.js';
export { opcodeSupported, recvmsgCmsgFirsthdr, recvmsgCmsgNexthdr, recvmsgName, recvmsgPayload, recvmsgPayloadLength, recvmsgValidate } from './msg-primitives.js';

const EAGAIN = errnoNumber('EAGAIN');
const EOPNOTSUPP = errnoNumber('EOPNOTSUPP');

// Word indexes into struct io_uring.
const SQE_HEAD = RING.sqeHead >>> 2;
const SQE_TAIL = RING.sqeTail >>> 2;
// Word indexes, within an SQE, of the fields initializeSqe clears (ring-abi.ts).
const W_OPCODE_FLAGS_IOPRIO = SQE_WORD.opcode;
const W_OP_FLAGS = SQE_WORD.opFlags;
const W_BUF_INDEX = SQE_WORD.bufIndex;
const W_ADDR3 = SQE_WORD.addr3;
const W_PAD2 = SQE_WORD.pad2;

/** One live ring's mapped queues, as liburing's helpers see them through struct io_uring. */
export interface MappedRing {
  readonly lifetime: Lifetime;
  readonly address: bigint;
  /** struct io_uring as 32-bit words: sqe_head and sqe_tail live here. */
  readonly words: Uint32Array;
  readonly setupFlags: number;
  readonly features: number;
  readonly sqKhead: Uint32Array;
  readonly sqKflags: Uint32Array;
  readonly sqEntries: number;
  readonly sqMask: number;
  /** log2 of the SQE size (6, or 7 with IORING_SETUP_SQE128). */
  readonly sqeShift: number;
  readonly sqes: DataView;
  /** The same SQE array as 32-bit words, for the clearing stores of getSqe (fewer instructions than a DataView's). */
  readonly sqeWords: Int32Array;
  readonly sqesBase: bigint;
  readonly cqKhead: Uint32Array;
  readonly cqKtail: Uint32Array;
  readonly cqKflags: Uint32Array | null;
  readonly cqMask: number;
  /** log2 of the CQE size (4, or 5 with IORING_SETUP_CQE32). */
  readonly cqeShift: number;
  readonly cqes: DataView;
  readonly cqesBase: bigint;
  /** The struct views handed out, one per slot, made on first use: an SQE or CQE slot is always the same memory. */
  readonly sqeStructs: (Struct | undefined)[];
  readonly cqeStructs: (Struct | undefined)[];
}

function u32At(address: bigint): Uint32Array {
  return new Uint32Array(viewOfAddress(address, 4).buffer, 0, 1);
}

/** Map the queues of `ring` (just initialized, or remapped); `lifetime` is the ring's. */
export function mapRing(ring: RingLike, lifetime: Lifetime): MappedRing {
  const bytes = ring.bytes;
  if (bytes.byteOffset % 4 !== 0) throw new TypeError('liburing-ts: struct io_uring is not 4-byte aligned');
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  const flags = words[RING.flags >>> 2]!;
  const sq = ring.sq;
  const cq = ring.cq;
  const sqeShift = Math.log2(sqeSizeOf(flags));
  const cqeShift = Math.log2(cqeSizeOf(flags));
  const sqes = viewOfAddress(sq.sqes, sq.ring_entries << sqeShift);
  return {
    lifetime,
    address: ring.address,
    words,
    setupFlags: flags,
    features: words[RING.features >>> 2]!,
    sqKhead: u32At(sq.khead),
    sqKflags: u32At(sq.kflags),
    sqEntries: sq.ring_entries,
    sqMask: sq.ring_mask,
    sqeShift,
    sqes,
    sqeWords: new Int32Array(sqes.buffer, sqes.byteOffset, sqes.byteLength >>> 2),
    sqesBase: sq.sqes,
    cqKhead: u32At(cq.khead),
    cqKtail: u32At(cq.ktail),
    cqKflags: cq.kflags ? u32At(cq.kflags) : null,
    cqMask: cq.ring_mask,
    cqeShift,
    cqes: viewOfAddress(cq.cqes, cq.ring_entries << cqeShift),
    cqesBase: cq.cqes,
    sqeStructs: [],
    cqeStructs: [],
  };
}

/** The mapped queues of a live ring. */
export function mapped(ring: RingLike): MappedRing {
  const m = ringState(ring).mapped;
  if (m === null || !m.lifetime.alive) throw new UseAfterFreeError('io_uring: the ring is not initialized, or was exited');
  return m;
}

/** The struct view of SQE slot `slot` (one per slot and class, sharing the ring's lifetime). */
export function sqeStruct<T extends Struct>(m: MappedRing, slot: number, cls: StructClassWithStatics<T>): T {
  const s = m.sqeStructs[slot];
  if (s !== undefined && s.constructor === cls) return s as T;
  const at = slot << m.sqeShift;
  const made = cls.at(m.sqes, at, m.sqesBase + BigInt(at), m.lifetime);
  if (s === undefined) m.sqeStructs[slot] = made;
  return made;
}

/** The struct view of the CQE at byte `at` of the CQ (one per slot and class). */
export function cqeStruct<T extends Struct>(m: MappedRing, at: number, cls: StructClassWithStatics<T>): T {
  const slot = at >>> m.cqeShift;
  const s = m.cqeStructs[slot];
  if (s !== undefined && s.constructor === cls) return s as T;
  const made = cls.at(m.cqes, at, m.cqesBase + BigInt(at), m.lifetime);
  if (s === undefined) m.cqeStructs[slot] = made;
  return made;
}

// ---- the submission queue ------------------------------------------------------------

/** io_uring_load_sq_head: *sq->khead, with acquire ordering under SQPOLL (the kernel thread moves it). */
function loadSqHead(m: MappedRing): number {
  return m.setupFlags & IORING_SETUP_SQPOLL ? Atomics.load(m.sqKhead, 0) : m.sqKhead[0]!;
}

/**
 * _io_uring_get_sqe: the next vacant SQE with io_uring_initialize_sqe's fields
 * cleared (the opcode and the fields every prep writes are left as they were,
 * as in C), or null when the SQ is full.
 */
export function getSqe<T extends Struct>(ring: RingLike, cls: StructClassWithStatics<T>): T | null {
  const m = mapped(ring);
  const w = m.words;
  const tail = w[SQE_TAIL]!;
  if (((tail - loadSqHead(m)) >>> 0) >= m.sqEntries) return null;
  const slot = tail & m.sqMask;
  w[SQE_TAIL] = (tail + 1) >>> 0;
  initializeSqe(m.sqeWords, (slot << m.sqeShift) >>> 2);
  return sqeStruct(m, slot, cls);
}

/**
 * io_uring_initialize_sqe on the SQE at word `i` of the SQE array: flags, ioprio, rw_flags, buf_index,
 * personality, file_index, addr3, __pad2[0]. flags and ioprio share the first word with the opcode,
 * which liburing leaves alone: the low byte (little-endian) is kept. buf_index, personality and
 * file_index are two contiguous words (the layout is checked in ring-abi.ts).
 */
export function initializeSqe(w: Int32Array, i: number): void {
  w[i + W_OPCODE_FLAGS_IOPRIO] = w[i + W_OPCODE_FLAGS_IOPRIO]! & 0xff;
  w[i + W_OP_FLAGS] = 0;
  w[i + W_BUF_INDEX] = 0;
  w[i + W_BUF_INDEX + 1] = 0;
  w[i + W_ADDR3] = 0;
  w[i + W_ADDR3 + 1] = 0;
  w[i + W_PAD2] = 0;
  w[i + W_PAD2 + 1] = 0;
}

/** Index of the SQE slot the last getSqe handed out (for the books). */
export function lastSqeSlot(m: MappedRing): number {
  return (m.words[SQE_TAIL]! - 1) & m.sqMask;
}

/** io_uring_sq_ready: SQEs handed out and not yet consumed by the kernel. */
export function sqReady(ring: RingLike): number {
  const m = mapped(ring);
  return (m.words[SQE_TAIL]! - loadSqHead(m)) >>> 0;
}

/** io_uring_sq_space_left. */
export function sqSpaceLeft(ring: RingLike): number {
  const m = mapped(ring);
  return m.sqEntries - ((m.words[SQE_TAIL]! - loadSqHead(m)) >>> 0);
}

/** SQEs handed out since the last flush (sqe_tail - sqe_head). */
export function sqUnflushed(ring: RingLike): number {
  const w = mapped(ring).words;
  return (w[SQE_TAIL]! - w[SQE_HEAD]!) >>> 0;
}

/** io_uring_sqring_wait: 0 unless the ring has SQPOLL and a full SQ; then liburing waits in the kernel. */
export function sqringWait(ring: RingLike): number {
  const m = mapped(ring);
  if (!(m.setupFlags & IORING_SETUP_SQPOLL)) return 0;
  if (m.sqEntries - ((m.words[SQE_TAIL]! - loadSqHead(m)) >>> 0) !== 0) return 0;
  return ffi.__io_uring_sqring_wait(m.address) as number;
}

// ---- the completion queue ------------------------------------------------------------

/** io_uring_cq_ready: the tail loaded with acquire ordering, less the head. */
export function cqReady(ring: RingLike): number {
  const m = mapped(ring);
  return (Atomics.load(m.cqKtail, 0) - m.cqKhead[0]!) >>> 0;
}

/** io_uring_cq_advance: the head stored with release ordering, after every read of the CQEs it hands back. */
export function cqAdvance(ring: RingLike, nr: number): void {
  if (nr === 0) return;
  const m = mapped(ring);
  Atomics.store(m.cqKhead, 0, (m.cqKhead[0]! + nr) >>> 0);
}

/** io_uring_cqe_nr: the CQ slots a CQE takes (2 for a 32-byte CQE on a mixed ring). */
export function cqeNr(cqe: Struct): number {
  return structView(cqe).getUint32(CQE.flags, true) & IORING_CQE_F_32 ? 2 : 1;
}

/** io_uring_cqe_seen: a non-null CQE is consumed (the head moves whichever CQE it is). */
export function cqeSeen(ring: RingLike, cqe: Struct | null): void {
  if (cqe !== null) cqAdvance(ring, cqeNr(cqe));
}

/** io_uring_cq_has_overflow: IORING_SQ_CQ_OVERFLOW in *sq->kflags. */
export function cqHasOverflow(ring: RingLike): boolean {
  return (mapped(ring).sqKflags[0]! & IORING_SQ_CQ_OVERFLOW) !== 0;
}

/** io_uring_cq_eventfd_enabled. */
export function cqEventfdEnabled(ring: RingLike): boolean {
  const f = mapped(ring).cqKflags;
  return f === null || (f[0]! & IORING_CQ_EVENTFD_DISABLED) === 0;
}

/** io_uring_cq_eventfd_toggle: 0, or -EOPNOTSUPP when the kernel has no CQ flags. */
export function cqEventfdToggle(ring: RingLike, enabled: boolean): number {
  if (enabled === cqEventfdEnabled(ring)) return 0;
  const f = mapped(ring).cqKflags;
  if (f === null) return -EOPNOTSUPP;
  const old = f[0]!;
  f[0] = enabled ? old & ~IORING_CQ_EVENTFD_DISABLED : old | IORING_CQ_EVENTFD_DISABLED;
  return 0;
}

/** Whether completions wait in the kernel: an overflowed CQ, or task work to run (cq_ring_needs_flush). */
function cqNeedsFlush(m: MappedRing): boolean {
  return (m.sqKflags[0]! & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN)) !== 0;
}

/**
 * __io_uring_peek_cqe: the byte offset of the CQE at the head, or -1. Skip
 * entries, and liburing's internal timeout CQEs on kernels without
 * IORING_FEAT_EXT_ARG, are consumed on the way; a failed internal timeout ends
 * the peek with its error, returned as `error` (then the offset is -1).
 */
function peekHead(m: MappedRing): { at: number; error: number } {
  for (;;) {
    const tail = Atomics.load(m.cqKtail, 0);
    const head = m.cqKhead[0]!;
    if (tail === head) return { at: -1, error: 0 };
    const at = (head & m.cqMask) << m.cqeShift;
    const d = m.cqes;
    const flags = d.getUint32(at + CQE.flags, true);
    const nr = flags & IORING_CQE_F_32 ? 2 : 1;
    if (flags & IORING_CQE_F_SKIP) {
      Atomics.store(m.cqKhead, 0, (head + nr) >>> 0);
      continue;
    }
    if (!(m.features & IORING_FEAT_EXT_ARG) && d.getUint32(at + CQE.userData, true) === UDATA_TIMEOUT_LO && d.getUint32(at + CQE.userData + 4, true) === UDATA_TIMEOUT_HI) {
      const res = d.getInt32(at + CQE.res, true);
      Atomics.store(m.cqKhead, 0, (head + nr) >>> 0);
      if (res < 0) return { at: -1, error: res };
      continue;
    }
    return { at, error: 0 };
  }
}

/** Point `out` at the CQE at byte `at`, or at nothing, as C writes *cqe_ptr. */
function setOut<T extends Struct>(m: MappedRing, out: OutPointer<T>, at: number, cls: StructClassWithStatics<T>): void {
  if (at < 0) {
    out.slot[0] = 0n;
    out.value = null;
    return;
  }
  const cqe = cqeStruct(m, at, cls);
  out.slot[0] = cqe.address;
  out.value = cqe;
}

/** After liburing filled `out.slot` (a call that entered the kernel): the struct view it points at. */
function fromSlot<T extends Struct>(m: MappedRing, out: OutPointer<T>, cls: StructClassWithStatics<T>): void {
  const a = out.slot[0]!;
  out.value = a === 0n ? null : cqeStruct(m, Number(a - m.cqesBase), cls);
}

/**
 * io_uring_peek_cqe: 0 with `out` set to the CQE at the head; -EAGAIN when
 * none is ready and the kernel has none to flush; otherwise liburing's
 * io_uring_wait_cqe_nr(ring, out, 0), which enters the kernel.
 */
export function peekCqe<T extends Struct>(ring: RingLike, out: OutPointer<T>, cls: StructClassWithStatics<T>): number {
  const m = mapped(ring);
  const { at, error } = peekHead(m);
  if (error === 0) {
    setOut(m, out, at, cls);
    if (at >= 0) return 0;
    if (!(m.setupFlags & IORING_SETUP_IOPOLL) && !cqNeedsFlush(m)) return -EAGAIN;
  }
  const ret = ffi.io_uring_wait_cqe_nr(m.address, out.slot, 0) as number;
  fromSlot(m, out, cls);
  return ret;
}

/** io_uring_wait_cqe: the CQE at the head if there is one, else liburing waits in the kernel (io_uring_wait_cqe_nr(ring, out, 1)). */
export function waitCqe<T extends Struct>(ring: RingLike, out: OutPointer<T>, cls: StructClassWithStatics<T>): number {
  const m = mapped(ring);
  const { at, error } = peekHead(m);
  if (error === 0 && at >= 0) {
    setOut(m, out, at, cls);
    return 0;
  }
  const ret = ffi.io_uring_wait_cqe_nr(m.address, out.slot, 1) as number;
  fromSlot(m, out, cls);
  return ret;
}

/**
 * io_uring_peek_batch_cqe: up to `count` ready CQEs from the head into
 * `cqes` (slots and items), without consuming them. When none is ready and
 * the kernel holds some back (overflow, task work), liburing's own function
 * enters the kernel to flush them.
 */
export function peekBatchCqe<T extends Struct>(ring: RingLike, cqes: PointerArray<T>, count: number, cls: StructClassWithStatics<T>): number {
  const m = mapped(ring);
  const ready = (Atomics.load(m.cqKtail, 0) - m.cqKhead[0]!) >>> 0;
  if (ready === 0) {
    if (!cqNeedsFlush(m)) return fillItems(m, cqes, 0, cls);
    const n = ffi.io_uring_peek_batch_cqe(m.address, cqes.slots, count) as number;
    cqes.items = [];
    for (let i = 0; i < Math.min(n, cqes.capacity); i++) cqes.items.push(cqeStruct(m, Number(cqes.slots[i]! - m.cqesBase), cls));
    return n;
  }
  const n = count < ready ? count : ready;
  const head = m.cqKhead[0]!;
  const slots = cqes.slots;
  const items: T[] = new Array(Math.min(n, cqes.capacity));
  for (let i = 0; i < n; i++) {
    const cqe = cqeStruct(m, ((head + i) & m.cqMask) << m.cqeShift, cls);
    slots[i] = cqe.address;
    if (i < items.length) items[i] = cqe;
  }
  cqes.items = items;
  return n;
}

function fillItems<T extends Struct>(m: MappedRing, cqes: PointerArray<T>, n: number, cls: StructClassWithStatics<T>): number {
  const items: T[] = new Array(Math.min(n, cqes.capacity));
  const head = m.cqKhead[0]!;
  for (let i = 0; i < items.length; i++) items[i] = cqeStruct(m, ((head + i) & m.cqMask) << m.cqeShift, cls);
  cqes.items = items;
  return n;
}

/** The address of memory, as C's `(unsigned long) addr` (for user_data set from a pointer). */
export function pointerValue(m: Memory | null): bigint {
  return m === null ? 0n : addressOf(m);
}

/** A pointer read back (io_uring_cqe_get_data): null for 0. */
export function pointerOrNull(v: bigint): bigint | null {
  return v === 0n ? null : v;
}

/** A struct's bytes, for helpers that read fields without a struct accessor. */
export { structView };
