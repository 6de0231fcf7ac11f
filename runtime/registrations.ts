/**
 * What each ring has registered with the kernel, as far as liburing-ts saw it:
 * the size of its registered file table, its registered buffers (each slot's
 * address and length) and the buffer groups it has (buffer rings, and groups
 * given buffers with io_uring_prep_provide_buffers). Prep helpers and submits
 * check requests against it before C (runtime/derived.ts reads it for the
 * schema's rules): a read_fixed into a buffer index the ring does not have, a
 * fixed file index past the table, a buffer group the ring never had.
 *
 * The generated wrappers feed it through the schema's bookkeeping kinds
 * (generator/model/bookkeeping.ts). It knows a ring's registrations only from
 * the checked init on: a change it cannot follow (a raw io_uring_register, a
 * clone at an offset) makes that part unknown, and an unknown part refuses
 * nothing, so a call C would accept is never refused because of it.
 */
import * as layout from '../generated/layout.js';
import { IORING_REGISTER_USE_REGISTERED_RING } from '../generated/constants.js';
import { liveRingByFd, liveRings, locateSqe, type RingLike } from './holds/state.js';
import type { Struct } from './struct.js';

/** One slot of the registered buffer table: null when it is empty (sparse, or cleared by an update). */
export interface RegisteredBuffer {
  address: bigint;
  length: bigint;
}

interface Books {
  /** The registered file table's size (0: none registered), or null when unknown. */
  files: number | null;
  /** The registered buffer table, or null when unknown. */
  buffers: (RegisteredBuffer | null)[] | null;
  /** Buffer groups the ring has or was given buffers for, or null when unknown. */
  groups: Set<number> | null;
}

const books = new WeakMap<RingLike, Books>();

const unknown = (): Books => ({ files: null, buffers: null, groups: null });

function booksOf(ring: RingLike): Books {
  let b = books.get(ring);
  if (!b) books.set(ring, (b = unknown()));
  return b;
}

// ---- fed by the wrappers' bookkeeping ---------------------------------------------

/** A checked init succeeded: the ring starts with nothing registered. */
export function ringStarted(ring: RingLike): void {
  books.set(ring, { files: 0, buffers: [], groups: new Set() });
}

/** The ring was exited: what it had registered went with it. */
export function ringEnded(ring: RingLike): void {
  books.delete(ring);
}

/** A file table of `nr` slots was registered (io_uring_register_files, _sparse, _tags). */
export function filesRegistered(ring: RingLike, nr: number): void {
  booksOf(ring).files = nr;
}

/** io_uring_unregister_files succeeded. */
export function filesUnregistered(ring: RingLike): void {
  booksOf(ring).files = 0;
}

const IOV = layout.iovec;

/** The first `nr` entries of a struct iovec array, as slots (a NULL base is an empty slot). */
function slotsOf(iovecs: Struct, nr: number): (RegisteredBuffer | null)[] {
  const b = iovecs.bytes;
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: (RegisteredBuffer | null)[] = [];
  for (let i = 0; i < nr && (i + 1) * IOV.size <= b.byteLength; i++) {
    const address = d.getBigUint64(i * IOV.size + IOV.offset.iov_base, true);
    const length = d.getBigUint64(i * IOV.size + IOV.offset.iov_len, true);
    out.push(address === 0n ? null : { address, length });
  }
  return out;
}

/** Buffers were registered (io_uring_register_buffers, _tags): slots 0..nr-1. */
export function buffersRegistered(ring: RingLike, iovecs: Struct, nr: number): void {
  booksOf(ring).buffers = slotsOf(iovecs, nr);
}

/** io_uring_register_buffers_sparse(ring, nr): nr empty slots. */
export function buffersSparse(ring: RingLike, nr: number): void {
  booksOf(ring).buffers = new Array<null>(nr).fill(null);
}

/** io_uring_register_buffers_update_tag(ring, off, iovecs, tags, nr): slots off..off+nr-1 replaced. */
export function buffersUpdated(ring: RingLike, off: number, iovecs: Struct, nr: number): void {
  const b = booksOf(ring);
  if (!b.buffers) return;
  slotsOf(iovecs, nr).forEach((slot, i) => {
    if (off + i < b.buffers!.length) b.buffers![off + i] = slot;
  });
}

/** io_uring_unregister_buffers succeeded. */
export function buffersUnregistered(ring: RingLike): void {
  booksOf(ring).buffers = [];
}

/**
 * Buffers were cloned into `dst` (io_uring_clone_buffers and the offset
 * variants). The whole table of a known `src` is copied when the clone takes
 * it all into an empty table; anything else is not followed.
 */
export function buffersCloned(dst: RingLike, src: RingLike, whole: boolean): void {
  const d = booksOf(dst);
  const s = booksOf(src).buffers;
  d.buffers = whole && s && d.buffers?.length === 0 ? s.slice() : null;
}

/** A buffer ring was registered for group `bgid` (io_uring_setup_buf_ring, io_uring_register_buf_ring). */
export function bufferGroupAdded(ring: RingLike, bgid: number): void {
  booksOf(ring).groups?.add(bgid);
}

/** The buffer ring of group `bgid` was unregistered (io_uring_unregister_buf_ring, io_uring_free_buf_ring). */
export function bufferGroupRemoved(ring: RingLike, bgid: number): void {
  booksOf(ring).groups?.delete(bgid);
}

/**
 * io_uring_prep_provide_buffers(sqe, ..., bgid, ...) was prepared: the group
 * exists once the request runs. Counted from the prep, so that a read selecting
 * from it may be submitted in the same batch.
 */
export function buffersProvided(sqe: Struct, bgid: number): void {
  const where = locateSqe(sqe);
  if (where) booksOf(where.state.ring).groups?.add(bgid);
}

/**
 * io_uring_register(fd, opcode, ...) succeeded: liburing-ts cannot follow
 * what it registered, so the ring's registrations become unknown (every live
 * ring's, when fd is a registered ring index).
 */
export function rawRegistered(fd: number, opcode: number): void {
  if (opcode & IORING_REGISTER_USE_REGISTERED_RING) {
    for (const s of liveRings()) books.set(s.ring, unknown());
    return;
  }
  const s = liveRingByFd(fd);
  if (s) books.set(s.ring, unknown());
}

// ---- read by the rules (runtime/derived.ts) -----------------------------------------------

/** The registered file table's size, or null when unknown. */
export function fileTableSize(ring: RingLike): number | null {
  return booksOf(ring).files;
}

/** The registered buffer table, or null when unknown. */
export function bufferTable(ring: RingLike): readonly (RegisteredBuffer | null)[] | null {
  return booksOf(ring).buffers;
}

/** Whether the ring has buffer group `bgid`, or null when unknown. */
export function hasBufferGroup(ring: RingLike, bgid: number): boolean | null {
  const g = booksOf(ring).groups;
  return g ? g.has(bgid) : null;
}

/** The live ring an SQE belongs to, if any. */
export function ringOfSqe(sqe: Struct): RingLike | null {
  return locateSqe(sqe)?.state.ring ?? null;
}
