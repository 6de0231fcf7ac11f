/**
 * The SQE fields the Ring writes itself, besides what the generated
 * encode_io_uring_prep_* encoders write: user_data (the operation's record id
 * and generation), IOSQE flags, the buffer group, and the NOP an SQE becomes
 * when its operation must not run.
 */
import { IORING_NOP_INJECT_RESULT, IOSQE_IO_HARDLINK, IOSQE_IO_LINK } from '../../generated/constants.js';
import { io_uring_sqe } from '../../generated/layout.js';
import { encode_io_uring_prep_nop } from '../../generated/wrappers.js';

const F = io_uring_sqe.offset;
/** user_data is written as two 32-bit halves (little-endian): the record id low, its generation high. */
const USER_DATA_HI = F.user_data + Uint32Array.BYTES_PER_ELEMENT;

/** The user_data setUserData writes, as one 64-bit value (for IORING_OP_ASYNC_CANCEL). */
export function userDataOf(id: number, gen: number): bigint {
  return (BigInt(gen) << BigInt(Uint32Array.BYTES_PER_ELEMENT * 8)) | BigInt(id);
}

export function setUserData(sqes: DataView, at: number, id: number, gen: number): void {
  sqes.setUint32(at + F.user_data, id, true);
  sqes.setUint32(at + USER_DATA_HI, gen, true);
}

/** OR `flags` (IOSQE_*) into the SQE's flags. */
export function addFlags(sqes: DataView, at: number, flags: number): void {
  sqes.setUint8(at + F.flags, sqes.getUint8(at + F.flags) | flags);
}

/** io_uring_sqe_set_buf_group. */
export function setBufGroup(sqes: DataView, at: number, bgid: number): void {
  sqes.setUint16(at + F.buf_group, bgid, true);
}

/**
 * Rewrite an SQE the kernel has not consumed into a NOP that completes with -`errno`
 * (IORING_NOP_INJECT_RESULT), keeping its user_data and its place in a linked chain. A failed
 * chain member makes the kernel complete the members after it with -ECANCELED; kernels before
 * IORING_NOP_INJECT_RESULT complete the NOP with 0, so the Ring treats the result as -`errno` itself.
 */
export function neutralize(sqes: DataView, at: number, errno: number): void {
  const link = sqes.getUint8(at + F.flags) & (IOSQE_IO_LINK | IOSQE_IO_HARDLINK);
  encode_io_uring_prep_nop(sqes, at);
  sqes.setUint8(at + F.flags, link);
  sqes.setUint16(at + F.personality, 0, true);
  sqes.setUint32(at + F.nop_flags, IORING_NOP_INJECT_RESULT, true);
  sqes.setInt32(at + F.len, -errno, true);
}

/** Make an SQE whose encoding failed a NOP nobody waits for (user_data 0 is no record). */
export function blank(sqes: DataView, at: number): void {
  encode_io_uring_prep_nop(sqes, at);
  setUserData(sqes, at, 0, 0);
}
