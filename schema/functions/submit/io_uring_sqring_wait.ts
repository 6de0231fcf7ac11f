import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_sqring_wait',
  since: '2.0',
  category: 'submit',
  inline: true,
  js: 'sqringWait(ring)',
  summary: 'With IORING_SETUP_SQPOLL: wait until the kernel\'s SQ thread has taken SQEs and the SQ ring has free space.',
  description:
    'Only meaningful for SQPOLL rings, where the kernel thread consumes submitted SQEs on its own: it returns at once when ' +
    'the ring is not SQPOLL or liburing\'s view of the SQ ring still has space, and otherwise enters the kernel with ' +
    'IORING_ENTER_SQ_WAIT, which returns once at least one entry is free. It submits nothing.',
  man: 'io_uring_sqring_wait(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success (the man page says the free space, but 2.9 returns what io_uring_enter returns: 0).' },
  errors: {
    EINVAL: 'the kernel does not support IORING_ENTER_SQ_WAIT (before Linux 5.10)',
    EBADFD: 'the ring is disabled (IORING_SETUP_R_DISABLED)',
    EOWNERDEAD: 'the SQPOLL kernel thread was killed',
  },
  quirks: [
    { text: 'the man page says it returns the free space; liburing 2.9 returns 0 on success (the io_uring_enter result with nothing to submit); read the space with io_uring_sq_space_left', source: 'io_uring_sqring_wait(3) RETURN VALUE; liburing 2.9 liburing.h io_uring_sqring_wait() and src/queue.c __io_uring_sqring_wait(); observed 0 on Linux 6.18' },
    { text: 'it does not publish prepared SQEs: with a full SQ of SQEs that were never submitted it returns 0 at once and the ring stays full', source: 'liburing 2.9 liburing.h io_uring_sqring_wait() (checks io_uring_sq_space_left, which counts unsubmitted SQEs); observed on Linux 6.18' },
  ],
  test: {
    async effect({ expect, io_uring_cqe_seen, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sq_ready, io_uring_sq_space_left, io_uring_sqring_wait, io_uring_submit, io_uring_wait_cqe, IORING_SETUP_SQPOLL, IoUringCqe, newRing, OutPointer }) {
      // Not SQPOLL: nothing to wait for.
      const plain = newRing(4);
      try {
        expect(io_uring_sqring_wait(plain)).toBe(0);
      } finally {
        io_uring_queue_exit(plain);
      }
      const ring = newRing(4, IORING_SETUP_SQPOLL);
      try {
        for (let round = 0; round < 3; round++) {
          for (let i = 0; i < 4; i++) io_uring_prep_nop(io_uring_get_sqe(ring)!);
          expect(io_uring_sq_space_left(ring)).toBe(0);
          // SQPOLL: submit only publishes the SQEs; the kernel thread takes them when it runs.
          expect(io_uring_submit(ring)).toBe(4);
          expect(io_uring_sqring_wait(ring)).toBe(0);
          // On return the kernel has taken SQEs: there is room again.
          expect(io_uring_sq_space_left(ring)).toBeGreaterThan(0);
          expect(io_uring_sq_ready(ring)).toBeLessThan(4);
          // Reap the four NOPs before the next round.
          const out = new OutPointer<IoUringCqe>();
          for (let i = 0; i < 4; i++) {
            io_uring_wait_cqe(ring, out);
            io_uring_cqe_seen(ring, out.value);
          }
        }
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
