/**
 * What a Ring registers with the kernel: fixed buffers (for readFixed and
 * writeFixed) and buffer rings (for recvMultishot). Registered memory stays
 * referenced for as long as the kernel may use it: until it is unregistered,
 * or the ring is closed.
 */
import { ffi } from '../../generated/ffi.js';
import { errnoNumber } from '../errno.js';
import { UringError } from '../errors.js';
import type { Memory } from '../memory.js';
import { BufferRing, type BufferRingOptions } from './buffer-ring.js';
import type { RingCore } from './core.js';
import { RingClosedError } from './errors.js';
import { iovecs } from './op-memory.js';
import * as v from './validate.js';

const ENOMEM = errnoNumber('ENOMEM');

export class Registrations {
  private fixedBuffers: Memory[] = [];
  private readonly bufferRings = new Set<BufferRing>();
  private nextBgid = 0;

  constructor(private readonly core: RingCore) {}

  /** The registered buffer `index`, or undefined. */
  registeredBuffer(index: number): Memory | undefined {
    return this.fixedBuffers[index];
  }

  registerBuffers(buffers: Memory[]): void {
    const fn = 'Ring.registerBuffers';
    if (this.core.closed) throw new RingClosedError(fn, 'the ring is closed');
    const bufs = v.memoryList(fn, 'buffers', buffers).slice();
    if (this.fixedBuffers.length) v.refuse(fn, 'buffers', 'relation', 'buffers are registered already', 'call unregisterBuffers() first');
    const iov = iovecs(bufs);
    const ret = ffi.io_uring_register_buffers(this.core.uring.address, iov.address, bufs.length) as number;
    if (ret < 0) throw new UringError('io_uring_register_buffers', -ret, ret === -ENOMEM ? 'RLIMIT_MEMLOCK is too low for these buffers (ulimit -l)' : null);
    this.fixedBuffers = bufs;
  }

  unregisterBuffers(): void {
    // After close() the fd number may belong to another ring: never pass it to C again.
    if (this.core.closed) throw new RingClosedError('Ring.unregisterBuffers', 'the ring is closed (its buffers were unregistered with it)');
    if (!this.fixedBuffers.length) return;
    const ret = ffi.io_uring_unregister_buffers(this.core.uring.address) as number;
    if (ret < 0) throw new UringError('io_uring_unregister_buffers', -ret);
    this.fixedBuffers = [];
  }

  createBufferRing(options: BufferRingOptions): BufferRing {
    if (this.core.closed) throw new RingClosedError('Ring.createBufferRing', 'the ring is closed');
    const br = new BufferRing(this.core.uring, this.nextBgid++ & v.U16_MAX, options);
    this.bufferRings.add(br);
    return br;
  }

  freeBufferRing(br: BufferRing): void {
    if (br.users > 0) v.refuse('Ring.freeBufferRing', 'bufferRing', 'relation', `used by ${br.users} multishot recv(s)`, 'stop the recvMultishot iterations that use it first');
    if (!this.core.closed) br.unregister();
    this.bufferRings.delete(br);
  }

  /** Whether `br` is a registered buffer ring of this Ring. */
  owns(br: BufferRing): boolean {
    return br.isRegistered && this.bufferRings.has(br);
  }
}
