import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_cqe_get_data64',
  since: '2.2',
  category: 'cqe',
  inline: true,
  js: 'cqe.user_data',
  summary: "The completion's user_data, as set on its SQE with io_uring_sqe_set_data64.",
  man: 'io_uring_cqe_get_data64(3)',
  params: [{ name: 'cqe', type: 'const struct io_uring_cqe *', doc: 'The completion.' }],
  returns: { kind: 'value', type: '__u64', doc: 'The 64-bit user_data; undefined (whatever the SQE held) when it was never set.' },
  test: {
    async effect({ expect, io_uring_cqe_get_data64, io_uring_cqe_seen, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, io_uring_wait_cqe, IoUringCqe, newRing, OutPointer }) {
      const ring = newRing(4);
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 0xffff_0000_1234_5678n);
        io_uring_submit(ring);
        const out = new OutPointer<IoUringCqe>();
        io_uring_wait_cqe(ring, out);
        expect(io_uring_cqe_get_data64(out.value!)).toBe(0xffff_0000_1234_5678n);
        io_uring_cqe_seen(ring, out.value);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
