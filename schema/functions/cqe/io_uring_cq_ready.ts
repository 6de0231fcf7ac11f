import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_cq_ready',
  since: '0.2',
  category: 'cqe',
  inline: true,
  js: 'cqReady(ring)',
  summary: 'The number of completions ready to be consumed.',
  man: 'io_uring_cq_ready(3)',
  params: [{ name: 'ring', type: 'const struct io_uring *', doc: 'The ring.' }],
  returns: { kind: 'value', type: 'unsigned', doc: 'How many completions are in the completion queue.' },
  test: {
    async effect({ expect, io_uring_cq_advance, io_uring_cq_ready, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_submit_and_wait, newRing }) {
      const ring = newRing(4);
      try {
        expect(io_uring_cq_ready(ring)).toBe(0);
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        io_uring_submit_and_wait(ring, 2);
        expect(io_uring_cq_ready(ring)).toBe(2);
        io_uring_cq_advance(ring, 2);
        expect(io_uring_cq_ready(ring)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
