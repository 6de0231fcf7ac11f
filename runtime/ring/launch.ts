/**
 * Starting operations: one alone (start, run) or several as a linked chain
 * (link). The options every operation takes are checked before anything is
 * written; the Promise is created, the memory marked in use, the AbortSignal
 * listened to, and the SQEs queued for this turn's submit.
 */
import { retain } from './completion.js';
import type { Canceller } from './cancellation.js';
import * as check from './checks.js';
import type { RingCore } from './core.js';
import { AbortError, RingClosedError } from './errors.js';
import { Op, type OpOptions, type PreparedOp } from './op.js';
import type { Submitter } from './submission.js';
import * as v from './validate.js';

/** The Promise of each operation of a chain, in order. */
export type ChainPromises<T extends readonly PreparedOp<unknown>[]> = { [K in keyof T]: Promise<T[K] extends PreparedOp<infer R> ? R : never> };

export class Launcher {
  constructor(
    private readonly core: RingCore,
    private readonly submitter: Submitter,
    private readonly canceller: Canceller,
  ) {}

  /** Check the options and take the AbortSignal, before anything is written. */
  private prepare(op: Op, options: OpOptions | undefined): AbortSignal | undefined {
    // op.fn, the name for an error, is built only when one is thrown: it would cost a string per operation.
    if (this.core.closed) throw new RingClosedError(op.fn, 'the ring is closed');
    if (!(op.id === 0 && op.resolve === null && !op.done)) v.refuse(op.fn, 'op', 'type', 'an operation already started', 'each prepared operation runs once');
    if (options === undefined) return undefined;
    const fn = op.fn;
    op.options = options;
    const { linkTimeoutMs, signal } = check.startOptions(fn, options);
    op.linkTimeoutMs = linkTimeoutMs;
    return signal;
  }

  private arm<T>(op: Op<T>, signal: AbortSignal | undefined): Promise<T> {
    const p = new Promise<T>((resolve, reject) => {
      op.resolve = resolve;
      op.reject = reject;
    });
    if (op.retained !== null) retain(op.retained, 1);
    if (signal) {
      op.onAbort = () => this.canceller.abort(op as Op, signal.reason);
      signal.addEventListener('abort', op.onAbort, { once: true });
    }
    return p;
  }

  /** Start one prepared operation; a refused option or a closed ring rejects the Promise. */
  start<T>(op: Op<T>, options?: OpOptions): Promise<T> {
    let signal: AbortSignal | undefined;
    try {
      signal = this.prepare(op as Op, options);
      if (signal?.aborted) return Promise.reject(new AbortError(`${op.fn} was aborted before it started`, { cause: signal.reason }));
      if (op.linkTimeoutMs > 0) this.submitter.reserve(2, op.fn); // the operation and its timer go together
      this.submitter.put(op as Op, false);
    } catch (e) {
      return Promise.reject(e);
    }
    const p = this.arm(op, signal);
    this.submitter.schedule();
    return p;
  }

  /** Run an operation prepared with `ring.op.*`. */
  run<T>(op: PreparedOp<T>, options?: OpOptions): Promise<T> {
    if (!(op instanceof Op)) return Promise.reject(v.refuse('Ring.run', 'op', 'type', typeof op, 'op must come from ring.op.*'));
    return this.start(op as Op<T>, options ?? (op as Op<T>).options);
  }

  /** Run operations as one linked chain (IOSQE_IO_LINK). */
  link<const T extends readonly PreparedOp<unknown>[]>(ops: T): ChainPromises<T> {
    const fn = 'Ring.link';
    const fail = (e: unknown) => ops.map(() => Promise.reject(e)) as never;
    if (!Array.isArray(ops) || ops.length === 0) v.refuse(fn, 'ops', 'type', String(ops), 'ops must be a non-empty array of operations from ring.op.*');
    const list = ops as readonly PreparedOp<unknown>[];
    let total = 0;
    const signals: (AbortSignal | undefined)[] = [];
    try {
      for (const op of list) {
        if (!(op instanceof Op)) v.refuse(fn, 'ops', 'type', typeof op, 'each operation must come from ring.op.*');
        if (list.indexOf(op) !== signals.length) v.refuse(fn, 'ops', 'type', `${op.fn} twice`, 'each prepared operation runs once');
        signals.push(this.prepare(op, op.options));
        total += op.linkTimeoutMs > 0 ? 2 : 1;
      }
      this.submitter.reserve(total, fn);
    } catch (e) {
      return fail(e);
    }
    const chain = list as readonly Op[];
    const promises = chain.map((op, i) => {
      op.chain = chain;
      op.chainIndex = i;
      return this.arm(op, signals[i]);
    });
    chain.forEach((op, i) => this.submitter.put(op, i < chain.length - 1));
    // A member whose signal was aborted already is withdrawn before the chain is submitted.
    chain.forEach((op, i) => {
      if (signals[i]?.aborted) this.canceller.abort(op, signals[i]!.reason);
    });
    this.submitter.schedule();
    return promises as never;
  }
}
