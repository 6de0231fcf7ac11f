/**
 * Completion: reading CQEs from the mapped completion queue and delivering
 * each to its operation. An operation's memory is let go at its final
 * completion (the one without IORING_CQE_F_MORE), never before.
 */
import { IORING_CQE_F_MORE } from '../../generated/constants.js';
import { errnoNumber } from '../errno.js';
import { retainMemory, type Memory } from '../memory.js';
import type { RingCore } from './core.js';
import type { Op } from './op.js';
import { errorOf, settle } from './outcome.js';

const ECANCELED = errnoNumber('ECANCELED');

export class Completer {
  constructor(
    private readonly core: RingCore,
    /** Told of every final completion before it is delivered (the cancellation of linked chains follows them). */
    private readonly onFinal: (op: Op, res: number) => void,
  ) {}

  private readonly visit = (lo: number, res: number, flags: number, _at: number, hi: number): void => {
    const op = this.core.find(lo, hi);
    if (op === undefined) return;
    if (flags & IORING_CQE_F_MORE) {
      op.stream?.more(res, flags);
      return;
    }
    this.core.remove(op);
    this.complete(op, res, flags);
  };

  /** Read every ready completion and settle what it completes. Runs when the ring is readable, and after each submit. */
  reap(): void {
    const core = this.core;
    if (core.exited) return; // the rings are unmapped
    const fast = core.fast;
    for (;;) {
      const n = fast.forEachCqe(this.visit);
      if (fast.cqOverflowPending() || (core.deferred && fast.taskrunPending())) {
        // Completions wait in the kernel (an overflowed CQ, or deferred task work): io_uring_submit
        // enters with IORING_ENTER_GETEVENTS, which posts them.
        fast.submit();
        continue;
      }
      if (n === 0) break;
    }
    core.reportIdle();
  }

  /** Deliver `op`'s final completion. */
  complete(op: Op, res: number, flags: number): void {
    // A withdrawn SQE ran as a NOP: whatever it returned, the operation itself did not run.
    if (op.neutralized && res >= 0) res = -ECANCELED;
    if (op.onAbort) {
      op.options?.signal?.removeEventListener('abort', op.onAbort);
      op.onAbort = null;
    }
    if (op.retained !== null) {
      retain(op.retained, -1);
      op.retained = null;
    }
    op.hold = null;
    this.onFinal(op, res);
    if (op.onResult) {
      op.onResult(res);
      return;
    }
    const main = op.linkedTo;
    if (main) {
      // A link timer: its result tells whether a cancelled operation timed out.
      op.timerRes = res;
      if (main.deferred) {
        main.deferred = false;
        settle(main, main.deferredRes, main.deferredFlags);
      }
      return;
    }
    if (op.stream) {
      op.stream.final(op, res, flags, () => errorOf(op, res));
      return;
    }
    if (op.linkTimer && res === -ECANCELED && !op.linkTimer.done) {
      op.deferred = true;
      op.deferredRes = res;
      op.deferredFlags = flags;
      return;
    }
    settle(op, res, flags);
  }
}

/** Count `m` (memory, or an array of it) in or out of use by the kernel, so freeAligned refuses it meanwhile. */
export function retain(m: unknown, delta: 1 | -1): void {
  if (Array.isArray(m)) for (const x of m) retainMemory(x as Memory, delta);
  else retainMemory(m as Memory, delta);
}
