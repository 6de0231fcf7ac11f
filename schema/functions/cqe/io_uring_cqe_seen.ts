import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_cqe_seen',
  since: '0.1',
  category: 'cqe',
  summary: 'Mark a completion as consumed, so the kernel can reuse its slot.',
  man: 'io_uring_cqe_seen(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring the completion came from.' },
    { name: 'cqe', type: 'struct io_uring_cqe *', nullable: true, doc: 'The completion; null does nothing.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing.' },
  effect: 'cqe-seen',
  test: {
    effect: `
      const ring = newRing(4);
      try {
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        io_uring_submit(ring);
        const out = new OutPointer<IoUringCqe>();
        io_uring_wait_cqe(ring, out);
        expect(io_uring_cq_ready(ring)).toBe(1);
        io_uring_cqe_seen(ring, out.value);
        expect(io_uring_cq_ready(ring)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
      }
    `,
  },
});
