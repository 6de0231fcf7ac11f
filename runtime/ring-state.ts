/**
 * What liburing-ts knows about each struct io_uring beyond its bytes: whether
 * it is initialized, the memory it keeps using (init_mem's buffer), and the
 * memory each in-flight request points to, so none of it is freed or
 * collected while the kernel may still use it.
 *
 * Request memory is held per SQE slot from prep until submit, then by the
 * request's user_data until a completion for it is seen without
 * IORING_CQE_F_MORE (the last one of a multishot request).
 */
import koffi from 'koffi';
import { holdMemory, viewOfAddress, type Lifetime, type Struct, type StructClassWithStatics } from './struct.js';

/** The fields of struct io_uring the runtime reads (the generated IoUring class has them). */
export interface RingLike extends Struct {
  readonly sq: { readonly sqes: bigint; readonly ring_entries: number };
  readonly cq: { readonly cqes: bigint; readonly ring_entries: number; readonly khead: bigint; readonly ring_mask: number };
  readonly flags: number;
  readonly ring_fd: number;
}

const IORING_SETUP_SQE128 = 1 << 10;
const IORING_SETUP_CQE32 = 1 << 11;
const IORING_CQE_F_MORE = 1 << 1;

interface Held {
  values: unknown[];
  releases: (() => void)[];
}

export interface RingState {
  lifetime: Lifetime;
  /** Memory the ring itself uses until it is exited (init_mem's buffer). */
  ringMemory: Held;
  /** Memory of prepared, not yet submitted SQEs, by SQ slot. */
  bySlot: Map<number, Held>;
  /** Memory of submitted requests, by user_data; a user_data may be shared by several requests. */
  inFlight: Map<bigint, Held[]>;
  sqeSize: number;
  cqeSize: number;
  sqes: { base: bigint; view: DataView } | null;
  cqes: { base: bigint; view: DataView; head: Uint32Array } | null;
}

const states = new WeakMap<RingLike, RingState>();
const sqeSlots = new WeakMap<Struct, { ring: RingLike; slot: number }>();

function notInitialized(): Lifetime {
  return { alive: false, reason: 'this io_uring is not initialized: call io_uring_queue_init (or _params, _mem) first, and check that it succeeded' };
}

export function ringState(ring: RingLike): RingState {
  let s = states.get(ring);
  if (!s) {
    s = {
      lifetime: notInitialized(),
      ringMemory: { values: [], releases: [] },
      bySlot: new Map(),
      inFlight: new Map(),
      sqeSize: 64,
      cqeSize: 16,
      sqes: null,
      cqes: null,
    };
    states.set(ring, s);
  }
  return s;
}

/** Whether the ring is initialized and not exited. */
export function isRingLive(ring: RingLike): boolean {
  return ringState(ring).lifetime.alive;
}

function release(h: Held): void {
  for (const r of h.releases) r();
  h.values.length = 0;
  h.releases.length = 0;
}

function hold(h: Held, value: unknown): void {
  h.values.push(value);
  const r = holdMemory(value);
  if (r) h.releases.push(r);
}

/** After a successful init: the ring is live, and keeps `memory` until it is exited. */
export function ringInitialized(ring: RingLike, memory: unknown[]): void {
  const s = ringState(ring);
  s.lifetime = { alive: true, reason: '' };
  for (const m of memory) if (m != null) hold(s.ringMemory, m);
  mapViews(ring, s);
}

/**
 * Keep `value` (memory, or a struct and what it points to) in use until the
 * ring is exited: registered buffers, which the kernel keeps pinned until they
 * are unregistered. Held until exit, the safe side of unregistration.
 */
export function holdForRing(ring: RingLike, value: unknown): void {
  if (value != null) hold(ringState(ring).ringMemory, value);
}

/**
 * After a call that moved the rings (io_uring_resize_rings): SQEs and CQEs
 * borrowed before it point into unmapped memory, so they die, and the views
 * are made again. Held request memory stays held.
 */
export function ringRemapped(ring: RingLike & { sq: { sqe_head: number; sqe_tail: number; ring_mask: number } }): void {
  const s = ringState(ring);
  if (s.bySlot.size && s.sqes) {
    // Prepared SQEs keep their index in [sqe_head, sqe_tail); their slot is index & mask, and the mask changed.
    const oldMask = s.sqes.view.byteLength / s.sqeSize - 1;
    const moved = new Map<number, Held>();
    for (let i = ring.sq.sqe_head; i !== ring.sq.sqe_tail; i = (i + 1) >>> 0) {
      const h = s.bySlot.get(i & oldMask);
      if (h) moved.set(i & ring.sq.ring_mask, h);
    }
    s.bySlot = moved;
  }
  s.lifetime.alive = false;
  s.lifetime.reason = 'its ring was resized by io_uring_resize_rings, which moved the SQEs and CQEs';
  s.lifetime = { alive: true, reason: '' };
  mapViews(ring, s);
}

function mapViews(ring: RingLike, s: RingState): void {
  s.sqeSize = ring.flags & IORING_SETUP_SQE128 ? 128 : 64;
  s.cqeSize = ring.flags & IORING_SETUP_CQE32 ? 32 : 16;
  s.sqes = { base: ring.sq.sqes, view: viewOfAddress(ring.sq.sqes, ring.sq.ring_entries * s.sqeSize) };
  s.cqes = {
    base: ring.cq.cqes,
    view: viewOfAddress(ring.cq.cqes, ring.cq.ring_entries * s.cqeSize),
    head: new Uint32Array(koffi.view(ring.cq.khead, 4)),
  };
}

/** After io_uring_queue_exit: every SQE and CQE of the ring is dead, and all held memory is let go. */
export function ringExited(ring: RingLike): void {
  const s = ringState(ring);
  s.lifetime.alive = false;
  s.lifetime.reason = 'its ring was closed by io_uring_queue_exit';
  s.lifetime = { alive: false, reason: 'this io_uring was closed by io_uring_queue_exit; initialize it again before use' };
  release(s.ringMemory);
  for (const h of s.bySlot.values()) release(h);
  s.bySlot.clear();
  for (const hs of s.inFlight.values()) for (const h of hs) release(h);
  s.inFlight.clear();
  s.sqes = null;
  s.cqes = null;
}

function borrowAt<T extends Struct>(
  cls: StructClassWithStatics<T>,
  region: { base: bigint; view: DataView } | null,
  address: bigint,
  size: number,
  lifetime: Lifetime,
): T {
  if (region) {
    const offset = Number(address - region.base);
    if (offset >= 0 && offset + size <= region.view.byteLength) {
      return cls.at(new DataView(region.view.buffer, region.view.byteOffset + offset, size), 0, address, lifetime);
    }
  }
  return cls.borrow(address, lifetime);
}

/** The SQE C returned, as a struct sharing the ring's lifetime. */
export function borrowSqe<T extends Struct>(ring: RingLike, cls: StructClassWithStatics<T>, address: bigint): T {
  const s = ringState(ring);
  const sqe = borrowAt(cls, s.sqes, address, s.sqeSize, s.lifetime);
  if (s.sqes) {
    const slot = Number(address - s.sqes.base) / s.sqeSize;
    sqeSlots.set(sqe, { ring, slot });
    // A slot handed out again was submitted (its memory moved to its user_data) or is being reused unsubmitted: what a
    // previous prep of it held no longer belongs to any request.
    const stale = s.bySlot.get(slot);
    if (stale) {
      release(stale);
      s.bySlot.delete(slot);
    }
  }
  return sqe;
}

/** The CQE C returned, as a struct sharing the ring's lifetime. */
export function borrowCqe<T extends Struct>(ring: RingLike, cls: StructClassWithStatics<T>, address: bigint): T {
  const s = ringState(ring);
  return borrowAt(cls, s.cqes, address, s.cqeSize, s.lifetime);
}

/** Keep `value` (memory or a struct an SQE points to) until the SQE's request completes. */
export function holdUntilCompletion(sqe: Struct, value: unknown): void {
  if (value == null) return;
  const where = sqeSlots.get(sqe);
  if (!where) return; // an SQE not from a ring (a test's own struct): nothing submits it
  const s = ringState(where.ring);
  let h = s.bySlot.get(where.slot);
  if (!h) s.bySlot.set(where.slot, (h = { values: [], releases: [] }));
  hold(h, value);
}

/** After submit: what prepared SQEs hold moves to their user_data, read from the SQE now. */
export function ringSubmitted(ring: RingLike): void {
  const s = ringState(ring);
  if (!s.sqes || s.bySlot.size === 0) return;
  for (const [slot, h] of s.bySlot) {
    const userData = s.sqes.view.getBigUint64(slot * s.sqeSize + 32, true);
    const list = s.inFlight.get(userData);
    if (list) list.push(h);
    else s.inFlight.set(userData, [h]);
  }
  s.bySlot.clear();
}

function completed(s: RingState, userData: bigint, flags: number): void {
  if (flags & IORING_CQE_F_MORE) return; // more completions of a multishot request follow
  const list = s.inFlight.get(userData);
  if (!list) return;
  const h = list.shift()!;
  release(h);
  if (list.length === 0) s.inFlight.delete(userData);
}

/** Before io_uring_cqe_seen: the request's memory may be let go. */
export function cqeSeen(ring: RingLike, cqe: Struct & { user_data: bigint; flags: number }): void {
  const s = ringState(ring);
  if (s.inFlight.size === 0) return;
  completed(s, cqe.user_data, cqe.flags);
}

/** Before io_uring_cq_advance(ring, nr): the next `nr` completions are consumed. */
export function cqAdvanced(ring: RingLike, nr: number): void {
  const s = ringState(ring);
  if (s.inFlight.size === 0 || !s.cqes) return;
  const mask = ring.cq.ring_mask;
  let head = s.cqes.head[0]!;
  for (let i = 0; i < nr; i++, head++) {
    const off = ((head & mask) >>> 0) * s.cqeSize;
    completed(s, s.cqes.view.getBigUint64(off, true), s.cqes.view.getUint32(off + 12, true));
  }
}

/** How many requests still hold memory (for tests of the holding itself). */
export function heldRequestCount(ring: RingLike): number {
  const s = ringState(ring);
  let n = s.bySlot.size;
  for (const l of s.inFlight.values()) n += l.length;
  return n;
}
