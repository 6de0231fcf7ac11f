import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_wait_cqe_timeout',
  since: '0.2',
  category: 'cqe',
  summary: 'Wait for a completion, giving up with -ETIME when the timeout passes first.',
  description:
    'Returns at once when a completion is ready. On kernels with IORING_FEAT_EXT_ARG (5.11+) it does not submit anything; ' +
    'on older kernels it submits an internal timeout SQE (and with it everything prepared).',
  man: 'io_uring_wait_cqe_timeout(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    { name: 'cqe_ptr', type: 'struct io_uring_cqe **', dir: 'out', borrowedFrom: 'ring', doc: 'Receives the completion, borrowed from the ring until io_uring_cqe_seen; null after -ETIME.' },
    { name: 'ts', type: 'struct __kernel_timespec *', nullable: true, doc: 'How long to wait, relative; null waits without a limit, like io_uring_wait_cqe.' },
  ],
  mayBlock: true,
  bookkeeping: 'submit',
  returns: { kind: 'errno', type: 'int', doc: '0 when cqe_ptr holds a completion; -ETIME when the timeout passed first.', passthrough: ['ETIME'] },
  errors: {
    ETIME: 'the timeout passed before a completion arrived',
    EINTR: 'a signal interrupted the wait',
    EAGAIN: 'on kernels without IORING_FEAT_EXT_ARG: the submission queue is full, so liburing could not queue its timeout SQE',
  },
  quirks: [
    { text: 'on kernels without IORING_FEAT_EXT_ARG (before 5.11) liburing queues a timeout SQE with user_data LIBURING_UDATA_TIMEOUT ((__u64)-1) and swallows its completion, so that user_data must not be used', source: 'liburing 2.9 src/queue.c:255-311; liburing.h LIBURING_UDATA_TIMEOUT' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_cqe_seen, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, io_uring_submit_and_wait, io_uring_wait_cqe_timeout, IoUringCqe, KernelTimespec, newRing, OutPointer }) {
      const ring = newRing(4);
      try {
        const ts = new KernelTimespec();
        ts.tv_nsec = 20_000_000;
        const out = new OutPointer<IoUringCqe>();
        // Nothing in flight: the timeout passes, and -ETIME is returned, not thrown.
        const start = process.hrtime.bigint();
        expect(io_uring_wait_cqe_timeout(ring, out, ts)).toBe(-errnoNumber('ETIME'));
        expect(process.hrtime.bigint() - start).toBeGreaterThanOrEqual(15_000_000n);
        expect(out.value).toBeNull();
        // A completion that is ready is returned at once.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 21n);
        io_uring_submit(ring);
        ts.tv_sec = 5;
        expect(io_uring_wait_cqe_timeout(ring, out, ts)).toBe(0);
        expect(out.value).toBeInstanceOf(IoUringCqe);
        expect(out.value!.user_data).toBe(21n);
        io_uring_cqe_seen(ring, out.value);
        // A null ts waits without a limit; a ready completion still returns at once.
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        io_uring_submit_and_wait(ring, 1);
        expect(io_uring_wait_cqe_timeout(ring, out, null)).toBe(0);
        expect(out.value!.res).toBe(0);
        io_uring_cqe_seen(ring, out.value);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_wait_cqe_timeout, IoUringCqe, KernelTimespec, newRing, OutPointer }) {
      const ring = newRing(4);
      const ts = new KernelTimespec();
      ts.tv_nsec = 1_000_000;
      const args = [ring, new OutPointer<IoUringCqe>(), ts] as Parameters<typeof io_uring_wait_cqe_timeout>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
