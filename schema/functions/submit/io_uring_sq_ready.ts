import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_sq_ready',
  since: '0.3',
  category: 'submit',
  inline: true,
  js: 'sqReady(ring)',
  summary: 'The number of SQEs obtained from the ring and not yet submitted (with SQPOLL: not yet consumed by the kernel).',
  man: 'io_uring_sq_ready(3)',
  params: [{ name: 'ring', type: 'const struct io_uring *', doc: 'The ring.' }],
  returns: { kind: 'value', type: 'unsigned', doc: 'How many SQEs wait in the submission queue.' },
  test: {
    async effect({ expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sq_ready, io_uring_submit, newRing }) {
      const ring = newRing(4);
      try {
        expect(io_uring_sq_ready(ring)).toBe(0);
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        expect(io_uring_sq_ready(ring)).toBe(1);
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        expect(io_uring_sq_ready(ring)).toBe(2);
        expect(io_uring_submit(ring)).toBe(2);
        expect(io_uring_sq_ready(ring)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
