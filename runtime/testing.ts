/**
 * Helpers for the generated tests (and users' own): small, real fixtures
 * (rings, temporary files, pipes) and a way to run one request to completion.
 * Imports the generated wrappers, so it sits above them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IoUring, IoUringCqe } from '../generated/structs.js';
import { io_uring_queue_init } from '../generated/functions/io_uring_queue_init.js';
import { io_uring_queue_exit } from '../generated/functions/io_uring_queue_exit.js';
import { io_uring_submit } from '../generated/functions/io_uring_submit.js';
import { io_uring_wait_cqe } from '../generated/functions/io_uring_wait_cqe.js';
import { io_uring_cqe_seen } from '../generated/functions/io_uring_cqe_seen.js';
import { OutPointer } from './struct.js';

export { errnoNumber } from './errno.js';

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

/** Submit what is prepared and wait for one completion; returns its res and marks it seen. */
export async function completeOne(ring: IoUring): Promise<number> {
  io_uring_submit(ring);
  const out = new OutPointer<IoUringCqe>();
  io_uring_wait_cqe(ring, out);
  const cqe = out.value!;
  const res = cqe.res;
  io_uring_cqe_seen(ring, cqe);
  return res;
}

/** Submit and wait for one completion; returns a copy of its user_data, res and flags. */
export function waitOne(ring: IoUring): { user_data: bigint; res: number; flags: number } {
  io_uring_submit(ring);
  const out = new OutPointer<IoUringCqe>();
  io_uring_wait_cqe(ring, out);
  const cqe = out.value!;
  const copy = { user_data: cqe.user_data, res: cqe.res, flags: cqe.flags };
  io_uring_cqe_seen(ring, cqe);
  return copy;
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
