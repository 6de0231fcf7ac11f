/**
 * The child of test/safety-gc.test.ts, run with --expose-gc: each case of
 * issue 9, section 1, with a buffer that nothing but liburing-ts references
 * (a WeakRef watches it). Collections are forced while the kernel may still
 * use the buffer (it must survive them) and again once liburing-ts has let
 * it go and nothing references it (it must then be collected: the control
 * that shows a collection would have been seen). Prints `RESULT <json>`.
 *
 *   node --expose-gc --import tsx test/support/safety-gc-child.ts
 */
import { openSync, closeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  IOSQE_BUFFER_SELECT, IOSQE_CQE_SKIP_SUCCESS, KernelTimespec, OutPointer, IoUringCqe,
  io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_buf_ring_mask, io_uring_free_buf_ring, io_uring_get_sqe, io_uring_prep_msg_ring,
  io_uring_prep_provide_buffers, io_uring_prep_read, io_uring_queue_exit, io_uring_register_files_tags, io_uring_register_files_update,
  io_uring_setup_buf_ring, io_uring_sqe_set_buf_group, io_uring_sqe_set_data64, io_uring_sqe_set_flags, io_uring_submit, io_uring_wait_cqe_timeout,
  type IoUring,
} from '../../index.js';
import { newRing } from '../../runtime/testing.js';
import { closePipes, feed, nextCqe, pipes, prepRead } from './safety.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

/**
 * Full collections, each in its own turn of the event loop: a WeakRef's target is kept alive
 * until the end of the turn that made or dereferenced it. (Plain gc(): on Node 20,
 * gc({ type: 'major', execution: 'sync' }) leaves WeakRef targets alone.)
 */
async function collect(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await sleep(1);
    gc!();
  }
  await sleep(1);
}

const msg = (s: string) => new TextEncoder().encode(s.padEnd(8, '.').slice(0, 8));

interface CaseResult {
  /** The buffer survived forced collections while the kernel could still use it. */
  heldAlive: boolean;
  /** Once let go and unreferenced, it was collected. */
  releasedCollected: boolean;
}

/** A buffer made and handed over inside `use`, so that only liburing-ts can reference it afterwards. */
function watched(use: (b: Uint8Array) => void, size = 4096): WeakRef<Uint8Array> {
  const b = new Uint8Array(size);
  use(b);
  return new WeakRef(b);
}

async function sameUserData(): Promise<CaseResult> {
  const ring = newRing(8);
  const [p, q] = pipes(2);
  const a = watched((b) => prepRead(ring, p!.r, b, 8, 0n));
  prepRead(ring, q!.r, new Uint8Array(8), 8, 0n);
  io_uring_submit(ring);
  feed(q!, msg('other'));
  nextCqe(ring);
  await collect();
  const heldAlive = a.deref() !== undefined;
  feed(p!, msg('mine'));
  nextCqe(ring);
  await collect();
  const releasedCollected = a.deref() === undefined;
  io_uring_queue_exit(ring);
  closePipes([p!, q!]);
  return { heldAlive, releasedCollected };
}

async function resourceTag(): Promise<CaseResult> {
  const ring = newRing(8);
  const [p] = pipes(1);
  const devnull = openSync('/dev/null', 'r');
  io_uring_register_files_tags(ring, Int32Array.of(devnull), BigUint64Array.of(0x51n), 1);
  const a = watched((b) => prepRead(ring, p!.r, b, 8, 0x51n));
  io_uring_submit(ring);
  io_uring_register_files_update(ring, 0, Int32Array.of(-1), 1);
  nextCqe(ring); // the tag
  await collect();
  const heldAlive = a.deref() !== undefined;
  feed(p!, msg('tagged'));
  nextCqe(ring);
  await collect();
  const releasedCollected = a.deref() === undefined;
  io_uring_queue_exit(ring);
  closeSync(devnull);
  closePipes([p!]);
  return { heldAlive, releasedCollected };
}

async function msgRing(): Promise<CaseResult> {
  const target = newRing(8);
  const source = newRing(8);
  const [p] = pipes(1);
  const a = watched((b) => prepRead(target, p!.r, b, 8, 5n));
  io_uring_submit(target);
  io_uring_prep_msg_ring(io_uring_get_sqe(source)!, target.ring_fd, 0, 5n, 0);
  io_uring_submit(source);
  nextCqe(source);
  nextCqe(target); // the message, user_data 5
  await collect();
  const heldAlive = a.deref() !== undefined;
  feed(p!, msg('msg'));
  nextCqe(target);
  await collect();
  const releasedCollected = a.deref() === undefined;
  io_uring_queue_exit(target);
  io_uring_queue_exit(source);
  closePipes([p!]);
  return { heldAlive, releasedCollected };
}

/** Wait (polling with short timeouts, reaping nothing else) until `done()`. */
function waitUntil(ring: IoUring, done: () => boolean): void {
  const ts = new KernelTimespec();
  ts.tv_nsec = 1_000_000n;
  for (let i = 0; i < 2000 && !done(); i++) io_uring_wait_cqe_timeout(ring, new OutPointer<IoUringCqe>(), ts);
}

async function skipSuccess(): Promise<CaseResult> {
  const ring = newRing(8);
  const [p] = pipes(1);
  let landed = false;
  const a = watched((b) => {
    const sqe = prepRead(ring, p!.r, b, 8, 9n);
    io_uring_sqe_set_flags(sqe, IOSQE_CQE_SKIP_SUCCESS);
  });
  io_uring_submit(ring);
  feed(p!, msg('skip'));
  waitUntil(ring, () => (landed = (a.deref()?.[0] ?? 0) !== 0));
  await collect();
  const heldAlive = landed && a.deref() !== undefined;
  io_uring_queue_exit(ring);
  await collect();
  const releasedCollected = a.deref() === undefined;
  closePipes([p!]);
  return { heldAlive, releasedCollected };
}

async function providedBuffers(): Promise<CaseResult> {
  const ring = newRing(8);
  const [p] = pipes(1);
  const pool = watched((b) => io_uring_prep_provide_buffers(io_uring_get_sqe(ring)!, b, 8, 4, 5, 0), 32);
  io_uring_submit(ring);
  nextCqe(ring); // the provide request is done; the kernel keeps the buffers
  await collect();
  let heldAlive = pool.deref() !== undefined;
  const sel = io_uring_get_sqe(ring)!;
  io_uring_prep_read(sel, p!.r, new Uint8Array(8), 8, 0);
  sel.addr = 0n;
  io_uring_sqe_set_flags(sel, IOSQE_BUFFER_SELECT);
  io_uring_sqe_set_buf_group(sel, 5);
  io_uring_submit(ring);
  feed(p!, msg('pool'));
  nextCqe(ring);
  heldAlive &&= Buffer.from(pool.deref() ?? []).includes('pool');
  io_uring_queue_exit(ring);
  await collect();
  const releasedCollected = pool.deref() === undefined;
  closePipes([p!]);
  return { heldAlive, releasedCollected };
}

async function bufRing(): Promise<CaseResult> {
  const ring = newRing(8);
  const [p] = pipes(1);
  const br = io_uring_setup_buf_ring(ring, 8, 3, 0, new Int32Array(1))!;
  const a = watched((b) => io_uring_buf_ring_add(br, b, 8, 1, io_uring_buf_ring_mask(8), 0));
  io_uring_buf_ring_advance(br, 1);
  await collect();
  let heldAlive = a.deref() !== undefined;
  const sel = io_uring_get_sqe(ring)!;
  io_uring_prep_read(sel, p!.r, new Uint8Array(8), 8, 0);
  sel.addr = 0n;
  io_uring_sqe_set_flags(sel, IOSQE_BUFFER_SELECT);
  io_uring_sqe_set_buf_group(sel, 3);
  io_uring_sqe_set_data64(sel, 1n);
  io_uring_submit(ring);
  feed(p!, msg('ringbuf'));
  nextCqe(ring);
  heldAlive &&= Buffer.from(a.deref() ?? []).includes('ringbuf');
  io_uring_free_buf_ring(ring, br, 8, 3);
  await collect();
  const releasedCollected = a.deref() === undefined;
  io_uring_queue_exit(ring);
  closePipes([p!]);
  return { heldAlive, releasedCollected };
}

async function refusedAfterPrep(): Promise<CaseResult> {
  const ring = newRing(8);
  const [p] = pipes(1);
  let sqe = null as ReturnType<typeof prepRead> | null;
  const a = watched((b) => (sqe = prepRead(ring, p!.r, b, 8, 4n)));
  await collect();
  const heldAlive = a.deref() !== undefined;
  try {
    io_uring_sqe_set_flags(sqe!, 0x80);
  } catch {
    // refused: the SQE is a NOP now, and no longer points to the buffer
  }
  await collect();
  const releasedCollected = a.deref() === undefined;
  io_uring_queue_exit(ring);
  closePipes([p!]);
  return { heldAlive, releasedCollected };
}

const results: Record<string, CaseResult> = {};
for (const [name, run] of Object.entries({ sameUserData, resourceTag, msgRing, skipSuccess, providedBuffers, bufRing, refusedAfterPrep })) {
  results[name] = await run();
}
console.log(`RESULT ${JSON.stringify(results)}`);
