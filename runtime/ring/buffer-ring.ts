/**
 * A provided-buffer ring (io_uring_register_buf_ring): `count` buffers of
 * `size` bytes the kernel picks from for recv with IOSQE_BUFFER_SELECT
 * (recvMultishot). The ring of struct io_uring_buf entries lives in
 * page-aligned memory this object owns; buffers are handed back to the kernel
 * with recycle(), which does what io_uring_buf_ring_add and
 * io_uring_buf_ring_advance do: write the entry, then store the new tail with
 * release ordering.
 */
import { io_uring_buf, io_uring_buf_ring } from '../../generated/layout.js';
import { ffi } from '../../generated/ffi.js';
import { io_uring_register_buf_ring } from '../../generated/wrappers.js';
import { IoUringBufReg, type IoUring } from '../../generated/structs.js';
import { describeValue } from '../describe.js';
import { PreconditionError } from '../errors.js';
import { allocAligned, addressOf } from '../memory.js';
import { refuse, U16_MAX, U32_MAX } from './validate.js';

export interface BufferRingOptions {
  /** How many buffers (a power of two, at most 32768). Default 64. */
  count?: number;
  /** Bytes per buffer. Default 4096. */
  size?: number;
}

const BUF = io_uring_buf.offset;

export class BufferRing {
  /** The buffer group ID recv uses (sqe->buf_group). */
  readonly bgid: number;
  readonly count: number;
  readonly size: number;
  /** The buffers, one after another. */
  readonly memory: Uint8Array;
  private readonly entries: Uint8Array;
  private readonly dv: DataView;
  private readonly tailWord: Uint16Array;
  private readonly base: bigint;
  private tail = 0;
  private registered = false;
  /** Operations using the group now (multishot recvs); it is unregistered only when none does. */
  users = 0;

  /** @internal Use ring.createBufferRing(). */
  constructor(
    private readonly uring: IoUring,
    bgid: number,
    options: BufferRingOptions = {},
  ) {
    const fn = 'Ring.createBufferRing';
    const count = options.count ?? 64;
    const size = options.size ?? 4096;
    // Which counts the kernel takes is io_uring_register_buf_ring's rule, checked by its wrapper
    // below; this only bounds what is allocated before that (the ring's tail is a 16-bit counter).
    if (!Number.isInteger(count) || count < 1 || count > U16_MAX) refuse(fn, 'count', 'range', describeValue(count), `count must be an integer from 1 to ${U16_MAX}, and a power of two the kernel accepts for a buffer ring`);
    if (!Number.isInteger(size) || size < 1 || size > U32_MAX) refuse(fn, 'size', 'range', describeValue(size), `size must be an integer from 1 to ${U32_MAX}`);
    this.bgid = bgid;
    this.count = count;
    this.size = size;
    this.entries = allocAligned(count * io_uring_buf.size);
    this.dv = new DataView(this.entries.buffer, this.entries.byteOffset, this.entries.byteLength);
    this.tailWord = new Uint16Array(this.entries.buffer, this.entries.byteOffset + io_uring_buf_ring.offset.tail, 1);
    this.memory = allocAligned(count * size);
    this.base = addressOf(this.memory);
    const reg = new IoUringBufReg();
    reg.ring_addr = addressOf(this.entries);
    reg.ring_entries = count;
    reg.bgid = bgid;
    try {
      io_uring_register_buf_ring(uring, reg, 0);
    } catch (e) {
      if (e instanceof PreconditionError && e.parameter === 'reg') {
        const asCount = (text: string) => text.replaceAll('reg.ring_entries', 'count');
        refuse(fn, 'count', e.rule, describeValue(count), asCount(e.requirement), asCount(e.hint), e.cCode);
      }
      throw e;
    }
    this.registered = true;
    for (let bid = 0; bid < count; bid++) this.put(bid, bid);
    this.publish(count);
  }

  private put(bid: number, slot: number): void {
    const at = ((this.tail + slot) & (this.count - 1)) * io_uring_buf.size;
    this.dv.setBigUint64(at + BUF.addr, this.base + BigInt(bid * this.size), true);
    this.dv.setUint32(at + BUF.len, this.size, true);
    this.dv.setUint16(at + BUF.bid, bid, true);
  }

  private publish(n: number): void {
    this.tail = (this.tail + n) & U16_MAX;
    Atomics.store(this.tailWord, 0, this.tail);
  }

  /** The first `length` bytes of buffer `bid` (a view: copy it before recycle()). */
  view(bid: number, length: number): Uint8Array {
    return this.memory.subarray(bid * this.size, bid * this.size + Math.min(length, this.size));
  }

  /** Give buffer `bid` back to the kernel. */
  recycle(bid: number): void {
    if (!this.registered) return;
    this.put(bid, 0);
    this.publish(1);
  }

  /** Unregister the group. The Ring does it when no operation uses it any more. */
  unregister(): void {
    if (!this.registered) return;
    this.registered = false;
    ffi.io_uring_unregister_buf_ring(this.uring.address, this.bgid);
  }

  get isRegistered(): boolean {
    return this.registered;
  }
}
