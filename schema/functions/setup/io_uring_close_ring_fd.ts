import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_close_ring_fd',
  since: '2.4',
  category: 'setup',
  summary: 'Close the ring\'s file descriptor and keep using the ring through its registered index only.',
  description:
    'The ring fd must have been registered with io_uring_register_ring_fd first. Afterwards ring.ring_fd is -1 and liburing ' +
    'enters and registers through the registered index; the ring stays open until io_uring_queue_exit.',
  man: 'io_uring_close_ring_fd(3)',
  params: [
    {
      name: 'ring',
      type: 'struct io_uring *',
      doc: 'The ring, with its fd registered (io_uring_register_ring_fd).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'hasFlag(ring.features, IORING_FEAT_REG_REG_RING)', says: 'the kernel must support IORING_FEAT_REG_REG_RING (Linux 6.3+)' },
          message: 'the kernel must support IORING_FEAT_REG_REG_RING (Linux 6.3+): without it the ring could not be registered against once its fd is closed',
          source: 'io_uring_close_ring_fd(3) ("The kernel must support IORING_FEAT_REG_REG_RING"); liburing 2.9 src/register.c io_uring_close_ring_fd() returns -EOPNOTSUPP',
          errno: 'EOPNOTSUPP',
          // Linux 6.18 has the feature: hide it from liburing, which checks ring->features.
        },
        {
          rule: { kind: 'relation', holds: 'hasFlag(ring.int_flags, IORING_ENTER_REGISTERED_RING)', says: 'the ring fd must be registered (io_uring_register_ring_fd) first' },
          message: 'register the ring fd with io_uring_register_ring_fd first: closing an unregistered ring fd would leave no way to reach the ring',
          source: 'io_uring_close_ring_fd(3) ("which must have been previously registered"); liburing 2.9 src/register.c io_uring_close_ring_fd() returns -EINVAL without INT_FLAG_REG_RING (src/int_flags.h: INT_FLAG_REG_RING = IORING_ENTER_REGISTERED_RING); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'relation', holds: 'ring.ring_fd !== -1', says: 'the ring fd must not be closed already' },
          message: 'the ring fd is already closed (ring.ring_fd is -1)',
          source: 'liburing 2.9 src/register.c io_uring_close_ring_fd() returns -EBADF when ring->ring_fd == -1; observed -EBADF on a second call on Linux 6.18',
          errno: 'EBADF',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '1 on success (not 0).' },
  errors: {
    EOPNOTSUPP: 'the kernel lacks IORING_FEAT_REG_REG_RING (Linux 6.3+)',
    EINVAL: 'the ring fd is not registered: call io_uring_register_ring_fd first',
    EBADF: 'the ring fd was already closed',
  },
  quirks: [
    { text: 'returns 1 on success, not 0', source: 'io_uring_close_ring_fd(3) RETURN VALUE; liburing 2.9 src/register.c' },
    { text: 'the registration is per thread: other threads cannot use the ring through the index, and with the fd closed they have no way in at all', source: 'io_uring_close_ring_fd(3) NOTES' },
    { text: 'liburing 2.9 io_uring_resize_rings maps the resized rings through ring->ring_fd, so after this call a resize succeeds in the kernel and then fails in liburing, leaving the ring unmapped', source: 'liburing 2.9 src/register.c io_uring_resize_rings() (io_uring_mmap(ring->ring_fd, ...)); observed -EBADF and a zeroed ring.sq on Linux 6.18' },
  ],
  test: {
    async effect({ expect, io_uring_close_ring_fd, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data64, liburing, newRing, waitOne }) {
      const { fstatSync } = await import('node:fs');
      const registerRingFd = liburing().ffi.func('int io_uring_register_ring_fd(void *ring)');
      const ring = newRing(4);
      try {
        const fd = ring.ring_fd;
        expect(registerRingFd(ring.address)).toBe(1);
        expect(io_uring_close_ring_fd(ring)).toBe(1);
        // The fd is closed and forgotten...
        expect(ring.ring_fd).toBe(-1);
        expect(() => fstatSync(fd)).toThrow(/EBADF/);
        // ...and the ring keeps working through its registered index.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 12n);
        expect(waitOne(ring)).toMatchObject({ user_data: 12n, res: 0 });
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, expect, io_uring_close_ring_fd, liburing, newRing }) {
      const ring = newRing(4);
      expect(liburing().ffi.func('int io_uring_register_ring_fd(void *ring)')(ring.address)).toBe(1);
      const plain = newRing(4);
      const args = [ring] as Parameters<typeof io_uring_close_ring_fd>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
          exitQuietly(plain);
        },
        plain,
        ring,
      };
    },
    violations: {
      'ring.relation': { before: ({ ring }, { IORING_FEAT_REG_REG_RING }) => { ring.features = (ring.features & ~IORING_FEAT_REG_REG_RING) >>> 0; } },
      'ring.relation#2': { args: { ring: ({ plain }) => plain } },
      'ring.relation#3': { before: ({ ring }, { io_uring_close_ring_fd }) => { io_uring_close_ring_fd(ring); } },
    },
  },
});
