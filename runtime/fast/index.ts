/**
 * The fast path: the submission and completion queues of an initialized
 * struct io_uring, read and written from JavaScript through the mapped rings,
 * exactly as liburing.h's inline helpers do it in C.
 *
 * - getSqe() is _io_uring_get_sqe: it checks room against *sq->khead, takes the
 *   slot at sq->sqe_tail & ring_mask, bumps sq->sqe_tail (in the struct
 *   io_uring itself, so liburing's io_uring_submit publishes it) and clears the
 *   fields io_uring_initialize_sqe clears. It returns a byte offset into
 *   `sqes`, a DataView over the whole mapped SQE array, for the generated
 *   `encode_io_uring_prep_*` encoders.
 * - submit() is one FFI call, io_uring_submit, which publishes the tail
 *   (__io_uring_flush_sq) and enters the kernel when it has to.
 * - The CQ side is io_uring_peek_cqe / io_uring_for_each_cqe /
 *   io_uring_cq_advance: the tail is read with Atomics.load (acquire), CQEs
 *   are read from `cqes`, and *cq->khead is advanced with Atomics.store
 *   (release), so the kernel reuses a CQE slot only after it was read.
 *
 * Nothing here is checked: an encoder given a wrong pointer makes the kernel
 * use wrong memory, and the caller keeps every buffer an SQE points to
 * reachable until its completion arrives. Interop with the checked API on the
 * same ring is kept: memory the checked prep wrappers hold moves to
 * "in flight" at submit() and is let go when its CQE is consumed here.
 */
import koffi from 'koffi';
import { advancedOn, isRingLive, ringState, submittedOn, UseAfterFreeError, type Lifetime, type RingState } from '../index.js';
import type { IoUring } from '../../generated/structs.js';
import { ffi } from '../../generated/ffi.js';
import {
  IORING_CQ_EVENTFD_DISABLED, IORING_FEAT_EXT_ARG, IORING_SETUP_SQPOLL, IORING_SQ_CQ_OVERFLOW, IORING_SQ_TASKRUN,
} from '../../generated/constants.js';
import { setBigU64 } from '../memory.js';
import { CQE, CQE_WORD, RING, SQE, SQE_WORD, cqeSizeOf, sqeSizeOf, UDATA_TIMEOUT_HI, UDATA_TIMEOUT_LO } from '../ring-abi.js';

/** Byte offsets of struct io_uring_sqe fields (for callers writing fields no encoder covers) and of struct io_uring_cqe fields. */
export { SQE, CQE };

// Word indexes into struct io_uring of the SQ's local head and tail.
const SQE_HEAD = RING.sqeHead >>> 2;
const SQE_TAIL = RING.sqeTail >>> 2;
// Word indexes (ring-abi.ts) of the fields getSqe clears as io_uring_initialize_sqe does, and of the
// fields set and read here: SQEs and CQEs are written and read as Int32Array words, which V8
// compiles to fewer instructions than DataView accesses. opcode, flags and ioprio are the first
// word, cleared with one store; buf_index .. file_index, addr3 and __pad2[0] are two words each.
const W_OPCODE_FLAGS_IOPRIO = SQE_WORD.opcode;
const W_OP_FLAGS = SQE_WORD.opFlags;
const W_BUF_INDEX_TO_FILE_INDEX = SQE_WORD.bufIndex;
const W_ADDR3 = SQE_WORD.addr3;
const W_PAD2 = SQE_WORD.pad2;
const W_USER_DATA = SQE_WORD.userData;
const SQE_FLAGS = SQE.flags;
const W_CQE_USER_DATA = CQE_WORD.userData;
const W_CQE_RES = CQE_WORD.res;
const W_CQE_FLAGS = CQE_WORD.flags;

export interface FastRingOptions {
  /**
   * Keep the checked API's bookkeeping in step (default true): memory held by
   * checked prep wrappers moves to in-flight at submit() and is released when
   * its CQE is consumed through this object. Turn it off only for a ring no
   * checked prep wrapper touches (it saves a WeakMap lookup per batch).
   */
  interop?: boolean;
}

/** Called by forEachCqe for each completion: user_data's low and high 32 bits, res, flags, and the CQE's byte offset in `cqes`. */
export type CqeVisitor = (userDataLo: number, res: number, flags: number, at: number, userDataHi: number) => void;

export class FastRing {
  /** The struct io_uring this works on. */
  readonly ring: IoUring;
  /** Its address, for the FFI calls. */
  readonly address: bigint;
  /** The mapped SQE array (ring_entries SQEs of 64 or 128 bytes). */
  readonly sqes: DataView;
  /** The mapped CQE array (ring_entries CQEs of 16 or 32 bytes). */
  readonly cqes: DataView;
  /** The SQ's entries and mask, the CQ's entries and mask. */
  readonly sqEntries: number;
  readonly sqMask: number;
  readonly cqEntries: number;
  readonly cqMask: number;
  /** log2 of the SQE size (6, or 7 with SQE128) and of the CQE size (4, or 5 with CQE32). */
  readonly sqeShift: number;
  readonly cqeShift: number;
  /** The ring fd (for polling it). */
  readonly ringFd: number;

  /** struct io_uring as 32-bit words (sqe_head, sqe_tail live in it). */
  private readonly words: Uint32Array;
  /** The mapped SQE and CQE arrays as 32-bit words: the same memory as `sqes` and `cqes`. */
  private readonly sqeWords: Int32Array;
  private readonly cqeWords: Int32Array;
  private readonly sqKhead: Uint32Array;
  private readonly sqKflags: Uint32Array;
  private readonly cqKhead: Uint32Array;
  private readonly cqKflags: Uint32Array | null;
  private readonly cqKtail: Uint32Array;
  private readonly sqpoll: boolean;
  private readonly extArg: boolean;
  private readonly interop: boolean;
  /** The ring's lifetime: once io_uring_queue_exit ran, the mappings are gone and every use throws. */
  private readonly lifetime: Lifetime;
  /** The ring's books (held memory, requests in flight), shared with the checked API. */
  private readonly state: RingState;
  /** The last *sq->khead read: the kernel only moves it forward, so room computed from it is never overstated. */
  private sqHeadSeen: number;

  constructor(ring: IoUring, options: FastRingOptions = {}) {
    if (!isRingLive(ring)) throw new TypeError('FastRing: the io_uring must be initialized (io_uring_queue_init succeeded) and not exited');
    this.ring = ring;
    this.address = ring.address;
    this.interop = options.interop ?? true;
    this.state = ringState(ring);
    this.lifetime = this.state.lifetime;
    const bytes = ring.bytes;
    if (bytes.byteOffset % 4 !== 0) throw new TypeError('FastRing: struct io_uring is not 4-byte aligned');
    this.words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
    const flags = ring.flags;
    this.sqpoll = (flags & IORING_SETUP_SQPOLL) !== 0;
    this.extArg = (ring.features & IORING_FEAT_EXT_ARG) !== 0;
    this.sqeShift = Math.log2(sqeSizeOf(flags));
    this.cqeShift = Math.log2(cqeSizeOf(flags));
    const sq = ring.sq;
    const cq = ring.cq;
    this.sqEntries = sq.ring_entries;
    this.sqMask = sq.ring_mask;
    this.cqEntries = cq.ring_entries;
    this.cqMask = cq.ring_mask;
    this.ringFd = ring.ring_fd;
    this.sqes = new DataView(koffi.view(sq.sqes, this.sqEntries << this.sqeShift));
    this.cqes = new DataView(koffi.view(cq.cqes, this.cqEntries << this.cqeShift));
    this.sqeWords = new Int32Array(this.sqes.buffer, this.sqes.byteOffset, this.sqes.byteLength >>> 2);
    this.cqeWords = new Int32Array(this.cqes.buffer, this.cqes.byteOffset, this.cqes.byteLength >>> 2);
    this.sqKhead = new Uint32Array(koffi.view(sq.khead, 4));
    this.sqKflags = new Uint32Array(koffi.view(sq.kflags, 4));
    this.cqKhead = new Uint32Array(koffi.view(cq.khead, 4));
    this.cqKflags = cq.kflags ? new Uint32Array(koffi.view(cq.kflags, 4)) : null;
    this.cqKtail = new Uint32Array(koffi.view(cq.ktail, 4));
    this.sqHeadSeen = this.loadSqHead();
  }

  private dead(): never {
    throw new UseAfterFreeError(`FastRing: ${this.lifetime.reason || 'the ring was exited'}; its mapped queues are gone`);
  }

  private loadSqHead(): number {
    // With SQPOLL the kernel thread moves khead concurrently: load-acquire, as liburing does.
    return this.sqpoll ? Atomics.load(this.sqKhead, 0) : this.sqKhead[0]!;
  }

  // ---- submission --------------------------------------------------------------

  /**
   * _io_uring_get_sqe: the byte offset in `sqes` of a vacant SQE with
   * io_uring_initialize_sqe's fields cleared (and the opcode byte, which
   * every prep writes: one store clears it with flags and ioprio), or -1 when the SQ is full
   * (submit, then try again). Every SQE obtained is submitted by the next submit().
   */
  getSqe(): number {
    if (!this.lifetime.alive) this.dead();
    const w = this.words;
    const tail = w[SQE_TAIL]!;
    const next = (tail + 1) >>> 0;
    if (((next - this.sqHeadSeen) >>> 0) > this.sqEntries) {
      this.sqHeadSeen = this.loadSqHead();
      if (((next - this.sqHeadSeen) >>> 0) > this.sqEntries) return -1;
    }
    const at = (tail & this.sqMask) << this.sqeShift;
    w[SQE_TAIL] = next;
    // io_uring_initialize_sqe: flags, ioprio, rw_flags, buf_index, personality, file_index, addr3, __pad2[0];
    // flags and ioprio in one store with the opcode byte, which every prep writes anyway (0: a NOP until then).
    // Written out rather than calling ring-primitives' initializeSqe (which keeps the opcode): calling
    // it measured about 170 more instructions a NOP (npm run bench:instructions).
    const s = this.sqeWords;
    const i = at >>> 2;
    s[i + W_OPCODE_FLAGS_IOPRIO] = 0;
    s[i + W_OP_FLAGS] = 0;
    s[i + W_BUF_INDEX_TO_FILE_INDEX] = 0;
    s[i + W_BUF_INDEX_TO_FILE_INDEX + 1] = 0;
    s[i + W_ADDR3] = 0;
    s[i + W_ADDR3 + 1] = 0;
    s[i + W_PAD2] = 0;
    s[i + W_PAD2 + 1] = 0;
    return at;
  }

  /** io_uring_sqe_set_data64 with a number (up to 2^53), without a BigInt. */
  setUserData(at: number, userData: number): void {
    // An Int32Array store keeps the low 32 bits of the number given, as the C cast does.
    const s = this.sqeWords;
    const i = (at >>> 2) + W_USER_DATA;
    s[i] = userData;
    s[i + 1] = userData >>> 0 === userData ? 0 : Math.floor(userData / 4294967296);
  }

  /** io_uring_sqe_set_data64. */
  setUserData64(at: number, userData: bigint): void {
    setBigU64(this.sqes, at + SQE.userData, userData); // modulo 2^64, as BigInt.asUintN(64, userData)
  }

  /** io_uring_sqe_set_flags (IOSQE_*). */
  setFlags(at: number, flags: number): void {
    this.sqes.setUint8(at + SQE_FLAGS, flags);
  }

  /** Set IOSQE_* bits in addition to those already set. */
  addFlags(at: number, flags: number): void {
    this.sqes.setUint8(at + SQE_FLAGS, this.sqes.getUint8(at + SQE_FLAGS) | flags);
  }

  /** The address of the SQE at byte offset `at` (for the checked prep wrappers on a borrowed SQE). */
  sqeAddress(at: number): bigint {
    return this.ring.sq.sqes + BigInt(at);
  }

  /** io_uring_sq_ready: SQEs obtained and not yet consumed by the kernel. */
  sqReady(): number {
    if (!this.lifetime.alive) this.dead();
    return (this.words[SQE_TAIL]! - this.loadSqHead()) >>> 0;
  }

  /** io_uring_sq_space_left. */
  sqSpaceLeft(): number {
    return this.sqEntries - this.sqReady();
  }

  /** SQEs obtained since the last submit (not yet published to the kernel). */
  unsubmitted(): number {
    return (this.words[SQE_TAIL]! - this.words[SQE_HEAD]!) >>> 0;
  }

  /**
   * io_uring_submit, one FFI call: publishes the SQ tail and enters the kernel.
   * Returns the number submitted, or -errno (nothing is thrown).
   */
  submit(): number {
    if (!this.lifetime.alive) this.dead();
    const ret = ffi.io_uring_submit(this.address) as number;
    // Even a failed submit may have flushed the SQ; checked preps' memory must follow its SQEs.
    if (this.interop || this.state.pending.size !== 0) submittedOn(this.state);
    return ret;
  }

  /** io_uring_submit_and_wait: submit, then block until `waitNr` completions are ready. Returns the number submitted or -errno. */
  submitAndWait(waitNr: number): number {
    if (!this.lifetime.alive) this.dead();
    const ret = ffi.io_uring_submit_and_wait(this.address, waitNr) as number;
    if (this.interop || this.state.pending.size !== 0) submittedOn(this.state);
    return ret;
  }

  // ---- completion ----------------------------------------------------------------

  /** io_uring_cq_ready: completions ready to be consumed. */
  cqReady(): number {
    if (!this.lifetime.alive) this.dead();
    return (Atomics.load(this.cqKtail, 0) - this.cqKhead[0]!) >>> 0;
  }

  /** Whether completions overflowed the CQ and wait in the kernel (a submit flushes them). */
  cqOverflowPending(): boolean {
    if (!this.lifetime.alive) this.dead();
    return (Atomics.load(this.sqKflags, 0) & IORING_SQ_CQ_OVERFLOW) !== 0;
  }

  /** Whether deferred task work waits to be run (IORING_SQ_TASKRUN, with IORING_SETUP_TASKRUN_FLAG): io_uring_get_events runs it. */
  taskrunPending(): boolean {
    if (!this.lifetime.alive) this.dead();
    return (Atomics.load(this.sqKflags, 0) & IORING_SQ_TASKRUN) !== 0;
  }

  /**
   * io_uring_cq_eventfd_toggle: turn the registered eventfd's notifications on or off
   * (IORING_CQ_EVENTFD_DISABLED in *cq->kflags). Returns false when the kernel has no cq flags.
   */
  setEventfdEnabled(enabled: boolean): boolean {
    if (!this.lifetime.alive) this.dead();
    const f = this.cqKflags;
    if (!f) return false;
    const old = f[0]!;
    Atomics.store(f, 0, enabled ? old & ~IORING_CQ_EVENTFD_DISABLED : old | IORING_CQ_EVENTFD_DISABLED);
    return true;
  }

  /**
   * __io_uring_peek_cqe: the byte offset in `cqes` of the oldest unconsumed
   * CQE, or -1 when there is none. Consume it with advance(1) (io_uring_cqe_seen).
   * Skips liburing's internal timeout CQEs on kernels without EXT_ARG, as liburing does.
   */
  peek(): number {
    if (!this.lifetime.alive) this.dead();
    for (;;) {
      const tail = Atomics.load(this.cqKtail, 0);
      const head = this.cqKhead[0]!;
      if (tail === head) return -1;
      const at = (head & this.cqMask) << this.cqeShift;
      if (!this.extArg && this.cqeWords[(at >>> 2) + W_CQE_USER_DATA]! >>> 0 === UDATA_TIMEOUT_LO && this.cqeWords[(at >>> 2) + W_CQE_USER_DATA + 1]! >>> 0 === UDATA_TIMEOUT_HI) {
        this.advance(1);
        continue;
      }
      return at;
    }
  }

  /** *cq->khead: the index of the oldest unconsumed CQE (ours to move, with advance()). */
  cqHead(): number {
    return this.cqKhead[0]!;
  }

  /**
   * The byte offset in `cqes` of the CQE at ring index `index` (cqHead() + i), for a loop like
   * io_uring_for_each_cqe without a callback:
   *
   *     const n = f.cqReady();
   *     for (let h = f.cqHead(), i = 0; i < n; i++, h++) { const at = f.cqeOffset(h); ... f.res(at) ... }
   *     f.advance(n);
   *
   * (Unlike forEachCqe it does not skip liburing's internal timeout CQEs, which only kernels
   * without IORING_FEAT_EXT_ARG, before 5.11, produce for io_uring_wait_cqe_timeout.)
   */
  cqeOffset(index: number): number {
    return (index & this.cqMask) << this.cqeShift;
  }

  /** cqe->res of the CQE at `at`. */
  res(at: number): number {
    return this.cqeWords[(at >>> 2) + W_CQE_RES]!;
  }

  /** cqe->flags of the CQE at `at`. */
  flags(at: number): number {
    return this.cqeWords[(at >>> 2) + W_CQE_FLAGS]! >>> 0;
  }

  /** cqe->user_data of the CQE at `at`, as a bigint. */
  userData64(at: number): bigint {
    return this.cqes.getBigUint64(at + CQE.userData, true);
  }

  /** cqe->user_data of the CQE at `at`, as a number (exact up to 2^53). */
  userData(at: number): number {
    const i = (at >>> 2) + W_CQE_USER_DATA;
    const c = this.cqeWords;
    return (c[i + 1]! >>> 0) * 4294967296 + (c[i]! >>> 0);
  }

  /**
   * io_uring_cq_advance: mark the next `nr` CQEs consumed. The new head is
   * stored with release ordering, after every read of those CQEs.
   */
  advance(nr: number): void {
    if (nr <= 0) return;
    if (!this.lifetime.alive) this.dead();
    if (this.interop) advancedOn(this.state, this.ring, nr);
    Atomics.store(this.cqKhead, 0, (this.cqKhead[0]! + nr) >>> 0);
  }

  /**
   * io_uring_for_each_cqe followed by io_uring_cq_advance: visit every ready
   * CQE (at most `max`), then consume them all at once. Returns how many were
   * visited. The visitor must not reap from this ring itself.
   */
  forEachCqe(visit: CqeVisitor, max = 0xffffffff): number {
    if (!this.lifetime.alive) this.dead();
    const c = this.cqeWords;
    const mask = this.cqMask;
    const shift = this.cqeShift - 2;
    let head = this.cqKhead[0]!;
    const tail = Atomics.load(this.cqKtail, 0);
    let n = (tail - head) >>> 0;
    if (n > max) n = max;
    const skipTimeouts = !this.extArg;
    let i = 0;
    try {
      for (; i < n; i++, head++) {
        const w = (head & mask) << shift;
        const lo = c[w + W_CQE_USER_DATA]! >>> 0;
        const hi = c[w + W_CQE_USER_DATA + 1]! >>> 0;
        if (skipTimeouts && lo === UDATA_TIMEOUT_LO && hi === UDATA_TIMEOUT_HI) continue;
        visit(lo, c[w + W_CQE_RES]!, c[w + W_CQE_FLAGS]! >>> 0, w << 2, hi);
      }
    } finally {
      // A visitor that throws still consumes the CQEs visited so far (its own included).
      this.advance(i < n ? i + 1 : n);
    }
    return n;
  }
}
