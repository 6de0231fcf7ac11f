// End to end through liburing-ts/libc: a buffer ring the kernel allocates (IOU_PBUF_RING_MMAP), mapped
// with mmap from the ring fd at IORING_OFF_PBUF_RING | bgid << IORING_OFF_PBUF_SHIFT, filled through the
// mapping, used by a recv on a socketpair, then munmap'd.
import { closeSync, readFileSync, writeSync } from 'node:fs';
import { expect, test } from 'vitest';
import {
  IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IORING_OFF_PBUF_RING, IORING_OFF_PBUF_SHIFT, IOSQE_BUFFER_SELECT, IOU_PBUF_RING_MMAP,
  IoUringBuf, IoUringBufReg, IoUringBufRing, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_buf_ring_mask, io_uring_get_sqe,
  io_uring_prep_recv, io_uring_queue_exit, io_uring_register_buf_ring, io_uring_sqe_set_buf_group, io_uring_sqe_set_flags, io_uring_unregister_buf_ring,
} from '../generated/index.js';
import { AF_UNIX, MAP_POPULATE, MAP_SHARED, PROT_READ, PROT_WRITE, SOCK_STREAM, mmap, munmap, socketpair } from '../generated/libc.js';
import { addressOf, isFreed, lifetimeOf } from '../runtime/index.js';
import { catchError, newRing, waitOne } from '../runtime/testing.js';

/** The line of /proc/self/maps for the mapping that starts at `at`, or undefined. */
function mapsLine(at: bigint): string | undefined {
  return readFileSync('/proc/self/maps', 'utf8').split('\n').find((l) => l.startsWith(`${at.toString(16)}-`));
}

test('a kernel-allocated buffer ring: mmap at IORING_OFF_PBUF_RING | bgid << IORING_OFF_PBUF_SHIFT, filled, used by a recv, munmap', () => {
  const ring = newRing(8);
  const sv = new Int32Array(2);
  expect(socketpair(AF_UNIX, SOCK_STREAM, 0, sv)).toBe(0);
  try {
    const bgid = 3;
    const entries = 8;
    const reg = new IoUringBufReg();
    reg.ring_entries = entries;
    reg.bgid = bgid;
    expect(io_uring_register_buf_ring(ring, reg, IOU_PBUF_RING_MMAP)).toBe(0);

    // The constants combine without a TypeError (all bigints), into the offset the kernel documents.
    const offset = IORING_OFF_PBUF_RING | (BigInt(bgid) << IORING_OFF_PBUF_SHIFT);
    expect(offset).toBe(0x80030000n);
    const size = entries * IoUringBuf.size;
    const view = mmap(null, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring.ring_fd, offset);
    expect(view.byteLength).toBe(size);
    const at = addressOf(view);
    // A shared mapping of the io_uring fd at that offset (maps prints the offset in hex).
    expect(mapsLine(at)).toMatch(/ rw-s 80030000 .*io_uring/);

    // Fill the ring through the mapping: two buffers, IDs 10 and 11.
    const br = IoUringBufRing.borrow(at, lifetimeOf(view), 1, entries);
    const bufs = [new Uint8Array(32), new Uint8Array(32)];
    bufs.forEach((b, i) => io_uring_buf_ring_add(br, b, b.byteLength, 10 + i, io_uring_buf_ring_mask(entries), i));
    io_uring_buf_ring_advance(br, 2);
    expect(br.tail).toBe(2);
    expect(new DataView(view.buffer, view.byteOffset).getUint16(14, true)).toBe(2);

    // A recv that selects from group 3 takes the first buffer the mapping gave the kernel.
    expect(writeSync(sv[0]!, 'through the kernel ring')).toBe(23);
    const sqe = io_uring_get_sqe(ring)!;
    io_uring_prep_recv(sqe, sv[1]!, null, 32, 0);
    io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
    io_uring_sqe_set_buf_group(sqe, bgid);
    const cqe = waitOne(ring);
    expect(cqe.res).toBe(23);
    expect(cqe.flags & IORING_CQE_F_BUFFER).toBe(IORING_CQE_F_BUFFER);
    expect(cqe.flags >>> IORING_CQE_BUFFER_SHIFT).toBe(10);
    expect(Buffer.from(bufs[0]!.subarray(0, 23)).toString()).toBe('through the kernel ring');

    // Unregister, then unmap: the mapping is gone, and the view and the struct over it are refused.
    expect(io_uring_unregister_buf_ring(ring, bgid)).toBe(0);
    expect(munmap(view, size)).toBe(0);
    expect(mapsLine(at) ?? '').not.toMatch(/io_uring/);
    expect(isFreed(view)).toBe(true);
    expect(catchError(() => br.tail)).toMatchObject({ name: 'UseAfterFreeError' });
    expect(catchError(() => munmap(view, size))).toMatchObject({ name: 'PreconditionError', functionName: 'munmap', parameter: 'addr', rule: 'alive' });
  } finally {
    io_uring_queue_exit(ring);
    closeSync(sv[0]!);
    closeSync(sv[1]!);
  }
});

test('mmap of a buffer group registered without IOU_PBUF_RING_MMAP, or not at all, is a UringError from mmap', () => {
  const ring = newRing(4);
  try {
    const offset = IORING_OFF_PBUF_RING | (5n << IORING_OFF_PBUF_SHIFT);
    const error = catchError(() => mmap(null, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ring.ring_fd, offset));
    expect(error).toMatchObject({ name: 'UringError', syscall: 'mmap' });
    expect(error.errno).toBeLessThan(0);
  } finally {
    io_uring_queue_exit(ring);
  }
});
