import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_cq_eventfd_enabled',
  since: '0.7',
  category: 'cqe',
  inline: true,
  js: 'cqEventfdEnabled(ring)',
  summary: 'Whether completions signal the ring\'s registered eventfd: IORING_CQ_EVENTFD_DISABLED is not set in the CQ ring flags.',
  description:
    'Reads the CQ ring flags the application shares with the kernel (io_uring_cq_eventfd_toggle sets them). It says nothing about ' +
    'whether an eventfd is registered at all (io_uring_register_eventfd).',
  man: null,
  params: [
    { name: 'ring', type: 'const struct io_uring *', doc: 'The ring.' },
  ],
  returns: { kind: 'bool', type: 'bool', doc: 'true unless eventfd notification was turned off with io_uring_cq_eventfd_toggle; true as well on kernels without CQ ring flags (before 5.8).' },
  quirks: [
    { text: 'on kernels whose CQ ring has no flags word (before 5.8, cq.kflags null) it returns true: notifications cannot be turned off there', source: 'liburing 2.9 liburing.h io_uring_cq_eventfd_enabled() ("if (!ring->cq.kflags) return true")' },
  ],
  test: {
    async effect({ expect, io_uring_cq_eventfd_enabled, io_uring_cq_eventfd_toggle, io_uring_queue_exit, IORING_CQ_EVENTFD_DISABLED, newRing, viewOfAddress }) {
      const ring = newRing(4);
      try {
        const kflags = viewOfAddress(ring.cq.kflags, 4);
        // A new ring notifies.
        expect(io_uring_cq_eventfd_enabled(ring)).toBe(true);
        expect(kflags.getUint32(0, true) & IORING_CQ_EVENTFD_DISABLED).toBe(0);
        // Turned off: IORING_CQ_EVENTFD_DISABLED is set in the shared CQ ring flags.
        expect(io_uring_cq_eventfd_toggle(ring, false)).toBe(0);
        expect(io_uring_cq_eventfd_enabled(ring)).toBe(false);
        expect(kflags.getUint32(0, true) & IORING_CQ_EVENTFD_DISABLED).toBe(IORING_CQ_EVENTFD_DISABLED);
        // It reads the flag as it is, whoever set it.
        kflags.setUint32(0, kflags.getUint32(0, true) & ~IORING_CQ_EVENTFD_DISABLED, true);
        expect(io_uring_cq_eventfd_enabled(ring)).toBe(true);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
