import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_mlock_size_params',
  since: '2.1',
  category: 'setup',
  summary: 'The locked memory (ulimit -l) a ring of entries and params needs: 0 on Linux 5.12 and later.',
  description:
    'Like io_uring_mlock_size, with the CQ size and flags taken from p (IORING_SETUP_CQSIZE and cq_entries). ' +
    'Since Linux 5.12 (IORING_FEAT_NATIVE_WORKERS) the answer is 0 whatever p says. p is only read.',
  man: null,
  params: [
    {
      name: 'entries',
      type: 'unsigned',
      doc: 'The number of submission queue entries of the ring to size.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 32768, unlessFlag: { param: 'p', field: 'flags', flag: 'IORING_SETUP_CLAMP' } },
          message: 'entries must be from 1 to 32768 (IORING_MAX_ENTRIES), unless IORING_SETUP_CLAMP is set in p.flags',
          source: 'liburing 2.9 src/setup.c io_uring_mlock_size_params() (its probe ring fails, then "if (!entries) return -EINVAL; if (entries > KERN_MAX_ENTRIES) ... -EINVAL"); observed -EINVAL for 0 and 32769 on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
    { name: 'p', type: 'struct io_uring_params *', doc: 'The params of the ring to size: flags (CLAMP, CQSIZE, CQE32, SQE128) and cq_entries; only read, and only on kernels before 5.12.' },
  ],
  returns: { kind: 'count', type: 'ssize_t', doc: 'The bytes of locked memory needed: 0 on Linux 5.12 and later.' },
  errors: {
    EINVAL: 'entries is 0, or more than 32768 without IORING_SETUP_CLAMP; on kernels before 5.12 also an invalid CQSIZE cq_entries',
  },
  quirks: [
    { text: 'it sets up and tears down a throwaway ring (io_uring_queue_init_params with entries and zeroed params, not p) just to read the kernel\'s features', source: 'liburing 2.9 src/setup.c io_uring_mlock_size_params()' },
    { text: 'on Linux 5.12+ p is not looked at when the probe ring succeeds: an invalid IORING_SETUP_CQSIZE cq_entries still gives 0; entries above 32768 with IORING_SETUP_CLAMP make the probe fail and return the old-kernel estimate', source: 'liburing 2.9 src/setup.c io_uring_mlock_size_params(); observed on Linux 6.18' },
    { text: 'the old-kernel estimate changed in liburing 2.11: before, each ring rounded up to a power of two of pages (4 MiB for 40000 entries with CLAMP and 4 KiB pages); from 2.11 on, io_uring_memory_size_params(entries, p), the exact page count with the SQ array (3280896 bytes for the same call)', source: 'liburing commit 8a45b6c3 "Add io_uring_memory_size() and io_uring_memory_size_params()" (first in liburing-2.11); observed 4194304 with 2.9 and 3280896 with 2.15 on Linux 6.18' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_check_version, io_uring_memory_size_params, io_uring_mlock_size_params, IORING_SETUP_CLAMP, IORING_SETUP_CQSIZE, IoUringParams, pageSize, unchecked_io_uring_mlock_size_params }) {
      const p = new IoUringParams();
      expect(io_uring_mlock_size_params(8, p)).toBe(0);
      p.flags = IORING_SETUP_CQSIZE;
      p.cq_entries = 4096;
      expect(io_uring_mlock_size_params(64, p)).toBe(0);
      // p is only read.
      expect(p.flags).toBe(IORING_SETUP_CQSIZE);
      expect(p.cq_entries).toBe(4096);
      expect(p.features).toBe(0);
      // Above the maximum with CLAMP, the probe ring fails and the old-kernel estimate comes back:
      // before liburing 2.11 a power of two of pages per ring, from 2.11 on io_uring_memory_size_params's exact pages.
      const clamp = new IoUringParams();
      clamp.flags = IORING_SETUP_CLAMP;
      if (io_uring_check_version(2, 11)) {
        expect(io_uring_mlock_size_params(40000, clamp)).toBe(1024 * pageSize());
      } else {
        expect(io_uring_mlock_size_params(40000, clamp)).toBe(io_uring_memory_size_params(40000, clamp));
        // CQ ring: 65536 16-byte CQEs, 64 bytes of head and tail, the 32768-entry SQ array; then 32768 64-byte SQEs.
        const pages = (bytes: number) => Math.ceil(bytes / pageSize()) * pageSize();
        expect(io_uring_mlock_size_params(40000, clamp)).toBe(pages(65536 * 16 + 64 + 32768 * 4) + pages(32768 * 64));
      }
      expect(Number(unchecked_io_uring_mlock_size_params(40000, new IoUringParams()))).toBe(-errnoNumber('EINVAL'));
    },
    async valid({ io_uring_mlock_size_params, IoUringParams }) {
      const args = [8, new IoUringParams()] as Parameters<typeof io_uring_mlock_size_params>;
      return { args };
    },
  },
});
