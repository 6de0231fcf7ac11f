/**
 * Submission: writing operations' SQEs into the mapped submission queue, and
 * handing them to the kernel. SQEs written during one turn of the event loop
 * go to the kernel together, in one io_uring_submit (in a setImmediate), or at
 * once with flush(). While it submits in deferred mode, eventfd notifications
 * are off (IORING_CQ_EVENTFD_DISABLED): completions posted meanwhile are
 * reaped right after the submit anyway.
 */
import { IOSQE_IO_LINK } from '../../generated/constants.js';
import { encode_io_uring_prep_link_timeout } from '../../generated/wrappers.js';
import { ffi } from '../../generated/ffi.js';
import { errnoNumber } from '../errno.js';
import { UringError } from '../errors.js';
import type { RingCore } from './core.js';
import { timespec } from './op-memory.js';
import { Op } from './op.js';
import { addFlags, blank, neutralize, setUserData } from './sqe.js';
import { refuse } from './validate.js';

const EAGAIN = errnoNumber('EAGAIN');
const EBUSY = errnoNumber('EBUSY');
const EINTR = errnoNumber('EINTR');

export class Submitter {
  /** SQEs taken so far (mod 2^32): the SQ tail, counted by the only one who takes SQEs. */
  private taken = 0;
  private flushScheduled = false;

  constructor(
    private readonly core: RingCore,
    /** Reap completions: after every flush, since a submit may post some. */
    private readonly reap: () => void,
  ) {}

  private readonly onImmediate = (): void => {
    this.flushScheduled = false;
    if (this.core.exited) return;
    this.flush();
    this.reap();
  };

  /** Submit what was queued at the end of this event loop turn. */
  schedule(): void {
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.onImmediate);
    }
  }

  /** io_uring_submit of what is queued. Returns how many SQEs the kernel took. */
  flush(): number {
    const { core } = this;
    const fast = core.fast;
    if (core.exited || fast.unsubmitted() === 0) return 0;
    let ret: number;
    if (core.deferred) {
      // Work deferred during the submit sets IORING_SQ_TASKRUN, checked once notifications are back on.
      fast.setEventfdEnabled(false);
      ret = fast.submit();
      fast.setEventfdEnabled(true);
      if (fast.taskrunPending()) ffi.io_uring_get_events(fast.address);
    } else {
      ret = fast.submit();
    }
    if (ret >= 0) return ret;
    if (ret === -EAGAIN || ret === -EBUSY || ret === -EINTR) {
      // The SQEs stay published; they go with the next submit, after completions were reaped.
      this.schedule();
      return 0;
    }
    throw new UringError('io_uring_submit', -ret, 'the Ring could not submit its queued operations');
  }

  /** A vacant SQE, submitting what is queued when the SQ is full. */
  private sqe(): number {
    const fast = this.core.fast;
    let at = fast.getSqe();
    if (at < 0) {
      this.flush();
      at = fast.getSqe();
      if (at < 0) throw new UringError('Ring.submit', EBUSY, 'the submission queue stays full');
    }
    this.taken = (this.taken + 1) >>> 0;
    return at;
  }

  /** Make room for `n` SQEs that must go in one submission (a linked chain). */
  reserve(n: number, fn: string): void {
    const fast = this.core.fast;
    if (n > fast.sqEntries) {
      refuse(fn, 'ops', 'range', `${n} SQEs`, `a linked chain must fit in the submission queue (${fast.sqEntries} entries)`, 'Create the Ring with more entries.');
    }
    if (fast.sqSpaceLeft() < n) this.flush();
    if (fast.sqSpaceLeft() < n) throw new UringError(fn, EBUSY, 'the submission queue stays full');
  }

  /** Write `op`'s SQE (and its link timer's), with user_data and flags. `linkNext`: IOSQE_IO_LINK to the SQE after it. */
  put(op: Op, linkNext: boolean): void {
    const at = this.sqe();
    const d = this.core.sqes;
    try {
      op.writeSqe(d, at);
    } catch (e) {
      // The slot is taken and will be submitted: make it a NOP whose completion nobody waits for.
      blank(d, at);
      throw e;
    }
    this.core.add(op);
    op.sqeSeq = this.taken;
    op.sqeAt = at;
    setUserData(d, at, op.id, op.gen);
    let flags = op.options?.sqeFlags ?? 0;
    if (linkNext || op.linkTimeoutMs > 0) flags |= IOSQE_IO_LINK;
    if (flags !== 0) addFlags(d, at, flags);
    if (op.linkTimeoutMs > 0) {
      const ts = timespec(op.linkTimeoutMs);
      const timer = new Op('linkTimeout', (sq, a) => encode_io_uring_prep_link_timeout(sq, a, ts, 0), ts);
      timer.internal = true;
      timer.linkedTo = op;
      op.linkTimer = timer;
      const t = this.sqe();
      this.core.add(timer);
      timer.writeSqe(d, t);
      timer.sqeSeq = this.taken;
      timer.sqeAt = t;
      setUserData(d, t, timer.id, timer.gen);
      if (linkNext) addFlags(d, t, IOSQE_IO_LINK);
    }
  }

  /** Whether the kernel has not read `op`'s SQE yet (it was not submitted, or its submit was refused). */
  unread(op: Op): boolean {
    if (op.sqeAt < 0 || this.core.exited) return false;
    // The kernel's SQ head is the count of SQEs it has read: taken minus those still ready.
    const head = (this.taken - this.core.fast.sqReady()) >>> 0;
    return ((op.sqeSeq - 1 - head) | 0) >= 0;
  }

  /**
   * Turn `op`'s SQE into a NOP that completes with -`errno`, when the kernel has not read it yet.
   * Returns whether it did: then `op` never runs.
   */
  withdraw(op: Op, errno: number): boolean {
    if (op.neutralized) return true;
    if (!this.unread(op)) return false;
    neutralize(this.core.sqes, op.sqeAt, errno);
    op.neutralized = true;
    return true;
  }
}
