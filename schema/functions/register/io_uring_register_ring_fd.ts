import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_ring_fd',
  since: '2.2',
  category: 'register',
  summary: 'Register the ring\'s own fd with the calling thread, so that liburing enters the ring by a registered index (cheaper in threaded programs).',
  description:
    'IORING_REGISTER_RING_FDS: the kernel stores the ring file in the task\'s registered-ring table and liburing keeps the ' +
    'index in ring.enter_ring_fd, passing IORING_ENTER_REGISTERED_RING to io_uring_enter from then on (and, with ' +
    'IORING_FEAT_REG_REG_RING, also for io_uring_register). The index is per thread: a ring shared between threads must not ' +
    'use it. io_uring_unregister_ring_fd (or io_uring_queue_exit) removes it. Linux 5.18+.',
  man: 'io_uring_register_ring_fd(3)',
  params: [{ name: 'ring', type: 'struct io_uring *', doc: 'The ring.' }],
  returns: { kind: 'count', type: 'int', doc: '1, the number of ring fds registered.' },
  errors: {
    EEXIST: 'the ring fd is already registered (liburing checks its own flag)',
    EBUSY: 'the thread\'s 16 registered-ring slots are all in use',
    EINVAL: 'the kernel is older than 5.18',
  },
  quirks: [
    { text: 'returns 1 on success, not 0; a second call returns -EEXIST from liburing without entering the kernel', source: 'io_uring_register_ring_fd(3) RETURN VALUE (man3/io_uring_register_ring_fd.3:45); liburing 2.9 src/register.c io_uring_register_ring_fd() (INT_FLAG_REG_RING gives -EEXIST); observed 1 then -EEXIST on Linux 6.18' },
    { text: 'a thread has at most 16 registered ring fds (IO_RINGFD_REG_MAX)', source: 'io_uring_register(2) IORING_REGISTER_RING_FDS; kernel io_uring/tctx.c' },
  ],
  test: {
    async effect({ catchError, expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_register, io_uring_register_ring_fd, io_uring_sqe_set_data64, io_uring_unregister_ring_fd, IORING_REGISTER_PERSONALITY, IORING_REGISTER_USE_REGISTERED_RING, newRing, waitOne }) {
      const ring = newRing(4);
      try {
        expect(ring.enter_ring_fd).toBe(ring.ring_fd);
        expect(io_uring_register_ring_fd(ring)).toBe(1);
        // liburing now enters the ring by its registered index, a small slot number, not the fd.
        expect(ring.enter_ring_fd).toBeGreaterThanOrEqual(0);
        expect(ring.enter_ring_fd).toBeLessThan(16);
        // The ring works through it.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 5n);
        expect(waitOne(ring)).toMatchObject({ user_data: 5n, res: 0 });
        // The index names the ring in io_uring_register too.
        const id = io_uring_register(ring.enter_ring_fd, (IORING_REGISTER_PERSONALITY | IORING_REGISTER_USE_REGISTERED_RING) >>> 0, null, 0);
        expect(id).toBeGreaterThan(0);
        // Registering twice is refused by liburing.
        expect(catchError(() => io_uring_register_ring_fd(ring))).toMatchObject({ name: 'UringError', code: 'EEXIST' });
        expect(io_uring_unregister_ring_fd(ring)).toBe(1);
        expect(ring.enter_ring_fd).toBe(ring.ring_fd);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
