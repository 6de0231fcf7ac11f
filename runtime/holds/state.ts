/**
 * What liburing-ts knows about each struct io_uring beyond its bytes, and the
 * process-wide registry of live rings (by ring fd, for msg_ring targets; by
 * SQE array, for SQEs borrowed at an address).
 */
import { KeptOnce, SlotHolds } from './held.js';
import { RequestBook } from './requests.js';
import type { Lifetime, Struct } from '../struct.js';
import type { MappedRing } from '../ring-primitives.js';

/** The fields of struct io_uring the runtime reads (the generated IoUring class has them). */
export interface RingLike extends Struct {
  readonly sq: { readonly sqes: bigint; readonly ring_entries: number; readonly ring_mask: number; readonly khead: bigint; readonly kflags: bigint };
  readonly cq: { readonly cqes: bigint; readonly ring_entries: number; readonly khead: bigint; readonly ktail: bigint; readonly kflags: bigint; readonly ring_mask: number };
  readonly flags: number;
  readonly ring_fd: number;
}

/** A buffer ring registered with a ring: the memory io_uring_buf_ring_add gave it. */
export interface BufRingHold {
  address: bigint;
  kept: KeptOnce;
}

export interface RingState {
  ring: RingLike;
  lifetime: Lifetime;
  /** Memory the ring itself keeps using until it is exited: init_mem's buffer, registered and provided buffers. */
  ringMemory: KeptOnce;
  /** Memory of prepared SQEs not yet flushed to the kernel, by SQ slot. */
  pending: SlotHolds;
  /** Slots made a NOP by a refused call (their op-flags word says IORING_NOP_INJECT_RESULT). */
  neutralized: Set<number>;
  /** The sqe_head up to which flushed SQEs have been counted. */
  flushedHead: number;
  /** The requests in flight and their memory. */
  book: RequestBook;
  /** Buffer rings registered with this ring, by buffer group ID. */
  bufRings: Map<number, BufRingHold>;
  /** struct io_uring's own bytes (sqe_head, sqe_tail, features). */
  ringView: DataView | null;
  sqeSize: number;
  cqeSize: number;
  sqEntries: number;
  sqMask: number;
  sqes: { base: bigint; end: bigint; view: DataView } | null;
  cqes: { base: bigint; view: DataView; head: Uint32Array; tail: Uint32Array } | null;
  /** The mapped queues as liburing's inline helpers use them (runtime/ring-primitives.ts), while live. */
  mapped: MappedRing | null;
  /** The SQE view of each slot the books have remembered (rememberSqe), so each is remembered once. */
  remembered: (Struct | undefined)[];
}

/**
 * Where each ring's state lives: on the ring object itself, under a symbol (not a WeakMap: every checked call asks,
 * and a property load is several times cheaper than a WeakMap lookup). The symbol is not enumerable by
 * Object.keys or JSON, and the state lives exactly as long as its ring object, as it did in a WeakMap.
 */
const STATE: unique symbol = Symbol('liburing-ts ring state');
type WithState = { [STATE]?: RingState };

function notInitialized(): Lifetime {
  return { alive: false, reason: 'this io_uring is not initialized: call io_uring_queue_init (or _params, _mem) first, and check that it succeeded' };
}

export function ringState(ring: RingLike): RingState {
  // Small, so that V8 inlines it into every caller (runtime/memory.ts says why that matters); the state is made out of line.
  const s = (ring as WithState)[STATE];
  return s !== undefined ? s : newRingState(ring);
}

function newRingState(ring: RingLike): RingState {
  const s: RingState = {
    ring,
    lifetime: notInitialized(),
    ringMemory: new KeptOnce(),
    pending: new SlotHolds(),
    neutralized: new Set(),
    flushedHead: 0,
    book: new RequestBook(),
    bufRings: new Map(),
    ringView: null,
    sqeSize: 0,
    cqeSize: 0,
    sqEntries: 0,
    sqMask: 0,
    sqes: null,
    cqes: null,
    mapped: null,
    remembered: [],
  };
  Object.defineProperty(ring, STATE, { value: s, enumerable: false, writable: false, configurable: false });
  return s;
}

/** The state of `ring` if it has one (it was ever initialized or checked), without making one. */
export function existingRingState(ring: RingLike): RingState | undefined {
  return (ring as WithState)[STATE];
}

// ---- the live rings of this thread --------------------------------------------

const live = new Set<RingState>();
const byFd = new Map<number, RingState>();

export function registerLive(s: RingState, fd: number): void {
  live.add(s);
  if (fd >= 0) byFd.set(fd, s);
}

export function unregisterLive(s: RingState): void {
  live.delete(s);
  for (const [fd, t] of byFd) if (t === s) byFd.delete(fd);
}

/** The live ring whose fd is `fd`, if this thread has one. */
export function liveRingByFd(fd: number): RingState | undefined {
  return byFd.get(fd);
}

export function liveRings(): Iterable<RingState> {
  return live;
}

/** The live ring whose SQE array holds `address`, and the SQ slot there. */
export function sqeAt(address: bigint): { state: RingState; slot: number } | null {
  for (const s of live) {
    const q = s.sqes;
    // Compared as bigints first: most structs asked about (an SQE of the caller's own) lie in no ring, and this allocates nothing.
    if (q === null || address < q.base || address >= q.end) continue;
    const offset = Number(address - q.base);
    if (offset % s.sqeSize === 0) return { state: s, slot: offset / s.sqeSize };
  }
  return null;
}

// ---- SQEs ---------------------------------------------------------------------------

/** Where an SQE view io_uring_get_sqe handed out lives: on the view itself, under a symbol (see STATE). */
const SLOT: unique symbol = Symbol('liburing-ts SQE slot');
type WithSlot = { [SLOT]?: { state: RingState; slot: number } };

/** Remember that `sqe` (from io_uring_get_sqe) is slot `slot` of the ring of `s`. */
export function rememberSqe(sqe: Struct, s: RingState, slot: number): void {
  const where = (sqe as WithSlot)[SLOT];
  if (where === undefined) Object.defineProperty(sqe, SLOT, { value: { state: s, slot }, enumerable: false, writable: false, configurable: false });
  else {
    where.state = s;
    where.slot = slot;
  }
}

/** The live ring and slot of an SQE: one io_uring_get_sqe returned, or any struct at an address in a live ring's SQE array. */
export function locateSqe(sqe: Struct): { state: RingState; slot: number } | null {
  const where = (sqe as WithSlot)[SLOT];
  return where !== undefined ? (where.state.lifetime.alive ? where : null) : locateUnremembered(sqe);
}

function locateUnremembered(sqe: Struct): { state: RingState; slot: number } | null {
  // A struct of the caller's own (new IoUringSqe()) is in no ring: no search of the live rings.
  return sqe.ownsMemory ? null : sqeAt(sqe.address);
}

// ---- SQEs a refused call made a NOP -----------------------------------------------------------

let neutralizedSlots = 0;

export function markNeutralized(s: RingState, slot: number): void {
  if (s.neutralized.has(slot)) return;
  s.neutralized.add(slot);
  neutralizedSlots++;
}

export function clearNeutralized(s: RingState, slot: number): boolean {
  if (!s.neutralized.delete(slot)) return false;
  neutralizedSlots--;
  return true;
}

export function clearAllNeutralized(s: RingState): void {
  neutralizedSlots -= s.neutralized.size;
  s.neutralized.clear();
}

/** Whether any slot of any ring is a refused call's NOP (the prep wrappers' fast check). */
export function anyNeutralized(): boolean {
  return neutralizedSlots !== 0;
}
