/**
 * Fixtures of the safety tests (test/safety-*.test.ts and the --expose-gc
 * child): pipes whose reads stay in flight until written, a way to tell
 * whether the kernel-use count of allocAligned memory is held, and CQE
 * helpers that copy what they read before marking it seen.
 */
import { closeSync, writeSync } from 'node:fs';
import {
  IoUring, IoUringCqe, OutPointer, io_uring_cqe_seen, io_uring_get_sqe, io_uring_peek_cqe, io_uring_prep_read, io_uring_sqe_set_data64,
  io_uring_wait_cqe, type IoUringSqe,
} from '../../index.js';
import { libc } from '../../runtime/testing.js';
import { allocationOf, type Memory } from '../../runtime/memory.js';

const pipeCall = libc.func('int pipe(int *)') as (fds: Int32Array) => number;

export interface Pipe {
  r: number;
  w: number;
}

/** `n` pipes; close them with closePipes. */
export function pipes(n: number): Pipe[] {
  return Array.from({ length: n }, () => {
    const fds = new Int32Array(2);
    if (pipeCall(fds) !== 0) throw new Error('pipe(2) failed');
    return { r: fds[0]!, w: fds[1]! };
  });
}

export function closePipes(ps: Pipe[]): void {
  for (const p of ps) {
    closeSync(p.r);
    closeSync(p.w);
  }
}

/** Write `bytes` to the pipe (a write of up to PIPE_BUF bytes is atomic: one read of that size gets it whole). */
export function feed(p: Pipe, bytes: Uint8Array): void {
  if (writeSync(p.w, bytes) !== bytes.length) throw new Error('short write to a pipe');
}

/** Whether liburing-ts counts allocAligned memory as used by the kernel (freeAligned would refuse it). */
export function inUse(m: Memory): boolean {
  const a = allocationOf(m);
  if (!a) throw new Error('inUse: memory not from allocAligned');
  return a.users > 0;
}

/** Prepare a read of `len` bytes from `fd` into `buf` with `userData` (not submitted). */
export function prepRead(ring: IoUring, fd: number, buf: Memory, len: number, userData: bigint): IoUringSqe {
  const sqe = io_uring_get_sqe(ring);
  if (!sqe) throw new Error('the SQ is full');
  io_uring_prep_read(sqe, fd, buf, len, 0);
  io_uring_sqe_set_data64(sqe, userData);
  return sqe;
}

/** Prepare `sqe` again as a read (user_data kept), before it is submitted. */
export function prepReadAgain(sqe: IoUringSqe, fd: number, buf: Memory, len: number): void {
  io_uring_prep_read(sqe, fd, buf, len, 0);
}

export interface CqeCopy {
  user_data: bigint;
  res: number;
  flags: number;
}

function copyAndSee(ring: IoUring, cqe: IoUringCqe): CqeCopy {
  const c = { user_data: cqe.user_data, res: cqe.res, flags: cqe.flags };
  io_uring_cqe_seen(ring, cqe);
  return c;
}

/** Wait for the next CQE, mark it seen, return a copy. */
export function nextCqe(ring: IoUring): CqeCopy {
  const out = new OutPointer<IoUringCqe>();
  io_uring_wait_cqe(ring, out);
  return copyAndSee(ring, out.value!);
}

/** The next CQE if one is ready (marked seen), else null. */
export function peekCqe(ring: IoUring): CqeCopy | null {
  const out = new OutPointer<IoUringCqe>();
  if (io_uring_peek_cqe(ring, out) !== 0 || !out.value) return null;
  return copyAndSee(ring, out.value);
}

