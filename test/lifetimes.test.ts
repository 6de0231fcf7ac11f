// Lifetimes: after exit or free, every use throws a clear error and touches no freed memory.
import { fstatSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  io_uring_queue_init, io_uring_queue_exit, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_init_mem,
  IoUring, IoUringParams, PreconditionError, UringError, UseAfterFreeError, allocAligned, freeAligned, pageSize, isFreed, addressOf,
} from '../index.js';
import { catchError } from '../runtime/testing.js';
import { IORING_SETUP_ATTACH_WQ } from '../generated/constants.js';

describe('ring lifetime', () => {
  test('SQEs, the ring and a second exit are refused after io_uring_queue_exit', () => {
    const ring = new IoUring();
    io_uring_queue_init(4, ring, 0);
    const sqe = io_uring_get_sqe(ring)!;
    io_uring_queue_exit(ring);
    expect(() => sqe.opcode).toThrow(UseAfterFreeError);
    expect(() => sqe.opcode).toThrow(/io_uring_sqe: its ring was closed by io_uring_queue_exit/);
    const e = catchError(() => io_uring_prep_nop(sqe));
    expect(e).toBeInstanceOf(PreconditionError);
    expect(e).toMatchObject({ parameter: 'sqe', rule: 'alive' });
    expect(catchError(() => io_uring_queue_exit(ring))).toMatchObject({ rule: 'ringState', parameter: 'ring' });
  });

  test('io_uring_queue_exit after a failed init is refused and never closes fd 0', () => {
    const ring = new IoUring();
    const e = catchError(() => io_uring_queue_init(8, ring, 0x80000000));
    expect(e).toBeInstanceOf(PreconditionError);
    const before = fstatSync(0);
    expect(catchError(() => io_uring_queue_exit(ring))).toMatchObject({ rule: 'ringState' });
    expect(fstatSync(0).ino).toBe(before.ino);
  });

  test('a ring cannot be initialized twice without exiting', () => {
    const ring = new IoUring();
    io_uring_queue_init(4, ring, 0);
    expect(catchError(() => io_uring_queue_init(4, ring, 0))).toMatchObject({ rule: 'ringState' });
    io_uring_queue_exit(ring);
    io_uring_queue_init(4, ring, 0);
    io_uring_queue_exit(ring);
  });

  test('a failed init leaves the ring uninitialized and says why', () => {
    const ring = new IoUring();
    const p = new IoUringParams();
    // IORING_SETUP_ATTACH_WQ to a descriptor that is no io_uring (stdin): the kernel says -EINVAL, nothing before it can know.
    p.flags = IORING_SETUP_ATTACH_WQ;
    p.wq_fd = 0;
    const mem = allocAligned(3 * pageSize());
    const e = catchError(() => io_uring_queue_init_mem(8, ring, p, mem, mem.byteLength));
    expect(e).toBeInstanceOf(UringError);
    expect(e).toMatchObject({ code: 'EINVAL', functionName: 'io_uring_queue_init_mem' });
    expect(String(e.message)).toContain('the kernel refused the setup');
    expect(catchError(() => io_uring_get_sqe(ring))).toMatchObject({ rule: 'ringState' });
    freeAligned(mem);
  });
});

describe('allocAligned memory', () => {
  test('is page-aligned and zeroed; a second free and a use after free throw', () => {
    const mem = allocAligned(10000);
    expect(mem.byteLength).toBe(10000);
    expect(mem.every((b) => b === 0)).toBe(true);
    freeAligned(mem);
    expect(isFreed(mem)).toBe(true);
    expect(() => freeAligned(mem)).toThrow(/already freed/);
    const e = catchError(() => io_uring_queue_init_mem(8, new IoUring(), new IoUringParams(), mem, 8192));
    expect(e).toMatchObject({ parameter: 'buf', rule: 'alive' });
    // The freed range still reads as zeroes: a stale view never touches another allocation.
    expect(mem[0]).toBe(0);
  });

  test('honours a larger power-of-two alignment', () => {
    const mem = allocAligned(100, 1 << 16);
    expect(addressOf(mem) % (1n << 16n)).toBe(0n);
    expect(mem.byteLength).toBe(100);
    freeAligned(mem);
  });
});

describe('memory a struct points to', () => {
  test('an Iovec array keeps what its items point to, and a held readv refuses freeAligned until its completion is seen', async () => {
    const { io_uring_prep_readv, io_uring_submit, io_uring_wait_cqe, io_uring_cqe_seen, IoUringCqe, OutPointer, Iovec } = await import('../index.js');
    const { newRing } = await import('../runtime/testing.js');
    const { openSync, closeSync } = await import('node:fs');
    const ring = newRing(4);
    const fd = openSync('/dev/zero', 'r');
    const iovecs = Iovec.array(2);
    const bufs = [allocAligned(4096), allocAligned(4096)];
    bufs.forEach((b, i) => {
      iovecs.item(i).iov_base = b; // the item view is dropped at once; iovecs keeps b
      iovecs.item(i).iov_len = b.byteLength;
    });
    expect(iovecs.pointees()).toEqual(bufs);
    io_uring_prep_readv(io_uring_get_sqe(ring)!, fd, iovecs, 2, 0);
    expect(() => freeAligned(bufs[0]!)).toThrow(/still in use/);
    io_uring_submit(ring);
    const out = new OutPointer<InstanceType<typeof IoUringCqe>>();
    io_uring_wait_cqe(ring, out);
    expect(out.value!.res).toBe(8192);
    io_uring_cqe_seen(ring, out.value);
    freeAligned(bufs[0]!);
    freeAligned(bufs[1]!);
    closeSync(fd);
    io_uring_queue_exit(ring);
  });
});
