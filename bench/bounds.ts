/**
 * The bounds: what the shape of a benchmark allows any JavaScript implementation to reach,
 * measured in the same rounds as the variants, so that a target can be compared with what is
 * possible on this machine at all.
 *
 * - promiseFloor: part a's Ring loop (32 calls, each returning a Promise, then Promise.all)
 *   around Promises that do nothing, settled as early as JavaScript allows (in one microtask
 *   after the calls; the Ring itself waits for a setImmediate), with no io_uring and no FFI. Any
 *   API with a Promise per operation does at least this much JavaScript work, plus the kernel's.
 * - inlineCeiling: part a's fast-path loop written out by hand in one function over Int32Array
 *   views of the mapped SQEs and CQEs, with one FFI io_uring_submit per batch, no method calls
 *   and no lifetime or interop checks. The fast path does at least this much work.
 * - readsFloor: part b's shape (64 async loops awaiting one Promise each, settled in a microtask)
 *   with no I/O: what the Promises of a Promise API cost per operation, alone.
 */
import koffi from 'koffi';
import { IoUring, io_uring_queue_exit, io_uring_queue_init } from '../index.js';
import { ffi } from '../generated/ffi.js';
import { CQE, RING, SQE, cqeSizeOf, sqeSizeOf } from '../runtime/ring-abi.js';
import { now } from './common.js';

/** An operation whose Promise is settled in a microtask queued by the first of a batch: a Ring without the ring. */
class Deferred {
  resolve: (() => void) | null = null;
}

function microtaskSettler(): () => Promise<void> {
  let waiting: Deferred[] = [];
  let scheduled = false;
  const settle = () => {
    scheduled = false;
    const batch = waiting;
    waiting = [];
    for (const d of batch) d.resolve!();
  };
  return () => {
    const d = new Deferred();
    const p = new Promise<void>((resolve) => {
      d.resolve = resolve;
    });
    waiting.push(d);
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(settle);
    }
    return p;
  };
}

/** Operations per second of part a's Ring loop around Promises that do nothing. */
export async function promiseFloor(seconds: number): Promise<number> {
  const op = microtaskSettler();
  let done = 0;
  const t0 = now();
  let t = t0;
  const batch: Promise<void>[] = new Array(32);
  while (t - t0 < seconds) {
    for (let k = 0; k < 100; k++) {
      for (let i = 0; i < 32; i++) batch[i] = op();
      await Promise.all(batch);
      done += 32;
    }
    t = now();
  }
  return done / (t - t0);
}

/** Operations per second of part b's 64 async loops around Promises that do nothing. */
export async function readsFloor(seconds: number): Promise<number> {
  const op = microtaskSettler();
  let done = 0;
  const end = now() + seconds;
  const t0 = now();
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (now() < end) {
        await op();
        done++;
      }
    }),
  );
  return done / (now() - t0);
}

/** Part a's NOP loop (get_sqe + prep_nop + set_data64, submit per 32, read each CQE) inlined by hand. */
export function inlineCeiling(seconds: number): number {
  const ring = new IoUring();
  io_uring_queue_init(64, ring, 0);
  const sq = ring.sq;
  const cq = ring.cq;
  // log2 of the SQE and CQE sizes in 32-bit words.
  const sqeShift = Math.log2(sqeSizeOf(ring.flags) >>> 2);
  const cqeShift = Math.log2(cqeSizeOf(ring.flags) >>> 2);
  const s = new Int32Array(koffi.view(sq.sqes, (sq.ring_entries << sqeShift) * 4));
  const c = new Int32Array(koffi.view(cq.cqes, (cq.ring_entries << cqeShift) * 4));
  const bytes = ring.bytes;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  const sqKhead = new Uint32Array(koffi.view(sq.khead, 4));
  const cqKhead = new Uint32Array(koffi.view(cq.khead, 4));
  const cqKtail = new Uint32Array(koffi.view(cq.ktail, 4));
  const tailWord = RING.sqeTail >>> 2;
  const [sqMask, sqEntries, cqMask] = [sq.ring_mask, sq.ring_entries, cq.ring_mask];
  const [fd, userData, res] = [SQE.fd >>> 2, SQE.userData >>> 2, CQE.res >>> 2];
  const cqeUserData = CQE.userData >>> 2;
  const submit = ffi.io_uring_submit;
  const address = ring.address;
  let done = 0;
  let sum = 0;
  const t0 = now();
  let t = t0;
  while (t - t0 < seconds) {
    for (let k = 0; k < 1000; k++) {
      for (let i = 0; i < 32; i++) {
        const tail = words[tailWord]!;
        if (((tail + 1 - sqKhead[0]!) >>> 0) > sqEntries) throw new Error('inline ceiling: the SQ is full');
        words[tailWord] = (tail + 1) >>> 0;
        // The SQE's 64 bytes: opcode 0 (IORING_OP_NOP), fd -1, user_data i, every other field 0, as prep_nop leaves them.
        const w = (tail & sqMask) << sqeShift;
        s[w] = 0; s[w + 1] = 0; s[w + 2] = 0; s[w + 3] = 0; s[w + 4] = 0; s[w + 5] = 0; s[w + 6] = 0; s[w + 7] = 0;
        s[w + 8] = 0; s[w + 9] = 0; s[w + 10] = 0; s[w + 11] = 0; s[w + 12] = 0; s[w + 13] = 0; s[w + 14] = 0; s[w + 15] = 0;
        s[w + fd] = -1;
        s[w + userData] = i;
      }
      submit(address);
      let head = cqKhead[0]!;
      const n = (Atomics.load(cqKtail, 0) - head) >>> 0;
      for (let j = 0; j < n; j++, head++) {
        const w = (head & cqMask) << cqeShift;
        sum += c[w + res]! + (c[w + cqeUserData]! >>> 0) + (c[w + cqeUserData + 1]! >>> 0) * 4294967296;
      }
      Atomics.store(cqKhead, 0, head >>> 0);
      done += n;
    }
    t = now();
  }
  io_uring_queue_exit(ring);
  if (sum !== (done / 32) * 496) throw new Error('inline ceiling: unexpected CQE contents');
  return done / (t - t0);
}
