/**
 * The operations of a Ring, as data. Each is a prep helper with a Promise
 * around it: its argument check (checks.ts), the memory its SQE points to,
 * the generated encode_io_uring_prep_* encoder and how the arguments map to
 * it, what it holds until its final completion, and what its result becomes.
 * op-methods.ts derives `ring.op.<name>(...)` and `ring.<name>(...)` from this table.
 */
import { errnoNumber } from '../errno.js';
import { UringError, type UringErrorDetails } from '../errors.js';
import { cString, type Memory } from '../memory.js';
import { Statx } from '../../generated/structs.js';
import {
  encode_io_uring_prep_accept,
  encode_io_uring_prep_bind,
  encode_io_uring_prep_close,
  encode_io_uring_prep_connect,
  encode_io_uring_prep_fallocate,
  encode_io_uring_prep_fsync,
  encode_io_uring_prep_listen,
  encode_io_uring_prep_mkdirat,
  encode_io_uring_prep_nop,
  encode_io_uring_prep_openat,
  encode_io_uring_prep_poll_add,
  encode_io_uring_prep_read,
  encode_io_uring_prep_read_fixed,
  encode_io_uring_prep_readv,
  encode_io_uring_prep_recv,
  encode_io_uring_prep_recvmsg,
  encode_io_uring_prep_renameat,
  encode_io_uring_prep_send,
  encode_io_uring_prep_sendmsg,
  encode_io_uring_prep_shutdown,
  encode_io_uring_prep_socket,
  encode_io_uring_prep_splice,
  encode_io_uring_prep_statx,
  encode_io_uring_prep_timeout,
  encode_io_uring_prep_unlinkat,
  encode_io_uring_prep_write,
  encode_io_uring_prep_write_fixed,
  encode_io_uring_prep_writev,
} from '../../generated/wrappers.js';
import * as check from './checks.js';
import type { OpHost } from './checks.js';
import { setReuseAddress } from './libc.js';
import type { OpOptions } from './op.js';
import { iovecs, msghdr, sockaddrStruct, timespec } from './op-memory.js';
import { StatxResult } from './statx-result.js';

/** One operation: a prep helper with a Promise around it. */
export interface OpSpec<P extends unknown[], C, A, T> {
  /** The name errors give it: "Ring.<name>". */
  name: string;
  /** Checks the method's arguments `P` (PreconditionError) and returns them as the SQE needs them, with the options. */
  check(fn: string, host: OpHost, ...params: P): C;
  /** Builds the memory the SQE points to (paths, iovecs, structs). Default: none. */
  memory?(c: C): A;
  /** A synchronous step before the SQE is written (a socket option, say). */
  before?(a: A, fn: string): void;
  /** Writes the SQE: the generated encoder, given the arguments. */
  encode(sqes: DataView, at: number, a: A): void;
  /** What the SQE points to: kept referenced until the final completion. */
  hold?(a: A): unknown;
  /** Memory from allocAligned that freeAligned refuses until the final completion. */
  retain?(a: A): Memory | Memory[];
  /** The value a res >= 0 (and the CQE flags) resolves with. Default: res. */
  result?(res: number, flags: number, a: A): T;
  /** An errno that means success (resolving as res 0). */
  okErrno?: number;
  /** What the operation works on (a path, an address), for its UringError. */
  where?(a: A): UringErrorDetails;
}

/** The checked arguments carry the operation's options. */
interface Checked {
  options: OpOptions | undefined;
}

/** Declares an operation (only types it: A defaults to C when it builds no memory, T to number). */
function op<P extends unknown[], C extends Checked, A = C, T = number>(spec: OpSpec<P, C, A, T>): OpSpec<P, C, A, T> {
  return spec;
}

const toVoid = (): void => undefined;

const readWrite = (name: string, encode: typeof encode_io_uring_prep_write) => op({
  name,
  check: check.readWrite,
  encode: (d, at, a) => encode(d, at, a.fd, a.buffer, a.buffer.byteLength, a.position),
  hold: (a) => a.buffer,
  retain: (a) => a.buffer,
});

const vectored = (name: string, encode: typeof encode_io_uring_prep_readv) => op({
  name,
  check: check.vectored,
  memory: (c) => ({ ...c, iov: iovecs(c.buffers) }),
  encode: (d, at, a) => encode(d, at, a.fd, a.iov, a.buffers.length, a.position),
  hold: (a) => [a.iov, a.buffers],
  retain: (a) => a.buffers,
});

const fixed = (name: string, encode: typeof encode_io_uring_prep_read_fixed) => op({
  name,
  check: check.fixed,
  encode: (d, at, a) => encode(d, at, a.fd, a.buffer, a.buffer.byteLength, a.position, a.bufIndex),
  hold: (a) => a.buffer,
});

const openat = op({
  name: 'openat',
  check: check.openat,
  memory: (c) => ({ ...c, cpath: cString(c.path) }),
  encode: (d, at, a) => encode_io_uring_prep_openat(d, at, a.dirfd, a.cpath, a.flags, a.mode),
  hold: (a) => a.cpath,
  where: (a) => ({ path: a.path }),
});

const connect = op({
  name: 'connect',
  check: check.connect,
  memory: (c) => ({ ...c, sockaddr: sockaddrStruct(c.address) }),
  encode: (d, at, a) => encode_io_uring_prep_connect(d, at, a.fd, a.sockaddr, a.address.byteLength),
  hold: (a) => [a.address, a.sockaddr],
  result: toVoid,
  where: (a) => a.where,
});

const bind = op({
  name: 'bind',
  check: check.bind,
  memory: (c) => ({ ...c, sockaddr: sockaddrStruct(c.address) }),
  before: (a, fn) => {
    if (!a.reuseAddress) return;
    const ret = setReuseAddress(a.fd);
    if (ret < 0) throw new UringError(`${fn} (setsockopt SO_REUSEADDR)`, -ret);
  },
  encode: (d, at, a) => encode_io_uring_prep_bind(d, at, a.fd, a.sockaddr, a.address.byteLength),
  hold: (a) => [a.address, a.sockaddr],
  result: toVoid,
  where: (a) => a.where,
});

const sendRecv = (name: string, encode: typeof encode_io_uring_prep_send) => op({
  name,
  check: check.sendRecv,
  encode: (d, at, a) => encode(d, at, a.fd, a.buffer, a.buffer.byteLength, a.flags),
  hold: (a) => a.buffer,
  retain: (a) => a.buffer,
});

function message<P extends unknown[], C extends Checked & { fd: number; buffers: Memory[]; flags: number; address?: Buffer | null }>(
  name: string,
  encode: typeof encode_io_uring_prep_sendmsg,
  checker: (fn: string, host: OpHost, ...params: P) => C,
) {
  return op({
    name,
    check: checker,
    memory: (c) => {
      const iov = iovecs(c.buffers);
      return { ...c, iov, msg: msghdr(iov, c.buffers.length, c.address ?? null) };
    },
    encode: (d, at, a) => encode(d, at, a.fd, a.msg, a.flags),
    hold: (a) => [a.msg, a.iov, a.buffers, a.address],
    retain: (a) => a.buffers,
  });
}

/** Every operation, by its method name. */
export const OPS = {
  /** IORING_OP_NOP: completes with nothing done. */
  nop: op({ name: 'nop', check: check.nop, encode: (d, at) => encode_io_uring_prep_nop(d, at), result: toVoid }),
  /**
   * Read into `buffer` (all of it at most; pass a subarray to read less) from `fd` at `position`
   * (null or -1: the current position). Resolves with the bytes read, 0 at end of file.
   */
  read: readWrite('read', encode_io_uring_prep_read),
  /** Write all of `buffer` to `fd` at `position` (null or -1: the current position). Resolves with the bytes written. */
  write: readWrite('write', encode_io_uring_prep_write),
  /** preadv(2) into `buffers`, in order. Resolves with the bytes read. */
  readv: vectored('readv', encode_io_uring_prep_readv),
  /** pwritev(2) of `buffers`, in order. Resolves with the bytes written. */
  writev: vectored('writev', encode_io_uring_prep_writev),
  /** Read into (a subarray of) registered buffer `bufIndex` (IORING_OP_READ_FIXED). See registerBuffers(). */
  readFixed: fixed('readFixed', encode_io_uring_prep_read_fixed),
  /** Write (a subarray of) registered buffer `bufIndex` (IORING_OP_WRITE_FIXED). See registerBuffers(). */
  writeFixed: fixed('writeFixed', encode_io_uring_prep_write_fixed),
  /** fsync(2), or fdatasync(2) with `datasync: true`. */
  fsync: op({ name: 'fsync', check: check.fsync, encode: (d, at, a) => encode_io_uring_prep_fsync(d, at, a.fd, a.flags), result: toVoid }),
  /** fallocate(2): `mode` (FALLOC_FL_*, 0 to allocate), `offset`, `length`. */
  fallocate: op({
    name: 'fallocate',
    check: check.fallocate,
    encode: (d, at, a) => encode_io_uring_prep_fallocate(d, at, a.fd, a.mode, a.offset, a.length),
    result: toVoid,
  }),
  /** openat(2); resolves with the new fd. `flags`: Node's ('r', 'w+', ...; with O_CLOEXEC) or O_* bits. */
  openat,
  /** Alias of openat(). */
  open: openat,
  /** close(2) of a file descriptor (IORING_OP_CLOSE). (close() without arguments closes the Ring.) */
  closeFd: op({ name: 'closeFd', check: check.closeFd, encode: (d, at, a) => encode_io_uring_prep_close(d, at, a.fd), result: toVoid }),
  /** statx(2); resolves with a StatxResult (fs.Stats-like, times in ms, with `raw`). With `flags` AT_EMPTY_PATH and path '', the fd `dirfd` itself. */
  statx: op({
    name: 'statx',
    check: check.statx,
    memory: (c) => ({ ...c, cpath: cString(c.path), statx: new Statx() }),
    encode: (d, at, a) => encode_io_uring_prep_statx(d, at, a.dirfd, a.cpath, a.flags, a.mask, a.statx),
    hold: (a) => [a.cpath, a.statx],
    result: (_res, _flags, a) => new StatxResult(a.statx),
    where: (a) => ({ path: a.path }),
  }),
  /** unlinkat(2) of a file, or of an empty directory with `directory: true` (AT_REMOVEDIR). */
  unlink: op({
    name: 'unlink',
    check: check.unlink,
    memory: (c) => ({ ...c, cpath: cString(c.path) }),
    encode: (d, at, a) => encode_io_uring_prep_unlinkat(d, at, a.dirfd, a.cpath, a.flags),
    hold: (a) => a.cpath,
    result: toVoid,
    where: (a) => ({ path: a.path }),
  }),
  /** renameat2(2): `flags` RENAME_NOREPLACE, RENAME_EXCHANGE... */
  rename: op({
    name: 'rename',
    check: check.rename,
    memory: (c) => ({ ...c, cold: cString(c.oldPath), cnew: cString(c.newPath) }),
    encode: (d, at, a) => encode_io_uring_prep_renameat(d, at, a.olddirfd, a.cold, a.newdirfd, a.cnew, a.flags),
    hold: (a) => [a.cold, a.cnew],
    result: toVoid,
    where: (a) => ({ path: a.oldPath, dest: a.newPath }),
  }),
  /** mkdirat(2). */
  mkdir: op({
    name: 'mkdir',
    check: check.mkdir,
    memory: (c) => ({ ...c, cpath: cString(c.path) }),
    encode: (d, at, a) => encode_io_uring_prep_mkdirat(d, at, a.dirfd, a.cpath, a.mode),
    hold: (a) => a.cpath,
    result: toVoid,
    where: (a) => ({ path: a.path }),
  }),
  /** socket(2) (with SOCK_CLOEXEC unless `cloexec: false`); resolves with the new fd. */
  socket: op({ name: 'socket', check: check.socket, encode: (d, at, a) => encode_io_uring_prep_socket(d, at, a.domain, a.type, a.protocol, 0) }),
  /** connect(2) to { host, port } (an IPv4 or IPv6 literal). */
  connect,
  /** bind(2) to { host, port } (IORING_OP_BIND, Linux 6.11+). With `reuseAddress`, SO_REUSEADDR is set first (setsockopt, synchronously). */
  bind,
  /** listen(2) (IORING_OP_LISTEN, Linux 6.11+). */
  listen: op({ name: 'listen', check: check.listen, encode: (d, at, a) => encode_io_uring_prep_listen(d, at, a.fd, a.backlog), result: toVoid }),
  /** accept4(2); resolves with the accepted socket's fd (SOCK_CLOEXEC unless `flags` is given). */
  accept: op({ name: 'accept', check: check.accept, encode: (d, at, a) => encode_io_uring_prep_accept(d, at, a.fd, null, null, a.flags) }),
  /** send(2) of `buffer`; resolves with the bytes sent. */
  send: sendRecv('send', encode_io_uring_prep_send),
  /** recv(2) into `buffer`; resolves with the bytes received (0 when the peer shut down). */
  recv: sendRecv('recv', encode_io_uring_prep_recv),
  /** sendmsg(2) of `buffers` (to `address` for an unconnected datagram socket); resolves with the bytes sent. */
  sendmsg: message('sendmsg', encode_io_uring_prep_sendmsg, check.sendmsg),
  /** recvmsg(2) into `buffers`; resolves with the bytes received. */
  recvmsg: message('recvmsg', encode_io_uring_prep_recvmsg, check.recvmsg),
  /** shutdown(2): `how` SHUT_RD, SHUT_WR or SHUT_RDWR. */
  shutdown: op({ name: 'shutdown', check: check.shutdown, encode: (d, at, a) => encode_io_uring_prep_shutdown(d, at, a.fd, a.how), result: toVoid }),
  /** Wait until `fd` is ready for `events` (POLLIN by default; IORING_OP_POLL_ADD); resolves with the ready events. */
  poll: op({ name: 'poll', check: check.poll, encode: (d, at, a) => encode_io_uring_prep_poll_add(d, at, a.fd, a.events) }),
  /** splice(2) of up to `length` bytes from fdIn (at offIn, -1 for a pipe) to fdOut (at offOut); resolves with the bytes moved. */
  splice: op({
    name: 'splice',
    check: check.splice,
    encode: (d, at, a) => encode_io_uring_prep_splice(d, at, a.fdIn, a.offIn, a.fdOut, a.offOut, a.length, a.flags),
  }),
  /**
   * Resolves after `ms` milliseconds (IORING_OP_TIMEOUT: the kernel's -ETIME), or once `count`
   * other completions were posted (count > 0). With `absolute`, `ms` is CLOCK_MONOTONIC time.
   */
  timeout: op({
    name: 'timeout',
    check: check.timeout,
    memory: (c) => ({ ...c, ts: timespec(c.ms) }),
    encode: (d, at, a) => encode_io_uring_prep_timeout(d, at, a.ts, a.count, a.flags),
    hold: (a) => a.ts,
    result: toVoid,
    okErrno: errnoNumber('ETIME'),
  }),
};

export type OpTable = typeof OPS;
