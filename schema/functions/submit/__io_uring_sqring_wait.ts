import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: '__io_uring_sqring_wait',
  since: '2.0',
  category: 'submit',
  summary: 'Enter the kernel with IORING_ENTER_SQ_WAIT: with SQPOLL, wait until the SQ ring has a free entry.',
  description:
    'The unconditional half of io_uring_sqring_wait, exported for it: it always enters the kernel, whatever the ring\'s flags or ' +
    'free space. The kernel returns at once when the ring is not SQPOLL or its SQ ring is not full. Use io_uring_sqring_wait.',
  man: null,
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success (the io_uring_enter result: nothing is submitted).' },
  errors: {
    EINVAL: 'the kernel does not support IORING_ENTER_SQ_WAIT (before Linux 5.10)',
    EBADFD: 'the ring is disabled (IORING_SETUP_R_DISABLED)',
    EOWNERDEAD: 'the SQPOLL kernel thread was killed',
  },
  quirks: [
    { text: 'an internal helper, undocumented in every liburing release; it costs a system call even when there is nothing to wait for', source: 'liburing 2.9 src/queue.c __io_uring_sqring_wait(); liburing.h io_uring_sqring_wait()' },
  ],
  test: {
    async effect({ __io_uring_sqring_wait, expect, io_uring_cqe_seen, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sq_space_left, io_uring_submit, io_uring_wait_cqe, IORING_SETUP_SQPOLL, IoUringCqe, newRing, OutPointer }) {
      // Not SQPOLL: the kernel ignores IORING_ENTER_SQ_WAIT.
      const plain = newRing(4);
      try {
        expect(__io_uring_sqring_wait(plain)).toBe(0);
      } finally {
        io_uring_queue_exit(plain);
      }
      const ring = newRing(4, IORING_SETUP_SQPOLL);
      try {
        for (let i = 0; i < 4; i++) io_uring_prep_nop(io_uring_get_sqe(ring)!);
        expect(io_uring_submit(ring)).toBe(4);
        expect(__io_uring_sqring_wait(ring)).toBe(0);
        // On return the SQPOLL thread has taken SQEs: there is room again.
        expect(io_uring_sq_space_left(ring)).toBeGreaterThan(0);
        const out = new OutPointer<IoUringCqe>();
        for (let i = 0; i < 4; i++) {
          io_uring_wait_cqe(ring, out);
          io_uring_cqe_seen(ring, out.value);
        }
        // With space free it returns at once too.
        expect(__io_uring_sqring_wait(ring)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
