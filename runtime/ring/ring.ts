/**
 * Ring: io_uring with Promises, on Node's event loop.
 *
 * Every operation writes its SQE straight into the mapped submission queue
 * (the generated encode_io_uring_prep_* encoders, through FastRing) and
 * returns a Promise. SQEs written during one turn of the event loop are
 * submitted together by one io_uring_submit (in a setImmediate), or at once
 * by submit(). Completions are read from the mapped completion queue in
 * JavaScript. How the event loop learns of them:
 *
 * - deferred mode (default): the ring is set up with DEFER_TASKRUN,
 *   SINGLE_ISSUER and TASKRUN_FLAG, and an eventfd is registered with it;
 *   libuv watches the eventfd (koffi.node.poll). When it turns readable the
 *   Ring drains it, enters the kernel once (io_uring_get_events) to run the
 *   deferred completions, and reaps them. While it submits, eventfd
 *   notifications are off (IORING_CQ_EVENTFD_DISABLED) since it reaps right
 *   after submitting anyway.
 * - classic mode (deferTaskrun: false, or kernels before 6.1): libuv watches
 *   the ring fd itself, which is readable while the CQ has entries.
 *
 * No thread, no busy polling; the poll handle is unreferenced while nothing
 * is in flight, so an idle Ring never keeps the process alive.
 *
 * Each operation keeps what its SQE points to (buffers, iovec arrays, paths,
 * timespecs, socket addresses, the buffer ring) referenced in its own record
 * until its final completion arrives (the last one, without
 * IORING_CQE_F_MORE, for multishot operations).
 */
import { closeSync } from 'node:fs';
import koffi from 'koffi';
import { IoUring, IoUringParams } from '../../generated/structs.js';
import { io_uring_queue_init_params } from '../../generated/functions/io_uring_queue_init_params.js';
import { io_uring_queue_exit } from '../../generated/functions/io_uring_queue_exit.js';
import { encode_io_uring_prep_nop } from '../../generated/functions/io_uring_prep_nop.js';
import { encode_io_uring_prep_multishot_accept } from '../../generated/functions/io_uring_prep_multishot_accept.js';
import { encode_io_uring_prep_recv_multishot } from '../../generated/functions/io_uring_prep_recv_multishot.js';
import { encode_io_uring_prep_cancel64 } from '../../generated/functions/io_uring_prep_cancel64.js';
import { encode_io_uring_prep_cancel_fd } from '../../generated/functions/io_uring_prep_cancel_fd.js';
import { encode_io_uring_prep_link_timeout } from '../../generated/functions/io_uring_prep_link_timeout.js';
import { FastRing } from '../fast/index.js';
import { UringError } from '../errors.js';
import { addressOf, retainMemory, type Memory } from '../memory.js';
import { AbortError, RingClosedError } from './errors.js';
import { timespec } from './encode.js';
import { MultishotIterator, type MultishotSink, type Step } from './multishot.js';
import { Op, type OpOptions, type PreparedOp } from './op.js';
import { OpFactory, StatxResult, type OpHost } from './ops.js';
import { BufferRing, type BufferRingOptions } from './buffer-ring.js';
import { decodeSockaddr, type SocketAddress } from './sockaddr.js';
import * as v from './validate.js';
import * as sys from './sys.js';

export type { OpOptions, PreparedOp } from './op.js';

// Constants of <liburing/io_uring.h> and errno values (Linux, all architectures liburing-ts runs on).
const IOSQE_IO_LINK = 1 << 2;
const IOSQE_BUFFER_SELECT = 1 << 5;
const IORING_CQE_F_BUFFER = 1 << 0;
const ENOBUFS = 105;
const IORING_CQE_F_MORE = 1 << 1;
const IORING_SETUP_CQSIZE = 1 << 3;
const IORING_ASYNC_CANCEL_ALL = 1 << 0;
const IORING_ASYNC_CANCEL_ANY = 1 << 2;
const EINTR = 4;
const ECANCELED = 125;
const ETIME = 62;
const EAGAIN = 11;
const EBUSY = 16;

/** Setup flags a Ring accepts: those that do not change how completions are delivered. */
const ALLOWED_SETUP_FLAGS =
  (1 << 4) | // IORING_SETUP_CLAMP
  (1 << 7) | // IORING_SETUP_SUBMIT_ALL
  (1 << 12) | // IORING_SETUP_SINGLE_ISSUER
  (1 << 16); // IORING_SETUP_NO_SQARRAY

const IORING_SETUP_TASKRUN_FLAG = 1 << 9;
const IORING_SETUP_SINGLE_ISSUER = 1 << 12;
const IORING_SETUP_DEFER_TASKRUN = 1 << 13;
const EINVAL = 22;

export interface RingOptions {
  /** Submission queue entries (rounded up to a power of two by the kernel). Default 256. */
  entries?: number;
  /** Completion queue entries (IORING_SETUP_CQSIZE). Default: twice `entries`. */
  cqEntries?: number;
  /** Further IORING_SETUP_* flags: CLAMP, SUBMIT_ALL, SINGLE_ISSUER or NO_SQARRAY. */
  flags?: number;
  /**
   * Run completions as deferred task work (IORING_SETUP_DEFER_TASKRUN with SINGLE_ISSUER and
   * TASKRUN_FLAG), signalled through a registered eventfd: completions from io-wq workers are
   * batched instead of waking the event loop one by one, which is much faster for file I/O.
   * The ring must then be used from the thread that created it (it is, in Node). Default true;
   * falls back to the classic mode on kernels without DEFER_TASKRUN (before 6.1).
   */
  deferTaskrun?: boolean;
}

export interface CloseOptions {
  /**
   * How long to wait, in milliseconds, for operations cancelled by close() to complete (default 5000).
   * Memory of operations still in flight after that stays referenced for the life of the process.
   */
  timeout?: number;
}

/** Memory of operations a closed ring abandoned: the kernel may still use it, so it is never let go. */
const abandoned = new Set<unknown>();

/** Rings not closed yet: their poll handles are closed at process exit, before Node tears the event loop down. */
const openRings = new Set<Ring>();
let exitHook = false;
function stopPollingAtExit(): void {
  for (const r of openRings) r.stopPolling();
}

export class Ring implements OpHost {
  /** The struct io_uring (the checked API can be used on it too, with care: the Ring owns its queues). */
  readonly uring: IoUring;
  /** The fast path over the mapped queues. */
  readonly fast: FastRing;
  /** Submission queue entries. */
  readonly entries: number;
  /** Completion queue entries. */
  readonly cqEntries: number;
  /** Prepares operations without submitting them, for link() and run(). */
  readonly op: OpFactory;

  private readonly sqes: DataView;
  private readonly records: (Op | undefined)[] = [undefined];
  private readonly freeIds: number[] = [];
  private seq = 0;
  private live = 0;
  private readonly poller: ReturnType<typeof koffi.node.poll>;
  private referenced = false;
  private flushScheduled = false;
  private closed = false;
  /** io_uring_queue_exit ran: the mapped queues are gone, nothing may touch them. */
  private exited = false;
  private closePromise: Promise<void> | null = null;
  private drained: (() => void) | null = null;

  private constructor(uring: IoUring, entries: number, cqEntries: number, deferred: boolean) {
    this.uring = uring;
    this.fast = new FastRing(uring, { interop: false });
    this.sqes = this.fast.sqes;
    this.entries = entries;
    this.cqEntries = cqEntries;
    this.op = new OpFactory(this);
    let poller: ReturnType<typeof koffi.node.poll> | null;
    if (deferred) {
      // Completions are posted when this thread enters the kernel; the eventfd says when there is work.
      const efd = sys.eventfd();
      const ret = efd < 0 ? efd : sys.registerEventfd(uring.address, efd);
      if (ret < 0) {
        if (efd >= 0) sys.closeFd(efd);
        io_uring_queue_exit(uring);
        throw new UringError('io_uring_register_eventfd', -ret, 'the Ring needs an eventfd to learn of completions');
      }
      this.eventfd = efd;
      const address = uring.address;
      poller = koffi.node.poll(efd, { readable: true }, () => {
        sys.drainEventfd(efd);
        sys.getEvents(address);
        this.reap();
      });
    } else {
      poller = koffi.node.poll(this.fast.ringFd, { readable: true }, () => this.reap());
    }
    if (!poller) throw new Error('Ring: could not watch the ring with koffi.node.poll');
    this.poller = poller;
    this.deferred = deferred;
    poller.unref();
    openRings.add(this);
    if (!exitHook) {
      exitHook = true;
      // A poll callback during Node's final cleanup could not run JavaScript (and koffi would abort).
      process.once('exit', stopPollingAtExit);
    }
  }

  /** The registered eventfd (deferred mode), or -1. */
  private eventfd = -1;
  /** Whether completions run as deferred task work (IORING_SETUP_DEFER_TASKRUN). */
  readonly deferred: boolean;

  /** A new ring of `entries` SQEs (default 256), ready to use. */
  static async create(options: RingOptions = {}): Promise<Ring> {
    return Ring.createSync(options);
  }

  /** Like create(), synchronously. */
  static createSync(options: RingOptions = {}): Ring {
    const fn = 'Ring.create';
    const entries = options.entries === undefined ? 256 : v.int(fn, 'entries', options.entries, 1, 32768);
    const flags = options.flags === undefined ? 0 : v.u32(fn, 'flags', options.flags);
    if (flags & ~ALLOWED_SETUP_FLAGS) {
      v.refuse(fn, 'flags', 'flags', `0x${flags.toString(16)}`,
        'flags may hold IORING_SETUP_CLAMP, SUBMIT_ALL, SINGLE_ISSUER and NO_SQARRAY only: the Ring reaps completions on the event loop, which SQPOLL, IOPOLL, DEFER_TASKRUN and COOP_TASKRUN change',
        'Use the checked API (io_uring_queue_init_params) for those setups.');
    }
    const cqEntries = options.cqEntries === undefined ? entries * 2 : v.int(fn, 'cqEntries', options.cqEntries, entries, 65536);
    const init = (extra: number): { uring: IoUring; params: IoUringParams } => {
      const params = new IoUringParams();
      params.flags = flags | extra | IORING_SETUP_CQSIZE;
      params.cq_entries = cqEntries;
      const uring = new IoUring();
      io_uring_queue_init_params(entries, uring, params);
      return { uring, params };
    };
    if (options.deferTaskrun ?? true) {
      try {
        const { uring, params } = init(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_TASKRUN_FLAG);
        return new Ring(uring, params.sq_entries, params.cq_entries, true);
      } catch (e) {
        if (!(e instanceof UringError && e.errno === -EINVAL)) throw e;
        // A kernel before 6.1: no DEFER_TASKRUN.
      }
    }
    const { uring, params } = init(0);
    return new Ring(uring, params.sq_entries, params.cq_entries, false);
  }

  /** Operations whose final completion has not arrived yet (the Ring's own cancels and link timers included). */
  get pending(): number {
    return this.live;
  }

  /** Whether close() was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  // ---- submission ----------------------------------------------------------

  /** Submit what is queued now instead of at the end of this event loop turn. Returns how many SQEs were submitted. */
  submit(): number {
    const n = this.flushNow();
    this.reap();
    return n;
  }

  private readonly onImmediate = (): void => {
    this.flushScheduled = false;
    if (this.exited) return;
    this.flushNow();
    this.reap();
  };

  private schedule(): void {
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.onImmediate);
    }
  }

  private flushNow(): number {
    if (this.exited || this.fast.unsubmitted() === 0) return 0;
    let ret: number;
    if (this.deferred) {
      // Completions posted during the submit are reaped right after it: no eventfd wakeup for them.
      // Work deferred meanwhile sets IORING_SQ_TASKRUN, checked once notifications are back on.
      const fast = this.fast;
      fast.setEventfdEnabled(false);
      ret = fast.submit();
      fast.setEventfdEnabled(true);
      if (fast.taskrunPending()) sys.getEvents(fast.address);
    } else {
      ret = this.fast.submit();
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
    let at = this.fast.getSqe();
    if (at < 0) {
      this.flushNow();
      at = this.fast.getSqe();
      if (at < 0) throw new UringError('Ring.submit', EBUSY, 'the submission queue stays full');
    }
    return at;
  }

  /** Make room for `n` SQEs that must go in one submission (a linked chain). */
  private reserve(n: number, fn: string): void {
    if (n > this.fast.sqEntries) {
      v.refuse(fn, 'ops', 'range', `${n} SQEs`, `a linked chain must fit in the submission queue (${this.fast.sqEntries} entries)`, 'Create the Ring with more entries.');
    }
    if (this.fast.sqSpaceLeft() < n) this.flushNow();
    if (this.fast.sqSpaceLeft() < n) throw new UringError(fn, EBUSY, 'the submission queue stays full');
  }

  private register(op: Op): void {
    const id = this.freeIds.length > 0 ? this.freeIds.pop()! : this.records.push(undefined) - 1;
    op.id = id;
    op.owner = this;
    op.gen = this.seq = (this.seq + 1) >>> 0;
    this.records[id] = op;
    if (++this.live === 1 && !this.referenced) {
      this.referenced = true;
      this.poller.ref();
    }
  }

  /** Write `op`'s SQE (and its link timer's), with user_data and flags. `linkNext`: IOSQE_IO_LINK to the SQE after it. */
  private put(op: Op, linkNext: boolean): void {
    const at = this.sqe();
    const d = this.sqes;
    try {
      op.encode(d, at);
    } catch (e) {
      // The slot is taken and will be submitted: make it a NOP whose completion nobody waits for.
      encode_io_uring_prep_nop(d, at);
      d.setFloat64(at + 32, 0, true);
      throw e;
    }
    this.register(op);
    d.setUint32(at + 32, op.id, true);
    d.setUint32(at + 36, op.gen, true);
    const o = op.options;
    let flags = o?.sqeFlags ?? 0;
    if (linkNext || op.linkTimeoutMs > 0) flags |= IOSQE_IO_LINK;
    if (flags !== 0) d.setUint8(at + 1, d.getUint8(at + 1) | flags);
    if (op.linkTimeoutMs > 0) {
      const ts = timespec(op.linkTimeoutMs);
      const timer = new Op('linkTimeout', (sq, a) => encode_io_uring_prep_link_timeout(sq, a, ts, 0), ts, null);
      timer.internal = true;
      timer.linkedTo = op;
      op.linkTimer = timer;
      const t = this.sqe();
      this.register(timer);
      timer.encode(d, t);
      d.setUint32(t + 32, timer.id, true);
      d.setUint32(t + 36, timer.gen, true);
      if (linkNext) d.setUint8(t + 1, d.getUint8(t + 1) | IOSQE_IO_LINK);
    }
  }

  /** Check the options and take the AbortSignal, before anything is written. */
  private prepare(op: Op, options: OpOptions | undefined): AbortSignal | undefined {
    const fn = `Ring.${op.name}`;
    if (this.closed) throw new RingClosedError(fn, 'the ring is closed');
    if (!(op.id === 0 && op.resolve === null && !op.done)) v.refuse(fn, 'op', 'type', 'an operation already started', 'each prepared operation runs once');
    if (options === undefined) return undefined;
    op.options = options;
    if (options.linkTimeout !== undefined) op.linkTimeoutMs = Math.max(v.milliseconds(fn, 'linkTimeout', options.linkTimeout), 0.000001);
    if (options.sqeFlags !== undefined) v.int(fn, 'sqeFlags', options.sqeFlags, 0, 0xff);
    return v.signal(fn, options.signal);
  }

  private arm<T>(op: Op<T>, signal: AbortSignal | undefined): Promise<T> {
    const p = new Promise<T>((resolve, reject) => {
      op.resolve = resolve;
      op.reject = reject;
    });
    if (op.retained !== null) retain(op.retained, 1);
    if (signal) {
      op.onAbort = () => this.abort(op as Op, signal.reason);
      signal.addEventListener('abort', op.onAbort, { once: true });
    }
    return p;
  }

  /** Start one prepared operation. */
  start<T>(op: Op<T>, options?: OpOptions): Promise<T> {
    let signal: AbortSignal | undefined;
    try {
      signal = this.prepare(op as Op, options);
    } catch (e) {
      return Promise.reject(e);
    }
    if (signal?.aborted) return Promise.reject(new AbortError(`Ring.${op.name} was aborted before it started`, { cause: signal.reason }));
    try {
      if ((op as Op).linkTimeoutMs > 0) this.reserve(2, `Ring.${op.name}`); // the operation and its timer go together
      this.put(op as Op, false);
    } catch (e) {
      return Promise.reject(e);
    }
    const p = this.arm(op, signal);
    this.schedule();
    return p;
  }

  /** Prepare with `make` (whose argument checks may throw) and start: a broken argument rejects the Promise. */
  private call<T>(make: () => PreparedOp<T>, options: OpOptions | undefined): Promise<T> {
    let op: PreparedOp<T>;
    try {
      op = make();
    } catch (e) {
      return Promise.reject(e);
    }
    return this.start(op as Op<T>, options);
  }

  /** Run an operation prepared with `ring.op.*`. */
  run<T>(op: PreparedOp<T>, options?: OpOptions): Promise<T> {
    if (!(op instanceof Op)) return Promise.reject(v.refuse('Ring.run', 'op', 'type', typeof op, 'op must come from ring.op.*'));
    return this.start(op as Op<T>, options ?? (op as Op<T>).options);
  }

  /**
   * Run operations as one linked chain (IOSQE_IO_LINK): each starts after the one before it
   * succeeded; when one fails, the rest complete with ECANCELED. Returns one Promise per
   * operation, in order (await them with Promise.all or Promise.allSettled). Options given
   * to `ring.op.*` (signal, linkTimeout) apply to their operation.
   */
  link<const T extends readonly PreparedOp<unknown>[]>(ops: T): { [K in keyof T]: Promise<T[K] extends PreparedOp<infer R> ? R : never> } {
    const fn = 'Ring.link';
    const fail = (e: unknown) => ops.map(() => Promise.reject(e)) as never;
    if (!Array.isArray(ops) || ops.length === 0) v.refuse(fn, 'ops', 'type', String(ops), 'ops must be a non-empty array of operations from ring.op.*');
    const list = ops as readonly PreparedOp<unknown>[];
    let total = 0;
    const signals: (AbortSignal | undefined)[] = [];
    try {
      for (const op of list) {
        if (!(op instanceof Op)) v.refuse(fn, 'ops', 'type', typeof op, 'each operation must come from ring.op.*');
        signals.push(this.prepare(op, op.options));
        total += op.linkTimeoutMs > 0 ? 2 : 1;
      }
      this.reserve(total, fn);
    } catch (e) {
      return fail(e);
    }
    const promises: Promise<unknown>[] = [];
    list.forEach((p, i) => {
      const op = p as Op;
      op.chained = i > 0;
      promises.push(this.arm(op, signals[i]));
    });
    list.forEach((p, i) => this.put(p as Op, i < list.length - 1));
    // An operation whose signal was aborted already is cancelled as soon as it is submitted.
    list.forEach((p, i) => {
      if (signals[i]?.aborted) this.abort(p as Op, signals[i]!.reason);
    });
    this.schedule();
    return promises as never;
  }

  // ---- cancellation ------------------------------------------------------------

  /** Queue an IORING_OP_ASYNC_CANCEL for `target` (by its user_data), or for everything with IORING_ASYNC_CANCEL_ANY. */
  private cancelOp(target: Op | null, flags: number, then?: (res: number) => void): void {
    const userData = target ? (BigInt(target.gen) << 32n) | BigInt(target.id) : 0n;
    const c = new Op<number>('cancel', (d, at) => encode_io_uring_prep_cancel64(d, at, userData, flags), null, null);
    c.internal = true;
    c.onResult = then ?? null;
    this.put(c as Op, false);
    this.schedule();
  }

  private abort(op: Op, reason: unknown): void {
    if (op.done || op.aborted) return;
    op.aborted = true;
    op.abortReason = reason;
    if (this.closed) return; // close() cancels everything already
    this.cancelOp(op, 0);
  }

  /**
   * Cancel an operation of this Ring (IORING_OP_ASYNC_CANCEL), given as prepared with
   * `ring.op.*` and started with run() or link(): its Promise rejects with a UringError of
   * code ECANCELED. Resolves with true when the kernel found it in flight, false when it had
   * completed already. (An AbortSignal in the operation's options does the same.)
   */
  cancel(target: PreparedOp<unknown>): Promise<boolean> {
    if (!(target instanceof Op) || target.owner !== this) {
      return Promise.reject(v.refuse('Ring.cancel', 'target', 'type', typeof target, 'target must be an operation of this Ring, from ring.op.*, started with run() or link()'));
    }
    const op = target as Op;
    if (op.done || op.id === 0) return Promise.resolve(false);
    if (this.closed) return Promise.reject(new RingClosedError('Ring.cancel', 'the ring is closed'));
    return new Promise((resolve) => {
      this.cancelOp(op, 0, (res) => resolve(res >= 0 || res === -114 /* EALREADY */));
    });
  }

  /** Cancel every operation on file descriptor `fd` (IORING_ASYNC_CANCEL_FD | ALL). Resolves with how many were cancelled. */
  cancelFd(fd: number): Promise<number> {
    const f = v.fd('Ring.cancelFd', fd);
    const op = new Op<number>('cancelFd', (d, at) => encode_io_uring_prep_cancel_fd(d, at, f, IORING_ASYNC_CANCEL_ALL), null, null);
    op.okErrno = 2; // ENOENT: nothing to cancel
    return this.start(op);
  }

  // ---- completion ----------------------------------------------------------------

  private readonly visit = (lo: number, res: number, flags: number, _at: number, hi: number): void => {
    const op = this.records[lo];
    if (op === undefined || op.gen !== hi) return;
    if (flags & IORING_CQE_F_MORE) {
      op.stream?.more(res, flags);
      return;
    }
    this.records[lo] = undefined;
    this.freeIds.push(lo);
    this.live--;
    op.done = true;
    this.complete(op, res, flags);
  };

  /** Read every ready completion and settle what it completes. Runs when the ring fd is readable, and after each submit. */
  private reap(): void {
    if (this.exited) return; // the rings are unmapped
    const fast = this.fast;
    for (;;) {
      const n = fast.forEachCqe(this.visit);
      if (fast.cqOverflowPending() || (this.deferred && fast.taskrunPending())) {
        // Completions wait in the kernel (an overflowed CQ, or deferred task work): io_uring_submit
        // enters with IORING_ENTER_GETEVENTS, which posts them.
        fast.submit();
        continue;
      }
      if (n === 0) break;
    }
    if (this.live === 0) {
      if (this.referenced) {
        this.referenced = false;
        this.poller.unref();
      }
      if (this.drained) this.drained();
    }
  }

  private complete(op: Op, res: number, flags: number): void {
    if (op.onAbort) {
      op.options?.signal?.removeEventListener('abort', op.onAbort);
      op.onAbort = null;
    }
    if (op.retained !== null) {
      retain(op.retained, -1);
      op.retained = null;
    }
    op.hold = null;
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
        this.settle(main, main.deferredRes, main.deferredFlags);
      }
      return;
    }
    if (op.stream) {
      op.stream.final(op, res, flags, () => this.errorOf(op, res));
      return;
    }
    if (op.linkTimer && res === -ECANCELED && !op.linkTimer.done) {
      op.deferred = true;
      op.deferredRes = res;
      op.deferredFlags = flags;
      return;
    }
    this.settle(op, res, flags);
  }

  private settle(op: Op, res: number, flags: number): void {
    const resolve = op.resolve;
    if (resolve === null) return;
    op.resolve = null;
    if (res >= 0) {
      try {
        resolve(op.map ? op.map(res, flags) : res);
      } catch (e) {
        op.reject!(e);
      }
    } else if (res === -op.okErrno) {
      resolve(op.map ? op.map(0, flags) : 0);
    } else {
      op.reject!(this.errorOf(op, res));
    }
  }

  private errorOf(op: Op, res: number): Error {
    const errno = -res;
    const fn = `Ring.${op.name}`;
    const cancelled = errno === ECANCELED || errno === EINTR;
    if (cancelled && op.closing) return new RingClosedError(fn, 'the ring was closed while the operation was in flight, and it was cancelled');
    if (cancelled && op.aborted) return new AbortError(`${fn} was aborted`, { cause: op.abortReason });
    if (errno === ECANCELED && op.linkTimer?.timerRes === -ETIME) {
      return new UringError(fn, ETIME, `its linkTimeout of ${op.linkTimeoutMs} ms expired before it completed, and the kernel cancelled it`);
    }
    if (errno === ECANCELED && op.chained) return new UringError(fn, errno, 'an earlier operation of its linked chain failed or was cancelled, so it did not run');
    return new UringError(fn, errno, null, op.where);
  }

  // ---- closing ------------------------------------------------------------------

  /**
   * Close the ring: new operations are refused, operations in flight are cancelled
   * (IORING_ASYNC_CANCEL_ANY) and their Promises reject with RingClosedError (those that
   * complete anyway resolve as usual), multishot iterators throw RingClosedError, then
   * the ring is exited. Resolves when all that is done.
   */
  close(options: CloseOptions = {}): Promise<void> {
    this.closePromise ??= this.closeRing(options.timeout === undefined ? 5000 : v.milliseconds('Ring.close', 'timeout', options.timeout));
    return this.closePromise;
  }

  /** How many Rings are open (created and not closed) in this process. */
  static get openCount(): number {
    return openRings.size;
  }

  private polling = true;
  /** @internal Stop watching the ring (at close, and at process exit). */
  stopPolling(): void {
    if (!this.polling) return;
    this.polling = false;
    this.poller.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private async closeRing(timeoutMs: number): Promise<void> {
    this.closed = true;
    if (this.live > 0) {
      for (const op of this.records) if (op) op.closing = true;
      this.cancelOp(null, IORING_ASYNC_CANCEL_ANY);
      this.flushNow();
      this.reap();
      if (this.live > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          this.drained = resolve;
          timer = setTimeout(resolve, timeoutMs);
        });
        clearTimeout(timer);
        this.drained = null;
      }
    }
    // Whatever is still in flight may still be used by the kernel: keep its memory forever.
    for (let i = 0; i < this.records.length; i++) {
      const op = this.records[i];
      if (!op) continue;
      abandoned.add(op.hold);
      this.records[i] = undefined;
      op.done = true;
      const err = new RingClosedError(`Ring.${op.name}`, `the ring was closed and the operation did not complete within ${timeoutMs} ms; its memory stays referenced`);
      if (op.stream) op.stream.final(op, -ECANCELED, 0, () => err);
      else if (op.reject && op.resolve) {
        op.resolve = null;
        op.reject(err);
      }
    }
    this.live = 0;
    this.stopPolling();
    this.exited = true;
    io_uring_queue_exit(this.uring);
    if (this.eventfd >= 0) sys.closeFd(this.eventfd);
    openRings.delete(this);
  }

  // ---- operations ---------------------------------------------------------------

  /** IORING_OP_NOP: completes with nothing done. */
  nop(options?: OpOptions): Promise<void> {
    return this.start(this.op.nop() as Op<void>, options);
  }

  /** Read into `buffer` (all of it at most; pass a subarray to read less) from `fd` at `position` (null or -1: the current position). Resolves with the bytes read, 0 at end of file. */
  read(fd: number, buffer: Memory, position: number | bigint | null = -1, options?: OpOptions): Promise<number> {
    let op: PreparedOp<number>;
    try {
      op = this.op.read(fd, buffer, position);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.start(op as Op<number>, options);
  }

  /** Write all of `buffer` to `fd` at `position` (null or -1: the current position). Resolves with the bytes written. */
  write(fd: number, buffer: Memory, position: number | bigint | null = -1, options?: OpOptions): Promise<number> {
    let op: PreparedOp<number>;
    try {
      op = this.op.write(fd, buffer, position);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.start(op as Op<number>, options);
  }

  /** preadv(2) into `buffers`, in order. Resolves with the bytes read. */
  readv(fd: number, buffers: Memory[], position: number | bigint | null = -1, options?: OpOptions): Promise<number> {
    return this.call(() => this.op.readv(fd, buffers, position), options);
  }

  /** pwritev(2) of `buffers`, in order. Resolves with the bytes written. */
  writev(fd: number, buffers: Memory[], position: number | bigint | null = -1, options?: OpOptions): Promise<number> {
    return this.call(() => this.op.writev(fd, buffers, position), options);
  }

  /** Read into (a subarray of) registered buffer `bufIndex` (IORING_OP_READ_FIXED). See registerBuffers(). */
  readFixed(fd: number, buffer: Memory, position: number | bigint | null, bufIndex: number, options?: OpOptions): Promise<number> {
    return this.call(() => this.op.readFixed(fd, buffer, position, bufIndex), options);
  }

  /** Write (a subarray of) registered buffer `bufIndex` (IORING_OP_WRITE_FIXED). See registerBuffers(). */
  writeFixed(fd: number, buffer: Memory, position: number | bigint | null, bufIndex: number, options?: OpOptions): Promise<number> {
    return this.call(() => this.op.writeFixed(fd, buffer, position, bufIndex), options);
  }

  /** fsync(2), or fdatasync(2) with `datasync: true`. */
  fsync(fd: number, options?: OpOptions & { datasync?: boolean }): Promise<void> {
    return this.call(() => this.op.fsync(fd, options), options);
  }

  /** fallocate(2). */
  fallocate(fd: number, mode: number, offset: number | bigint, length: number | bigint, options?: OpOptions): Promise<void> {
    return this.call(() => this.op.fallocate(fd, mode, offset, length), options);
  }

  /** openat(2); resolves with the new fd. `flags`: Node's ('r', 'w+', ...; with O_CLOEXEC) or O_* bits. */
  openat(path: string, flags: string | number = 'r', mode = 0o666, options?: OpOptions & { dirfd?: number }): Promise<number> {
    return this.call(() => this.op.openat(path, flags, mode, options), options);
  }

  /** Alias of openat(). */
  open(path: string, flags: string | number = 'r', mode = 0o666, options?: OpOptions & { dirfd?: number }): Promise<number> {
    return this.openat(path, flags, mode, options);
  }

  /** close(2) of a file descriptor (IORING_OP_CLOSE). (close() without arguments closes the Ring.) */
  closeFd(fd: number, options?: OpOptions): Promise<void> {
    return this.call(() => this.op.closeFd(fd), options);
  }

  /** statx(2); resolves with a StatxResult (fs.Stats-like, times in ms, with `raw`). */
  statx(path: string, options?: OpOptions & { dirfd?: number; flags?: number; mask?: number }): Promise<StatxResult> {
    return this.call(() => this.op.statx(path, options), options);
  }

  /** unlinkat(2) of a file, or of an empty directory with `directory: true`. */
  unlink(path: string, options?: OpOptions & { dirfd?: number; directory?: boolean }): Promise<void> {
    return this.call(() => this.op.unlink(path, options), options);
  }

  /** renameat2(2). */
  rename(oldPath: string, newPath: string, options?: OpOptions & { olddirfd?: number; newdirfd?: number; flags?: number }): Promise<void> {
    return this.call(() => this.op.rename(oldPath, newPath, options), options);
  }

  /** mkdirat(2). */
  mkdir(path: string, mode = 0o777, options?: OpOptions & { dirfd?: number }): Promise<void> {
    return this.call(() => this.op.mkdir(path, mode, options), options);
  }

  /** socket(2) (with SOCK_CLOEXEC unless `cloexec: false`); resolves with the new fd. */
  socket(domain: number, type: number, protocol = 0, options?: OpOptions & { cloexec?: boolean }): Promise<number> {
    return this.call(() => this.op.socket(domain, type, protocol, options), options);
  }

  /** connect(2) to { host, port }. */
  connect(fd: number, address: SocketAddress, options?: OpOptions): Promise<void> {
    return this.call(() => this.op.connect(fd, address), options);
  }

  /** bind(2) to { host, port } (IORING_OP_BIND, Linux 6.11+). With `reuseAddress`, SO_REUSEADDR is set first (setsockopt, synchronously). */
  bind(fd: number, address: SocketAddress, options?: OpOptions & { reuseAddress?: boolean }): Promise<void> {
    return this.call(() => {
      const op = this.op.bind(fd, address, options);
      if (options?.reuseAddress) sys.setReuseAddress(fd);
      return op;
    }, options);
  }

  /** listen(2) (IORING_OP_LISTEN, Linux 6.11+). */
  listen(fd: number, backlog = 511, options?: OpOptions): Promise<void> {
    return this.call(() => this.op.listen(fd, backlog), options);
  }

  /** The local address of a socket (getsockname(2), synchronously): e.g. the port the kernel picked for port 0. */
  localAddress(fd: number): { family: 'IPv4' | 'IPv6'; address: string; port: number } {
    const f = v.fd('Ring.localAddress', fd);
    const sa = sys.getsockname(f);
    if (typeof sa === 'number') throw new UringError('getsockname', -sa);
    const a = decodeSockaddr(sa);
    if (!a) throw new UringError('getsockname', 97 /* EAFNOSUPPORT */, 'not an IPv4 or IPv6 socket');
    return a;
  }

  /** accept4(2); resolves with the accepted socket's fd. */
  accept(fd: number, options?: OpOptions & { flags?: number }): Promise<number> {
    return this.call(() => this.op.accept(fd, options), options);
  }

  /** send(2) of `buffer`; resolves with the bytes sent. */
  send(fd: number, buffer: Memory, options?: OpOptions & { flags?: number }): Promise<number> {
    return this.call(() => this.op.send(fd, buffer, options), options);
  }

  /** recv(2) into `buffer`; resolves with the bytes received (0 when the peer shut down). */
  recv(fd: number, buffer: Memory, options?: OpOptions & { flags?: number }): Promise<number> {
    return this.call(() => this.op.recv(fd, buffer, options), options);
  }

  /** sendmsg(2) of `buffers`. */
  sendmsg(fd: number, buffers: Memory[], options?: OpOptions & { flags?: number; address?: SocketAddress }): Promise<number> {
    return this.call(() => this.op.sendmsg(fd, buffers, options), options);
  }

  /** recvmsg(2) into `buffers`. */
  recvmsg(fd: number, buffers: Memory[], options?: OpOptions & { flags?: number }): Promise<number> {
    return this.call(() => this.op.recvmsg(fd, buffers, options), options);
  }

  /** shutdown(2). */
  shutdown(fd: number, how: number, options?: OpOptions): Promise<void> {
    return this.call(() => this.op.shutdown(fd, how), options);
  }

  /** Wait until `fd` is ready for `events` (POLLIN 1 by default); resolves with the ready events. */
  poll(fd: number, events = 1, options?: OpOptions): Promise<number> {
    return this.call(() => this.op.poll(fd, events), options);
  }

  /** splice(2); resolves with the bytes moved. */
  splice(fdIn: number, offIn: number | bigint | null, fdOut: number, offOut: number | bigint | null, length: number, options?: OpOptions & { flags?: number }): Promise<number> {
    return this.call(() => this.op.splice(fdIn, offIn, fdOut, offOut, length, options), options);
  }

  /** Resolves after `ms` milliseconds (IORING_OP_TIMEOUT), or once `count` other completions were posted. */
  timeout(ms: number, options?: OpOptions & { count?: number; absolute?: boolean }): Promise<void> {
    return this.call(() => this.op.timeout(ms, options), options);
  }

  // ---- registered buffers and buffer rings ------------------------------------------

  private fixedBuffers: Memory[] = [];

  /** @internal */
  registeredBuffer(index: number): Memory | undefined {
    return this.fixedBuffers[index];
  }

  /**
   * Register `buffers` with the kernel (io_uring_register_buffers) for readFixed/writeFixed,
   * which then skip mapping the memory on every request. They stay referenced until
   * unregisterBuffers() or close(). Registered memory counts against RLIMIT_MEMLOCK.
   */
  registerBuffers(buffers: Memory[]): void {
    const fn = 'Ring.registerBuffers';
    if (this.closed) throw new RingClosedError(fn, 'the ring is closed');
    const bufs = v.memoryList(fn, 'buffers', buffers).slice();
    if (this.fixedBuffers.length) v.refuse(fn, 'buffers', 'relation', 'buffers are registered already', 'call unregisterBuffers() first');
    const iov = new BigUint64Array(bufs.length * 2);
    bufs.forEach((b, i) => {
      iov[2 * i] = addressOf(b);
      iov[2 * i + 1] = BigInt(b.byteLength);
    });
    const ret = sys.registerBuffers(this.uring.address, iov, bufs.length);
    if (ret < 0) throw new UringError('io_uring_register_buffers', -ret, ret === -12 ? 'RLIMIT_MEMLOCK is too low for these buffers (ulimit -l)' : null);
    this.fixedBuffers = bufs;
  }

  /** Unregister the buffers of registerBuffers(). */
  unregisterBuffers(): void {
    // After close() the fd number may belong to another ring: never pass it to C again.
    if (this.closed) throw new RingClosedError('Ring.unregisterBuffers', 'the ring is closed (its buffers were unregistered with it)');
    if (!this.fixedBuffers.length) return;
    const ret = sys.unregisterBuffers(this.uring.address);
    if (ret < 0) throw new UringError('io_uring_unregister_buffers', -ret);
    this.fixedBuffers = [];
  }

  private bufferRings = new Set<BufferRing>();
  private nextBgid = 0;

  /** A ring of provided buffers (io_uring_register_buf_ring) for recvMultishot. */
  createBufferRing(options: BufferRingOptions = {}): BufferRing {
    if (this.closed) throw new RingClosedError('Ring.createBufferRing', 'the ring is closed');
    const br = new BufferRing(this.uring.address, this.nextBgid++ & 0xffff, options);
    this.bufferRings.add(br);
    return br;
  }

  /** Unregister a buffer ring once no recvMultishot uses it. */
  freeBufferRing(br: BufferRing): void {
    if (br.users > 0) v.refuse('Ring.freeBufferRing', 'bufferRing', 'relation', `used by ${br.users} multishot recv(s)`, 'stop the recvMultishot iterations that use it first');
    if (!this.closed) br.unregister();
    this.bufferRings.delete(br);
  }

  // ---- multishot ----------------------------------------------------------------

  /** Start a multishot operation (no Promise: its completions go to `sink`). */
  private startStream(op: Op, sink: MultishotSink): Op {
    if (this.closed) throw new RingClosedError(`Ring.${op.name}`, 'the ring is closed');
    op.stream = sink;
    this.put(op, false);
    this.schedule();
    return op;
  }

  /**
   * Accept connections on listening socket `fd` with one multishot accept (IORING_ACCEPT_MULTISHOT):
   * yields each accepted socket's fd (with SOCK_CLOEXEC). Leaving the loop cancels the accept;
   * connections accepted after that are closed.
   */
  acceptMultishot(fd: number, options: { flags?: number; signal?: AbortSignal } = {}): AsyncIterableIterator<number> {
    const fn = 'Ring.acceptMultishot';
    const f = v.fd(fn, fd);
    const flags = options.flags === undefined ? SOCK_CLOEXEC : v.int(fn, 'flags', options.flags, 0, 0x7fffffff);
    const signal = v.signal(fn, options.signal);
    const it = new MultishotIterator<number>({
      arm: (sink) => {
        const op = new Op<number>('acceptMultishot', (d, at) => encode_io_uring_prep_multishot_accept(d, at, f, null, null, flags), null, null);
        return this.startStream(op as Op, sink);
      },
      cancel: (op) => this.cancelOp(op, 0),
      step: (res): Step<number> => (res >= 0 ? { kind: 'value', value: res } : { kind: 'fail' }),
      dispose: (acceptedFd) => closeQuietly(acceptedFd),
    });
    if (signal) abortIterator(it, signal);
    return it;
  }

  /**
   * Receive from socket `fd` with one multishot recv (IORING_RECV_MULTISHOT) into the buffers
   * of a buffer ring: yields each chunk received, copied into its own Buffer (the kernel's buffer
   * goes back to the ring at once). Ends when the peer shuts down. Without `bufferRing`, one of
   * `count` buffers of `size` bytes is created for the iteration and freed after it.
   */
  recvMultishot(fd: number, options: BufferRingOptions & { bufferRing?: BufferRing; flags?: number; signal?: AbortSignal } = {}): AsyncIterableIterator<Buffer> {
    const fn = 'Ring.recvMultishot';
    const f = v.fd(fn, fd);
    const flags = options.flags === undefined ? 0 : v.u32(fn, 'flags', options.flags);
    const signal = v.signal(fn, options.signal);
    if (this.closed) throw new RingClosedError(fn, 'the ring is closed');
    const own = options.bufferRing === undefined;
    const br = options.bufferRing ?? this.createBufferRing(options);
    if (!br.isRegistered || !this.bufferRings.has(br)) v.refuse(fn, 'bufferRing', 'relation', 'a buffer ring of another Ring, or freed', 'bufferRing must come from this Ring\'s createBufferRing()');
    br.users++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      br.users--;
      if (own) this.freeBufferRing(br);
    };
    const it = new MultishotIterator<Buffer>({
      arm: (sink) => {
        const op = new Op<number>('recvMultishot', (d, at) => {
          encode_io_uring_prep_recv_multishot(d, at, f, null, 0, flags);
          // io_uring_sqe_set_flags(IOSQE_BUFFER_SELECT) and io_uring_sqe_set_buf_group(bgid).
          d.setUint8(at + 1, d.getUint8(at + 1) | IOSQE_BUFFER_SELECT);
          d.setUint16(at + 40, br.bgid, true);
        }, br, null);
        return this.startStream(op as Op, sink);
      },
      cancel: (op) => this.cancelOp(op, 0),
      step: (res, cqeFlags, final): Step<Buffer> => {
        if (res > 0 && cqeFlags & IORING_CQE_F_BUFFER) {
          const bid = cqeFlags >>> 16;
          const chunk = Buffer.from(br.view(bid, res));
          br.recycle(bid);
          return { kind: 'value', value: chunk };
        }
        if (cqeFlags & IORING_CQE_F_BUFFER) br.recycle(cqeFlags >>> 16);
        if (res === 0) return final ? { kind: 'end' } : { kind: 'skip' };
        if (res === -ENOBUFS) return { kind: 'rearm' }; // every buffer was in use: they are back now
        return { kind: 'fail' };
      },
      dispose: () => {},
    });
    it.onEnd = release;
    if (signal) abortIterator(it, signal);
    return it;
  }
}

function retain(m: unknown, delta: 1 | -1): void {
  if (Array.isArray(m)) for (const x of m) retainMemory(x as Memory, delta);
  else retainMemory(m as Memory, delta);
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

function abortIterator<T>(it: MultishotIterator<T>, signal: AbortSignal): void {
  const stop = () => void it.return();
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
}

const SOCK_CLOEXEC = 0o2000000;

export { OpFactory, StatxResult, BufferRing };
