/**
 * Completion-queue calls shared by the steps and the final drain: waiting
 * with a bound (a completion the model is sure of that does not come is a
 * finding, not a hang), and consuming the head CQE with the model's match.
 */
import { availableParallelism, getPriority, loadavg } from 'node:os';
import { PreconditionError } from '../../runtime/errors.js';
import { KernelTimespec, type IoUringCqe } from '../../generated/structs.js';
import { io_uring_cqe_seen } from '../../generated/functions/io_uring_cqe_seen.js';
import { io_uring_get_events } from '../../generated/functions/io_uring_get_events.js';
import { io_uring_wait_cqe_timeout } from '../../generated/functions/io_uring_wait_cqe_timeout.js';
import { consume } from './matching.js';
import type { Model } from './model.js';
import { describeError, expectOk, isTyped } from './step.js';
import type { World } from './world.js';

/**
 * How long a completion (or a Ring settlement) the model is certain of may take: 2 s on a quiet machine, longer under
 * load. A process at nice 19 among busy ones (a long run) waits seconds for a CPU, and so do the io-wq workers and the
 * task work its completions come from; a fixed 2 s made such a run report completions that merely came late. The
 * bound only costs time when a completion really does not come (at most 30 s).
 */
export function certainWaitMs(): number {
  const perCore = loadavg()[0]! / availableParallelism();
  const niceness = Math.max(0, getPriority());
  return Math.round(Math.min(30_000, 2000 * Math.max(1, perCore) * (1 + niceness / 4)));
}

export function timespec(ms: number): KernelTimespec {
  const ts = new KernelTimespec();
  ts.tv_sec = Math.floor(ms / 1000);
  ts.tv_nsec = (ms % 1000) * 1_000_000;
  return ts;
}

/** io_uring_wait_cqe_timeout: the head CQE, or null when none came within `ms`. */
export function waitCqe(w: World, ring: number, ms: number): IoUringCqe | null {
  const r = w.rings[ring]!;
  const got = expectOk(w, `io_uring_wait_cqe_timeout(ring ${ring}, ${ms} ms)`, () => io_uring_wait_cqe_timeout(r.uring, r.out, timespec(ms)));
  if (!got) return null;
  return got.value === 0 ? r.out.value : null;
}

/**
 * Match the CQE at the head (read from the ring's memory: what C consumes,
 * whichever view is passed) and consume it with io_uring_cqe_seen(view).
 */
export function seenHead(m: Model, w: World, ring: number, view: IoUringCqe): string {
  const head = w.headCqe(ring);
  const ok = expectOk(w, `io_uring_cqe_seen(ring ${ring})`, () => io_uring_cqe_seen(w.rings[ring]!.uring, view));
  if (!ok) return 'seen failed';
  const problem = consume(m, ring, head);
  if (problem) w.violation('completion', `ring ${ring}: ${problem}`);
  return `consumed {user_data ${head.u}, res ${head.res}, flags 0x${head.flags.toString(16)}}`;
}

/**
 * Submit what the Ring queued, and run the deferred task work of every DEFER_TASKRUN ring (io_uring_get_events),
 * twice, before waiting for a
 * completion the model is certain of: a linked request on such a ring (a msg_ring to another ring, a write to a
 * pipe another ring reads) only runs when its own ring is entered.
 */
export function runDeferredWork(m: Model, w: World): void {
  // The Ring submits at the end of an event loop turn: what it queued (a write another ring's read waits for) goes now.
  if (m.promise?.live) w.promise!.submit();
  for (let round = 0; round < 2; round++) {
    m.rings.forEach((r, i) => {
      if (r.live && r.mode === 'defer') expectOk(w, `io_uring_get_events(ring ${i})`, () => io_uring_get_events(w.rings[i]!.uring));
    });
  }
}

/**
 * A call that consumes `n` completions, made when fewer than `n` were ready: the package must refuse it, unless
 * completions posted meanwhile (an io-wq worker, or task work, of a ring without DEFER_TASKRUN posts them at any
 * time) made it valid by the time the package looked. Either outcome is legal. When it went on, the CQ head must have
 * moved by exactly `n` over posted CQEs; those are read back from their slots (the kernel reuses a slot only after
 * the CQ wrapped) and matched as consumed.
 */
export function refusedUnlessRaced(m: Model, w: World, ring: number, n: number, what: string, call: () => unknown): string {
  const real = w.rings[ring]!;
  const before = real.cqKhead[0]!;
  try {
    call();
  } catch (e) {
    if (e instanceof PreconditionError) return `refused (${e.rule})`;
    w.violation(isTyped(e) ? 'refusal' : 'error', `${what} should be refused with PreconditionError, and threw ${describeError(e)}`);
    return 'threw';
  }
  const moved = (real.cqKhead[0]! - before) >>> 0;
  const posted = (Atomics.load(real.cqKtail, 0) - before) >>> 0;
  if (moved !== n || posted < n) {
    w.violation('refusal', `${what} should be refused with PreconditionError, and it returned normally (C was called; the CQ head moved by ${moved}, ${posted} CQEs were posted)`);
    return 'accepted';
  }
  const cqes = Array.from({ length: n }, (_, k) => w.headCqe(ring, k - n));
  for (const c of cqes) {
    const problem = consume(m, ring, c);
    if (problem) w.violation('completion', `ring ${ring}: ${problem}`);
  }
  return `accepted (completions came meanwhile): ${cqes.map((h) => `{user_data ${h.u}, res ${h.res}, flags 0x${h.flags.toString(16)}}`).join(', ')}`;
}
