// io_uring_queue_init_mem, the defining case: each way its buffer can be wrong gets a message that says
// exactly what is wrong and what to do, before C is called.
import { describe, expect, test } from 'vitest';
import { io_uring_queue_init_mem, io_uring_queue_exit, IoUring, IoUringParams, IORING_SETUP_SQE128, PreconditionError, allocAligned, pageSize } from '../index.js';
import { catchError } from '../runtime/testing.js';

function call(buf: Uint8Array, size: number, entries = 8, flags = 0): PreconditionError {
  const p = new IoUringParams();
  p.flags = flags;
  const error = catchError(() => io_uring_queue_init_mem(entries, new IoUring(), p, buf, size));
  expect(error).toBeInstanceOf(PreconditionError);
  return error as unknown as PreconditionError;
}

describe('io_uring_queue_init_mem messages', () => {
  const page = pageSize();

  test('a buffer 16 bytes into a page: the page size, the offset, and how to get aligned memory', () => {
    const e = call(allocAligned(3 * page).subarray(16), 2 * page);
    expect(e.parameter).toBe('buf');
    expect(e.rule).toBe('pageAligned');
    expect(e.seen).toContain(`16 bytes into a ${page}-byte page`);
    expect(e.hint).toContain(`The page size here is ${page} bytes`);
    expect(e.hint).toContain('allocAligned(size)');
    expect(e).toMatchObject({ code: 'ERR_LIBURING_PRECONDITION', cCode: 'EINVAL', cErrno: -22 });
    expect(e.message).toMatch(/^io_uring_queue_init_mem: argument 'buf' breaks rule pageAligned/);
  });

  test('a buffer with a non-zero byte: which byte, and how to get zeroed memory', () => {
    const mem = allocAligned(2 * page);
    mem[100] = 0xab;
    const e = call(mem, 2 * page);
    expect(e.rule).toBe('zeroFilled');
    expect(e.seen).toContain('byte 100 is 0xab');
    expect(e.hint).toContain('fill(0)');
  });

  test('a buffer one page too small: the minimum for these entries and flags', () => {
    const e = call(allocAligned(page), page);
    expect(e.parameter).toBe('buf_size');
    expect(e.rule).toBe('minByteLength');
    expect(e.seen).toBe(`${page} bytes`);
    expect(e.hint).toContain(`At least ${2 * page} bytes are needed`);
    expect(e).toMatchObject({ cCode: 'ENOMEM', cErrno: -12 });
  });

  test('the minimum follows the flags: SQE128 doubles the SQE array', () => {
    const e = call(allocAligned(2 * page), 2 * page, 64, IORING_SETUP_SQE128);
    expect(e.hint).toContain(`At least ${3 * page} bytes are needed`);
    const mem = allocAligned(3 * page);
    const ring = new IoUring();
    const p = new IoUringParams();
    p.flags = IORING_SETUP_SQE128;
    expect(io_uring_queue_init_mem(64, ring, p, mem, mem.byteLength)).toBe(3 * page);
    io_uring_queue_exit(ring);
  });

  test('a size larger than the buffer itself is refused (the kernel would write past it)', () => {
    const e = call(allocAligned(2 * page), 3 * page);
    expect(e.rule).toBe('relation');
    expect(e.hint).toContain('must not exceed the byte length of buf');
  });

  test('two rings carved out of one buffer, the second at the first one\'s result', () => {
    const mem = allocAligned(4 * page);
    const a = new IoUring();
    const b = new IoUring();
    const used = io_uring_queue_init_mem(8, a, new IoUringParams(), mem, mem.byteLength);
    expect(io_uring_queue_init_mem(8, b, new IoUringParams(), mem.subarray(used), mem.byteLength - used)).toBe(2 * page);
    io_uring_queue_exit(b);
    io_uring_queue_exit(a);
  });
});
