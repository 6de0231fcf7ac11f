/**
 * Helpers for the generated tests (and users' own): small, real fixtures
 * (rings, temporary files, pipes, loopback sockets) and a way to run one request
 * to completion. Imports the generated wrappers, so it sits above them.
 */
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi, { type LibraryHandle } from 'koffi';
import { IoUring, IoUringCqe, IoUringQueryHdr, IoUringQueryOpcode, SockaddrIn } from '../generated/structs.js';
import { AF_INET, IO_URING_QUERY_OPCODES, SOCK_DGRAM, SOCK_STREAM } from '../generated/constants.js';
import {
  io_uring_queue_init,
  io_uring_queue_exit,
  unchecked_io_uring_submit,
  io_uring_get_sqe,
  unchecked_io_uring_prep_nop,
  unchecked_io_uring_prep_read,
  unchecked_io_uring_prep_readv,
  io_uring_wait_cqe,
  io_uring_cqe_seen,
  io_uring_get_probe,
  io_uring_opcode_supported,
  io_uring_free_probe,
  io_uring_register_query,
} from '../generated/wrappers.js';
import { Iovec } from '../generated/structs.js';
import { IOSQE_BUFFER_SELECT, IOSQE_FIXED_FILE } from '../generated/constants.js';
import { ringSubmitted } from './ring-state.js';
import type { SqeFault } from './request-faults.js';
import { OutPointer } from './struct.js';
import { compareVersions } from './version.js';

export { errnoNumber } from './errno.js';
export { runBoth, type Outcome } from './differential.js';

/** Run `fn` and return what it threw (failing the test when it throws nothing). */
export function catchError(fn: () => unknown): Error & Record<string, unknown> {
  try {
    fn();
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to throw, and it returned normally');
}

/** A new, initialized ring of `entries` (default 8); exit it with io_uring_queue_exit. */
export function newRing(entries = 8, flags = 0): IoUring {
  const ring = new IoUring();
  io_uring_queue_init(entries, ring, flags);
  return ring;
}

/**
 * Submit what is prepared, as C would, without io_uring_submit's checks of the
 * SQEs: the generated tests submit requests they broke on purpose, to show
 * what the kernel does with them. The ring's books follow it.
 */
function submitAsC(ring: IoUring): void {
  unchecked_io_uring_submit(ring);
  ringSubmitted(ring);
}

/** Submit what is prepared (unchecked, as C would) and wait for one completion; returns its res and marks it seen. */
export async function completeOne(ring: IoUring): Promise<number> {
  submitAsC(ring);
  const out = new OutPointer<IoUringCqe>();
  io_uring_wait_cqe(ring, out);
  const cqe = out.value!;
  const res = cqe.res;
  io_uring_cqe_seen(ring, cqe);
  return res;
}

/** Submit (unchecked, as C would) and wait for one completion; returns a copy of its user_data, res and flags. */
export function waitOne(ring: IoUring): { user_data: bigint; res: number; flags: number } {
  submitAsC(ring);
  const out = new OutPointer<IoUringCqe>();
  io_uring_wait_cqe(ring, out);
  const cqe = out.value!;
  const copy = { user_data: cqe.user_data, res: cqe.res, flags: cqe.flags };
  io_uring_cqe_seen(ring, cqe);
  return copy;
}

/** Whether the running kernel supports an io_uring opcode (io_uring_get_probe). */
export function kernelHas(op: number): boolean {
  const probe = io_uring_get_probe()!;
  try {
    return io_uring_opcode_supported(probe, op) === 1;
  } finally {
    io_uring_free_probe(probe);
  }
}

/** Whether the running kernel is `version` ("6.18") or newer (os.release()). */
export function kernelAtLeast(version: string): boolean {
  return compareVersions(release(), version) >= 0;
}

/**
 * Whether the running kernel knows an io_uring_register(2) opcode, as
 * IORING_REGISTER_QUERY reports (Linux 6.18); false on an older kernel, which
 * knows none of the opcodes that came after the query. Needs liburing 2.15
 * (io_uring_register_query); with an older one it throws UnsupportedError.
 */
export function kernelRegisters(op: number): boolean {
  const answer = new IoUringQueryOpcode();
  const query = new IoUringQueryHdr();
  query.query_op = IO_URING_QUERY_OPCODES;
  query.query_data = answer.address;
  query.size = IoUringQueryOpcode.size;
  try {
    io_uring_register_query(query);
  } catch (e) {
    // No IORING_REGISTER_QUERY (EINVAL), or no register call without a ring at all (EBADF for fd -1, before Linux 6.13).
    const code = (e as { code?: string }).code;
    if (code === 'EINVAL' || code === 'EBADF') return false;
    throw e;
  }
  return query.result === 0 && op < answer.nr_register_opcodes;
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(): { path: string; file: (name: string) => string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'liburing-ts-'));
  return { path, file: (name) => join(path, name), remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Exit a ring, ignoring that it may already be exited (for finally blocks). */
export function exitQuietly(ring: IoUring): void {
  try {
    io_uring_queue_exit(ring);
  } catch {
    // already exited or never initialized
  }
}

/**
 * libc.so.6 through koffi, for the socket calls the tests make themselves
 * (bind more with `libc.func('int shutdown(int, int)')`).
 */
export const libc: LibraryHandle = koffi.load('libc.so.6');

/** socket(2) from libc: a new socket descriptor, or -1. */
export const socket = libc.func('int socket(int, int, int)') as (domain: number, type: number, protocol: number) => number;
/** bind(2) from libc: addr is the sockaddr's bytes (e.g. `loopback(0).bytes`); 0 or -1. */
export const bind = libc.func('int bind(int, void *, uint32_t)') as (fd: number, addr: ArrayBufferView, addrlen: number) => number;
/** listen(2) from libc: 0 or -1. */
export const listen = libc.func('int listen(int, int)') as (fd: number, backlog: number) => number;
/** connect(2) from libc (blocking): addr is the sockaddr's bytes; 0 or -1. */
export const connect = libc.func('int connect(int, void *, uint32_t)') as (fd: number, addr: ArrayBufferView, addrlen: number) => number;
/** accept(2) from libc (blocking): the accepted descriptor, or -1; addr and addrlen may be null. */
export const accept = libc.func('int accept(int, void *, void *)') as (fd: number, addr: ArrayBufferView | null, addrlen: Uint32Array | null) => number;
/** getsockname(2) from libc: addrlen is a one-element Uint32Array holding the room at addr; 0 or -1. */
export const getsockname = libc.func('int getsockname(int, void *, void *)') as (fd: number, addr: ArrayBufferView, addrlen: Uint32Array) => number;

/** A 16-bit value in network byte order (and back: the swap is its own inverse). */
export function htons(v: number): number {
  return ((v & 0xff) << 8) | ((v >> 8) & 0xff);
}

/** 127.0.0.1:port as a sockaddr_in (port 0: the kernel chooses); pass it where a struct sockaddr * is taken. */
export function loopback(port: number): SockaddrIn {
  const sin = new SockaddrIn();
  sin.sin_family = AF_INET;
  sin.sin_port = htons(port);
  sin.sin_addr.s_addr = 0x0100007f; // 127.0.0.1, network byte order
  return sin;
}

/** The port an AF_INET socket is bound to, read back with getsockname(2) (throws when that fails). */
export function portOf(fd: number): number {
  const sin = new SockaddrIn();
  const r = getsockname(fd, sin.bytes, new Uint32Array([16]));
  if (r !== 0) throw new Error(`getsockname(${fd}) returned ${r}`);
  return htons(sin.sin_port);
}

/** A connected pair of TCP sockets on 127.0.0.1 (blocking); close both when done. Throws when a socket call fails. */
export function tcpPair(): [number, number] {
  const l = socket(AF_INET, SOCK_STREAM, 0);
  try {
    if (bind(l, loopback(0).bytes, 16) !== 0) throw new Error('bind of the TCP listener failed');
    if (listen(l, 1) !== 0) throw new Error('listen of the TCP listener failed');
    const a = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(a, loopback(portOf(l)).bytes, 16) !== 0) throw new Error('connect to the TCP listener failed');
    const b = accept(l, null, null);
    if (b < 0) throw new Error('accept on the TCP listener failed');
    return [a, b];
  } finally {
    closeSync(l);
  }
}

/** A UDP socket bound to 127.0.0.1 at a port the kernel chose; close fd when done. Throws when bind fails. */
export function udpSocket(): { fd: number; port: number } {
  const fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (bind(fd, loopback(0).bytes, 16) !== 0) throw new Error('bind of the UDP socket failed');
  return { fd, port: portOf(fd) };
}

let devZero = -1;
const faultyBuffer = new Uint8Array(8);

/**
 * Prepare an SQE of `ring` that a checked submit refuses for `fault` (with
 * unchecked preps, as C would), for the tests of the submit functions' rules.
 * Submitted anyway, each completes with the errno the rule names:
 * - null-buffer: a read of /dev/zero into NULL without IOSQE_BUFFER_SELECT (-EFAULT);
 * - buffer-select-op: a NOP with IOSQE_BUFFER_SELECT (-EOPNOTSUPP);
 * - buffer-select-vectors: a readv of two iovecs with IOSQE_BUFFER_SELECT (-EINVAL);
 * - buffer-group: a read selecting from group 4321, which the ring does not have (-ENOBUFS);
 * - fixed-file: a read of fixed file 5, with no registered files (-EBADF).
 */
export function prepareFaultySqe(ring: IoUring, fault: SqeFault): void {
  if (devZero < 0) devZero = openSync('/dev/zero', 'r');
  const sqe = io_uring_get_sqe(ring)!;
  switch (fault) {
    case 'null-buffer':
      unchecked_io_uring_prep_read(sqe, devZero, null, 8, 0);
      break;
    case 'buffer-select-op':
      unchecked_io_uring_prep_nop(sqe);
      sqe.flags = IOSQE_BUFFER_SELECT;
      break;
    case 'buffer-select-vectors': {
      const iov = Iovec.array(2);
      unchecked_io_uring_prep_readv(sqe, devZero, iov, 2, 0);
      sqe.flags = IOSQE_BUFFER_SELECT;
      break;
    }
    case 'buffer-group':
      unchecked_io_uring_prep_read(sqe, devZero, null, 8, 0);
      sqe.flags = IOSQE_BUFFER_SELECT;
      sqe.buf_group = 4321;
      break;
    case 'fixed-file':
      unchecked_io_uring_prep_read(sqe, 5, faultyBuffer, 8, 0);
      sqe.flags = IOSQE_FIXED_FILE;
      break;
  }
  sqe.user_data = 0xfa17n;
}

export { beforeGuardPage, withSpare, structOver } from './edges.js';
