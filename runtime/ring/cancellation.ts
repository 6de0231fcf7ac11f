/**
 * Cancellation: stopping an operation through its AbortSignal or ring.cancel().
 *
 * - An operation whose SQE the kernel has not read yet is withdrawn: its SQE
 *   becomes a NOP completing with -ECANCELED, so it never runs; in a linked
 *   chain the members after it are withdrawn with it (they were written in
 *   the same go, so they are unread too).
 * - An operation the kernel has read is cancelled with IORING_OP_ASYNC_CANCEL
 *   by its user_data. The kernel only finds a request that is running or
 *   waiting (io-wq, armed poll, timeout...): a linked member that has not
 *   started yet hangs off its predecessor and is not found (-ENOENT, Linux
 *   6.18: io_uring/cancel.c io_try_cancel() looks in io-wq, the poll, waitid and
 *   futex tables and the timeout list only; test/ring-link-abort.test.ts shows
 *   it). So to stop a member, the Ring cancels every member of its chain up to
 *   it that has not completed: the one running is cancelled, and the kernel
 *   completes the rest of the chain with -ECANCELED.
 * - When a member before it completes meanwhile (the chain went on before the
 *   cancel reached it), the Ring sends the cancels again from the new front;
 *   and once more after a round that found nothing, in case the next member
 *   was being started just then.
 *
 * The operation's Promise settles only with its own final completion: so it
 * never runs after its Promise rejected.
 */
import { encode_io_uring_prep_cancel64 } from '../../generated/wrappers.js';
import { errnoNumber } from '../errno.js';
import type { RingCore } from './core.js';
import { Op } from './op.js';
import { wasCancelled } from './outcome.js';
import { userDataOf } from './sqe.js';
import type { Submitter } from './submission.js';

const ECANCELED = errnoNumber('ECANCELED');
const EALREADY = errnoNumber('EALREADY');

export class Canceller {
  constructor(
    private readonly core: RingCore,
    private readonly submitter: Submitter,
  ) {}

  /** Queue an IORING_OP_ASYNC_CANCEL for `target` (by its user_data), or with `flags` IORING_ASYNC_CANCEL_ANY for everything. */
  cancelOp(target: Op | null, flags: number, then?: (res: number) => void): void {
    const userData = target ? userDataOf(target.id, target.gen) : 0n;
    const c = new Op<number>('cancel', (d, at) => encode_io_uring_prep_cancel64(d, at, userData, flags), null);
    c.internal = true;
    c.onResult = then ?? null;
    this.submitter.put(c as Op, false);
    this.submitter.schedule();
  }

  /** `op`'s AbortSignal fired. */
  abort(op: Op, reason: unknown): void {
    if (op.done || op.aborted) return;
    op.aborted = true;
    op.abortReason = reason;
    if (this.core.closed) return; // close() cancels everything already
    this.stop(op);
  }

  /** ring.cancel(op): resolves with whether `op` was cancelled (true: it did not run) once its final completion arrived. */
  cancel(op: Op): Promise<boolean> {
    const p = new Promise<boolean>((resolve, reject) => {
      (op.cancelWaiters ??= []).push((outcome) => (typeof outcome === 'boolean' ? resolve(outcome) : reject(outcome)));
    });
    op.cancelRequested = true;
    this.stop(op);
    return p;
  }

  private stop(op: Op): void {
    if (op.stop || op.neutralized) return; // under way already
    if (this.submitter.withdraw(op, ECANCELED)) {
      if (op.chain) {
        for (const m of op.chain.slice(op.chainIndex + 1)) {
          if (!m.done && this.submitter.withdraw(m, ECANCELED)) m.stoppedFor ??= op;
        }
      }
      return;
    }
    op.stop = { retried: false };
    this.round(op);
    // Submit the cancels now, not at the end of this turn: what the caller does after abort()
    // (feed a pipe the chain's head waits on, say) must not let the chain go on first.
    try {
      this.submitter.flush();
    } catch {
      // The submit scheduled by cancelOp reports it.
    }
  }

  /** Cancel every member of `x`'s chain up to `x` that has not completed (or `x` alone). */
  private round(x: Op): void {
    const targets = x.chain ? x.chain.slice(0, x.chainIndex + 1).filter((m) => !m.done) : [x];
    const round = { pending: targets.length, found: false };
    for (const m of targets) {
      if (m !== x) m.stoppedFor ??= x;
      this.cancelOp(m, 0, (res) => {
        if (res === 0 || res === -EALREADY) round.found = true;
        if (--round.pending > 0) return;
        const st = x.stop;
        if (st && !x.done && !round.found && !st.retried) {
          st.retried = true;
          this.round(x);
        }
      });
    }
  }

  /** Told of every final completion, before it is delivered. */
  completed(op: Op, res: number): void {
    op.stop = null;
    const waiters = op.cancelWaiters;
    if (waiters) {
      op.cancelWaiters = null;
      const cancelled = wasCancelled(op, res);
      for (const w of waiters) w(cancelled);
    }
    if (op.chain) {
      // The chain went on past `op`: a later member being stopped is cancelled again from the new front.
      for (let i = op.chainIndex + 1; i < op.chain.length; i++) {
        const m = op.chain[i]!;
        if (m.stop && !m.done) this.round(m);
      }
    }
  }
}
