/**
 * The Ring's multishot operations: what each arms in the kernel and what each
 * of its completions means for the iteration (multishot.ts runs it).
 */
import { closeSync } from 'node:fs';
import { IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IOSQE_BUFFER_SELECT } from '../../generated/constants.js';
import { encode_io_uring_prep_multishot_accept, encode_io_uring_prep_recv_multishot } from '../../generated/wrappers.js';
import { errnoNumber } from '../errno.js';
import type { BufferRing, BufferRingOptions } from './buffer-ring.js';
import type { Canceller } from './cancellation.js';
import * as check from './checks.js';
import type { RingCore } from './core.js';
import { RingClosedError } from './errors.js';
import { MultishotIterator, type Step } from './multishot.js';
import { Op, type MultishotSink } from './op.js';
import type { Registrations } from './registration.js';
import { addFlags, setBufGroup } from './sqe.js';
import type { Submitter } from './submission.js';
import * as v from './validate.js';

const ENOBUFS = errnoNumber('ENOBUFS');

export type RecvMultishotOptions = BufferRingOptions & { bufferRing?: BufferRing; flags?: number; signal?: AbortSignal };

export class Multishots {
  constructor(
    private readonly core: RingCore,
    private readonly submitter: Submitter,
    private readonly canceller: Canceller,
    private readonly registrations: Registrations,
  ) {}

  /** Start a multishot operation (no Promise: its completions go to `sink`). */
  private startStream(op: Op, sink: MultishotSink): Op {
    if (this.core.closed) throw new RingClosedError(op.fn, 'the ring is closed');
    op.stream = sink;
    this.submitter.put(op, false);
    this.submitter.schedule();
    return op;
  }

  accept(fd: number, options: { flags?: number; signal?: AbortSignal }): AsyncIterableIterator<number> {
    const { fd: f, flags, signal } = check.acceptMultishot('Ring.acceptMultishot', this.registrations, fd, options);
    const it = new MultishotIterator<number>({
      arm: (sink) => {
        const op = new Op<number>('acceptMultishot', (d, at) => encode_io_uring_prep_multishot_accept(d, at, f, null, null, flags), null);
        return this.startStream(op as Op, sink);
      },
      cancel: (op) => this.canceller.cancelOp(op, 0),
      step: (res): Step<number> => (res >= 0 ? { kind: 'value', value: res } : { kind: 'fail' }),
      dispose: (acceptedFd) => closeQuietly(acceptedFd),
    });
    if (signal) abortIterator(it, signal);
    return it;
  }

  recv(fd: number, options: RecvMultishotOptions): AsyncIterableIterator<Buffer> {
    const fn = 'Ring.recvMultishot';
    const { fd: f, flags, signal } = check.recvMultishot(fn, this.registrations, fd, options);
    if (this.core.closed) throw new RingClosedError(fn, 'the ring is closed');
    const regs = this.registrations;
    const own = options.bufferRing === undefined;
    const br = options.bufferRing ?? regs.createBufferRing(options);
    if (!regs.owns(br)) v.refuse(fn, 'bufferRing', 'relation', 'a buffer ring of another Ring, or freed', 'bufferRing must come from this Ring\'s createBufferRing()');
    br.users++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      br.users--;
      if (own) regs.freeBufferRing(br);
    };
    const it = new MultishotIterator<Buffer>({
      arm: (sink) => {
        const op = new Op<number>('recvMultishot', (d, at) => {
          encode_io_uring_prep_recv_multishot(d, at, f, null, 0, flags);
          addFlags(d, at, IOSQE_BUFFER_SELECT);
          setBufGroup(d, at, br.bgid);
        }, br);
        return this.startStream(op as Op, sink);
      },
      cancel: (op) => this.canceller.cancelOp(op, 0),
      step: (res, cqeFlags, final): Step<Buffer> => {
        const bid = cqeFlags >>> IORING_CQE_BUFFER_SHIFT;
        if (res > 0 && cqeFlags & IORING_CQE_F_BUFFER) {
          const chunk = Buffer.from(br.view(bid, res));
          br.recycle(bid);
          return { kind: 'value', value: chunk };
        }
        if (cqeFlags & IORING_CQE_F_BUFFER) br.recycle(bid);
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
