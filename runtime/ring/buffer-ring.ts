/**
 * A provided-buffer ring (io_uring_register_buf_ring): `count` buffers of
 * `size` bytes the kernel picks from for recv with IOSQE_BUFFER_SELECT
 * (recvMultishot). The ring of struct io_uring_buf entries lives in
 * page-aligned memory this object owns; buffers are handed back to the kernel
 * with recycle(), which does what io_uring_buf_ring_add and
 * io_uring_buf_ring_advance do: write the entry, then store the new tail with
 * release ordering.
 */
import { allocAligned, addressOf } from '../memory.js';
import { UringError } from '../errors.js';
import { refuse } from './validate.js';
import * as sys from './sys.js';

export interface BufferRingOptions {
  /** How many buffers (a power of two, at most 32768). Default 64. */
  count?: number;
  /** Bytes per buffer. Default 4096. */
  size?: number;
}

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
    private readonly ringAddress: bigint,
    bgid: number,
    options: BufferRingOptions = {},
  ) {
    const fn = 'Ring.createBufferRing';
    const count = options.count ?? 64;
    const size = options.size ?? 4096;
    if (!Number.isInteger(count) || count < 1 || count > 32768 || (count & (count - 1)) !== 0) {
      refuse(fn, 'count', 'powerOfTwo', String(count), 'count must be a power of two from 1 to 32768');
    }
    if (!Number.isInteger(size) || size < 1 || size > 0xffffffff) refuse(fn, 'size', 'range', String(size), 'size must be an integer from 1 to 4294967295');
    this.bgid = bgid;
    this.count = count;
    this.size = size;
    this.entries = allocAligned(count * 16);
    this.dv = new DataView(this.entries.buffer, this.entries.byteOffset, this.entries.byteLength);
    this.tailWord = new Uint16Array(this.entries.buffer, this.entries.byteOffset + 14, 1);
    this.memory = allocAligned(count * size);
    this.base = addressOf(this.memory);
    // struct io_uring_buf_reg: ring_addr, ring_entries, bgid, flags, resv[3].
    const reg = new Uint8Array(40);
    const rd = new DataView(reg.buffer);
    rd.setBigUint64(0, addressOf(this.entries), true);
    rd.setUint32(8, count, true);
    rd.setUint16(12, bgid, true);
    const ret = sys.registerBufRing(ringAddress, reg, 0);
    if (ret < 0) throw new UringError('io_uring_register_buf_ring', -ret, 'the kernel refused the buffer ring (it needs Linux 5.19 or newer)');
    this.registered = true;
    for (let bid = 0; bid < count; bid++) this.put(bid, bid);
    this.publish(count);
  }

  private put(bid: number, slot: number): void {
    const at = ((this.tail + slot) & (this.count - 1)) * 16;
    const addr = this.base + BigInt(bid * this.size);
    this.dv.setBigUint64(at, addr, true);
    this.dv.setUint32(at + 8, this.size, true);
    this.dv.setUint16(at + 12, bid, true);
  }

  private publish(n: number): void {
    this.tail = (this.tail + n) & 0xffff;
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
    sys.unregisterBufRing(this.ringAddress, this.bgid);
  }

  get isRegistered(): boolean {
    return this.registered;
  }
}
