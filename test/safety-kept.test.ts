// Memory the kernel keeps using beyond one request (provided buffers, buffer rings), and
// liburing's internal timeout user_data (issue 9, section 1), against the real kernel.
import { describe, expect, test } from 'vitest';
import {
  IORING_FEAT_EXT_ARG, IOSQE_BUFFER_SELECT, LIBURING_UDATA_TIMEOUT, IoUringBufReg, IoUringBufRing, IoUringCqe, KernelTimespec, OutPointer,
  allocAligned, addressOf, freeAligned, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_buf_ring_mask, io_uring_free_buf_ring,
  io_uring_get_sqe, io_uring_prep_provide_buffers, io_uring_prep_read, io_uring_prep_remove_buffers, io_uring_queue_exit,
  io_uring_register_buf_ring, io_uring_setup_buf_ring, io_uring_sqe_set_buf_group, io_uring_sqe_set_data64, io_uring_sqe_set_flags,
  io_uring_submit, io_uring_unregister_buf_ring, io_uring_wait_cqe_timeout, errnoNumber,
} from '../index.js';
import { OWNED, holdsOf } from '../runtime/index.js';
import { feed, inUse, nextCqe, prepRead } from './support/safety.js';
import { useFixtures } from './support/safety-fixtures.js';

const text = (s: string) => new TextEncoder().encode(s);
const str = (m: Uint8Array, n = 8) => Buffer.from(m.subarray(0, n)).toString();

const { ring, pipe } = useFixtures();

describe('memory the kernel keeps beyond one request', () => {
  test('io_uring_prep_provide_buffers: the pool stays in use after the request, once however often provided, until exit', () => {
    const r = ring();
    const p = pipe();
    const pool = allocAligned(4096);
    io_uring_prep_provide_buffers(io_uring_get_sqe(r)!, pool, 8, 4, 5, 10);
    io_uring_submit(r);
    expect(nextCqe(r).res).toBe(0);
    expect(inUse(pool)).toBe(true);
    expect(() => freeAligned(pool)).toThrow(/still in use/);
    io_uring_prep_provide_buffers(io_uring_get_sqe(r)!, pool.subarray(32), 8, 4, 5, 20);
    io_uring_submit(r);
    expect(nextCqe(r).res).toBe(0);
    expect(holdsOf(r).ringMemory).toBe(1);
    // A read that selects a buffer writes into the pool, long after the provide request completed.
    const sel = io_uring_get_sqe(r)!;
    io_uring_prep_read(sel, p.r, new Uint8Array(8), 8, 0);
    sel.addr = 0n;
    io_uring_sqe_set_flags(sel, IOSQE_BUFFER_SELECT);
    io_uring_sqe_set_buf_group(sel, 5);
    io_uring_submit(r);
    feed(p, text('selected'));
    expect(nextCqe(r).res).toBe(8);
    expect(Buffer.from(pool).includes('selected')).toBe(true);
    io_uring_prep_remove_buffers(io_uring_get_sqe(r)!, 8, 5);
    io_uring_submit(r);
    expect(nextCqe(r).res).toBe(7);
    expect(inUse(pool)).toBe(true); // kept until exit, the documented over-hold
    io_uring_queue_exit(r);
    expect(inUse(pool)).toBe(false);
    freeAligned(pool);
  });

  test('io_uring_buf_ring_add: buffers stay in use while the buffer ring is registered, and after it until no request is in flight', () => {
    const r = ring();
    const p = pipe();
    const br = io_uring_setup_buf_ring(r, 8, 4, 0, new Int32Array(1))!;
    const a = allocAligned(4096);
    io_uring_buf_ring_add(br, a, 8, 1, io_uring_buf_ring_mask(8), 0);
    io_uring_buf_ring_advance(br, 1);
    expect(inUse(a)).toBe(true);
    // A read waiting to pick a buffer from the group.
    const sel = io_uring_get_sqe(r)!;
    io_uring_prep_read(sel, p.r, new Uint8Array(8), 8, 0);
    sel.addr = 0n;
    io_uring_sqe_set_flags(sel, IOSQE_BUFFER_SELECT);
    io_uring_sqe_set_buf_group(sel, 4);
    io_uring_sqe_set_data64(sel, 3n);
    io_uring_submit(r);
    expect(io_uring_free_buf_ring(r, br, 8, 4)).toBe(0);
    expect(inUse(a)).toBe(true); // the read in flight may have picked it
    expect(holdsOf(r).afterQuiet).toBe(1);
    feed(p, text('bufring!'));
    const c = nextCqe(r);
    expect(c.user_data).toBe(3n);
    expect(inUse(a)).toBe(false);
    expect(holdsOf(r).afterQuiet).toBe(0);
  });

  test('buffers added to a buffer ring over your own memory before it is registered are kept from the registration on', () => {
    const r = ring();
    const mem = allocAligned(4096);
    const br = IoUringBufRing.at(new DataView(mem.buffer, mem.byteOffset, 8 * 16), 0, addressOf(mem), OWNED);
    const a = allocAligned(4096);
    io_uring_buf_ring_add(br, a, 8, 1, io_uring_buf_ring_mask(8), 0);
    io_uring_buf_ring_advance(br, 1);
    const reg = new IoUringBufReg();
    reg.ring_addr = addressOf(mem);
    reg.ring_entries = 8;
    reg.bgid = 6;
    expect(io_uring_register_buf_ring(r, reg, 0)).toBe(0);
    expect(holdsOf(r).bufRingBuffers).toBe(1);
    expect(inUse(a)).toBe(true);
    expect(io_uring_unregister_buf_ring(r, 6)).toBe(0);
    expect(inUse(a)).toBe(false); // nothing in flight: let go at once
  });
});
describe('liburing\'s internal timeout CQEs (kernels without IORING_FEAT_EXT_ARG)', () => {
  test('io_uring_wait_cqe_timeout flushes prepared SQEs with its timeout SQE; the timeout CQE disturbs nothing', () => {
    const r = ring();
    const p = pipe();
    // As on a kernel before 5.11: liburing then waits with a timeout SQE of user_data LIBURING_UDATA_TIMEOUT.
    r.features = r.features & ~IORING_FEAT_EXT_ARG;
    const a = allocAligned(4096);
    prepRead(r, p.r, a, 8, 0n);
    const ts = new KernelTimespec();
    ts.tv_nsec = 2_000_000n;
    // liburing 2.9 returns the number of SQEs it submitted there (the read and its timeout), or -ETIME.
    expect([2, -errnoNumber('ETIME')]).toContain(io_uring_wait_cqe_timeout(r, new OutPointer<IoUringCqe>(), ts));
    expect(holdsOf(r).pendingSlots).toBe(0); // the read went to the kernel with the timeout
    expect(inUse(a)).toBe(true);
    feed(p, text('oldkernl'));
    expect(nextCqe(r)).toMatchObject({ user_data: 0n, res: 8 });
    expect(inUse(a)).toBe(false);
  });

  test('a request with user_data LIBURING_UDATA_TIMEOUT: liburing swallows its CQE there, so its memory is kept until exit', () => {
    const r = ring();
    const p = pipe();
    r.features = r.features & ~IORING_FEAT_EXT_ARG;
    const a = allocAligned(4096);
    prepRead(r, p.r, a, 8, LIBURING_UDATA_TIMEOUT);
    io_uring_submit(r);
    feed(p, text('swallow!'));
    const ts = new KernelTimespec();
    ts.tv_nsec = 1_000_000n;
    for (let i = 0; i < 1000 && a[0] === 0; i++) io_uring_wait_cqe_timeout(r, new OutPointer<IoUringCqe>(), ts);
    expect(str(a)).toBe('swallow!');
    expect(inUse(a)).toBe(true);
    io_uring_queue_exit(r);
    expect(inUse(a)).toBe(false);
  });

  test('with IORING_FEAT_EXT_ARG that user_data is an ordinary one', () => {
    const r = ring();
    const p = pipe();
    const a = allocAligned(4096);
    prepRead(r, p.r, a, 8, LIBURING_UDATA_TIMEOUT);
    io_uring_submit(r);
    feed(p, text('ordinary'));
    expect(nextCqe(r)).toMatchObject({ user_data: LIBURING_UDATA_TIMEOUT, res: 8 });
    expect(inUse(a)).toBe(false);
  });
});
