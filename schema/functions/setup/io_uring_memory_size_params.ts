import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_memory_size_params',
  since: '2.11',
  category: 'setup',
  summary: 'The bytes of memory a ring of entries SQEs and these parameters needs, e.g. for io_uring_queue_init_mem.',
  description:
    'Like io_uring_memory_size, with the setup flags and, with IORING_SETUP_CQSIZE in p.flags, the CQ size from p.cq_entries.',
  man: 'io_uring_memory_size_params(3)',
  params: [
    { name: 'entries', type: 'unsigned', doc: 'The number of SQEs, as io_uring_queue_init_params takes it.' },
    { name: 'p', type: 'struct io_uring_params *', doc: 'The setup parameters: flags, and cq_entries with IORING_SETUP_CQSIZE.' },
  ],
  returns: { kind: 'count', type: 'ssize_t', doc: 'The number of bytes, a multiple of the page size.' },
  errors: {
    EINVAL: 'entries is 0, or larger than 32768 without IORING_SETUP_CLAMP, or p.cq_entries is invalid with IORING_SETUP_CQSIZE',
  },
  test: {
    async effect({ allocAligned, catchError, expect, freeAligned, io_uring_check_version, io_uring_memory_size, io_uring_memory_size_params, io_uring_queue_exit, io_uring_queue_init_mem, IORING_SETUP_CQSIZE, IoUring, IoUringParams, liburingVersion, pageSize, UnsupportedError }) {
      if (io_uring_check_version(2, 11)) {
        // liburing older than 2.11 has no io_uring_memory_size_params: importing works, calling throws UnsupportedError.
        const error = catchError(() => io_uring_memory_size_params(8, new IoUringParams()));
        expect(error).toBeInstanceOf(UnsupportedError);
        expect(error).toMatchObject({ functionName: 'io_uring_memory_size_params', needed: '2.11', loaded: liburingVersion() });
        expect(error.message).toContain(`needs liburing 2.11 or newer, but liburing ${liburingVersion()} is loaded`);
        return;
      }
      const plain = io_uring_memory_size_params(8, new IoUringParams());
      expect(plain).toBe(io_uring_memory_size(8, 0));
      // A much larger CQ needs more memory.
      const p = new IoUringParams();
      p.flags = IORING_SETUP_CQSIZE;
      p.cq_entries = 4096;
      const big = io_uring_memory_size_params(8, p);
      expect(big % pageSize()).toBe(0);
      expect(big).toBeGreaterThan(plain);
      // A ring with those parameters fits in that much memory.
      const mem = allocAligned(big);
      const ring = new IoUring();
      const used = io_uring_queue_init_mem(8, ring, p, mem, big);
      try {
        expect(used).toBeLessThanOrEqual(big);
        expect(ring.cq.ring_entries).toBe(4096);
      } finally {
        io_uring_queue_exit(ring);
      }
      freeAligned(mem);
      expect(catchError(() => io_uring_memory_size_params(0, new IoUringParams()))).toMatchObject({ name: 'UringError', code: 'EINVAL' });
    },
  },
});
