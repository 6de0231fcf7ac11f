import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_queue_init_params',
  since: '0.2',
  category: 'setup',
  summary: 'Set up an io_uring instance from io_uring_params: flags, CQ size, SQPOLL settings; the kernel fills in what it chose.',
  description:
    'Passes p to io_uring_setup(2) and maps the rings. On success p holds the real sq_entries and cq_entries, ' +
    'the IORING_FEAT_* features of the kernel and the ring offsets. Everything in p that its flags do not use must be zero.',
  man: 'io_uring_queue_init_params(3)',
  params: [
    {
      name: 'entries',
      type: 'unsigned',
      doc: 'The number of submission queue entries; rounded up to a power of two.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 32768, unlessFlag: { param: 'p', field: 'flags', flag: 'IORING_SETUP_CLAMP' } },
          message: 'entries must be from 1 to 32768 (IORING_MAX_ENTRIES), unless IORING_SETUP_CLAMP is set in p.flags',
          source: 'io_uring_setup(2) ERRORS; kernel io_uring/io_uring.c io_uring_create(); observed -EINVAL for 0 and 32769',
          errno: 'EINVAL',
        },
      ],
    },
    { name: 'ring', type: 'struct io_uring *', dir: 'out', state: 'uninitialized', doc: 'The ring to initialize.' },
    {
      name: 'p',
      type: 'struct io_uring_params *',
      dir: 'inout',
      doc: 'Setup flags and parameters in (sq_thread_cpu, sq_thread_idle, cq_entries, wq_fd as the flags say); the kernel\'s answer (entries, features, offsets) out.',
      preconditions: [
        {
          rule: { kind: 'flags', field: 'flags', group: 'IoringSetup' },
          message: 'p.flags must hold only IORING_SETUP_* flags that liburing 2.9 knows',
          source: 'io_uring_setup(2); kernel io_uring/io_uring.c io_uring_setup() rejects unknown flags',
          errno: 'EINVAL',
          // Linux 6.18 knows setup flags newer than liburing 2.9, so break it with a bit no kernel knows.
        },
        {
          rule: {
            kind: 'relation',
            holds: 'cqSizeFits(entries, p)',
            says: 'with IORING_SETUP_CQSIZE, p.cq_entries must be from 1 to 65536 (or more with IORING_SETUP_CLAMP), and rounded up to a power of two at least the rounded-up entries',
          },
          message: 'with IORING_SETUP_CQSIZE, p.cq_entries must be from 1 to 65536 (unless IORING_SETUP_CLAMP) and, rounded up to a power of two, not smaller than the submission queue',
          source: 'io_uring_setup(2) (IORING_SETUP_CQSIZE); kernel io_uring/io_uring.c io_uring_create(); observed -EINVAL for cq_entries 0, 65537 and cq < sq',
          errno: 'EINVAL',
        },
        {
          rule: {
            kind: 'relation',
            holds: 'setupFlagsProblem(p.flags) === null',
            detail: 'setupFlagsProblem(p.flags)',
            says: 'SQ_AFF needs SQPOLL, DEFER_TASKRUN needs SINGLE_ISSUER, TASKRUN_FLAG needs COOP_TASKRUN or DEFER_TASKRUN, HYBRID_IOPOLL needs IOPOLL, REGISTERED_FD_ONLY needs NO_MMAP, and SQPOLL excludes COOP_TASKRUN, TASKRUN_FLAG and DEFER_TASKRUN',
          },
          message: 'p.flags must not hold a flag without the flag it depends on: SQ_AFF needs SQPOLL, DEFER_TASKRUN needs SINGLE_ISSUER, TASKRUN_FLAG needs COOP_TASKRUN or DEFER_TASKRUN, HYBRID_IOPOLL needs IOPOLL, REGISTERED_FD_ONLY needs NO_MMAP; and SQPOLL cannot be combined with COOP_TASKRUN, TASKRUN_FLAG or DEFER_TASKRUN',
          source: 'io_uring_setup(2) (IORING_SETUP_SQ_AFF, _TASKRUN_FLAG, _DEFER_TASKRUN, _HYBRID_IOPOLL); kernel io_uring/io_uring.c io_uring_create() (SQPOLL refuses the IPI-related taskrun flags); liburing 2.9 src/setup.c:313-315 (REGISTERED_FD_ONLY without NO_MMAP); observed -EINVAL for each on Linux 6.18',
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
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  bookkeeping: 'ring-init',
  errors: {
    EINVAL: 'the kernel refused the setup: entries or cq_entries out of range, unknown or conflicting flags, or non-zero reserved fields in p',
    ENOMEM: 'the locked-memory limit (ulimit -l) is too low: rings count against RLIMIT_MEMLOCK for a process without CAP_IPC_LOCK (observed on Linux 6.18); raise it with setrlimit/ulimit -l, or IORING_SETUP_NO_MMAP without 2 MiB huge pages in liburing 2.9',
    EPERM: 'io_uring is disabled (sysctl kernel.io_uring_disabled=2, or =1 for this user) or refused by a seccomp filter; enable it or run outside the restricted container',
    ENOSYS: 'the kernel has no io_uring, or a seccomp filter hides it',
    EMFILE: 'the process has too many open files',
    EBADF: 'IORING_SETUP_ATTACH_WQ: p.wq_fd is not an open file descriptor',
  },
  quirks: [
    { text: 'IORING_SETUP_NO_MMAP without a buffer (this function) always needs 2 MiB huge pages in liburing 2.9 and fails with -ENOMEM without them; use io_uring_queue_init_mem', source: 'liburing 2.9 src/setup.c:245-291 (fixed in 2.14, commit b916078c)' },
    { text: 'p.sq_thread_cpu, sq_thread_idle and wq_fd are read only with the flags that use them; reuse a params struct only after clearing it (its resv must be zero, a rule above)', source: 'io_uring_setup(2)' },
  ],
  test: {
    async effect({ expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_queue_init_params, io_uring_sqe_set_data64, IORING_FEAT_NODROP, IORING_SETUP_CQSIZE, IoUring, IoUringParams, waitOne }) {
      const ring = new IoUring();
      const p = new IoUringParams();
      p.flags = IORING_SETUP_CQSIZE;
      p.cq_entries = 100;
      expect(io_uring_queue_init_params(8, ring, p)).toBe(0);
      try {
        // The kernel reports what it chose: entries rounded up to powers of two.
        expect(p.sq_entries).toBe(8);
        expect(p.cq_entries).toBe(128);
        expect(ring.sq.ring_entries).toBe(8);
        expect(ring.cq.ring_entries).toBe(128);
        expect(p.features & IORING_FEAT_NODROP).toBe(IORING_FEAT_NODROP);
        expect(ring.features).toBe(p.features);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 8n);
        expect(waitOne(ring)).toMatchObject({ user_data: 8n, res: 0 });
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_queue_init_params, IoUring, IoUringParams }) {
      const ring = new IoUring();
      const p = new IoUringParams();
      const args = [8, ring, p] as Parameters<typeof io_uring_queue_init_params>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
        p,
      };
    },
    violations: {
      'p.flags': { before: ({ p }) => { p.flags = (p.flags | 0x80000000) >>> 0; } },
      'p.relation': { before: ({ p }, { IORING_SETUP_CQSIZE }) => {
          p.flags |= IORING_SETUP_CQSIZE;
          p.cq_entries = 4;
        } },
      'p.relation#2': { before: ({ p }, { IORING_SETUP_SQ_AFF }) => { p.flags |= IORING_SETUP_SQ_AFF; } },
      'p.relation#3': { before: ({ p }) => { p.resv[1] = 1; } },
    },
  },
});
