/**
 * The invariants, checked after every step (memory, ring state) and at the end
 * of every program (completions drained, nothing left behind). Completions are
 * matched as they are consumed (matching.ts consume, called by the steps).
 *
 * 1. memory: a buffer the kernel may still use is neither collected (a
 *    FinalizationRegistry callback, an emptied WeakRef) nor freeable
 *    (freeAligned must refuse it); a buffer no request may write into does not
 *    change (a stray write by the kernel into memory the package let go).
 * 2. state: each ring's sqe_head/sqe_tail, *sq.khead/ktail, *cq.khead are what
 *    the model counted, the CQ holds no more than the completions possible,
 *    and heldRequestCount(ring) is at least the requests still using memory.
 * 5. leak: after queue_exit and cleanup, no descriptor and no hold is left.
 */
import { io_uring_queue_exit } from '../../generated/functions/io_uring_queue_exit.js';
import { freeAligned } from '../../runtime/memory.js';
import { heldRequestCount } from '../../runtime/ring-state.js';
import { exitRing } from './doubt.js';
import { certainCompletions, busyBuffers, heldLowerBound, possibleCompletions, requiredBuffers, type Model } from './model.js';
import { certainWaitMs, runDeferredWork, seenHead, waitCqe } from './cq.js';
import { describeError, expectOk, setAfterStep } from './step.js';
import { closePromiseRing, collectSettled } from './promise-steps.js';
import { openFds, type World } from './world.js';

let scribbles = 0;

function bytesOf(mem: ArrayBuffer | Uint8Array, size: number): Uint8Array {
  return mem instanceof Uint8Array ? mem.subarray(0, size) : new Uint8Array(mem, 0, size);
}

function checkMemory(m: Model, w: World): void {
  for (const [b, why] of requiredBuffers(m)) {
    if (w.isCollected(b)) w.violation('memory:collected', `buffer ${b} was garbage-collected while ${why}`);
    if (!m.bufs[b]!.aligned || m.bufs[b]!.freed) continue;
    const mem = w.live(b);
    if (!mem) continue;
    try {
      freeAligned(mem);
    } catch (e) {
      if (e instanceof RangeError && /still in use/.test(e.message)) continue;
      w.violation('error', `freeAligned(buffer ${b}) threw ${describeError(e)} while ${why}`);
      continue;
    }
    m.bufs[b]!.freed = true;
    w.bufs[b]!.snapshot = null;
    w.violation('memory:freeable', `freeAligned(buffer ${b}) succeeded while ${why}`);
  }
  const busy = busyBuffers(m);
  w.bufs.forEach((real, i) => {
    if (busy.has(i)) {
      real.snapshot = null;
      return;
    }
    const mem = w.live(i);
    if (!mem) return;
    const now = bytesOf(mem, real.size);
    if (real.snapshot === null) {
      // The program reuses its idle buffer: a pattern of its own, so a later write by the kernel shows even when it
      // brings the same bytes again (a stale read of the same file). Freed memory stays as freeAligned left it.
      if (!m.bufs[i]!.freed) now.fill(0xa5 ^ (++scribbles & 0x3f));
      real.snapshot = now.slice();
      return;
    }
    const at = now.findIndex((v, k) => v !== real.snapshot![k]);
    if (at >= 0) {
      const was = real.snapshot;
      real.snapshot = now.slice();
      w.violation('memory:stray-write', `buffer ${i} changed at byte ${at} (${was[at]} -> ${now[at]}) while no request could write into it: the kernel wrote into memory the program was told is no longer in use`);
    }
  });
}

function checkState(m: Model, w: World): void {
  m.rings.forEach((r, i) => {
    if (!r.live) return;
    const real = w.rings[i]!;
    const sq = real.uring.sq;
    const words: [string, number, number][] = [
      ['sq.sqe_tail (SQEs obtained)', sq.sqe_tail, r.obtained],
      ['sq.sqe_head (SQEs flushed)', sq.sqe_head, r.published],
      ['*sq.ktail', Atomics.load(real.sqKtail, 0), r.published],
      ['*sq.khead (SQEs the kernel consumed)', Atomics.load(real.sqKhead, 0), r.kernelHead],
      ['*cq.khead (CQEs consumed)', real.cqKhead[0]!, r.cqHead],
    ];
    for (const [name, got, want] of words) {
      if (got !== want >>> 0) w.violation('state', `ring ${i}: ${name} is ${got}, the model counted ${want >>> 0}`);
    }
    const ready = w.cqReady(i);
    const possible = possibleCompletions(r);
    if (ready > r.cqEntries || ready > possible) {
      w.violation('state', `ring ${i}: ${ready} completions are ready, but at most ${Math.min(possible, r.cqEntries)} can be (requests in flight: ${r.inflight.map((q) => q.what).join(', ') || 'none'})`);
    }
    const held = heldRequestCount(real.uring);
    const need = heldLowerBound(r);
    if (held < need) w.violation('state', `ring ${i}: heldRequestCount is ${held}, but ${need} requests still use memory`);
  });
}

function checkPromiseRing(m: Model, w: World): void {
  collectSettled(m, w);
  if (!m.promise?.live) return;
  const waiting = m.promise.ops.filter((o) => !o.completable && !o.aborted && !o.refused).length;
  if (w.promise!.pending < waiting) w.violation('state', `the Ring's pending count is ${w.promise!.pending}, but ${waiting} of its operations cannot have completed`);
}

export function afterStep(m: Model, w: World): void {
  checkPromiseRing(m, w);
  checkMemory(m, w);
  checkState(m, w);
}
setAfterStep(afterStep);

/** Consume every completion the model is certain of (each must come), and whatever else is in the CQ. */
function drain(m: Model, w: World, ring: number): void {
  const r = m.rings[ring]!;
  for (let guard = 0; guard < 4 * r.cqEntries + r.inflight.length + 8; guard++) {
    const certain = certainCompletions(r);
    if (certain > 0) runDeferredWork(m, w);
    const ms = certain > 0 ? certainWaitMs() : 0;
    const cqe = waitCqe(w, ring, ms);
    if (!cqe) {
      if (certain > 0) {
        const list = r.inflight.filter((q) => q.completable && !q.silent && !q.mayWait && !q.template.multishot).map((q) => `${q.what} (user_data ${q.u})`);
        w.violation('completion', `ring ${ring}: no completion within ${ms} ms, but these must complete: ${list.join(', ')}`);
      }
      return;
    }
    seenHead(m, w, ring, cqe);
  }
}

/** The end of a program: drain, exit every ring, close everything, and check nothing is left. */
export async function finish(m: Model, w: World): Promise<void> {
  if (m.promise?.live) {
    checkMemory(m, w);
    await closePromiseRing(m, w);
  }
  m.rings.forEach((r, i) => {
    if (!r.live) return;
    drain(m, w, i);
    checkMemory(m, w);
    const ring = w.rings[i]!.uring;
    expectOk(w, `io_uring_queue_exit(ring ${i})`, () => io_uring_queue_exit(ring));
    exitRing(m, r);
  });
  m.rings.forEach((_, i) => {
    const held = heldRequestCount(w.rings[i]!.uring);
    if (held !== 0) w.violation('leak', `ring ${i}: after io_uring_queue_exit, heldRequestCount is ${held}`);
  });
  w.closeFds();
  w.bufs.forEach((_, i) => {
    if (!m.bufs[i]!.aligned || m.bufs[i]!.freed) return;
    const mem = w.live(i);
    if (!mem) return;
    try {
      freeAligned(mem);
      m.bufs[i]!.freed = true;
    } catch (e) {
      w.violation('leak', `after every ring exited, freeAligned(buffer ${i}) threw ${describeError(e)}: a hold was left`);
    }
  });
  const after = openFds();
  const extra = [...after].filter(([fd, target]) => w.fdsBefore.get(fd) !== target);
  if (extra.length) w.violation('leak', `descriptors left open: ${extra.map(([fd, t]) => `${fd} -> ${t}`).join(', ')}`);
}

/** After a violation: release what the program holds without checking anything. */
export async function abandon(m: Model, w: World): Promise<void> {
  if (m.promise?.live) {
    m.promise.live = false;
    await w.promise!.close({ timeout: 1000 }).catch(() => {});
  }
  m.rings.forEach((r, i) => {
    if (!r.live) return;
    try {
      io_uring_queue_exit(w.rings[i]!.uring);
    } catch {
      // the ring may be in any state after a violation
    }
    exitRing(m, r);
  });
  try {
    w.closeFds();
  } catch {
    // already closed
  }
}
