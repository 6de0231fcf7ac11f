/**
 * Closing a Ring: new operations are refused, operations in flight are
 * cancelled (IORING_ASYNC_CANCEL_ANY) and awaited for a while, then the ring
 * is exited. What is still in flight then may still be used by the kernel
 * until the exit completes, so its memory is kept for the life of the process.
 */
import { IORING_ASYNC_CANCEL_ANY } from '../../generated/constants.js';
import { io_uring_queue_exit } from '../../generated/wrappers.js';
import { errnoNumber } from '../errno.js';
import type { Canceller } from './cancellation.js';
import type { Completer } from './completion.js';
import type { RingCore } from './core.js';
import { RingClosedError } from './errors.js';
import type { Submitter } from './submission.js';
import type { Wakeup } from './wakeup.js';

const ECANCELED = errnoNumber('ECANCELED');

/** Memory of operations a closed ring abandoned: the kernel may still use it, so it is never let go. */
const abandoned = new Set<unknown>();

export class Closer {
  private drained: (() => void) | null = null;

  constructor(
    private readonly core: RingCore,
    private readonly submitter: Submitter,
    private readonly completer: Completer,
    private readonly canceller: Canceller,
    private readonly wakeup: Wakeup,
  ) {}

  /** Nothing is in flight any more. */
  idle(): void {
    this.drained?.();
  }

  async close(timeoutMs: number): Promise<void> {
    const core = this.core;
    core.closed = true;
    if (core.pending > 0) {
      for (const op of core.inFlight()) op.closing = true;
      this.canceller.cancelOp(null, IORING_ASYNC_CANCEL_ANY);
      this.submitter.flush();
      this.completer.reap();
      if (core.pending > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          this.drained = resolve;
          timer = setTimeout(resolve, timeoutMs);
        });
        clearTimeout(timer);
        this.drained = null;
      }
    }
    for (const op of core.drop()) {
      abandoned.add(op.hold);
      const err = new RingClosedError(op.fn, `the ring was closed and the operation did not complete within ${timeoutMs} ms; its memory stays referenced`);
      if (op.onAbort) op.options?.signal?.removeEventListener('abort', op.onAbort);
      for (const w of op.cancelWaiters ?? []) w(err);
      if (op.stream) op.stream.final(op, -ECANCELED, 0, () => err);
      else if (op.reject && op.resolve) {
        op.resolve = null;
        op.reject(err);
      }
    }
    this.wakeup.stop();
    core.exited = true;
    io_uring_queue_exit(core.uring);
    this.wakeup.release();
  }
}
