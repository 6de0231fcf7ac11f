import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_get_events',
  since: '2.3',
  category: 'submit',
  summary: 'Enter the kernel to flush completions to the CQ ring: overflowed ones, and pending task work (DEFER_TASKRUN).',
  description:
    'When the CQ ring was full, the kernel keeps further completions on an overflow list (IORING_FEAT_NODROP) and sets ' +
    'IORING_SQ_CQ_OVERFLOW (io_uring_cq_has_overflow); this call moves them into the ring as far as there is room. On ' +
    'IORING_SETUP_DEFER_TASKRUN rings it also runs the deferred work, which may post more completions. It submits nothing ' +
    'and never waits.',
  man: 'io_uring_get_events(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EBADFD: 'the ring is disabled (IORING_SETUP_R_DISABLED)',
    EEXIST: 'a DEFER_TASKRUN ring is used from a thread other than its submitter',
    EBUSY: 'the overflowed completions could not all be flushed (reap completions first)',
  },
  test: {
    async effect({ expect, io_uring_cq_advance, io_uring_cq_has_overflow, io_uring_cq_ready, io_uring_get_events, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, IoUringCqe, newRing, PointerArray }) {
      // A CQ ring of 4 entries gets 6 completions: 2 go to the overflow list.
      const ring = newRing(2);
      try {
        expect(ring.cq.ring_entries).toBe(4);
        for (let round = 0; round < 3; round++) {
          for (let i = 0; i < 2; i++) {
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_nop(sqe);
            io_uring_sqe_set_data64(sqe, BigInt(round * 2 + i));
          }
          io_uring_submit(ring);
        }
        expect(io_uring_cq_ready(ring)).toBe(4);
        expect(io_uring_cq_has_overflow(ring)).toBe(true);
        io_uring_cq_advance(ring, 4);
        // Room again, but the overflowed completions stay in the kernel until something enters it.
        expect(io_uring_cq_ready(ring)).toBe(0);
        expect(io_uring_get_events(ring)).toBe(0);
        expect(io_uring_cq_ready(ring)).toBe(2);
        expect(io_uring_cq_has_overflow(ring)).toBe(false);
        const cqes = new PointerArray<IoUringCqe>(2);
        io_uring_peek_batch_cqe(ring, cqes, 2);
        expect(cqes.items.map((c) => c.user_data)).toEqual([4n, 5n]);
        io_uring_cq_advance(ring, 2);
        // Nothing to flush: still 0, nothing waited for.
        expect(io_uring_get_events(ring)).toBe(0);
        expect(io_uring_cq_ready(ring)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
