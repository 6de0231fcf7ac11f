/**
 * Multishot operations (accept, recv with a buffer ring) as async iterators:
 * each CQE with IORING_CQE_F_MORE is one value; the final CQE ends the
 * iteration, re-arms the operation (when the kernel stopped it for a reason
 * that is not an end: no buffers left, an overflowed CQ) or throws its error.
 * Leaving the loop early (break, return, throw) cancels the operation; values
 * that arrive after that are disposed of (accepted sockets are closed).
 */
import type { MultishotSink, Op } from './op.js';

export type { MultishotSink } from './op.js';

/** What a completion means for the iteration. */
export type Step<T> =
  | { kind: 'value'; value: T }
  | { kind: 'skip' }
  | { kind: 'end' }
  | { kind: 'rearm'; value?: T }
  | { kind: 'fail' };

export interface MultishotHooks<T> {
  /** Prepare and queue a new arming of the operation, delivering to `sink`. Returns it, or throws when the Ring is closed. */
  arm(sink: MultishotSink): Op;
  /** Cancel the armed operation. */
  cancel(op: Op): void;
  /** What a completion means: a value, the end, a re-arm, a failure. `final` is true without IORING_CQE_F_MORE. */
  step(res: number, flags: number, final: boolean): Step<T>;
  /** Release a value that will never be handed out (close an accepted socket). */
  dispose(value: T): void;
}

export class MultishotIterator<T> implements AsyncIterableIterator<T>, MultishotSink {
  private readonly queue: T[] = [];
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | null = null;
  private ended = false;
  private failure: { error: unknown } | null = null;
  private stopped = false;
  private op: Op | null = null;
  /** Called once the operation's last completion arrived and it is not re-armed: the kernel is done with what it used. */
  onEnd: (() => void) | null = null;

  constructor(private readonly hooks: MultishotHooks<T>) {
    this.op = hooks.arm(this);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Values received and not yet taken by next(). */
  get buffered(): number {
    return this.queue.length;
  }

  /** Whether the operation is armed in the kernel. */
  get active(): boolean {
    return this.op !== null;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.failure) {
      const { error } = this.failure;
      this.failure = null;
      this.ended = true;
      return Promise.reject(error);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    if (this.waiter) return Promise.reject(new Error('multishot iterator: next() called again before the previous next() settled'));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** Stop: cancel the operation in the kernel and dispose of what was received and not taken. */
  return(): Promise<IteratorResult<T>> {
    this.stop();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.stop();
    return Promise.reject(error);
  }

  private stop(): void {
    if (!this.stopped) {
      this.stopped = true;
      if (this.op && !this.op.done) this.hooks.cancel(this.op);
    }
    for (const v of this.queue.splice(0)) this.hooks.dispose(v);
    this.ended = true;
    this.failure = null;
    this.settleWaiter({ value: undefined, done: true });
  }

  private settleWaiter(r: IteratorResult<T>): boolean {
    const w = this.waiter;
    if (!w) return false;
    this.waiter = null;
    w.resolve(r);
    return true;
  }

  private push(v: T): void {
    if (this.stopped) {
      this.hooks.dispose(v);
      return;
    }
    if (!this.settleWaiter({ value: v, done: false })) this.queue.push(v);
  }

  private end(): void {
    this.ended = true;
    this.settleWaiter({ value: undefined, done: true });
  }

  private fail(error: unknown): void {
    if (this.stopped) return;
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      this.ended = true;
      w.reject(error);
    } else {
      this.failure = { error };
    }
  }

  more(res: number, flags: number): void {
    const s = this.hooks.step(res, flags, false);
    if (s.kind === 'value') this.push(s.value);
    else if (s.kind === 'fail' && this.op) this.hooks.cancel(this.op);
  }

  final(op: Op, res: number, flags: number, error: () => unknown): void {
    if (op !== this.op) return;
    this.op = null;
    if (this.stopped) {
      if (res >= 0) {
        const s = this.hooks.step(res, flags, true);
        if ((s.kind === 'value' || s.kind === 'rearm') && s.value !== undefined) this.hooks.dispose(s.value);
      }
      this.end();
      this.finished();
      return;
    }
    if (op.closing) {
      if (res >= 0) {
        const s = this.hooks.step(res, flags, true);
        if ((s.kind === 'value' || s.kind === 'rearm') && s.value !== undefined) this.push(s.value);
      }
      this.fail(error());
      this.ended = true;
      this.finished();
      return;
    }
    const s = this.hooks.step(res, flags, true);
    switch (s.kind) {
      case 'value':
        this.push(s.value);
        this.rearm();
        return;
      case 'rearm':
        if (s.value !== undefined) this.push(s.value);
        this.rearm();
        return;
      case 'skip':
        this.rearm();
        return;
      case 'end':
        this.end();
        this.finished();
        return;
      case 'fail':
        this.fail(error());
        this.ended = true;
        this.finished();
        return;
    }
  }

  private finished(): void {
    const f = this.onEnd;
    this.onEnd = null;
    f?.();
  }

  private rearm(): void {
    try {
      this.op = this.hooks.arm(this);
    } catch (e) {
      this.fail(e);
      this.ended = true;
      this.finished();
    }
  }
}
