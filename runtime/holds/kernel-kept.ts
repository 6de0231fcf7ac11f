/**
 * Bookkeeping for what the kernel keeps beyond one request: buffer rings and
 * the buffers added to them, and the CQEs it posts that no request of ours
 * posts (resource tags, msg_ring data sent without a ring).
 */
import {
  IORING_OP_MSG_RING, IORING_REGISTER_BUFFERS2, IORING_REGISTER_BUFFERS_UPDATE, IORING_REGISTER_FILES2, IORING_REGISTER_FILES_UPDATE2,
  IORING_REGISTER_USE_REGISTERED_RING,
} from '../../generated/constants.js';
import { SQE } from '../ring-abi.js';
import { KeptOnce, newHeld } from './held.js';
import { keyOfBig } from './requests.js';
import { liveRingByFd, liveRings, ringState, type RingLike, type RingState } from './state.js';
import { msgRingFlushed } from './submissions.js';
import type { Struct } from '../struct.js';

// ---- resource tags -----------------------------------------------------------------

/**
 * Tags were registered (io_uring_register_*_tags, *_update_tag): each nonzero
 * tag may come back as a CQE with user_data = tag when its file or buffer
 * leaves the table. Every entry of `tags` counts (entries past nr too: that
 * only over-holds).
 */
export function tagsRegistered(ring: RingLike, tags: BigUint64Array | null): void {
  if (!tags) return;
  const book = ringState(ring).book;
  for (const t of tags) if (t !== 0n) book.foreign(keyOfBig(t), 1);
}

/** The opcodes of io_uring_register(2) that can register tags. */
const TAGGING = new Set<number>([IORING_REGISTER_FILES2, IORING_REGISTER_FILES_UPDATE2, IORING_REGISTER_BUFFERS2, IORING_REGISTER_BUFFERS_UPDATE]);

/**
 * io_uring_register(fd, opcode, ...) succeeded. Tags registered through the
 * raw call are bytes the runtime cannot read safely, so any CQE may now be a
 * tag: the target ring (every live ring, for a registered ring index) keeps
 * all request memory until it exits.
 */
export function rawRegistered(fd: number, opcode: number): void {
  if (!TAGGING.has((opcode & ~IORING_REGISTER_USE_REGISTERED_RING) >>> 0)) return;
  const target = opcode & IORING_REGISTER_USE_REGISTERED_RING ? undefined : liveRingByFd(fd);
  if (target) target.book.lost = true;
  else for (const s of liveRings()) s.book.lost = true;
}

// ---- msg_ring without a ring -----------------------------------------------------------

/** io_uring_register_sync_msg(sqe) is about to post the SQE's message into its target ring. */
export function msgRingSent(sqe: Struct): void {
  const b = sqe.bytes;
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (d.getUint8(SQE.opcode) === IORING_OP_MSG_RING) msgRingFlushed(d, 0, d.getUint8(SQE.flags));
}

// ---- buffer rings ---------------------------------------------------------------------------

/** Where each registered buffer ring lives, by its address: io_uring_buf_ring_add takes only the buffer ring. */
const bufRingsByAddress = new Map<bigint, { state: RingState; bgid: number }>();
/** Buffers added to a buffer ring not (yet) registered, by the ring's address: kept, and handed over at registration. */
const unregisteredAdds = new Map<bigint, KeptOnce>();

/**
 * A buffer ring at `address` was registered for group `bgid`
 * (io_uring_setup_buf_ring, io_uring_register_buf_ring). An address of 0 (a
 * ring the kernel allocated, IOU_PBUF_RING_MMAP) cannot be matched to adds.
 */
export function bufRingRegistered(ring: RingLike, address: bigint | null, bgid: number): void {
  if (!address) return;
  const s = ringState(ring);
  const kept = new KeptOnce();
  const early = unregisteredAdds.get(address);
  if (early) {
    kept.absorb(early);
    unregisteredAdds.delete(address);
  }
  s.bufRings.set(bgid, { address, kept });
  bufRingsByAddress.set(address, { state: s, bgid });
}

/**
 * Group `bgid` was unregistered (io_uring_unregister_buf_ring,
 * io_uring_free_buf_ring). The kernel hands out no more of its buffers, but a
 * request in flight may already have picked one and still write into it, so
 * they are let go once no counted request is in flight.
 */
export function bufRingUnregistered(ring: RingLike, bgid: number): void {
  const s = ringState(ring);
  const br = s.bufRings.get(bgid);
  if (!br) return;
  s.bufRings.delete(bgid);
  bufRingsByAddress.delete(br.address);
  const held = newHeld();
  br.kept.moveTo(held);
  s.book.releaseWhenQuiet(held);
}

/** io_uring_buf_ring_add(br, addr, ...): the kernel may write into addr for as long as the buffer ring is registered. */
export function bufRingAdded(br: Struct, addr: unknown): void {
  const where = bufRingsByAddress.get(br.address);
  if (where) {
    where.state.bufRings.get(where.bgid)!.kept.add(addr);
    return;
  }
  let early = unregisteredAdds.get(br.address);
  if (!early) unregisteredAdds.set(br.address, (early = new KeptOnce()));
  early.add(addr);
}

/** The ring exited: its buffer rings are gone with it. */
export function bufRingsExited(s: RingState, release = true): void {
  for (const br of s.bufRings.values()) {
    bufRingsByAddress.delete(br.address);
    if (release) br.kept.releaseAll();
  }
  s.bufRings = new Map();
}

/** Buffers kept for buffer rings of `s` (for tests). */
export function bufRingBuffers(s: RingState): number {
  let n = 0;
  for (const br of s.bufRings.values()) n += br.kept.size;
  return n;
}
