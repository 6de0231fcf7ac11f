/**
 * SQE encodings the Ring needs whose schema entries (and so generated
 * encode_io_uring_prep_* encoders) do not exist yet, written exactly as
 * liburing 2.9's inline helpers write them: io_uring_prep_rw, then the
 * assignments after it, each field truncated as C truncates it. Addresses are
 * given as bigints. test/fast-encode.test.ts compares every one of them with
 * liburing-ffi's function byte for byte, as the generated differential tests
 * do for the generated encoders.
 */
import { KernelTimespec } from '../../generated/structs.js';
import {
  IORING_OP_ASYNC_CANCEL, IORING_OP_LINK_TIMEOUT, IORING_OP_SEND, IORING_OP_RECV, IORING_OP_SENDMSG, IORING_OP_RECVMSG,
  IORING_OP_SHUTDOWN, IORING_OP_POLL_ADD, IORING_OP_SPLICE, IORING_OP_READ_FIXED, IORING_OP_WRITE_FIXED,
  IORING_RECV_MULTISHOT, IORING_ACCEPT_MULTISHOT,
} from '../../generated/constants.js';
import { setU64 } from '../memory.js';

/** io_uring_prep_rw(op, sqe, fd, addr, len, off). */
function rw(d: DataView, at: number, op: number, fd: number, addr: number | bigint, len: number, off: number | bigint): void {
  d.setUint8(at, op);
  d.setInt32(at + 4, fd, true);
  setU64(d, at + 8, off);
  setU64(d, at + 16, addr);
  d.setUint32(at + 24, len, true);
}

/**
 * io_uring_prep_cancel64(sqe, user_data, flags): io_uring_prep_rw(IORING_OP_ASYNC_CANCEL, sqe, -1, NULL, 0, 0);
 * sqe->addr = user_data; sqe->cancel_flags = flags. The target's user_data is given as two 32-bit halves.
 */
export function encodeCancel64(d: DataView, at: number, userDataLo: number, userDataHi: number, flags: number): void {
  rw(d, at, IORING_OP_ASYNC_CANCEL, -1, 0, 0, 0);
  d.setUint32(at + 16, userDataLo >>> 0, true);
  d.setUint32(at + 20, userDataHi >>> 0, true);
  d.setUint32(at + 28, flags >>> 0, true);
}

/** io_uring_prep_link_timeout(sqe, ts, flags): io_uring_prep_rw(IORING_OP_LINK_TIMEOUT, sqe, -1, ts, 1, 0); sqe->timeout_flags = flags. */
export function encodeLinkTimeout(d: DataView, at: number, ts: KernelTimespec, flags: number): void {
  rw(d, at, IORING_OP_LINK_TIMEOUT, -1, ts.address, 1, 0);
  d.setUint32(at + 28, flags >>> 0, true);
}

/** A __kernel_timespec of `ms` milliseconds. */
export function timespec(ms: number): KernelTimespec {
  const ts = new KernelTimespec();
  const sec = Math.floor(ms / 1000);
  ts.tv_sec = sec;
  ts.tv_nsec = Math.min(999_999_999, Math.round((ms - sec * 1000) * 1e6));
  return ts;
}

/** io_uring_prep_send(sqe, sockfd, buf, len, flags): prep_rw(IORING_OP_SEND, sqe, sockfd, buf, (__u32) len, 0); sqe->msg_flags = flags. */
export function encodeSend(d: DataView, at: number, fd: number, buf: bigint, len: number, flags: number): void {
  rw(d, at, IORING_OP_SEND, fd, buf, len >>> 0, 0);
  d.setUint32(at + 28, flags >>> 0, true);
}

/** io_uring_prep_recv(sqe, sockfd, buf, len, flags): prep_rw(IORING_OP_RECV, sqe, sockfd, buf, (__u32) len, 0); sqe->msg_flags = flags. */
export function encodeRecv(d: DataView, at: number, fd: number, buf: bigint, len: number, flags: number): void {
  rw(d, at, IORING_OP_RECV, fd, buf, len >>> 0, 0);
  d.setUint32(at + 28, flags >>> 0, true);
}

/** io_uring_prep_recv_multishot: io_uring_prep_recv, then sqe->ioprio |= IORING_RECV_MULTISHOT. */
export function encodeRecvMultishot(d: DataView, at: number, fd: number, buf: bigint, len: number, flags: number): void {
  encodeRecv(d, at, fd, buf, len, flags);
  d.setUint16(at + 2, d.getUint16(at + 2, true) | IORING_RECV_MULTISHOT, true);
}

/** io_uring_prep_multishot_accept: io_uring_prep_accept, then sqe->ioprio |= IORING_ACCEPT_MULTISHOT (applied after the generated accept encoder). */
export function addAcceptMultishot(d: DataView, at: number): void {
  d.setUint16(at + 2, d.getUint16(at + 2, true) | IORING_ACCEPT_MULTISHOT, true);
}

/** io_uring_prep_sendmsg(sqe, fd, msg, flags): prep_rw(IORING_OP_SENDMSG, sqe, fd, msg, 1, 0); sqe->msg_flags = flags. */
export function encodeSendmsg(d: DataView, at: number, fd: number, msg: bigint, flags: number): void {
  rw(d, at, IORING_OP_SENDMSG, fd, msg, 1, 0);
  d.setUint32(at + 28, flags >>> 0, true);
}

/** io_uring_prep_recvmsg(sqe, fd, msg, flags): prep_rw(IORING_OP_RECVMSG, sqe, fd, msg, 1, 0); sqe->msg_flags = flags. */
export function encodeRecvmsg(d: DataView, at: number, fd: number, msg: bigint, flags: number): void {
  rw(d, at, IORING_OP_RECVMSG, fd, msg, 1, 0);
  d.setUint32(at + 28, flags >>> 0, true);
}

/** io_uring_prep_shutdown(sqe, fd, how): prep_rw(IORING_OP_SHUTDOWN, sqe, fd, NULL, (__u32) how, 0). */
export function encodeShutdown(d: DataView, at: number, fd: number, how: number): void {
  rw(d, at, IORING_OP_SHUTDOWN, fd, 0, how >>> 0, 0);
}

/** io_uring_prep_poll_add(sqe, fd, poll_mask): prep_rw(IORING_OP_POLL_ADD, sqe, fd, NULL, 0, 0); sqe->poll32_events = poll_mask (little endian). */
export function encodePollAdd(d: DataView, at: number, fd: number, mask: number): void {
  rw(d, at, IORING_OP_POLL_ADD, fd, 0, 0, 0);
  d.setUint32(at + 28, mask >>> 0, true);
}

/**
 * io_uring_prep_splice(sqe, fd_in, off_in, fd_out, off_out, nbytes, splice_flags):
 * prep_rw(IORING_OP_SPLICE, sqe, fd_out, NULL, nbytes, (__u64) off_out); sqe->splice_off_in = (__u64) off_in;
 * sqe->splice_fd_in = fd_in; sqe->splice_flags = splice_flags.
 */
export function encodeSplice(d: DataView, at: number, fdIn: number, offIn: number | bigint, fdOut: number, offOut: number | bigint, nbytes: number, flags: number): void {
  rw(d, at, IORING_OP_SPLICE, fdOut, 0, nbytes >>> 0, offOut);
  setU64(d, at + 16, offIn);
  d.setInt32(at + 44, fdIn, true);
  d.setUint32(at + 28, flags >>> 0, true);
}

/** io_uring_prep_read_fixed(sqe, fd, buf, nbytes, offset, buf_index): prep_rw(IORING_OP_READ_FIXED, ...); sqe->buf_index = (__u16) buf_index. */
export function encodeReadFixed(d: DataView, at: number, fd: number, buf: bigint, nbytes: number, offset: number | bigint, bufIndex: number): void {
  rw(d, at, IORING_OP_READ_FIXED, fd, buf, nbytes >>> 0, offset);
  d.setUint16(at + 40, bufIndex & 0xffff, true);
}

/** io_uring_prep_write_fixed(sqe, fd, buf, nbytes, offset, buf_index): prep_rw(IORING_OP_WRITE_FIXED, ...); sqe->buf_index = (__u16) buf_index. */
export function encodeWriteFixed(d: DataView, at: number, fd: number, buf: bigint, nbytes: number, offset: number | bigint, bufIndex: number): void {
  rw(d, at, IORING_OP_WRITE_FIXED, fd, buf, nbytes >>> 0, offset);
  d.setUint16(at + 40, bufIndex & 0xffff, true);
}
