/**
 * What an operation's final result means for its Promise: the value it
 * resolves with, or the error it rejects with, explained (a cancel by its
 * AbortSignal, by close(), by its link timeout, by its linked chain).
 */
import { errnoNumber } from '../errno.js';
import { UringError } from '../errors.js';
import { AbortError, RingClosedError } from './errors.js';
import type { Op } from './op.js';

const ECANCELED = errnoNumber('ECANCELED');
const EINTR = errnoNumber('EINTR');
const ETIME = errnoNumber('ETIME');

/** Whether a final result means the operation was cancelled before it could complete (so it did not do its work). */
export function wasCancelled(op: Op, res: number): boolean {
  return op.neutralized || res === -ECANCELED || res === -EINTR;
}

/** Resolve or reject `op`'s Promise with its final result. */
export function settle(op: Op, res: number, flags: number): void {
  const resolve = op.resolve;
  if (resolve === null) return;
  op.resolve = null;
  if (res >= 0) {
    try {
      resolve(op.value(res, flags));
    } catch (e) {
      op.reject!(e);
    }
  } else if (res === -op.okErrno) {
    resolve(op.value(0, flags));
  } else {
    op.reject!(errorOf(op, res));
  }
}

/** The error a failed final result `res` (-errno) of `op` rejects with. */
export function errorOf(op: Op, res: number): Error {
  const errno = -res;
  const fn = op.fn;
  const cancelled = wasCancelled(op, res);
  if (cancelled && op.closing) return new RingClosedError(fn, 'the ring was closed while the operation was in flight, and it was cancelled');
  if (cancelled && op.aborted) return new AbortError(`${fn} was aborted`, { cause: op.abortReason });
  if (op.neutralized) {
    const why = op.cancelRequested ? 'ring.cancel() withdrew it' : `an earlier member of its linked chain (${chainMember(op.stoppedFor)}) was stopped`;
    return new UringError(fn, ECANCELED, `${why} before it was submitted, so it did not run`);
  }
  if (errno === ECANCELED && op.linkTimer?.timerRes === -ETIME) {
    return new UringError(fn, ETIME, `its linkTimeout of ${op.linkTimeoutMs} ms expired before it completed, and the kernel cancelled it`);
  }
  if (cancelled && op.cancelRequested) return new UringError(fn, errno, 'ring.cancel() cancelled it before it completed');
  if (cancelled && op.stoppedFor) {
    return new UringError(fn, errno, `the Ring cancelled it to stop ${chainMember(op.stoppedFor)} of the same linked chain, which had not started`);
  }
  if (errno === ECANCELED && op.chained) return new UringError(fn, errno, 'an earlier operation of its linked chain failed or was cancelled, so it did not run');
  return new UringError(fn, errno, null, op.where ?? {});
}

/** "Ring.write (member 2)", or "a member" when unknown. */
function chainMember(op: Op | null): string {
  if (!op) return 'a member';
  return `${op.fn} (member ${op.chainIndex + 1}, ${op.aborted ? 'aborted' : 'cancelled with ring.cancel()'})`;
}
