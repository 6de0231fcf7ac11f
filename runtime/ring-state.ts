/**
 * The runtime's view of each struct io_uring beyond its bytes: whether it is
 * initialized, and the memory the kernel may still use, so none of it is
 * freed or collected early. The generated wrappers, the fast path and the
 * Ring API call only the functions exported here; runtime/holds/ has the
 * parts.
 *
 * The contract (README, "Safety contract"):
 * - Memory a prep points to is held for its SQE slot until the SQE is flushed
 *   to the kernel, then by the request, counted under its user_data
 *   (holds/requests.ts), until the final CQEs consumed prove every request
 *   with that user_data done.
 * - Memory the ring keeps using (init_mem's buffer, registered buffers,
 *   provided buffers) is held until io_uring_queue_exit; buffers added to a
 *   buffer ring until it is unregistered and no request is in flight.
 * - A refused call leaves a harmless SQE (holds/refused.ts).
 */
import koffi from 'koffi';
import { viewOfAddress, type Struct, type StructClassWithStatics } from './struct.js';
import { RING, CQE, SQE, cqeSizeOf, sqeSizeOf, UDATA_TIMEOUT_HI, UDATA_TIMEOUT_LO } from './ring-abi.js';
import { cqeStruct, lastSqeSlot, mapRing, sqeStruct } from './ring-primitives.js';
import { IORING_CQE_F_MORE, IORING_OP_NOP } from '../generated/constants.js';
import { hold, newHeld, release } from './holds/held.js';
import { keyOf, RequestBook } from './holds/requests.js';
import { KeptOnce, SlotHolds } from './holds/held.js';
import { releasableAtExit } from './holds/exit.js';
export { ringExiting, ringsKeptPastExit } from './holds/exit.js';
import {
  clearAllNeutralized, clearNeutralized, locateSqe, registerLive, rememberSqe, ringState, unregisterLive, type RingLike, type RingState,
} from './holds/state.js';
import { catchUp, hasExtArg, unflushedIndex } from './holds/submissions.js';
import { bufRingBuffers, bufRingsExited } from './holds/kernel-kept.js';

export { ringState, type RingLike, type RingState } from './holds/state.js';
export { refusedCall, prepStarts } from './holds/refused.js';
export { tagsRegistered, rawRegistered, msgRingSent, bufRingRegistered, bufRingUnregistered, bufRingAdded } from './holds/kernel-kept.js';

/** Whether the ring is initialized and not exited. */
export function isRingLive(ring: RingLike): boolean {
  return ringState(ring).lifetime.alive;
}

/** After a successful init: the ring is live, and keeps `memory` until it is exited. */
export function ringInitialized(ring: RingLike, memory: unknown[]): void {
  const s = ringState(ring);
  s.lifetime = { alive: true, reason: '' };
  for (const m of memory) s.ringMemory.add(m);
  mapViews(ring, s);
  s.flushedHead = s.ringView!.getUint32(RING.sqeHead, true);
  registerLive(s, ring.ring_fd);
}

/**
 * Keep `value` (memory, or a struct and what it points to) in use until the
 * ring is exited: registered buffers, which the kernel keeps pinned until they
 * are unregistered. Held until exit, the safe side of unregistration.
 */
export function holdForRing(ring: RingLike, value: unknown): void {
  ringState(ring).ringMemory.add(value);
}

/**
 * Keep `value` until the ring of `sqe` is exited: buffers given with
 * io_uring_prep_provide_buffers, which the kernel hands out to later requests
 * until they are used, removed or the ring exits. Kept once per backing
 * buffer, so providing the same pool again costs nothing more.
 */
export function holdForRingOfSqe(sqe: Struct, value: unknown): void {
  const where = locateSqe(sqe);
  if (where) where.state.ringMemory.add(value);
}

/**
 * After a call that moved the rings (io_uring_resize_rings): SQEs and CQEs
 * borrowed before it point into unmapped memory, so they die, and the views
 * are made again. The kernel copies only SQEs already flushed, so prepared
 * ones may not survive: their memory is kept until exit (over-holding).
 */
export function ringRemapped(ring: RingLike): void {
  const s = ringState(ring);
  // The old SQE array is unmapped already: what was flushed since the books last looked cannot be read any more.
  if (s.ringView!.getUint32(RING.sqeHead, true) !== s.flushedHead) s.book.lost = true;
  for (const h of s.pending.values()) s.book.keepUntilExit(h);
  s.pending.clear();
  clearAllNeutralized(s);
  s.lifetime.alive = false;
  s.lifetime.reason = 'its ring was resized by io_uring_resize_rings, which moved the SQEs and CQEs';
  s.lifetime = { alive: true, reason: '' };
  mapViews(ring, s);
  s.flushedHead = s.ringView!.getUint32(RING.sqeHead, true);
}

function mapViews(ring: RingLike, s: RingState): void {
  const bytes = ring.bytes;
  s.ringView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  s.sqeSize = sqeSizeOf(ring.flags);
  s.cqeSize = cqeSizeOf(ring.flags);
  s.sqEntries = s.ringView.getUint32(RING.sqRingEntries, true);
  s.sqMask = s.ringView.getUint32(RING.sqRingMask, true);
  const sqesBytes = ring.sq.ring_entries * s.sqeSize;
  s.sqes = { base: ring.sq.sqes, end: ring.sq.sqes + BigInt(sqesBytes), view: viewOfAddress(ring.sq.sqes, sqesBytes) };
  s.cqes = {
    base: ring.cq.cqes,
    view: viewOfAddress(ring.cq.cqes, ring.cq.ring_entries * s.cqeSize),
    head: new Uint32Array(koffi.view(ring.cq.khead, 4)),
    tail: new Uint32Array(koffi.view(ring.cq.ktail, 4)),
  };
  s.mapped = mapRing(ring, s.lifetime);
  s.remembered = [];
}

/** After io_uring_queue_exit: every SQE and CQE of the ring is dead, and all held memory is let go. */
export function ringExited(ring: RingLike): void {
  const s = ringState(ring);
  s.lifetime.alive = false;
  s.lifetime.reason = 'its ring was closed by io_uring_queue_exit';
  s.lifetime = { alive: false, reason: 'this io_uring was closed by io_uring_queue_exit; initialize it again before use' };
  unregisterLive(s);
  if (releasableAtExit(s, { ringMemory: s.ringMemory, pending: s.pending, book: s.book, bufRings: [...s.bufRings.values()] })) {
    s.ringMemory.releaseAll();
    for (const h of s.pending.values()) release(h);
    s.pending.clear();
    s.book.exit();
    bufRingsExited(s);
  } else {
    // Requests may still run in the kernel (runtime/holds/exit.ts): their memory stays held; the ring starts afresh.
    s.ringMemory = new KeptOnce();
    s.pending = new SlotHolds();
    s.book = new RequestBook();
    bufRingsExited(s, false);
  }
  clearAllNeutralized(s);
  s.ringView = null;
  s.sqes = null;
  s.cqes = null;
  s.mapped = null;
  s.remembered = [];
}

/**
 * The SQE io_uring_get_sqe returned (its address from C, or its view from the
 * inline helper), as a struct sharing the ring's lifetime: one view per slot.
 * Its opcode is set to IORING_OP_NOP (every prep writes the opcode): an SQE
 * submitted without a prep then runs nothing, where C would rerun whatever
 * request the slot held before.
 */
export function borrowSqe<T extends Struct>(ring: RingLike, cls: StructClassWithStatics<T>, from: bigint | T): T {
  const s = ringState(ring);
  const m = s.mapped;
  let slot: number;
  let sqe: T;
  if (typeof from !== 'bigint') {
    sqe = from;
    if (m === null) return sqe;
    const last = lastSqeSlot(m);
    slot = m.sqeStructs[last] === sqe ? last : Number(sqe.address - m.sqesBase) >>> m.sqeShift;
  } else {
    const offset = m === null ? -1 : Number(from - m.sqesBase);
    if (m === null || offset < 0 || offset >= m.sqes.byteLength || offset % (1 << m.sqeShift) !== 0) return cls.borrow(from, s.lifetime);
    slot = offset >>> m.sqeShift;
    sqe = sqeStruct(m, slot, cls);
  }
  if (s.remembered[slot] !== sqe) {
    s.remembered[slot] = sqe;
    rememberSqe(sqe, s, slot);
  }
  // Count what was flushed without the books seeing it, while the slots still hold it.
  catchUp(s);
  m.sqes.setUint8((slot << m.sqeShift) + SQE.opcode, IORING_OP_NOP);
  if (s.neutralized.size !== 0) clearNeutralized(s, slot);
  // A slot is handed out again only after the kernel consumed what it held, so anything still
  // pending here belongs to a request flushed unseen: keep it until exit.
  if (s.pending.size !== 0) {
    const stale = s.pending.get(slot);
    if (stale) {
      s.book.keepUntilExit(stale);
      s.pending.delete(slot);
    }
  }
  return sqe;
}

/** The CQE C returned (its address, or its view from the inline helper), as a struct sharing the ring's lifetime: one view per slot. */
export function borrowCqe<T extends Struct>(ring: RingLike, cls: StructClassWithStatics<T>, from: bigint | T): T {
  if (typeof from !== 'bigint') return from;
  const s = ringState(ring);
  const m = s.mapped;
  const offset = m === null ? -1 : Number(from - m.cqesBase);
  if (m === null || offset < 0 || offset >= m.cqes.byteLength || offset % (1 << m.cqeShift) !== 0) return cls.borrow(from, s.lifetime);
  return cqeStruct(m, offset, cls);
}

/**
 * Keep `value` (memory or a struct an SQE points to) until the SQE's request
 * is done. An SQE that is not handed out and unflushed (one already
 * submitted, being prepared again) keeps it until the ring exits.
 */
export function holdUntilCompletion(sqe: Struct, value: unknown): void {
  if (value == null) return;
  const where = locateSqe(sqe);
  if (where) holdFor(where.state, where.slot, value); // else an SQE of no live ring (a test's own struct): nothing submits it
}

/** holdUntilCompletion's work, in its own function so the check above stays small enough to inline into every wrapper. */
function holdFor(s: RingState, slot: number, value: unknown): void {
  catchUp(s);
  if (unflushedIndex(s, slot) < 0) {
    const h = newHeld();
    hold(h, value);
    s.book.keepUntilExit(h);
    return;
  }
  let h = s.pending.get(slot);
  if (!h) s.pending.set(slot, (h = newHeld()));
  hold(h, value);
}

/** After a call that may have flushed the SQ (io_uring_submit and the rest), whether or not it failed. */
export function ringSubmitted(ring: RingLike): void {
  catchUp(ringState(ring));
}

/** ringSubmitted for a caller that has the state at hand (the fast path). */
export const submittedOn: (s: RingState) => void = catchUp;

/** A final CQE (no IORING_CQE_F_MORE) was consumed with user_data lo + hi * 2^32. */
function consumed(s: RingState, lo: number, hi: number, flags: number): void {
  if (flags & IORING_CQE_F_MORE) return; // more completions of a multishot request (or send_zc) follow
  if (lo === UDATA_TIMEOUT_LO && hi === UDATA_TIMEOUT_HI && !hasExtArg(s)) return; // liburing's own timeout
  s.book.completed(keyOf(lo, hi));
}

/**
 * Before io_uring_cqe_seen: a completion is consumed. C advances the CQ head by one whichever CQE it
 * is given, so the books count the CQE at the head (the one the kernel may now reuse), not `cqe`.
 */
export function cqeSeen(ring: RingLike, cqe: Struct): void {
  if (cqe) advancedOn(ringState(ring), ring, 1);
}

/** Before io_uring_cq_advance(ring, nr): the next `nr` completions are consumed. */
export function cqAdvanced(ring: RingLike, nr: number): void {
  advancedOn(ringState(ring), ring, nr);
}

/** cqAdvanced for a caller that has the state at hand (the fast path). */
export function advancedOn(s: RingState, ring: RingLike, nr: number): void {
  catchUp(s);
  if (!s.book.counting() || !s.cqes || !s.mapped) return;
  const mask = s.mapped.cqMask;
  const d = s.cqes.view;
  let head = s.cqes.head[0]!;
  // Never past the tail: entries there are stale, and counting them could release memory early.
  const n = Math.min(nr, (Atomics.load(s.cqes.tail, 0) - head) >>> 0);
  for (let i = 0; i < n; i++, head++) {
    const off = ((head & mask) >>> 0) * s.cqeSize;
    consumed(s, d.getUint32(off + CQE.userData, true), d.getUint32(off + CQE.userData + 4, true), d.getUint32(off + CQE.flags, true));
  }
}

/** How many requests still hold memory: prepared SQEs, and requests in flight or kept until exit (for tests). */
export function heldRequestCount(ring: RingLike): number {
  const s = ringState(ring);
  return s.pending.size + s.book.heldRequests();
}

/** What the ring holds, in detail (for tests and diagnostics). */
export function holdsOf(ring: RingLike): {
  pendingSlots: number; requestsInFlight: number; heldRequests: number; untilExit: number; ringMemory: number; bufRingBuffers: number; afterQuiet: number; lost: boolean;
} {
  const s = ringState(ring);
  return {
    pendingSlots: s.pending.size,
    requestsInFlight: s.book.inFlight,
    heldRequests: s.book.heldRequests(),
    untilExit: s.book.untilExit.values.length,
    ringMemory: s.ringMemory.size,
    bufRingBuffers: bufRingBuffers(s),
    afterQuiet: s.book.heldAfterQuiet(),
    lost: s.book.lost,
  };
}
