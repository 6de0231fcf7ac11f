import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_unregister_ring_fd',
  since: '2.2',
  category: 'register',
  summary: 'Unregister the ring fd registered with io_uring_register_ring_fd; liburing goes back to entering the ring by its fd.',
  description: 'Frees the thread\'s registered-ring slot. io_uring_queue_exit does it too.',
  man: 'io_uring_unregister_ring_fd(3)',
  params: [{ name: 'ring', type: 'struct io_uring *', doc: 'The ring, with its fd registered.' }],
  returns: { kind: 'count', type: 'int', doc: '1, the number of ring fds unregistered.' },
  errors: {
    EINVAL: 'the ring fd is not registered (liburing checks its own flag)',
  },
  quirks: [
    { text: 'returns 1 on success, not 0; without a registration liburing returns -EINVAL without entering the kernel', source: 'io_uring_unregister_ring_fd(3) RETURN VALUE (man3/io_uring_unregister_ring_fd.3:27); liburing 2.9 src/register.c io_uring_unregister_ring_fd(); observed on Linux 6.18' },
  ],
  test: {
    async effect({ catchError, expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_register, io_uring_register_ring_fd, io_uring_unregister_ring_fd, IORING_REGISTER_PERSONALITY, IORING_REGISTER_USE_REGISTERED_RING, newRing, waitOne }) {
      const ring = newRing(4);
      try {
        expect(catchError(() => io_uring_unregister_ring_fd(ring))).toMatchObject({ name: 'UringError', code: 'EINVAL' });
        expect(io_uring_register_ring_fd(ring)).toBe(1);
        const index = ring.enter_ring_fd;
        expect(io_uring_unregister_ring_fd(ring)).toBe(1);
        expect(ring.enter_ring_fd).toBe(ring.ring_fd);
        // The slot is free: using the old index with io_uring_register fails.
        expect(catchError(() => io_uring_register(index, (IORING_REGISTER_PERSONALITY | IORING_REGISTER_USE_REGISTERED_RING) >>> 0, null, 0))).toMatchObject({ name: 'UringError', code: 'EBADF' });
        // The ring still works through its fd.
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        expect(waitOne(ring).res).toBe(0);
        // And can be registered again.
        expect(io_uring_register_ring_fd(ring)).toBe(1);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
