// A refused call leaves nothing to run (issue 9, section 2): an SQE a refused checked call was
// writing becomes IORING_OP_NOP with IORING_NOP_INJECT_RESULT and len -ECANCELED, keeping its
// user_data and link flags, and lets go of the memory held for it.
import { readSync } from 'node:fs';
import { expect, test } from 'vitest';
import {
  IORING_NOP_INJECT_RESULT, IORING_OP_NOP, IOSQE_BUFFER_SELECT, IOSQE_IO_HARDLINK, IOSQE_IO_LINK, PreconditionError,
  allocAligned, freeAligned, io_uring_get_sqe, io_uring_prep_nop, io_uring_prep_read, io_uring_sqe_set_buf_group,
  io_uring_sqe_set_data64, io_uring_sqe_set_flags, io_uring_submit, errnoNumber,
} from '../index.js';
import { FastRing } from '../runtime/fast/index.js';
import { OWNED, holdsOf } from '../runtime/index.js';
import { IoUringSqe } from '../generated/structs.js';
import { catchError } from '../runtime/testing.js';
import { feed, inUse, nextCqe, prepRead, type Pipe } from './support/safety.js';
import { useFixtures } from './support/safety-fixtures.js';

const ECANCELED = errnoNumber('ECANCELED');
const text = (s: string) => new TextEncoder().encode(s);

const { ring, pipe } = useFixtures();

/** What is waiting in the pipe (it must hold exactly `n` bytes, or this blocks). */
function pending(p: Pipe, n: number): string {
  const b = Buffer.alloc(n);
  expect(readSync(p.r, b)).toBe(n);
  return b.toString();
}

test('1-entry ring: a refused prep on the slot of a finished read does not run that read again into freed memory', () => {
  const r = ring(1);
  const p = pipe();
  const a = allocAligned(4096);
  const first = prepRead(r, p.r, a, 6, 111n);
  io_uring_submit(r);
  feed(p, text('hello!'));
  expect(nextCqe(r)).toMatchObject({ user_data: 111n, res: 6 });
  freeAligned(a);
  const sqe = io_uring_get_sqe(r)!;
  expect(sqe.address).toBe(first.address); // the same slot: it still holds the read, apart from what get_sqe clears
  const e = catchError(() => io_uring_prep_read(sqe, p.r, a, 6, 0));
  expect(e).toBeInstanceOf(PreconditionError);
  expect(e).toMatchObject({ parameter: 'buf', rule: 'alive' });
  feed(p, text('again!')); // a re-run read would take this
  expect(io_uring_submit(r)).toBe(1);
  expect(nextCqe(r)).toEqual({ user_data: 111n, res: -ECANCELED, flags: 0 });
  expect(pending(p, 6)).toBe('again!');
});

test('a refused prep on a fresh slot: the SQE is the documented NOP, and completes with -ECANCELED', () => {
  const r = ring(4);
  const sqe = io_uring_get_sqe(r)!;
  io_uring_sqe_set_data64(sqe, 5n);
  expect(catchError(() => io_uring_prep_read(sqe, -7, new Uint8Array(8), 8, 0))).toMatchObject({ name: 'PreconditionError', parameter: 'fd' });
  expect(sqe.opcode).toBe(IORING_OP_NOP);
  expect(sqe.nop_flags).toBe(IORING_NOP_INJECT_RESULT);
  expect(sqe.len).toBe(-ECANCELED >>> 0);
  expect(sqe.user_data).toBe(5n);
  expect([sqe.flags, sqe.fd, sqe.addr, sqe.off, sqe.buf_index, sqe.personality, sqe.file_index, sqe.addr3]).toEqual([0, 0, 0n, 0n, 0, 0, 0, 0n]);
  io_uring_submit(r);
  expect(nextCqe(r)).toEqual({ user_data: 5n, res: -ECANCELED, flags: 0 });
});

test('a prep that succeeded, then a refused io_uring_sqe_set_flags: nothing half-configured runs, and the buffer is let go', () => {
  const r = ring();
  const p = pipe();
  const a = allocAligned(4096);
  const sqe = prepRead(r, p.r, a, 8, 42n);
  expect(inUse(a)).toBe(true);
  expect(catchError(() => io_uring_sqe_set_flags(sqe, 0x80))).toMatchObject({ name: 'PreconditionError', functionName: 'io_uring_sqe_set_flags' });
  expect(inUse(a)).toBe(false);
  expect(holdsOf(r).pendingSlots).toBe(0);
  freeAligned(a);
  expect([sqe.opcode, sqe.addr, sqe.user_data]).toEqual([IORING_OP_NOP, 0n, 42n]);
  feed(p, text('untaken!'));
  io_uring_submit(r);
  expect(nextCqe(r)).toEqual({ user_data: 42n, res: -ECANCELED, flags: 0 });
  expect(pending(p, 8)).toBe('untaken!');
});

test('a prep that succeeded, then a refused io_uring_sqe_set_buf_group: the same', () => {
  const r = ring();
  const p = pipe();
  const sqe = prepRead(r, p.r, new Uint8Array(8), 8, 43n);
  io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
  expect(catchError(() => io_uring_sqe_set_buf_group(sqe, 70000))).toMatchObject({ name: 'PreconditionError', parameter: 'bgid' });
  expect([sqe.opcode, sqe.flags]).toEqual([IORING_OP_NOP, 0]);
  io_uring_submit(r);
  expect(nextCqe(r)).toEqual({ user_data: 43n, res: -ECANCELED, flags: 0 });
});

test('the NOP keeps IOSQE_IO_LINK and fails, so the rest of its chain is cancelled', () => {
  const r = ring();
  const p = pipe();
  const a = io_uring_get_sqe(r)!;
  io_uring_prep_nop(a);
  io_uring_sqe_set_data64(a, 1n);
  io_uring_sqe_set_flags(a, IOSQE_IO_LINK);
  const b = io_uring_get_sqe(r)!;
  io_uring_sqe_set_flags(b, IOSQE_IO_LINK);
  io_uring_sqe_set_data64(b, 2n);
  expect(catchError(() => io_uring_prep_read(b, -1, new Uint8Array(8), 8, 0))).toBeInstanceOf(PreconditionError);
  expect(b.flags).toBe(IOSQE_IO_LINK);
  const buf = new Uint8Array(8);
  prepRead(r, p.r, buf, 8, 3n);
  feed(p, text('notread!'));
  io_uring_submit(r);
  const got = [nextCqe(r), nextCqe(r), nextCqe(r)].map((c) => [c.user_data, c.res]);
  expect(got).toEqual([[1n, 0], [2n, -ECANCELED], [3n, -ECANCELED]]);
  expect(pending(p, 8)).toBe('notread!');
});

test('with IOSQE_IO_HARDLINK kept, the chain goes on after the NOP fails', () => {
  const r = ring();
  const b = io_uring_get_sqe(r)!;
  io_uring_sqe_set_flags(b, IOSQE_IO_HARDLINK);
  io_uring_sqe_set_data64(b, 2n);
  expect(catchError(() => io_uring_prep_read(b, -1, new Uint8Array(8), 8, 0))).toBeInstanceOf(PreconditionError);
  const c = io_uring_get_sqe(r)!;
  io_uring_prep_nop(c);
  io_uring_sqe_set_data64(c, 3n);
  io_uring_submit(r);
  expect([nextCqe(r), nextCqe(r)].map((x) => [x.user_data, x.res])).toEqual([[2n, -ECANCELED], [3n, 0]]);
});

test('a later successful prep on the same SQE overwrites the NOP as usual (its op-flags word cleared)', () => {
  const r = ring();
  const p = pipe();
  const sqe = io_uring_get_sqe(r)!;
  expect(catchError(() => io_uring_prep_read(sqe, -1, new Uint8Array(8), 8, 0))).toBeInstanceOf(PreconditionError);
  const b = allocAligned(4096);
  io_uring_prep_read(sqe, p.r, b, 8, 0);
  io_uring_sqe_set_data64(sqe, 9n);
  expect(sqe.rw_flags).toBe(0); // IORING_NOP_INJECT_RESULT would be RWF_HIPRI for a read
  expect(inUse(b)).toBe(true);
  io_uring_submit(r);
  feed(p, text('re-prep!'));
  expect(nextCqe(r)).toEqual({ user_data: 9n, res: 8, flags: 0 });
  expect(Buffer.from(b.subarray(0, 8)).toString()).toBe('re-prep!');
});

test('an SQE from io_uring_get_sqe submitted without a prep is a NOP, not the slot\'s previous request', () => {
  const r = ring(1);
  const p = pipe();
  prepRead(r, p.r, new Uint8Array(8), 8, 5n);
  io_uring_submit(r);
  feed(p, text('first!!!'));
  expect(nextCqe(r)).toMatchObject({ user_data: 5n, res: 8 });
  io_uring_get_sqe(r)!;
  feed(p, text('second!!'));
  io_uring_submit(r);
  expect(nextCqe(r)).toEqual({ user_data: 5n, res: 0, flags: 0 });
  expect(pending(p, 8)).toBe('second!!');
});

test('a refused call on an SQE already submitted leaves the request in flight alone', () => {
  const r = ring();
  const p = pipe();
  const a = allocAligned(4096);
  const sqe = prepRead(r, p.r, a, 8, 7n);
  io_uring_submit(r);
  expect(catchError(() => io_uring_prep_read(sqe, -1, new Uint8Array(8), 8, 0))).toBeInstanceOf(PreconditionError);
  expect(sqe.opcode).not.toBe(IORING_OP_NOP);
  expect(inUse(a)).toBe(true);
  feed(p, text('inflight'));
  expect(nextCqe(r)).toEqual({ user_data: 7n, res: 8, flags: 0 });
  expect(inUse(a)).toBe(false);
});

test('a refused prep on an SQE the fast path handed out is neutralized too', () => {
  const r = ring();
  const f = new FastRing(r);
  const at = f.getSqe();
  f.setUserData(at, 12);
  const sqe = IoUringSqe.borrow(f.sqeAddress(at), OWNED);
  expect(catchError(() => io_uring_prep_read(sqe, -1, new Uint8Array(8), 8, 0))).toBeInstanceOf(PreconditionError);
  expect(f.submit()).toBe(1);
  const got: [number, number][] = [];
  while (got.length === 0) {
    f.submitAndWait(1);
    f.forEachCqe((lo, res) => got.push([lo, res]));
  }
  expect(got).toEqual([[12, -ECANCELED]]);
});
