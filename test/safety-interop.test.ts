// The fast path and the checked API on one ring, and flushes the checked API did not see (issue 9,
// section 1): a request's memory is still released only when its own request is proven done.
import { describe, expect, test } from 'vitest';
import { IoUringSqe, allocAligned, io_uring_prep_read, io_uring_queue_exit } from '../index.js';
import { FastRing } from '../runtime/fast/index.js';
import { encode_io_uring_prep_nop } from '../generated/functions/io_uring_prep_nop.js';
import { unchecked_io_uring_submit } from '../generated/functions/io_uring_submit.js';
import { ffi } from '../generated/ffi.js';
import { OWNED, holdsOf } from '../runtime/index.js';
import { feed, inUse, nextCqe, prepRead } from './support/safety.js';
import { useFixtures } from './support/safety-fixtures.js';

const text = (s: string) => new TextEncoder().encode(s);
/** Wait for at least one completion through the fast path, and consume what is ready: [user_data low word, res] each. */
function reap(f: FastRing): [number, number][] {
  const got: [number, number][] = [];
  while (got.length === 0) {
    f.submitAndWait(1);
    f.forEachCqe((lo, res) => got.push([lo, res]));
  }
  return got;
}

const { ring, pipe } = useFixtures();

describe('the fast path and the checked API on one ring', () => {
  test('a fast-path request with the same user_data does not release a checked request\'s memory', () => {
    const r = ring();
    const f = new FastRing(r);
    const p = pipe();
    const a = allocAligned(4096);
    prepRead(r, p.r, a, 8, 0n);
    const at = f.getSqe();
    encode_io_uring_prep_nop(f.sqes, at);
    f.setUserData(at, 0);
    expect(f.submit()).toBe(2);
    expect(reap(f)).toEqual([[0, 0]]);
    expect(inUse(a)).toBe(true);
    feed(p, text('fastpath'));
    expect(reap(f)).toEqual([[0, 8]]);
    expect(inUse(a)).toBe(false);
  });

  test('a checked prep on an SQE the fast path handed out (borrowed at its address) holds its memory', () => {
    const r = ring();
    const f = new FastRing(r);
    const p = pipe();
    const a = allocAligned(4096);
    const at = f.getSqe();
    const sqe = IoUringSqe.borrow(f.sqeAddress(at), OWNED);
    io_uring_prep_read(sqe, p.r, a, 8, 0);
    f.setUserData(at, 4);
    expect(inUse(a)).toBe(true);
    f.submit();
    feed(p, text('borrowed'));
    expect(reap(f)).toEqual([[4, 8]]);
    expect(inUse(a)).toBe(false);
  });

  test('a FastRing without interop still moves checked memory to its request when it submits', () => {
    const r = ring();
    const f = new FastRing(r, { interop: false });
    const p = pipe();
    const a = allocAligned(4096);
    prepRead(r, p.r, a, 8, 8n);
    f.submit();
    expect(holdsOf(r)).toMatchObject({ pendingSlots: 0, heldRequests: 1 });
    feed(p, text('nointerp'));
    expect(nextCqe(r)).toMatchObject({ user_data: 8n, res: 8 });
    expect(inUse(a)).toBe(false);
  });
});
describe('submissions the books did not see', () => {
  test('an unchecked submit: the next checked call counts what it flushed, while the slots still hold it', () => {
    const r = ring(2);
    const p = pipe();
    const a = allocAligned(4096);
    prepRead(r, p.r, a, 8, 1n);
    expect(unchecked_io_uring_submit(r)).toBe(1);
    feed(p, text('unseen!!'));
    expect(nextCqe(r)).toMatchObject({ user_data: 1n, res: 8 });
    expect(inUse(a)).toBe(false);
    expect(holdsOf(r).lost).toBe(false);
  });

  test('more unseen submissions than the SQ holds: nothing is released before exit', () => {
    const r = ring(2);
    const p = pipe();
    const a = allocAligned(4096);
    prepRead(r, p.r, a, 8, 1n);
    unchecked_io_uring_submit(r);
    // Two NOPs through the raw functions: their slots overwrite what the read's flush left there.
    for (let i = 0; i < 2; i++) {
      ffi.io_uring_prep_nop(ffi.io_uring_get_sqe(r.address) as bigint);
      unchecked_io_uring_submit(r);
    }
    expect(nextCqe(r).res).toBe(0);
    expect(nextCqe(r).res).toBe(0);
    feed(p, text('lostlost'));
    expect(nextCqe(r)).toMatchObject({ user_data: 1n, res: 8 });
    expect(holdsOf(r).lost).toBe(true);
    expect(inUse(a)).toBe(true);
    io_uring_queue_exit(r);
    expect(inUse(a)).toBe(false);
  });
});
