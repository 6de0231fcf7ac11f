import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_mlock_size',
  since: '2.1',
  category: 'setup',
  summary: 'The locked memory (ulimit -l) a ring of entries and setup flags needs: 0 on Linux 5.12 and later.',
  description:
    'Since Linux 5.12 (IORING_FEAT_NATIVE_WORKERS) ring memory is accounted to the memory cgroup instead of RLIMIT_MEMLOCK, ' +
    'and the answer is 0. On older kernels it is an estimate of the rings\' size: before liburing 2.11 its own formula (each ring ' +
    'rounded up to a power of two of pages), from 2.11 on io_uring_memory_size, the size io_uring_queue_init_mem needs.',
  man: null,
  params: [
    {
      name: 'entries',
      type: 'unsigned',
      doc: 'The number of submission queue entries of the ring to size.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 32768, unlessFlag: { param: 'flags', flag: 'IORING_SETUP_CLAMP' } },
          message: 'entries must be from 1 to 32768 (IORING_MAX_ENTRIES), unless IORING_SETUP_CLAMP is set in flags',
          source: 'liburing 2.9 src/setup.c io_uring_mlock_size_params() (its probe ring fails, then "if (!entries) return -EINVAL; if (entries > KERN_MAX_ENTRIES) ... -EINVAL"); observed -EINVAL for 0 and 32769 on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
    { name: 'flags', type: 'unsigned', doc: 'The IORING_SETUP_* flags of the ring to size (only CLAMP, CQE32 and SQE128 matter, and only on kernels before 5.12).' },
  ],
  returns: { kind: 'count', type: 'ssize_t', doc: 'The bytes of locked memory needed: 0 on Linux 5.12 and later.' },
  errors: {
    EINVAL: 'entries is 0, or more than 32768 without IORING_SETUP_CLAMP',
  },
  quirks: [
    { text: 'it sets up and tears down a throwaway ring (io_uring_queue_init_params with entries and zeroed params) just to read the kernel\'s features', source: 'liburing 2.9 src/setup.c io_uring_mlock_size_params()' },
    { text: 'that probe ring is made without the caller\'s flags, so entries above 32768 with IORING_SETUP_CLAMP make it fail and the old-kernel estimate is returned even on new kernels', source: 'liburing 2.9 src/setup.c io_uring_mlock_size_params() (memset(&lp, 0) before io_uring_queue_init_params)' },
    { text: 'the old-kernel estimate changed in liburing 2.11: before, each ring rounded up to a power of two of pages (4 MiB for 40000 entries with CLAMP and 4 KiB pages); from 2.11 on, io_uring_memory_size\'s exact page count, which also counts the SQ array (3280896 bytes for the same call)', source: 'liburing commit 8a45b6c3 "Add io_uring_memory_size() and io_uring_memory_size_params()" (first in liburing-2.11): io_uring_mlock_size_params() returns io_uring_memory_size_params(); observed 4194304 with 2.9 and 3280896 with 2.15 on Linux 6.18' },
  ],
  test: {
    async effect({ catchError, errnoNumber, expect, io_uring_check_version, io_uring_memory_size, io_uring_mlock_size, io_uring_queue_exit, IORING_FEAT_NATIVE_WORKERS, IORING_SETUP_CLAMP, IORING_SETUP_CQE32, IORING_SETUP_SQE128, newRing, pageSize, unchecked_io_uring_mlock_size }) {
      // This kernel has native workers (5.12+): ring memory is not locked memory.
      const ring = newRing(4);
      try {
        expect(ring.features & IORING_FEAT_NATIVE_WORKERS).toBe(IORING_FEAT_NATIVE_WORKERS);
      } finally {
        io_uring_queue_exit(ring);
      }
      expect(io_uring_mlock_size(8, 0)).toBe(0);
      expect(io_uring_mlock_size(4096, IORING_SETUP_SQE128 | IORING_SETUP_CQE32)).toBe(0);
      expect(io_uring_mlock_size(32768, 0)).toBe(0);
      // Above the maximum with CLAMP, the probe ring fails and the old-kernel estimate comes back:
      // before liburing 2.11 a power of two of pages per ring (512 + 512 pages for 32768 clamped entries),
      // from 2.11 on io_uring_memory_size's exact pages (SQ array included).
      if (io_uring_check_version(2, 11)) {
        expect(io_uring_mlock_size(40000, IORING_SETUP_CLAMP)).toBe(1024 * pageSize());
      } else {
        expect(io_uring_mlock_size(40000, IORING_SETUP_CLAMP)).toBe(io_uring_memory_size(40000, IORING_SETUP_CLAMP));
        // CQ ring: 65536 16-byte CQEs, 64 bytes of head and tail, the 32768-entry SQ array; then 32768 64-byte SQEs.
        const pages = (bytes: number) => Math.ceil(bytes / pageSize()) * pageSize();
        expect(io_uring_mlock_size(40000, IORING_SETUP_CLAMP)).toBe(pages(65536 * 16 + 64 + 32768 * 4) + pages(32768 * 64));
      }
      // Without CLAMP it is refused, before C and by C.
      expect(catchError(() => io_uring_mlock_size(40000, 0))).toMatchObject({ rule: 'range', parameter: 'entries' });
      expect(Number(unchecked_io_uring_mlock_size(40000, 0))).toBe(-errnoNumber('EINVAL'));
    },
    async valid({ io_uring_mlock_size }) {
      const args = [8, 0] as Parameters<typeof io_uring_mlock_size>;
      return { args };
    },
  },
});
