/**
 * Ring: io_uring with Promises, on Node's event loop.
 *
 * Every operation writes its SQE straight into the mapped submission queue
 * (the generated encode_io_uring_prep_* encoders, through FastRing) and
 * returns a Promise; what one turn of the event loop queues goes to the
 * kernel in one io_uring_submit, and completions are read from the mapped
 * completion queue when the ring says it has some (wakeup.ts). Each operation
 * keeps what its SQE points to referenced until its final completion.
 *
 * This class only puts the parts together; each lives in its own module:
 * setup.ts and wakeup.ts (creating the ring, learning of completions),
 * ops.ts and op-methods.ts (the operations), launch.ts and submission.ts
 * (starting them), completion.ts and outcome.ts (their results),
 * cancellation.ts, close.ts, registration.ts and multishot-ops.ts.
 */
import { IORING_ASYNC_CANCEL_ALL } from '../../generated/constants.js';
import { encode_io_uring_prep_cancel_fd } from '../../generated/wrappers.js';
import type { IoUring } from '../../generated/structs.js';
import { errnoNumber } from '../errno.js';
import { UringError } from '../errors.js';
import { FastRing } from '../fast/index.js';
import type { Memory } from '../memory.js';
import { BufferRing, type BufferRingOptions } from './buffer-ring.js';
import { Canceller } from './cancellation.js';
import * as check from './checks.js';
import { Closer } from './close.js';
import { Completer } from './completion.js';
import { RingCore } from './core.js';
import { RingClosedError } from './errors.js';
import { Launcher, type ChainPromises } from './launch.js';
import { getsockname } from './libc.js';
import { Multishots, type RecvMultishotOptions } from './multishot-ops.js';
import { Op, type OpOptions, type PreparedOp } from './op.js';
import { installOpMethods, OpFactory, type RingOpMethods } from './op-methods.js';
import { Registrations } from './registration.js';
import { initRing, type InitializedRing, type RingOptions } from './setup.js';
import { decodeSockaddr } from './sockaddr.js';
import { StatxResult } from './statx-result.js';
import { Submitter } from './submission.js';
import * as v from './validate.js';
import { Wakeup } from './wakeup.js';

export type { OpOptions, PreparedOp } from './op.js';
export type { RingOptions } from './setup.js';

export interface CloseOptions {
  /**
   * How long to wait, in milliseconds, for operations cancelled by close() to complete (default 5000).
   * Memory of operations still in flight after that stays referenced for the life of the process.
   */
  timeout?: number;
}

/** Every operation of ops.ts is a method: `ring.read(fd, buf)`, `ring.openat(path)`... (see RingOpMethods). */
export interface Ring extends RingOpMethods {}

export class Ring {
  /** The struct io_uring (the checked API can be used on it too, with care: the Ring owns its queues). */
  readonly uring: IoUring;
  /** The fast path over the mapped queues. */
  readonly fast: FastRing;
  /** Submission queue entries. */
  readonly entries: number;
  /** Completion queue entries. */
  readonly cqEntries: number;
  /** Whether completions run as deferred task work (IORING_SETUP_DEFER_TASKRUN). */
  readonly deferred: boolean;
  /** Prepares operations without submitting them, for link() and run(). */
  readonly op: OpFactory;

  private readonly core: RingCore;
  private readonly submitter: Submitter;
  private readonly completer: Completer;
  private readonly canceller: Canceller;
  private readonly launcher: Launcher;
  private readonly registrations: Registrations;
  private readonly multishots: Multishots;
  private readonly wakeup: Wakeup;
  private readonly closer: Closer;
  private closePromise: Promise<void> | null = null;

  private constructor(init: InitializedRing) {
    this.uring = init.uring;
    this.entries = init.entries;
    this.cqEntries = init.cqEntries;
    this.deferred = init.deferred;
    this.fast = new FastRing(init.uring, { interop: false });
    this.op = new OpFactory(this);
    const core = (this.core = new RingCore(init.uring, this.fast, init.deferred, (busy) => {
      this.wakeup.setBusy(busy);
      if (!busy) this.closer.idle();
    }));
    const completer = (this.completer = new Completer(core, (op, res) => this.canceller.completed(op, res)));
    const submitter = (this.submitter = new Submitter(core, () => completer.reap()));
    const canceller = (this.canceller = new Canceller(core, submitter));
    this.launcher = new Launcher(core, submitter, canceller);
    this.registrations = new Registrations(core);
    this.multishots = new Multishots(core, submitter, canceller, this.registrations);
    this.wakeup = new Wakeup(init.uring, this.fast.ringFd, init.deferred, () => completer.reap());
    this.closer = new Closer(core, submitter, completer, canceller, this.wakeup);
  }

  /** A new ring of `entries` SQEs (default 256), ready to use. */
  static async create(options: RingOptions = {}): Promise<Ring> {
    return Ring.createSync(options);
  }

  /** Like create(), synchronously. */
  static createSync(options: RingOptions = {}): Ring {
    return new Ring(initRing(options));
  }

  /** How many Rings are open (created and not closed) in this process. */
  static get openCount(): number {
    return Wakeup.openCount;
  }

  /** Operations whose final completion has not arrived yet (the Ring's own cancels and link timers included). */
  get pending(): number {
    return this.core.pending;
  }

  /** Whether close() was called. */
  get isClosed(): boolean {
    return this.core.closed;
  }

  // ---- starting operations ---------------------------------------------------

  /** Submit what is queued now instead of at the end of this event loop turn. Returns how many SQEs were submitted. */
  submit(): number {
    const n = this.submitter.flush();
    this.completer.reap();
    return n;
  }

  /** Start one prepared operation. */
  start<T>(op: Op<T>, options?: OpOptions): Promise<T> {
    return this.launcher.start(op, options);
  }

  /** Run an operation prepared with `ring.op.*`. */
  run<T>(op: PreparedOp<T>, options?: OpOptions): Promise<T> {
    return this.launcher.run(op, options);
  }

  /**
   * Run operations as one linked chain (IOSQE_IO_LINK): each starts after the one before it
   * succeeded; when one fails, the rest complete with ECANCELED. Returns one Promise per
   * operation, in order (await them with Promise.all or Promise.allSettled). Options given
   * to `ring.op.*` (signal, linkTimeout) apply to their operation. Aborting a member that has
   * not started cancels the chain up to it (see the README's "Cancelling").
   */
  link<const T extends readonly PreparedOp<unknown>[]>(ops: T): ChainPromises<T> {
    return this.launcher.link(ops);
  }

  // ---- cancellation ------------------------------------------------------------

  /**
   * Cancel an operation of this Ring, prepared with `ring.op.*` and started with run() or link():
   * its Promise rejects with a UringError of code ECANCELED, unless it had already started and
   * completes anyway. Resolves, once the operation's final completion arrived, with true when it
   * was cancelled (it did not complete its work), false when it completed. A linked member that
   * has not started is stopped by cancelling its chain up to it, as an AbortSignal does.
   */
  cancel(target: PreparedOp<unknown>): Promise<boolean> {
    if (!(target instanceof Op) || target.owner !== this.core) {
      return Promise.reject(v.refuse('Ring.cancel', 'target', 'type', typeof target, 'target must be an operation of this Ring, from ring.op.*, started with run() or link()'));
    }
    const op = target as Op;
    if (op.done || op.id === 0) return Promise.resolve(false);
    if (this.core.closed) return Promise.reject(new RingClosedError('Ring.cancel', 'the ring is closed'));
    return this.canceller.cancel(op);
  }

  /** Cancel every operation on file descriptor `fd` (IORING_ASYNC_CANCEL_FD | ALL). Resolves with how many were cancelled. */
  cancelFd(fd: number): Promise<number> {
    let f: number;
    try {
      f = check.cancelFd('Ring.cancelFd', this, fd).fd;
    } catch (e) {
      return Promise.reject(e);
    }
    const op = new Op<number>('cancelFd', (d, at) => encode_io_uring_prep_cancel_fd(d, at, f, IORING_ASYNC_CANCEL_ALL), null);
    op.okErrno = errnoNumber('ENOENT'); // nothing to cancel
    return this.start(op);
  }

  // ---- closing -------------------------------------------------------------------

  /**
   * Close the ring: new operations are refused, operations in flight are cancelled
   * (IORING_ASYNC_CANCEL_ANY) and their Promises reject with RingClosedError (those that
   * complete anyway resolve as usual), multishot iterators throw RingClosedError, then
   * the ring is exited. Resolves when all that is done.
   */
  close(options: CloseOptions = {}): Promise<void> {
    if (!this.closePromise) {
      let timeout: number;
      try {
        timeout = options.timeout === undefined ? 5000 : v.milliseconds('Ring.close', 'timeout', options.timeout);
      } catch (e) {
        return Promise.reject(e);
      }
      this.closePromise = this.closer.close(timeout);
    }
    return this.closePromise;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // ---- sockets -------------------------------------------------------------------

  /** The local address of a socket (getsockname(2), synchronously): e.g. the port the kernel picked for port 0. */
  localAddress(fd: number): { family: 'IPv4' | 'IPv6'; address: string; port: number } {
    const sa = getsockname(v.fd('Ring.localAddress', fd));
    if (typeof sa === 'number') throw new UringError('getsockname', -sa);
    const a = decodeSockaddr(sa);
    if (!a) throw new UringError('getsockname', errnoNumber('EAFNOSUPPORT'), 'not an IPv4 or IPv6 socket');
    return a;
  }

  // ---- registered buffers and buffer rings ------------------------------------------

  /** @internal */
  registeredBuffer(index: number): Memory | undefined {
    return this.registrations.registeredBuffer(index);
  }

  /**
   * Register `buffers` with the kernel (io_uring_register_buffers) for readFixed/writeFixed,
   * which then skip mapping the memory on every request. They stay referenced until
   * unregisterBuffers() or close(). Registered memory counts against RLIMIT_MEMLOCK.
   */
  registerBuffers(buffers: Memory[]): void {
    this.registrations.registerBuffers(buffers);
  }

  /** Unregister the buffers of registerBuffers(). */
  unregisterBuffers(): void {
    this.registrations.unregisterBuffers();
  }

  /** A ring of provided buffers (io_uring_register_buf_ring) for recvMultishot. */
  createBufferRing(options: BufferRingOptions = {}): BufferRing {
    return this.registrations.createBufferRing(options);
  }

  /** Unregister a buffer ring once no recvMultishot uses it. */
  freeBufferRing(br: BufferRing): void {
    this.registrations.freeBufferRing(br);
  }

  // ---- multishot ----------------------------------------------------------------

  /**
   * Accept connections on listening socket `fd` with one multishot accept (IORING_ACCEPT_MULTISHOT):
   * yields each accepted socket's fd (with SOCK_CLOEXEC). Leaving the loop cancels the accept;
   * connections accepted after that are closed.
   */
  acceptMultishot(fd: number, options: { flags?: number; signal?: AbortSignal } = {}): AsyncIterableIterator<number> {
    return this.multishots.accept(fd, options);
  }

  /**
   * Receive from socket `fd` with one multishot recv (IORING_RECV_MULTISHOT) into the buffers
   * of a buffer ring: yields each chunk received, copied into its own Buffer (the kernel's buffer
   * goes back to the ring at once). Ends when the peer shuts down. Without `bufferRing`, one of
   * `count` buffers of `size` bytes is created for the iteration and freed after it.
   */
  recvMultishot(fd: number, options: RecvMultishotOptions = {}): AsyncIterableIterator<Buffer> {
    return this.multishots.recv(fd, options);
  }
}

installOpMethods(Ring.prototype);

export { OpFactory, StatxResult, BufferRing };
