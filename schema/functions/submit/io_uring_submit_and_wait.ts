import { defineFunction } from '../../language.js';
import { PENDING_SQE_RULES } from '../../shared/pending-sqes.js';

export default defineFunction({
  name: 'io_uring_submit_and_wait',
  since: '0.1',
  category: 'submit',
  summary: 'Submit every prepared SQE, then wait until at least wait_nr completions are ready.',
  description: 'One io_uring_enter call for both. The completions are not consumed: read them with io_uring_peek_cqe, io_uring_wait_cqe or io_uring_peek_batch_cqe.',
  man: 'io_uring_submit_and_wait(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.', preconditions: [...PENDING_SQE_RULES] },
    { name: 'wait_nr', type: 'unsigned', doc: 'How many completions to wait for; 0 submits without waiting.' },
  ],
  mayBlock: true,
  returns: { kind: 'count', type: 'int', doc: 'The number of SQEs submitted.' },
  bookkeeping: 'submit',
  errors: {
    EBADFD: 'the ring is disabled (IORING_SETUP_R_DISABLED): call io_uring_enable_rings first',
    EEXIST: 'a DEFER_TASKRUN or SINGLE_ISSUER ring is used from a thread other than the one that created it',
    EBUSY: 'the completion queue overflowed: reap completions before submitting more',
    EINTR: 'a signal interrupted the wait; the SQEs were submitted',
  },
  quirks: [
    { text: 'it blocks until wait_nr completions arrive, so wait_nr larger than the requests in flight (plus those submitted now) blocks forever; liburing-ts cannot check it because it does not count requests that post no completion or several', source: 'liburing 2.9 src/queue.c (__io_uring_submit passes wait_nr to io_uring_enter as min_complete)' },
  ],
  test: {
    async effect({ expect, io_uring_cq_advance, io_uring_cq_ready, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sq_ready, io_uring_sqe_set_data64, io_uring_submit_and_wait, newRing }) {
      const ring = newRing(8);
      try {
        expect(io_uring_submit_and_wait(ring, 0)).toBe(0);
        for (let i = 0; i < 3; i++) {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_nop(sqe);
          io_uring_sqe_set_data64(sqe, BigInt(i));
        }
        expect(io_uring_sq_ready(ring)).toBe(3);
        expect(io_uring_submit_and_wait(ring, 3)).toBe(3);
        // All three completions are there on return.
        expect(io_uring_sq_ready(ring)).toBe(0);
        expect(io_uring_cq_ready(ring)).toBe(3);
        io_uring_cq_advance(ring, 3);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_submit_and_wait, newRing }) {
      const ring = newRing(4);
      const args = [ring, 0] as Parameters<typeof io_uring_submit_and_wait>;
      return {
        ring,
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
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
