// Memory is held per request, not per user_data (issue 9, section 1): requests sharing a user_data,
// CQEs no request of ours posts carrying one in flight, IOSQE_CQE_SKIP_SUCCESS, linked chains and link
// timeouts, against the real kernel. A buffer is "held" when freeAligned refuses it (its kernel-use
// count is up); test/safety-gc.test.ts shows the same buffers are not collected.
import { openSync, closeSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  IOSQE_CQE_SKIP_SUCCESS, IOSQE_IO_LINK, IoUringCqe, KernelTimespec, OutPointer, allocAligned, freeAligned, io_uring_get_sqe,
  io_uring_prep_link_timeout, io_uring_prep_msg_ring, io_uring_prep_nop, io_uring_prep_write, io_uring_queue_exit,
  io_uring_register_files_tags, io_uring_register_files_update, io_uring_sqe_set_data64, io_uring_sqe_set_flags, io_uring_submit,
  io_uring_wait_cqe_timeout, errnoNumber, io_uring_peek_batch_cqe, io_uring_cqe_seen, io_uring_cq_ready, PointerArray,
} from '../index.js';
import { holdsOf } from '../runtime/index.js';
import { allocationOf } from '../runtime/memory.js';
import { libc } from '../runtime/testing.js';
import { feed, inUse, nextCqe, peekCqe, prepRead, prepReadAgain } from './support/safety.js';
import { useFixtures } from './support/safety-fixtures.js';

const dup = libc.func('int dup(int)') as (fd: number) => number;
const text = (s: string) => new TextEncoder().encode(s);
const str = (m: Uint8Array, n = 8) => Buffer.from(m.subarray(0, n)).toString();

const { ring, pipe } = useFixtures();

describe('user_data shared by several requests', () => {
  test('two reads with user_data 0: the CQE of one keeps the other\'s memory until its own CQE', () => {
    const r = ring();
    const [p, q] = [pipe(), pipe()];
    const a = allocAligned(4096);
    const b = allocAligned(4096);
    prepRead(r, p.r, a, 8, 0n);
    prepRead(r, q.r, b, 8, 0n);
    expect(io_uring_submit(r)).toBe(2);
    feed(q, text('BBBBBBBB'));
    expect(nextCqe(r)).toMatchObject({ user_data: 0n, res: 8 });
    // The read into a is still waiting on its pipe: a stays in use (and b with it: the CQE cannot say whose it was).
    expect(str(a)).toBe('\0'.repeat(8));
    expect(inUse(a)).toBe(true);
    expect(() => freeAligned(a)).toThrow(/still in use by the kernel/);
    expect(inUse(b)).toBe(true);
    feed(p, text('AAAAAAAA'));
    expect(nextCqe(r)).toMatchObject({ user_data: 0n, res: 8 });
    expect(str(a)).toBe('AAAAAAAA');
    expect(inUse(a)).toBe(false);
    expect(inUse(b)).toBe(false);
    freeAligned(a);
    freeAligned(b);
  });

  test('with different user_data, each read\'s memory goes with its own CQE', () => {
    const r = ring();
    const [p, q] = [pipe(), pipe()];
    const a = allocAligned(4096);
    const b = allocAligned(4096);
    prepRead(r, p.r, a, 8, 1n);
    prepRead(r, q.r, b, 8, 2n);
    io_uring_submit(r);
    feed(q, text('BBBBBBBB'));
    expect(nextCqe(r)).toMatchObject({ user_data: 2n, res: 8 });
    expect(inUse(b)).toBe(false);
    expect(inUse(a)).toBe(true);
    feed(p, text('AAAAAAAA'));
    expect(nextCqe(r)).toMatchObject({ user_data: 1n, res: 8 });
    expect(inUse(a)).toBe(false);
  });

  test('a batch under one user_data: memory is kept until every request of the batch completed', () => {
    const r = ring(16);
    const ps = [pipe(), pipe(), pipe(), pipe()];
    const bufs = ps.map(() => allocAligned(4096));
    ps.forEach((p, i) => prepRead(r, p.r, bufs[i]!, 8, 7n));
    // A request without memory in the same batch counts too.
    const nop = io_uring_get_sqe(r)!;
    io_uring_prep_nop(nop);
    io_uring_sqe_set_data64(nop, 7n);
    expect(io_uring_submit(r)).toBe(5);
    expect(nextCqe(r)).toMatchObject({ user_data: 7n, res: 0 });
    for (const p of ps.slice(0, 3)) {
      feed(p, text('12345678'));
      expect(nextCqe(r)).toMatchObject({ user_data: 7n, res: 8 });
    }
    expect(str(bufs[3]!)).toBe('\0'.repeat(8));
    for (const b of bufs) expect(inUse(b)).toBe(true);
    feed(ps[3]!, text('87654321'));
    expect(nextCqe(r)).toMatchObject({ user_data: 7n, res: 8 });
    for (const b of bufs) expect(inUse(b)).toBe(false);
    expect(holdsOf(r)).toMatchObject({ heldRequests: 0, requestsInFlight: 0 });
  });
});
describe('consuming CQEs out of order', () => {
  test('io_uring_cqe_seen consumes the CQE at the head whichever one it is given, and the books count that one', () => {
    const r = ring();
    const p = pipe();
    const a = allocAligned(4096);
    prepRead(r, p.r, a, 8, 2n);
    for (const u of [1n, 2n]) {
      const nop = io_uring_get_sqe(r)!;
      io_uring_prep_nop(nop);
      io_uring_sqe_set_data64(nop, u);
    }
    io_uring_submit(r);
    const batch = new PointerArray<IoUringCqe>(4);
    expect(io_uring_peek_batch_cqe(r, batch, 4)).toBe(2);
    const [first, second] = batch.items;
    expect([first!.user_data, second!.user_data]).toEqual([1n, 2n]);
    // Seeing the second first consumes the first; seeing the second again consumes the second.
    io_uring_cqe_seen(r, second!);
    io_uring_cqe_seen(r, second!);
    expect(io_uring_cq_ready(r)).toBe(0);
    // Counted twice, the second NOP (user_data 2) would have let the read's buffer go.
    expect(inUse(a)).toBe(true);
    feed(p, text('ordered!'));
    expect(nextCqe(r)).toMatchObject({ user_data: 2n, res: 8 });
    expect(inUse(a)).toBe(false);
  });
});

describe('CQEs no request of ours posts', () => {
  test('a resource tag CQE with the user_data of a read in flight does not release it', () => {
    const r = ring();
    const p = pipe();
    const devnull = openSync('/dev/null', 'r');
    try {
      expect(io_uring_register_files_tags(r, Int32Array.of(devnull), BigUint64Array.of(0x77n), 1)).toBe(0);
      const a = allocAligned(4096);
      prepRead(r, p.r, a, 8, 0x77n);
      io_uring_submit(r);
      // Replacing the tagged file posts the tag: user_data 0x77, res 0.
      expect(io_uring_register_files_update(r, 0, Int32Array.of(-1), 1)).toBe(1);
      expect(nextCqe(r)).toMatchObject({ user_data: 0x77n, res: 0 });
      expect(inUse(a)).toBe(true);
      feed(p, text('tagtagta'));
      expect(nextCqe(r)).toMatchObject({ user_data: 0x77n, res: 8 });
      expect(inUse(a)).toBe(false);
    } finally {
      closeSync(devnull);
    }
  });

  test('a tag that may still come keeps a finished read\'s memory (over-holding) until it comes', () => {
    const r = ring();
    const p = pipe();
    const devnull = openSync('/dev/null', 'r');
    try {
      io_uring_register_files_tags(r, Int32Array.of(devnull), BigUint64Array.of(0x78n), 1);
      const a = allocAligned(4096);
      prepRead(r, p.r, a, 8, 0x78n);
      io_uring_submit(r);
      feed(p, text('readread'));
      expect(nextCqe(r)).toMatchObject({ user_data: 0x78n, res: 8 });
      expect(inUse(a)).toBe(true); // this CQE may have been the tag's
      io_uring_register_files_update(r, 0, Int32Array.of(-1), 1);
      expect(nextCqe(r)).toMatchObject({ user_data: 0x78n, res: 0 });
      expect(inUse(a)).toBe(false);
    } finally {
      closeSync(devnull);
    }
  });

  test('msg_ring data equal to an in-flight user_data, arriving on the target ring, does not release it', () => {
    const target = ring();
    const source = ring();
    const p = pipe();
    const a = allocAligned(4096);
    prepRead(target, p.r, a, 8, 5n);
    io_uring_submit(target);
    const m = io_uring_get_sqe(source)!;
    io_uring_prep_msg_ring(m, target.ring_fd, 3, 5n, 0);
    io_uring_sqe_set_data64(m, 99n);
    io_uring_submit(source);
    expect(nextCqe(source)).toMatchObject({ user_data: 99n, res: 0 });
    expect(nextCqe(target)).toMatchObject({ user_data: 5n, res: 3 });
    expect(inUse(a)).toBe(true);
    feed(p, text('msgmsgms'));
    expect(nextCqe(target)).toMatchObject({ user_data: 5n, res: 8 });
    expect(inUse(a)).toBe(false);
  });

  test('msg_ring to a ring fd liburing-ts does not know (a dup of it) counts on every live ring', () => {
    const target = ring();
    const source = ring();
    const p = pipe();
    const alias = dup(target.ring_fd);
    try {
      const a = allocAligned(4096);
      prepRead(target, p.r, a, 8, 6n);
      io_uring_submit(target);
      const m = io_uring_get_sqe(source)!;
      io_uring_prep_msg_ring(m, alias, 0, 6n, 0);
      io_uring_submit(source);
      expect(nextCqe(source).res).toBe(0);
      expect(nextCqe(target)).toMatchObject({ user_data: 6n, res: 0 });
      expect(inUse(a)).toBe(true);
      feed(p, text('aliasali'));
      expect(nextCqe(target)).toMatchObject({ user_data: 6n, res: 8 });
      expect(inUse(a)).toBe(false);
    } finally {
      closeSync(alias);
    }
  });
});
describe('IOSQE_CQE_SKIP_SUCCESS', () => {
  test('a request that posts no CQE on success keeps its memory until the ring exits', () => {
    const r = ring();
    const p = pipe();
    const a = allocAligned(4096);
    const sqe = prepRead(r, p.r, a, 8, 9n);
    io_uring_sqe_set_flags(sqe, IOSQE_CQE_SKIP_SUCCESS);
    // A NOP with the same user_data: its CQE must not count as the read's.
    const nop = io_uring_get_sqe(r)!;
    io_uring_prep_nop(nop);
    io_uring_sqe_set_data64(nop, 9n);
    io_uring_submit(r);
    expect(nextCqe(r)).toMatchObject({ user_data: 9n, res: 0 });
    expect(inUse(a)).toBe(true);
    feed(p, text('skipskip'));
    // The read completes silently: wait until its data is there.
    const ts = new KernelTimespec();
    ts.tv_nsec = 1_000_000n;
    for (let i = 0; i < 1000 && a[0] === 0; i++) io_uring_wait_cqe_timeout(r, new OutPointer<IoUringCqe>(), ts);
    expect(str(a)).toBe('skipskip');
    expect(peekCqe(r)).toBeNull();
    expect(inUse(a)).toBe(true);
    expect(holdsOf(r).untilExit).toBeGreaterThan(0);
    io_uring_queue_exit(r);
    expect(inUse(a)).toBe(false);
  });
});
describe('linked chains and link timeouts', () => {
  test('a read with a link timeout: the read\'s memory is kept until the read\'s own CQE, whichever comes first', () => {
    const r = ring();
    const p = pipe();
    const a = allocAligned(4096);
    const sqe = prepRead(r, p.r, a, 8, 1n);
    io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
    const ts = new KernelTimespec();
    ts.tv_nsec = 5_000_000n;
    const t = io_uring_get_sqe(r)!;
    io_uring_prep_link_timeout(t, ts, 0);
    io_uring_sqe_set_data64(t, 2n);
    io_uring_submit(r);
    const seen = new Map<bigint, number>();
    for (let i = 0; i < 2; i++) {
      const c = nextCqe(r);
      seen.set(c.user_data, c.res);
      expect(inUse(a)).toBe(!seen.has(1n));
    }
    expect(seen).toEqual(new Map([[1n, -errnoNumber('ECANCELED')], [2n, -errnoNumber('ETIME')]]));
  });

  test('a write linked to a read of what it wrote: each member\'s memory goes with its own CQE', () => {
    const r = ring();
    const p = pipe();
    const out = allocAligned(4096);
    out.set(text('linked!!'));
    const back = allocAligned(4096);
    const w = io_uring_get_sqe(r)!;
    io_uring_prep_write(w, p.w, out, 8, 0);
    io_uring_sqe_set_data64(w, 0n);
    io_uring_sqe_set_flags(w, IOSQE_IO_LINK);
    prepRead(r, p.r, back, 8, 1n);
    io_uring_submit(r);
    expect(nextCqe(r)).toMatchObject({ user_data: 0n, res: 8 });
    expect(inUse(out)).toBe(false);
    const c = nextCqe(r);
    expect(c).toMatchObject({ user_data: 1n, res: 8 });
    expect(str(back)).toBe('linked!!');
    expect(inUse(back)).toBe(false);
  });
});

describe('an SQE prepared again before it is submitted', () => {
  test('the same buffer given 1000 times is kept once, and let go at the one completion', () => {
    const r = ring();
    const p = pipe();
    const a = allocAligned(4096);
    const sqe = prepRead(r, p.r, a, 8, 7n);
    for (let i = 0; i < 999; i++) prepReadAgain(sqe, p.r, a, 8);
    // One user of the buffer, not 1000: holding it again added nothing (its list stayed one long).
    expect(allocationOf(a)!.users).toBe(1);
    expect(io_uring_submit(r)).toBe(1);
    feed(p, text('AAAAAAAA'));
    expect(nextCqe(r)).toMatchObject({ user_data: 7n, res: 8 });
    expect(str(a)).toBe('AAAAAAAA');
    expect(inUse(a)).toBe(false);
    freeAligned(a);
  });

  test('a different buffer each time keeps every one until the completion: the kernel reads the SQE only then', () => {
    const r = ring();
    const p = pipe();
    const bufs = [allocAligned(4096), allocAligned(4096), allocAligned(4096)];
    const sqe = prepRead(r, p.r, bufs[0]!, 8, 8n);
    prepReadAgain(sqe, p.r, bufs[1]!, 8);
    prepReadAgain(sqe, p.r, bufs[2]!, 8);
    expect(bufs.map(inUse)).toEqual([true, true, true]);
    expect(io_uring_submit(r)).toBe(1);
    feed(p, text('BBBBBBBB'));
    expect(nextCqe(r)).toMatchObject({ user_data: 8n, res: 8 });
    expect(str(bufs[2]!)).toBe('BBBBBBBB');
    expect(bufs.map(inUse)).toEqual([false, false, false]);
    for (const b of bufs) freeAligned(b);
  });
});
