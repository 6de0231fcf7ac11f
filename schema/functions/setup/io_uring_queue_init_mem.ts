import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_queue_init_mem',
  since: '2.5',
  category: 'setup',
  summary: 'Set up an io_uring instance whose rings live in memory the caller provides.',
  description:
    'Like io_uring_queue_init_params, with IORING_SETUP_NO_MMAP forced: the SQEs and the rings are placed in `buf`, ' +
    'which must be page-aligned, zero-filled and at least as large as the rings. The ring keeps using `buf` until ' +
    'io_uring_queue_exit. Several rings can share one buffer: the next one starts at `buf.subarray(result)`.',
  man: 'io_uring_queue_init_mem(3)',
  params: [
    {
      name: 'entries',
      type: 'unsigned',
      doc: 'The number of submission queue entries; rounded up to a power of two.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 32768, unlessFlag: { param: 'p', field: 'flags', flag: 'IORING_SETUP_CLAMP' } },
          message: 'entries must be from 1 to 32768 (KERN_MAX_ENTRIES), unless IORING_SETUP_CLAMP is set',
          source: 'liburing 2.9 src/setup.c:31-37 (io_uring_alloc_huge); io_uring_setup(2)',
          errno: 'EINVAL',
        },
      ],
    },
    { name: 'ring', type: 'struct io_uring *', dir: 'out', state: 'uninitialized', doc: 'The ring to initialize.' },
    {
      name: 'p',
      type: 'struct io_uring_params *',
      dir: 'inout',
      doc: 'Setup flags and parameters in; the kernel\'s answer (features, offsets) out.',
      preconditions: [
        {
          rule: { kind: 'flags', field: 'flags', group: 'IoringSetup' },
          message: 'p.flags must hold only IORING_SETUP_* flags that the loaded liburing knows (CQE_MIXED and SQE_MIXED from liburing 2.13, SQ_REWIND from 2.14)',
          source: 'io_uring_setup(2); kernel io_uring/io_uring.c io_uring_setup() rejects unknown flags',
          errno: 'EINVAL',
          // Linux 6.18 knows setup flags newer than liburing 2.9 (bit 18 on), so break it with a bit no kernel knows.
        },
      ],
    },
    {
      name: 'buf',
      type: 'void *',
      ownership: 'ring',
      doc: 'The memory for the SQEs and rings, e.g. from allocAligned(size).',
      preconditions: [
        {
          rule: { kind: 'pageAligned' },
          message: 'buf must start at a page boundary (sysconf(_SC_PAGESIZE)); the kernel maps it page by page',
          source: 'liburing issue #1329 and commit f06c186b (man page since 2.10: "must be page size aligned"); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'zeroFilled', length: 'buf_size' },
          message: 'buf must be zero-filled: liburing 2.9 no longer clears it and the kernel expects zeroed rings',
          source: 'io_uring_queue_init_mem(3) in 2.9: "must already be zeroed"; liburing PR #875 (commit 6a1ca1dd)',
          errno: null,
        },
        {
          rule: { kind: 'relation', holds: 'buf_size <= byteLength(buf)', says: 'buf_size must not exceed the byte length of buf, or the kernel would write past it' },
          message: 'buf_size must not be larger than buf itself',
          source: 'liburing-ts: the kernel uses buf_size bytes from buf',
          errno: null,
        },
      ],
    },
    {
      name: 'buf_size',
      type: 'size_t',
      doc: 'How many bytes of buf the ring may use.',
      preconditions: [
        {
          rule: { kind: 'minByteLength', bytes: 'ringMemorySize(entries, p)', what: 'the ring memory for these entries and flags' },
          message: 'buf_size must be at least the ring memory size liburing computes for these entries and flags',
          source: 'liburing 2.9 src/setup.c:206-250 (io_uring_alloc_huge: mem_used > buf_size gives -ENOMEM)',
          errno: 'ENOMEM',
        },
      ],
    },
  ],
  returns: { kind: 'count', type: 'int', doc: 'The number of bytes of buf the ring uses (a multiple of the page size), not 0.' },
  bookkeeping: 'ring-init',
  errors: {
    EINVAL: 'the kernel refused the setup: buf not page-aligned, entries out of range, or unknown flags',
    ENOMEM: 'buf_size is smaller than the rings need, or the locked-memory limit (ulimit -l) is too low: rings count against RLIMIT_MEMLOCK for a process without CAP_IPC_LOCK (observed on Linux 6.18); raise it with setrlimit/ulimit -l',
    EFAULT: 'buf is not writable memory',
    EPERM: 'io_uring is disabled (sysctl kernel.io_uring_disabled) or refused by a seccomp filter',
    ENOSYS: 'the kernel has no io_uring, or a seccomp filter hides it',
  },
  quirks: [
    { text: 'returns the number of bytes used, not 0 as io_uring_queue_init does', source: 'liburing 2.9 src/setup.c:296,366' },
    { text: 'any -EINVAL costs two io_uring_setup calls: liburing retries without IORING_SETUP_NO_SQARRAY', source: 'liburing 2.9 src/setup.c:369-385' },
  ],
  test: {
    async effect({ addressOf, allocAligned, derived, expect, freeAligned, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_queue_init_mem, io_uring_sqe_set_data64, IoUring, IoUringParams, pageSize, waitOne }) {
      const mem = allocAligned(3 * pageSize());
      const ring = new IoUring();
      const p = new IoUringParams();
      const used = io_uring_queue_init_mem(8, ring, p, mem, mem.byteLength);
      try {
        expect(used).toBe(derived.ringMemorySize(8, p));
        expect(used).toBe(2 * pageSize());
        // The ring works: a NOP completes.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 42n);
        expect(waitOne(ring)).toMatchObject({ user_data: 42n, res: 0 });
        // The kernel placed the SQEs in our memory.
        expect(ring.sq.sqes).toBe(addressOf(mem));
        expect(() => freeAligned(mem)).toThrow(/still in use/);
      } finally {
        io_uring_queue_exit(ring);
      }
      freeAligned(mem);
    },
    async valid({ allocAligned, io_uring_queue_init_mem, IoUring, IoUringParams, pageSize }) {
      const mem = allocAligned(3 * pageSize());
      const ring = new IoUring();
      const p = new IoUringParams();
      const args = [8, ring, p, mem, 8192] as Parameters<typeof io_uring_queue_init_mem>;
      return {
        args,
        mem,
        p,
      };
    },
    violations: {
      'p.flags': { before: ({ p }) => { p.flags = (p.flags | 0x80000000) >>> 0; } },
      'buf.pageAligned': { args: { buf: ({ mem }) => mem.subarray(16) } },
      'buf.zeroFilled': { before: ({ mem }) => { mem[100] = 1; } },
      'buf.relation': { args: { buf: ({ mem }) => mem.subarray(0, 4096) } },
      'buf_size.minByteLength': { args: { buf_size: 4096 } },
    },
  },
});
