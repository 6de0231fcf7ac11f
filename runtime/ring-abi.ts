/**
 * The byte offsets of struct io_uring, io_uring_sqe and io_uring_cqe fields
 * that the runtime reads and writes without a struct accessor (the holds'
 * bookkeeping, the fast path), resolved once from the generated layout, so
 * each C fact stays in generated/layout.ts and generated/constants.ts.
 */
import * as layout from '../generated/layout.js';
import { IORING_SETUP_CQE32, IORING_SETUP_SQE128, LIBURING_UDATA_TIMEOUT } from '../generated/constants.js';

const ring = layout.io_uring.offset;
const sq = layout.io_uring_sq.offset;
const cq = layout.io_uring_cq.offset;
const sqe = layout.io_uring_sqe.offset;
const cqe = layout.io_uring_cqe.offset;

/** Byte offsets of struct io_uring fields: the SQ's local head and tail, the CQ's pointers, flags and features. */
export const RING = Object.freeze({
  sqeHead: ring.sq + sq.sqe_head,
  sqeTail: ring.sq + sq.sqe_tail,
  sqKhead: ring.sq + sq.khead,
  sqRingMask: ring.sq + sq.ring_mask,
  sqRingEntries: ring.sq + sq.ring_entries,
  cqRingMask: ring.cq + cq.ring_mask,
  flags: ring.flags,
  features: ring.features,
  ringFd: ring.ring_fd,
});

/** Byte offsets of struct io_uring_sqe fields. */
export const SQE = Object.freeze({
  opcode: sqe.opcode,
  flags: sqe.flags,
  ioprio: sqe.ioprio,
  fd: sqe.fd,
  off: sqe.off,
  addr: sqe.addr,
  len: sqe.len,
  opFlags: sqe.rw_flags,
  userData: sqe.user_data,
  bufIndex: sqe.buf_index,
  personality: sqe.personality,
  fileIndex: sqe.file_index,
  addr3: sqe.addr3,
  pad2: sqe.__pad2,
});

/** Byte offsets of struct io_uring_cqe fields. */
export const CQE = Object.freeze({ userData: cqe.user_data, res: cqe.res, flags: cqe.flags });

// FastRing and getSqe's io_uring_initialize_sqe write and read some SQE and CQE fields as 32-bit words
// of the host's byte order: the host must be little-endian, as the kernel's ABI is here. Their wide
// stores also rely on this layout: opcode, flags and ioprio in the first four bytes; buf_index,
// personality and file_index in eight contiguous bytes.
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
if (!littleEndian) throw new Error('liburing-ts: the SQE and CQE word accesses assume a little-endian host');
if (SQE.flags !== SQE.opcode + 1 || SQE.ioprio !== SQE.opcode + 2 || SQE.personality !== SQE.bufIndex + 2 || SQE.fileIndex !== SQE.bufIndex + 4) {
  throw new Error('liburing-ts: struct io_uring_sqe layout is not the one the SQE word stores assume');
}

/** The 32-bit word index of each field in `fields`, which must be 4-byte aligned. */
function wordIndexes<T extends Readonly<Record<string, number>>, K extends keyof T & string>(struct: string, offsets: T, fields: readonly K[]): Readonly<Record<K, number>> {
  const words = {} as Record<K, number>;
  for (const f of fields) {
    if (offsets[f]! % 4 !== 0) throw new Error(`liburing-ts: ${struct}'s ${f} is not 4-byte aligned, as the SQE and CQE word accesses need`);
    words[f] = offsets[f]! >>> 2;
  }
  return Object.freeze(words);
}

/** Word indexes (byte offset / 4) of the struct io_uring_sqe fields written as 32-bit words. */
export const SQE_WORD = wordIndexes('struct io_uring_sqe', SQE, ['opcode', 'opFlags', 'userData', 'bufIndex', 'addr3', 'pad2']);
/** Word indexes of the struct io_uring_cqe fields read as 32-bit words. */
export const CQE_WORD = wordIndexes('struct io_uring_cqe', CQE, ['userData', 'res', 'flags']);

/** sizeof(struct io_uring_sqe) on a ring with `flags`: IORING_SETUP_SQE128 doubles it. */
export function sqeSizeOf(flags: number): number {
  return flags & IORING_SETUP_SQE128 ? 2 * layout.io_uring_sqe.size : layout.io_uring_sqe.size;
}

/** sizeof(struct io_uring_cqe) on a ring with `flags`: IORING_SETUP_CQE32 doubles it. */
export function cqeSizeOf(flags: number): number {
  return flags & IORING_SETUP_CQE32 ? 2 * layout.io_uring_cqe.size : layout.io_uring_cqe.size;
}

/** LIBURING_UDATA_TIMEOUT's low and high 32 bits, to compare a user_data read as two words. */
export const UDATA_TIMEOUT_LO = Number(LIBURING_UDATA_TIMEOUT & 0xffffffffn);
export const UDATA_TIMEOUT_HI = Number(LIBURING_UDATA_TIMEOUT >> 32n);
