import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_sq_space_left',
  since: '0.2',
  category: 'submit',
  inline: true,
  js: 'sqSpaceLeft(ring)',
  summary: 'How many more SQEs io_uring_get_sqe can hand out before the submission queue is full.',
  man: 'io_uring_sq_space_left(3)',
  params: [{ name: 'ring', type: 'const struct io_uring *', doc: 'The ring.' }],
  returns: { kind: 'value', type: 'unsigned', doc: 'The free entries in the submission queue: its size minus io_uring_sq_ready.' },
  test: {
    async effect({ expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sq_space_left, io_uring_submit, newRing }) {
      const ring = newRing(4);
      try {
        expect(io_uring_sq_space_left(ring)).toBe(4);
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        expect(io_uring_sq_space_left(ring)).toBe(1);
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        expect(io_uring_sq_space_left(ring)).toBe(0);
        // No space left: get_sqe returns null.
        expect(io_uring_get_sqe(ring)).toBeNull();
        io_uring_submit(ring);
        expect(io_uring_sq_space_left(ring)).toBe(4);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
