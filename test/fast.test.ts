// The fast path: SQEs from the mapped SQ ring (getSqe, as _io_uring_get_sqe), written by the generated
// encoders, submitted by one FFI call; CQEs read from the mapped CQ ring and consumed with a release store.
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { afterEach, expect, test } from 'vitest';
import {
  IoUring, IoUringCqe, OutPointer, io_uring_queue_init, io_uring_queue_exit, io_uring_get_sqe, io_uring_prep_read, io_uring_prep_nop,
  io_uring_sqe_set_data64, io_uring_submit, io_uring_wait_cqe, io_uring_cqe_seen, io_uring_sq_ready, io_uring_cq_ready, UseAfterFreeError,
} from '../index.js';
import { heldRequestCount } from '../runtime/index.js';
import { FastRing, SQE } from '../runtime/fast/index.js';
import { encode_io_uring_prep_nop } from '../generated/functions/io_uring_prep_nop.js';
import { encode_io_uring_prep_read } from '../generated/functions/io_uring_prep_read.js';
import { tempDir, exitQuietly } from '../runtime/testing.js';

const rings: IoUring[] = [];
function ring(entries = 8): IoUring {
  const r = new IoUring();
  io_uring_queue_init(entries, r, 0);
  rings.push(r);
  return r;
}
afterEach(() => {
  for (const r of rings.splice(0)) exitQuietly(r);
});

test('N NOPs: getSqe + encode + one submit per batch, reaped from the mapped CQ with their user_data', () => {
  const f = new FastRing(ring(32));
  const seen: number[] = [];
  const N = 1024;
  for (let base = 0; base < N; base += 32) {
    for (let i = 0; i < 32; i++) {
      const at = f.getSqe();
      expect(at).toBeGreaterThanOrEqual(0);
      encode_io_uring_prep_nop(f.sqes, at);
      f.setUserData(at, base + i + 1);
    }
    expect(f.unsubmitted()).toBe(32);
    expect(f.submit()).toBe(32);
    expect(f.unsubmitted()).toBe(0);
    expect(f.cqReady()).toBe(32);
    f.forEachCqe((lo, res, flags, _at, hi) => {
      expect(res).toBe(0);
      expect(flags).toBe(0);
      expect(hi).toBe(0);
      seen.push(lo);
    });
    expect(f.cqReady()).toBe(0);
  }
  expect(seen).toEqual(Array.from({ length: N }, (_, i) => i + 1));
});

test('getSqe returns -1 when the SQ is full, and has room again after submit', () => {
  const r = ring(8);
  const f = new FastRing(r);
  expect(f.sqEntries).toBe(8);
  for (let i = 0; i < 8; i++) {
    const at = f.getSqe();
    expect(at).toBe(i * 64);
    encode_io_uring_prep_nop(f.sqes, at);
  }
  expect(f.getSqe()).toBe(-1);
  expect(io_uring_sq_ready(r)).toBe(8); // liburing sees the tail kept in struct io_uring
  expect(f.sqSpaceLeft()).toBe(0);
  expect(f.submit()).toBe(8);
  expect(f.getSqe()).toBe(0); // wraps around
  f.forEachCqe(() => {});
});

test('getSqe clears exactly the fields io_uring_initialize_sqe clears (and the opcode, which every prep writes)', () => {
  const f = new FastRing(ring(8));
  const bytes = new Uint8Array(f.sqes.buffer, f.sqes.byteOffset, 64);
  bytes.fill(0xab);
  const at = f.getSqe();
  expect(at).toBe(0);
  const cleared = new Set<number>();
  const clear = (off: number, n: number) => {
    for (let i = 0; i < n; i++) cleared.add(off + i);
  };
  clear(SQE.opcode, 1);
  clear(SQE.flags, 1);
  clear(SQE.ioprio, 2);
  clear(SQE.opFlags, 4);
  clear(SQE.bufIndex, 2);
  clear(SQE.personality, 2);
  clear(SQE.fileIndex, 4);
  clear(SQE.addr3, 8);
  clear(SQE.pad2, 8);
  for (let i = 0; i < 64; i++) expect([i, bytes[i]]).toEqual([i, cleared.has(i) ? 0 : 0xab]);
});

test('the fast path and the checked API interleave on one ring: same tail, same head, held memory released', () => {
  const dir = tempDir();
  const r = ring(8);
  const f = new FastRing(r);
  try {
    const path = dir.file('f.txt');
    writeFileSync(path, 'interleaved');
    const fd = openSync(path, 'r');
    // checked, fast, checked: consecutive slots of the same SQ.
    const a = io_uring_get_sqe(r)!;
    const buf = new Uint8Array(11);
    io_uring_prep_read(a, fd, buf, buf.length, 0);
    io_uring_sqe_set_data64(a, 100n);
    const at = f.getSqe();
    expect(f.sqeAddress(at)).toBe(a.address + 64n);
    const fastBuf = new Uint8Array(11);
    encode_io_uring_prep_read(f.sqes, at, fd, fastBuf, fastBuf.length, 0);
    f.setUserData(at, 200);
    const c = io_uring_get_sqe(r)!;
    expect(c.address).toBe(f.sqeAddress(at) + 64n);
    io_uring_prep_nop(c);
    io_uring_sqe_set_data64(c, 300n);
    expect(heldRequestCount(r)).toBe(1); // the checked read's buffer
    // The fast submit publishes all three and moves the checked memory to in-flight.
    expect(f.submit()).toBe(3);
    const results = new Map<number, number>();
    while (results.size < 3) {
      f.forEachCqe((lo, res) => results.set(lo, res));
    }
    expect(results).toEqual(new Map([[100, 11], [200, 11], [300, 0]]));
    expect(Buffer.from(buf).toString()).toBe('interleaved');
    expect(Buffer.from(fastBuf).toString()).toBe('interleaved');
    expect(heldRequestCount(r)).toBe(0); // released when its CQE was consumed through the fast path
    // And the checked API still works on the ring afterwards.
    const d = io_uring_get_sqe(r)!;
    io_uring_prep_nop(d);
    io_uring_sqe_set_data64(d, 400n);
    expect(io_uring_submit(r)).toBe(1);
    const out = new OutPointer<IoUringCqe>();
    io_uring_wait_cqe(r, out);
    expect(out.value!.user_data).toBe(400n);
    io_uring_cqe_seen(r, out.value);
    expect(io_uring_cq_ready(r)).toBe(0);
    closeSync(fd);
  } finally {
    dir.remove();
  }
});

test('peek and advance consume one CQE at a time, like io_uring_peek_cqe and io_uring_cqe_seen', () => {
  const f = new FastRing(ring(8));
  expect(f.peek()).toBe(-1);
  for (let i = 1; i <= 3; i++) {
    const at = f.getSqe();
    encode_io_uring_prep_nop(f.sqes, at);
    f.setUserData64(at, (BigInt(i) << 40n) | 7n);
  }
  f.submit();
  for (let i = 1; i <= 3; i++) {
    const at = f.peek();
    expect(at).toBeGreaterThanOrEqual(0);
    expect(f.userData64(at)).toBe((BigInt(i) << 40n) | 7n);
    expect(f.userData(at)).toBe(i * 2 ** 40 + 7);
    expect(f.res(at)).toBe(0);
    expect(f.flags(at)).toBe(0);
    f.advance(1);
  }
  expect(f.peek()).toBe(-1);
});

test('after io_uring_queue_exit every use of the fast path throws instead of touching unmapped memory', () => {
  const r = ring(8);
  const f = new FastRing(r);
  io_uring_queue_exit(r);
  expect(() => f.getSqe()).toThrow(UseAfterFreeError);
  expect(() => f.submit()).toThrow(UseAfterFreeError);
  expect(() => f.forEachCqe(() => {})).toThrow(UseAfterFreeError);
  expect(() => f.peek()).toThrow(/io_uring_queue_exit/);
  expect(() => new FastRing(r)).toThrow(/initialized/);
});

test('a visitor that throws still consumes the CQEs it saw', () => {
  const f = new FastRing(ring(8));
  for (let i = 0; i < 4; i++) {
    const at = f.getSqe();
    encode_io_uring_prep_nop(f.sqes, at);
    f.setUserData(at, i);
  }
  f.submit();
  expect(() => f.forEachCqe((lo) => {
    if (lo === 1) throw new Error('stop');
  })).toThrow('stop');
  expect(f.cqReady()).toBe(2);
  const rest: number[] = [];
  f.forEachCqe((lo) => rest.push(lo));
  expect(rest).toEqual([2, 3]);
});
