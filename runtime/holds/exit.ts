/**
 * io_uring_queue_exit and the requests still in the kernel.
 *
 * io_uring_queue_exit closes the ring fd and returns; the kernel tears the
 * ring down later (io_ring_exit_work). A request an io-wq worker runs (one
 * with IOSQE_ASYNC, a link left open at the end of a submit, a blocking read
 * the kernel punted) can still write into its buffer after the exit returned:
 * the program fuzzer found a linked read on a pipe completing into memory the
 * package had let go. So before the exit, requests still in flight are
 * cancelled with IORING_REGISTER_SYNC_CANCEL (Linux 6.0), which returns only
 * once the cancelled requests are done. When that cannot be shown (an older
 * kernel, a request that did not finish within the timeout), the ring's
 * memory is not released at the exit: it stays held for the rest of the
 * process. Over-holding is only a cost; an early release is a memory-safety bug.
 */
import { ffi } from '../../generated/ffi.js';
import { IORING_ASYNC_CANCEL_ALL, IORING_ASYNC_CANCEL_ANY } from '../../generated/constants.js';
import { io_uring_sync_cancel_reg as REG, __kernel_timespec as TS } from '../../generated/layout.js';
import { errnoNumber } from '../errno.js';
import { addressOf } from '../memory.js';
import { ringState, type RingLike, type RingState } from './state.js';

/** How long the exit waits for a request that does not stop at once (a regular-file read under way). */
const EXIT_CANCEL_TIMEOUT_S = 1n;
/** For a 1 ms pause between cancel rounds. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));
/** Rings whose in-flight requests could not be shown done before their exit. */
const notQuiesced = new WeakSet<RingState>();
/** What such rings held, kept reachable for the rest of the process. */
const keptPastExit: unknown[] = [];

/** Whether any request of the ring may still be running in the kernel. */
function mayHaveRequestsInKernel(s: RingState): boolean {
  return s.book.inFlight > 0 || s.book.requestsUntilExit > 0 || s.book.lost;
}

/** Before io_uring_queue_exit: cancel what is in flight and wait for it (see above). */
export function ringExiting(ring: RingLike): void {
  const s = ringState(ring);
  if (!s.lifetime.alive || !mayHaveRequestsInKernel(s)) return;
  const reg = new Uint8Array(REG.size);
  const view = new DataView(reg.buffer);
  view.setUint32(REG.offset.flags, IORING_ASYNC_CANCEL_ALL | IORING_ASYNC_CANCEL_ANY, true);
  view.setBigInt64(REG.offset.timeout + TS.offset.tv_sec, EXIT_CANCEL_TIMEOUT_S, true);
  // With IORING_ASYNC_CANCEL_ALL the kernel counts what it cancelled, a request an io-wq worker is still running
  // included, and returns without waiting: ask again until it finds nothing, running deferred task work (which
  // completes cancelled requests of DEFER_TASKRUN rings) and pausing briefly between rounds.
  const deadline = Date.now() + Number(EXIT_CANCEL_TIMEOUT_S) * 1000;
  for (;;) {
    const ret = ffi.io_uring_register_sync_cancel(ring.address, addressOf(reg)) as number;
    if (ret === 0 || ret === -errnoNumber('ENOENT')) return; // nothing of this ring left in the kernel
    if (ret < 0 || Date.now() > deadline) break; // -EINVAL before Linux 6.0, or still running: not shown done
    ffi.io_uring_get_events(ring.address);
    Atomics.wait(PAUSE, 0, 0, 1);
  }
  notQuiesced.add(s);
}

/**
 * At io_uring_queue_exit: true when the ring's memory may be released. When
 * not, `keep` is made reachable for good (the caller then gives the ring fresh
 * books, so that it can be initialized again).
 */
export function releasableAtExit(s: RingState, keep: unknown): boolean {
  if (!notQuiesced.has(s)) return true;
  notQuiesced.delete(s);
  keptPastExit.push(keep);
  return false;
}

/** How many exited rings still hold memory because their requests could not be shown done (for tests). */
export function ringsKeptPastExit(): number {
  return keptPastExit.length;
}
