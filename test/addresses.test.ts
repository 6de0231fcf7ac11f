// addressOf caches each view's address: the cached answer must always be the one koffi gives
// now, and the kernel must read and write where it says, for every kind of memory a caller passes.
import { openSync, closeSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';
import { afterAll, describe, expect, test } from 'vitest';
import {
  IoUring, IoUringCqe, OutPointer, addressOf, allocAligned, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_queue_init,
  io_uring_submit, io_uring_wait_cqe, io_uring_cqe_seen, PreconditionError,
} from '../index.js';
import { catchError } from '../runtime/testing.js';
import { memoryByteLength } from '../runtime/memory.js';

const dir = mkdtempSync(join(tmpdir(), 'liburing-ts-addresses-'));
const file = join(dir, 'data');
const content = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
writeFileSync(file, content);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Read `len` bytes at offset 0 of the file into `buf` through the checked API; the CQE's result. */
function readInto(buf: Uint8Array, len: number): number {
  const ring = new IoUring();
  io_uring_queue_init(4, ring, 0);
  const fd = openSync(file, 'r');
  try {
    io_uring_prep_read(io_uring_get_sqe(ring)!, fd, buf, len, 0);
    io_uring_submit(ring);
    const out = new OutPointer<IoUringCqe>();
    io_uring_wait_cqe(ring, out);
    const res = out.value!.res;
    io_uring_cqe_seen(ring, out.value);
    return res;
  } finally {
    closeSync(fd);
    io_uring_queue_exit(ring);
  }
}

/** The error of a checked io_uring_prep_read of `len` bytes into `buf`, which must be a PreconditionError. */
function refusedRead(buf: Uint8Array | DataView, len: number): unknown {
  const ring = new IoUring();
  io_uring_queue_init(2, ring, 0);
  const e = catchError(() => io_uring_prep_read(io_uring_get_sqe(ring)!, 0, buf, len, 0));
  io_uring_queue_exit(ring);
  expect(e).toBeInstanceOf(PreconditionError);
  return e;
}

describe('addressOf (cached per view)', () => {
  test('views at offsets of one buffer: each address is the buffer address plus the offset, as koffi says', () => {
    const ab = new ArrayBuffer(4096);
    const whole = new Uint8Array(ab);
    const base = koffi.address(whole);
    expect(addressOf(whole)).toBe(base);
    expect(addressOf(ab)).toBe(base);
    expect(addressOf(new Uint8Array(ab, 100, 10))).toBe(base + 100n);
    expect(addressOf(new DataView(ab, 7))).toBe(base + 7n);
    expect(addressOf(new Uint32Array(ab, 64))).toBe(base + 64n);
    // Asked twice (the second answer comes from the cache): the same.
    expect(addressOf(new Uint8Array(ab, 100, 10))).toBe(koffi.address(new Uint8Array(ab, 100, 10)));
  });

  test("Buffers from Node's shared pool (non-zero offsets into one buffer)", () => {
    const a = Buffer.from('first');
    const b = Buffer.from('second');
    for (const m of [a, b, a.subarray(2)]) expect(addressOf(m)).toBe(koffi.address(m));
  });

  test('a small typed array (bytes first kept on the V8 heap) keeps its address across collections, and the kernel writes there', () => {
    const small = new Uint8Array(16);
    const before = addressOf(small);
    // Allocate and collect: an on-heap typed array would move; addressOf moved it off the heap for good.
    for (let i = 0; i < 50; i++) new Array(10_000).fill({ i });
    (globalThis as { gc?: () => void }).gc?.();
    expect(addressOf(small)).toBe(before);
    expect(koffi.address(small)).toBe(before);
    expect(readInto(small, 16)).toBe(16);
    expect([...small]).toEqual([...content.subarray(0, 16)]);
  });

  test('a resizable ArrayBuffer keeps its address as it grows and shrinks, and the kernel writes there', () => {
    // Resizable buffers (ES2024) are newer than the TypeScript library this project targets.
    type Resizable = ArrayBuffer & { resize(length: number): void };
    const ab = new (ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => Resizable)(64, { maxByteLength: 1 << 20 });
    const view = new Uint8Array(ab); // length-tracking
    const before = addressOf(view);
    ab.resize(1 << 20);
    expect(addressOf(view)).toBe(before);
    expect(koffi.address(view)).toBe(before);
    ab.resize(256);
    expect(addressOf(view)).toBe(koffi.address(view));
    expect(readInto(view, 256)).toBe(256);
    expect(Buffer.from(view).equals(content)).toBe(true);
  });

  test('a detached buffer is never answered from the cache, and a read into it is refused', () => {
    const ab = new ArrayBuffer(4096);
    const view = new Uint8Array(ab);
    const before = addressOf(view);
    const moved = structuredClone(ab, { transfer: [ab] });
    expect(ab.byteLength).toBe(0);
    expect(view.byteLength).toBe(0);
    // The new owner's address is koffi's, whatever the old one was.
    expect(addressOf(moved)).toBe(koffi.address(moved));
    // The detached view is not given its old address from the cache (koffi answers for it).
    expect(addressOf(view)).toBe(koffi.address(view));
    expect(refusedRead(view, 4096)).toMatchObject({ parameter: 'buf', rule: 'relation' });
    expect(before).toBeGreaterThan(0n);
  });

  test('a DataView of a detached buffer, and a length-tracking view its buffer shrank away from, are never answered from the cache', () => {
    const ab = new ArrayBuffer(64);
    const dv = new DataView(ab, 8);
    addressOf(dv);
    structuredClone(ab, { transfer: [ab] });
    expect(() => dv.byteLength).toThrow(TypeError); // a detached DataView has no length at all
    expect(memoryByteLength(dv)).toBe(0);
    expect(addressOf(dv)).toBe(koffi.address(dv));
    // A read into it is refused with the length rule, not a TypeError from the check.
    expect(refusedRead(dv, 1)).toMatchObject({ parameter: 'buf', rule: 'relation' });
    type Resizable = ArrayBuffer & { resize(length: number): void };
    const rab = new (ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => Resizable)(4096, { maxByteLength: 8192 });
    const tail = new Uint8Array(rab, 2048); // length-tracking, from byte 2048
    const at = addressOf(tail);
    rab.resize(1024); // the view is now out of bounds: length 0
    expect(tail.length).toBe(0);
    expect(addressOf(tail)).toBe(koffi.address(tail));
    rab.resize(4096); // back in bounds, at the same place
    expect(addressOf(tail)).toBe(at);
  });

  test('memoryByteLength is byteLength for every kind of memory (from the length where V8 inlines it)', () => {
    const ab = new ArrayBuffer(64);
    for (const m of [ab, new Uint8Array(ab, 3), new Uint16Array(ab, 2, 5), new Float64Array(ab, 8), new DataView(ab, 4, 9), Buffer.from('pooled'), new BigUint64Array(3)]) {
      expect(memoryByteLength(m)).toBe(m.byteLength);
    }
  });

  test('allocAligned memory: page-aligned addresses, the same as koffi gives', () => {
    const m = allocAligned(8192);
    expect(addressOf(m)).toBe(koffi.address(m));
    expect(addressOf(m) % 4096n).toBe(0n);
    expect(addressOf(m.subarray(4096))).toBe(koffi.address(m) + 4096n);
  });
});
