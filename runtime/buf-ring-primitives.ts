/**
 * liburing.h's buffer ring helpers in JavaScript (io_uring_buf_ring_*): the
 * ring of provided buffers is memory shared with the kernel, whose tail we
 * publish with release ordering (the kernel reads the entries below it).
 * Building blocks of the schema's `js` implementations; see ring-primitives.ts.
 */
import { io_uring_buf, io_uring_buf_ring } from '../generated/layout.js';
import { addressOf, type Memory } from './memory.js';
import { structView, type Struct } from './struct.js';

const TAIL = io_uring_buf_ring.offset.tail;
const BUFS = io_uring_buf_ring.offset.bufs;
const BUF_SIZE = io_uring_buf.size;
const ADDR = io_uring_buf.offset.addr;
const LEN = io_uring_buf.offset.len;
const BID = io_uring_buf.offset.bid;

/** br->tail, read plainly: only this thread writes it. */
export function bufRingTail(br: Struct): number {
  return structView(br).getUint16(TAIL, true);
}

/** Store the tail with release ordering (an atomic store; a DataView store where the tail is not 2-byte aligned, which C never has). */
function storeTail(d: DataView, tail: number): void {
  const at = d.byteOffset + TAIL;
  if (at % 2 === 0) Atomics.store(new Uint16Array(d.buffer, at, 1), 0, tail);
  else d.setUint16(TAIL, tail, true);
}

/** io_uring_buf_ring_init: br->tail = 0. */
export function bufRingInit(br: Struct): void {
  structView(br).setUint16(TAIL, 0, true);
}

/** io_uring_buf_ring_mask: ring_entries - 1, as C's int. */
export function bufRingMask(ringEntries: number): number {
  return (ringEntries - 1) | 0;
}

/** io_uring_buf_ring_add: the buffer in slot (tail + buf_offset) & mask; not visible to the kernel until an advance. */
export function bufRingAdd(br: Struct, addr: Memory, len: number, bid: number, mask: number, bufOffset: number): void {
  const d = structView(br);
  const at = BUFS + ((d.getUint16(TAIL, true) + bufOffset) & mask) * BUF_SIZE;
  d.setBigUint64(at + ADDR, addressOf(addr), true);
  d.setUint32(at + LEN, len >>> 0, true);
  d.setUint16(at + BID, bid, true);
}

/** io_uring_buf_ring_advance: publish `count` more buffers (the tail wraps at 2^16, as C's unsigned short). */
export function bufRingAdvance(br: Struct, count: number): void {
  const d = structView(br);
  storeTail(d, (d.getUint16(TAIL, true) + count) & 0xffff);
}
