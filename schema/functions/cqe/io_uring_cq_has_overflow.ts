import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_cq_has_overflow',
  since: '2.3',
  category: 'cqe',
  inline: true,
  js: 'cqHasOverflow(ring)',
  summary: 'Whether completions overflowed the CQ ring and wait in the kernel to be flushed into it (IORING_SQ_CQ_OVERFLOW).',
  description:
    'When the CQ ring is full, kernels with IORING_FEAT_NODROP keep further completions on an overflow list and set ' +
    'IORING_SQ_CQ_OVERFLOW in the SQ ring flags. Reap completions, then let the kernel flush the rest: io_uring_get_events, ' +
    'or any call that enters it to wait or submit. No system call.',
  man: 'io_uring_cq_has_overflow(3)',
  params: [
    { name: 'ring', type: 'const struct io_uring *', doc: 'The ring.' },
  ],
  returns: { kind: 'bool', type: 'bool', doc: 'true when overflowed completions wait to be flushed to the CQ ring.' },
  quirks: [
    { text: 'only meaningful with IORING_FEAT_NODROP (Linux 5.5+); older kernels drop overflowed completions and count them in *cq.koverflow instead', source: 'io_uring_cq_has_overflow(3) NOTES' },
    { text: 'reaping completions does not clear it: the flag stays set until the kernel flushes the overflow list', source: 'kernel io_uring/io_uring.c __io_cqring_overflow_flush(); observed on Linux 6.18' },
  ],
  test: {
    async effect({ expect, io_uring_cq_advance, io_uring_cq_has_overflow, io_uring_cq_ready, io_uring_get_events, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_submit, IORING_FEAT_NODROP, IORING_SQ_CQ_OVERFLOW, newRing, viewOfAddress }) {
      // A CQ ring of 4 entries.
      const ring = newRing(2);
      try {
        expect(ring.features & IORING_FEAT_NODROP).toBe(IORING_FEAT_NODROP);
        const submitNops = (n: number) => {
          for (let i = 0; i < n; i++) io_uring_prep_nop(io_uring_get_sqe(ring)!);
          io_uring_submit(ring);
        };
        submitNops(2);
        submitNops(2);
        // Full, but nothing overflowed.
        expect(io_uring_cq_ready(ring)).toBe(4);
        expect(io_uring_cq_has_overflow(ring)).toBe(false);
        submitNops(2);
        // Two more completions had no room: they wait in the kernel.
        expect(io_uring_cq_ready(ring)).toBe(4);
        expect(io_uring_cq_has_overflow(ring)).toBe(true);
        expect(viewOfAddress(ring.sq.kflags, 4).getUint32(0, true) & IORING_SQ_CQ_OVERFLOW).toBe(IORING_SQ_CQ_OVERFLOW);
        // Reaping makes room but does not flush.
        io_uring_cq_advance(ring, 4);
        expect(io_uring_cq_has_overflow(ring)).toBe(true);
        io_uring_get_events(ring);
        expect(io_uring_cq_has_overflow(ring)).toBe(false);
        expect(io_uring_cq_ready(ring)).toBe(2);
        io_uring_cq_advance(ring, 2);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
