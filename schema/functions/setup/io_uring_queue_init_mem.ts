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
          message: 'p.flags must hold only IORING_SETUP_* flags that liburing 2.9 knows',
          source: 'io_uring_setup(2); kernel io_uring/io_uring.c io_uring_setup() rejects unknown flags',
          errno: 'EINVAL',
          // Linux 6.18 knows setup flags newer than liburing 2.9 (bit 18 on), so break it with a bit no kernel knows.
        },
        {
          rule: {
            kind: 'relation',
            holds: 'setupFlagsProblem(p.flags | IORING_SETUP_NO_MMAP) === null',
            says: 'SQ_AFF needs SQPOLL, DEFER_TASKRUN needs SINGLE_ISSUER, TASKRUN_FLAG needs COOP_TASKRUN or DEFER_TASKRUN, HYBRID_IOPOLL needs IOPOLL, and SQPOLL excludes COOP_TASKRUN, TASKRUN_FLAG and DEFER_TASKRUN',
            detail: 'setupFlagsProblem(p.flags | IORING_SETUP_NO_MMAP)',
          },
          message: 'p.flags must not hold a flag without the flag it depends on (SQ_AFF needs SQPOLL, DEFER_TASKRUN needs SINGLE_ISSUER, TASKRUN_FLAG needs COOP_TASKRUN or DEFER_TASKRUN, HYBRID_IOPOLL needs IOPOLL), nor SQPOLL with COOP_TASKRUN, TASKRUN_FLAG or DEFER_TASKRUN',
          source: 'io_uring_setup(2) (IORING_SETUP_SQ_AFF, _TASKRUN_FLAG, _DEFER_TASKRUN, _HYBRID_IOPOLL; ERRORS EINVAL); kernel io_uring/io_uring.c io_uring_setup() flag checks; liburing issues #1194, #1126, #1075; observed -EINVAL for each through io_uring_queue_init_mem with liburing 2.9 on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: {
            kind: 'relation',
            holds: 'cqSizeFits(entries, p)',
            says: 'with IORING_SETUP_CQSIZE, p.cq_entries must be from 1 to 65536 (or more with IORING_SETUP_CLAMP), and rounded up to a power of two at least the rounded-up entries',
          },
          message: 'with IORING_SETUP_CQSIZE, p.cq_entries must be from 1 to 65536 (unless IORING_SETUP_CLAMP) and, rounded up to a power of two, not smaller than the submission queue',
          source: 'liburing 2.9 src/setup.c:40-51 (io_uring_alloc_huge checks cq_entries itself before the syscall); observed -EINVAL for cq_entries 0, 100000 and 2 with 4 entries (3 with 4 entries rounds up to 4 and is taken) on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'relation', holds: 'p.resv.every((v) => v === 0)', says: 'p.resv must be all zero' },
          message: 'p.resv (reserved) must be zero: reuse a params struct only after clearing it',
          source: 'io_uring_setup(2) ERRORS ("EINVAL ... The resv array contains non-zero data"); kernel io_uring/io_uring.c io_uring_setup(); observed -EINVAL for resv[1] = 1 on Linux 6.18',
          errno: 'EINVAL',
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
          rule: { kind: 'zeroFilled', length: 'Math.min(Number(buf_size), ringMemorySize(entries, p) || 0)' },
          message: 'the bytes of buf the ring uses (the size io_uring_queue_init_mem returns) must be zero-filled: liburing 2.9 no longer clears them and the kernel expects zeroed rings; bytes after them are yours',
          source: 'io_uring_queue_init_mem(3) in 2.9: "must already be zeroed"; liburing PR #875 (commit 6a1ca1dd); liburing 2.9 src/setup.c:206-297 (the rings use mem_used bytes, the value returned); observed on Linux 6.18: a buffer dirty after those bytes makes a working ring',
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
    { text: 'on Linux before 6.13 each ring region larger than one page must be physically contiguous memory (a huge page); ordinary memory fails there (the kernel then vmaps the pinned pages only from 6.13 on). On Linux 6.18 any page-aligned memory works', source: 'io_uring_setup(2) IORING_SETUP_NO_MMAP ("Each allocation must be contiguous memory ... allocate a huge page"); liburing issue #1032; observed on Linux 6.18 with allocAligned memory' },
    { text: 'on kernels without IORING_SETUP_NO_SQARRAY (before 6.6) liburing retries with an SQ index array, which may use one page more than the size the rules compute; size buf with a page to spare there', source: 'liburing 2.9 src/setup.c:223-236 and 369-385' },
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
      'p.relation': { before: ({ p }, { IORING_SETUP_DEFER_TASKRUN }) => { p.flags |= IORING_SETUP_DEFER_TASKRUN; } },
      'p.relation#2': { before: ({ p }, { IORING_SETUP_CQSIZE }) => {
          p.flags |= IORING_SETUP_CQSIZE;
          p.cq_entries = 2;
        } },
      'p.relation#3': { before: ({ p }) => { p.resv[1] = 1; } },
      'buf.relation': { args: { buf: ({ mem }) => mem.subarray(0, 4096) } },
      'buf_size.minByteLength': { args: { buf_size: 4096 } },
    },
  },
});
