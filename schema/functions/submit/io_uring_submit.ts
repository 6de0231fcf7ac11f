import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_submit',
  since: '0.1',
  category: 'submit',
  summary: 'Submit every prepared SQE to the kernel; returns how many were submitted.',
  man: 'io_uring_submit(3)',
  params: [{ name: 'ring', type: 'struct io_uring *', doc: 'The ring.' }],
  returns: { kind: 'count', type: 'int', doc: 'The number of SQEs submitted.' },
  bookkeeping: 'submit',
  errors: {
    EBADFD: 'the ring is disabled (IORING_SETUP_R_DISABLED): call io_uring_enable_rings first',
    EEXIST: 'a DEFER_TASKRUN or SINGLE_ISSUER ring is used from a thread other than the one that created it',
    EBUSY: 'the completion queue overflowed: reap completions before submitting more',
  },
  test: {
    async effect({ expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_submit, newRing }) {
      const ring = newRing(8);
      try {
        expect(io_uring_submit(ring)).toBe(0);
        for (let i = 0; i < 3; i++) io_uring_prep_nop(io_uring_get_sqe(ring)!);
        expect(io_uring_submit(ring)).toBe(3);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
