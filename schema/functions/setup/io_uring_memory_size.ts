import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_memory_size',
  since: '2.11',
  category: 'setup',
  summary: 'The bytes of memory a ring of entries SQEs and these setup flags needs, e.g. for io_uring_queue_init_mem.',
  description:
    'A ring made with io_uring_queue_init_mem from a page-aligned, zero-filled buffer of this many bytes fits in it. ' +
    'The CQ size is the default (twice entries); io_uring_memory_size_params takes a struct io_uring_params for IORING_SETUP_CQSIZE.',
  man: 'io_uring_memory_size_params(3)',
  params: [
    { name: 'entries', type: 'unsigned', doc: 'The number of SQEs, as io_uring_queue_init takes it (rounded up to a power of two).' },
    { name: 'flags', type: 'unsigned', doc: 'IORING_SETUP_* flags, as io_uring_queue_init takes them.' },
  ],
  returns: { kind: 'count', type: 'ssize_t', doc: 'The number of bytes, a multiple of the page size.' },
  errors: {
    EINVAL: 'entries is 0, or larger than 32768 without IORING_SETUP_CLAMP',
  },
  test: {
    async effect({ allocAligned, catchError, expect, freeAligned, io_uring_check_version, io_uring_get_sqe, io_uring_memory_size, io_uring_prep_nop, io_uring_queue_exit, io_uring_queue_init_mem, io_uring_sqe_set_data64, IoUring, IoUringParams, liburingVersion, pageSize, UnsupportedError, waitOne }) {
      if (io_uring_check_version(2, 11)) {
        // liburing older than 2.11 has no io_uring_memory_size: importing works, calling throws UnsupportedError.
        const error = catchError(() => io_uring_memory_size(8, 0));
        expect(error).toBeInstanceOf(UnsupportedError);
        expect(error).toMatchObject({ functionName: 'io_uring_memory_size', needed: '2.11', loaded: liburingVersion() });
        expect(error.message).toContain(`needs liburing 2.11 or newer, but liburing ${liburingVersion()} is loaded`);
        return;
      }
      const size = io_uring_memory_size(8, 0);
      expect(size % pageSize()).toBe(0);
      expect(size).toBeGreaterThan(0);
      // More entries need at least as much memory.
      expect(io_uring_memory_size(4096, 0)).toBeGreaterThan(size);
      // A ring made in exactly that much memory works.
      const mem = allocAligned(size);
      const ring = new IoUring();
      const used = io_uring_queue_init_mem(8, ring, new IoUringParams(), mem, size);
      try {
        expect(used).toBeLessThanOrEqual(size);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 7n);
        expect(waitOne(ring)).toMatchObject({ user_data: 7n, res: 0 });
      } finally {
        io_uring_queue_exit(ring);
      }
      freeAligned(mem);
      // 0 entries is refused, as io_uring_queue_init refuses it.
      expect(catchError(() => io_uring_memory_size(0, 0))).toMatchObject({ name: 'UringError', code: 'EINVAL' });
    },
  },
});
