/**
 * The submission side of the books. liburing hands a request to the kernel
 * when it flushes the SQ: sqe_head moves up to sqe_tail (io_uring_submit and
 * its variants, and io_uring_wait_cqe_timeout on kernels without
 * IORING_FEAT_EXT_ARG). Every SQE between the old and the new sqe_head is then
 * counted under the user_data it went with, read from the SQE, and the memory
 * held for its slot joins that user_data's group. SQEs are counted whoever
 * wrote them (checked wrappers, the fast path's encoders, liburing itself):
 * a request without memory may share a user_data with one that has some, and
 * its CQE must not release the other's memory.
 *
 * An SQE is "unflushed" while its index lies in [sqe_head, sqe_tail): handed
 * out by io_uring_get_sqe and not yet seen by the kernel. Only then is its
 * memory held per slot, or may a refused call rewrite it.
 */
import {
  IORING_FEAT_EXT_ARG, IORING_OP_MSG_RING, IOSQE_CQE_SKIP_SUCCESS, IOSQE_FIXED_FILE,
} from '../../generated/constants.js';
import { RING, SQE, UDATA_TIMEOUT_HI, UDATA_TIMEOUT_LO } from '../ring-abi.js';
import { keyOf } from './requests.js';
import { clearNeutralized, liveRingByFd, liveRings, type RingState } from './state.js';

/** Count what was flushed since the books last looked, if anything was. */
export function catchUp(s: RingState): void {
  const v = s.ringView;
  if (v === null) return;
  const head = v.getUint32(RING.sqeHead, true);
  if (head !== s.flushedHead) countFlushed(s, head);
}

function countFlushed(s: RingState, head: number): void {
  const tail = s.ringView!.getUint32(RING.sqeTail, true);
  let from = s.flushedHead;
  // Only the last sq_entries SQEs before the tail are still in their slots; older ones were overwritten
  // (a flush the books never saw: unchecked calls). What they were is unknown, so nothing proves anything now.
  if (((tail - from) >>> 0) > s.sqEntries) {
    s.book.lost = true;
    from = (tail - s.sqEntries) >>> 0;
  }
  for (let i = from; i !== head; i = (i + 1) >>> 0) countSqe(s, i & s.sqMask);
  s.flushedHead = head;
}

function countSqe(s: RingState, slot: number): void {
  const d = s.sqes!.view;
  const at = slot * s.sqeSize;
  let held;
  if (s.pending.size !== 0) {
    held = s.pending.get(slot);
    if (held) s.pending.delete(slot);
  }
  if (s.neutralized.size !== 0) clearNeutralized(s, slot);
  const lo = d.getUint32(at + SQE.userData, true);
  const hi = d.getUint32(at + SQE.userData + 4, true);
  const flags = d.getUint8(at + SQE.flags);
  if (d.getUint8(at + SQE.opcode) === IORING_OP_MSG_RING) msgRingFlushed(d, at, flags);
  if (lo === UDATA_TIMEOUT_LO && hi === UDATA_TIMEOUT_HI && !hasExtArg(s)) {
    // Without EXT_ARG, liburing consumes every CQE with LIBURING_UDATA_TIMEOUT itself (its internal timeouts):
    // a request of ours with it is never seen to complete.
    s.book.unprovable(null, held);
    return;
  }
  if (flags & IOSQE_CQE_SKIP_SUCCESS) s.book.unprovable(keyOf(lo, hi), held);
  else s.book.submitted(keyOf(lo, hi), held);
}

/** Whether the kernel has IORING_FEAT_EXT_ARG (5.11+), read from the ring as liburing reads it. */
export function hasExtArg(s: RingState): boolean {
  return s.ringView !== null && (s.ringView.getUint32(RING.features, true) & IORING_FEAT_EXT_ARG) !== 0;
}

/**
 * An IORING_OP_MSG_RING SQE (at byte `at` of `d`) went to the kernel: the
 * target ring gets a CQE whose user_data is the SQE's off. A target this
 * thread cannot identify (a fixed-file index, a ring of another thread or
 * process, a non-ring fd) counts on every live ring.
 */
export function msgRingFlushed(d: DataView, at: number, flags: number): void {
  const key = keyOf(d.getUint32(at + SQE.off, true), d.getUint32(at + SQE.off + 4, true));
  const target = flags & IOSQE_FIXED_FILE ? undefined : liveRingByFd(d.getInt32(at + SQE.fd, true));
  if (target) target.book.foreign(key, 1);
  else for (const r of liveRings()) r.book.foreign(key, 1);
}

/** The index of the SQE in `slot` if it is handed out and not flushed (in [sqe_head, sqe_tail)), else -1. */
export function unflushedIndex(s: RingState, slot: number): number {
  const v = s.ringView;
  if (v === null) return -1;
  const head = v.getUint32(RING.sqeHead, true);
  const tail = v.getUint32(RING.sqeTail, true);
  const ahead = (slot - head) & s.sqMask;
  return ahead < ((tail - head) >>> 0) ? (head + ahead) >>> 0 : -1;
}
