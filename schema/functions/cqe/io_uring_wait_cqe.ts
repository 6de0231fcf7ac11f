import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_wait_cqe',
  since: '0.1',
  category: 'cqe',
  inline: true,
  js: 'waitCqe(ring, cqe_ptr, IoUringCqe)',
  summary: 'Wait for a completion, blocking until one is available.',
  man: 'io_uring_wait_cqe(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    { name: 'cqe_ptr', type: 'struct io_uring_cqe **', dir: 'out', borrowedFrom: 'ring', doc: 'Receives the completion, borrowed from the ring until io_uring_cqe_seen.' },
  ],
  mayBlock: true,
  returns: { kind: 'errno', type: 'int', doc: '0 when cqe_ptr holds a completion.' },
  errors: { EAGAIN: 'no completion is ready (only with a non-blocking wait)', EINTR: 'a signal interrupted the wait' },
  test: {
    async effect({ expect, io_uring_cqe_seen, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, io_uring_wait_cqe, IoUringCqe, newRing, OutPointer }) {
      const ring = newRing(4);
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 5n);
        io_uring_submit(ring);
        const out = new OutPointer<IoUringCqe>();
        expect(io_uring_wait_cqe(ring, out)).toBe(0);
        expect(out.value).toBeInstanceOf(IoUringCqe);
        expect(out.value!.user_data).toBe(5n);
        expect(out.value!.res).toBe(0);
        io_uring_cqe_seen(ring, out.value!);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
