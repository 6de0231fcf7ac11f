import { defineFunction } from '../../language.js';
import { PENDING_SQE_RULES } from '../../shared/pending-sqes.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_submit_and_get_events',
  since: '2.3',
  category: 'submit',
  summary: 'Submit every prepared SQE and flush completions to the CQ ring (as io_uring_get_events) in one system call.',
  description:
    'It always enters the kernel with IORING_ENTER_GETEVENTS (min_complete 0), so overflowed completions and DEFER_TASKRUN ' +
    'task work are flushed even when there is nothing to submit. It never waits.',
  man: 'io_uring_submit_and_get_events(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.', preconditions: [...PENDING_SQE_RULES] },
  ],
  returns: { kind: 'count', type: 'int', doc: 'The number of SQEs submitted.' },
  bookkeeping: 'submit',
  errors: {
    EBADFD: 'the ring is disabled (IORING_SETUP_R_DISABLED): call io_uring_enable_rings first',
    EEXIST: 'a DEFER_TASKRUN or SINGLE_ISSUER ring is used from a thread other than its submitter',
    EBUSY: 'the overflowed completions could not all be flushed (reap completions first)',
    EAGAIN: 'the kernel could not allocate resources for the requests',
  },
  test: {
    async effect({ expect, io_uring_cq_advance, io_uring_cq_has_overflow, io_uring_cq_ready, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sq_ready, io_uring_sqe_set_data64, io_uring_submit, io_uring_submit_and_get_events, IoUringCqe, newRing, PointerArray }) {
      // A CQ ring of 4 entries gets 6 completions: 2 go to the overflow list.
      const ring = newRing(2);
      try {
        for (let round = 0; round < 3; round++) {
          for (let i = 0; i < 2; i++) {
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_nop(sqe);
            io_uring_sqe_set_data64(sqe, BigInt(round * 2 + i));
          }
          io_uring_submit(ring);
        }
        expect(io_uring_cq_has_overflow(ring)).toBe(true);
        io_uring_cq_advance(ring, 4);
        // One more NOP: submitted, and the two overflowed completions are flushed in the same call.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 6n);
        expect(io_uring_submit_and_get_events(ring)).toBe(1);
        expect(io_uring_sq_ready(ring)).toBe(0);
        expect(io_uring_cq_has_overflow(ring)).toBe(false);
        expect(io_uring_cq_ready(ring)).toBe(3);
        const cqes = new PointerArray<IoUringCqe>(3);
        io_uring_peek_batch_cqe(ring, cqes, 3);
        expect(cqes.items.map((c) => c.user_data)).toEqual([4n, 5n, 6n]);
        io_uring_cq_advance(ring, 3);
        // Nothing prepared: 0 submitted.
        expect(io_uring_submit_and_get_events(ring)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_submit_and_get_events, newRing }) {
      const ring = newRing(4);
      const args = [ring] as Parameters<typeof io_uring_submit_and_get_events>;
      return { args, ring, cleanup: () => exitQuietly(ring) };
    },
    violations: {
      'sqe-null-buffer': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'null-buffer') },
      'sqe-buffer-select': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'buffer-select-op') },
      'sqe-buffer-select-readv': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'buffer-select-vectors') },
      'sqe-buffer-group': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'buffer-group') },
      'sqe-fixed-file': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'fixed-file') },
    },
  },
});
