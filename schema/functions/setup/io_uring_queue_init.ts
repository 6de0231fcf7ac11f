import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_queue_init',
  since: '0.1',
  category: 'setup',
  summary: 'Set up an io_uring instance with the given number of entries and setup flags.',
  man: 'io_uring_queue_init(3)',
  params: [
    {
      name: 'entries',
      type: 'unsigned',
      doc: 'The number of submission queue entries; rounded up to a power of two. The completion queue gets twice as many.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 32768, unlessFlag: { param: 'flags', flag: 'IORING_SETUP_CLAMP' } },
          message: 'entries must be from 1 to 32768 (IORING_MAX_ENTRIES), unless IORING_SETUP_CLAMP is set',
          source: 'io_uring_setup(2) ERRORS; kernel io_uring/io_uring.c io_uring_create(); observed -EINVAL for 0 and 32769',
          errno: 'EINVAL',
        },
      ],
    },
    { name: 'ring', type: 'struct io_uring *', dir: 'out', state: 'uninitialized', doc: 'The ring to initialize.' },
    {
      name: 'flags',
      type: 'unsigned',
      doc: 'IORING_SETUP_* flags.',
      preconditions: [
        {
          rule: { kind: 'flags', group: 'IoringSetup', except: ['IORING_SETUP_CQSIZE', 'IORING_SETUP_ATTACH_WQ'] },
          message: 'flags must hold only IORING_SETUP_* flags that liburing 2.9 knows (CQSIZE and ATTACH_WQ need io_uring_queue_init_params)',
          source: 'io_uring_setup(2); kernel io_uring/io_uring.c io_uring_setup() rejects unknown flags',
          errno: 'EINVAL',
          // Linux 6.18 knows setup flags newer than liburing 2.9, so break it with a bit no kernel knows.
        },
        {
          rule: {
            kind: 'relation',
            holds: 'setupFlagsProblem(flags) === null',
            says: 'SQ_AFF needs SQPOLL, DEFER_TASKRUN needs SINGLE_ISSUER, TASKRUN_FLAG needs COOP_TASKRUN or DEFER_TASKRUN, HYBRID_IOPOLL needs IOPOLL, REGISTERED_FD_ONLY needs NO_MMAP, and SQPOLL excludes COOP_TASKRUN, TASKRUN_FLAG and DEFER_TASKRUN',
            detail: 'setupFlagsProblem(flags)',
          },
          message: 'flags must not hold a flag without the flag it depends on (SQ_AFF needs SQPOLL, DEFER_TASKRUN needs SINGLE_ISSUER, TASKRUN_FLAG needs COOP_TASKRUN or DEFER_TASKRUN, HYBRID_IOPOLL needs IOPOLL, REGISTERED_FD_ONLY needs NO_MMAP), nor SQPOLL with COOP_TASKRUN, TASKRUN_FLAG or DEFER_TASKRUN',
          source: 'io_uring_setup(2) (IORING_SETUP_SQ_AFF, _TASKRUN_FLAG, _DEFER_TASKRUN, _HYBRID_IOPOLL; ERRORS EINVAL); kernel io_uring/io_uring.c io_uring_setup() flag checks; liburing 2.9 src/setup.c:313-315 (REGISTERED_FD_ONLY without NO_MMAP); liburing issues #1194, #1126, #1075; observed -EINVAL for each through io_uring_queue_init with liburing 2.9 on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  bookkeeping: 'ring-init',
  errors: {
    EINVAL: 'the kernel refused the setup: entries out of range or invalid flags',
    ENOMEM: 'the locked-memory limit (ulimit -l) is too low: rings count against RLIMIT_MEMLOCK for a process without CAP_IPC_LOCK (observed on Linux 6.18); raise it with setrlimit/ulimit -l, or IORING_SETUP_NO_MMAP without 2 MiB huge pages in liburing 2.9',
    EPERM: 'io_uring is disabled (sysctl kernel.io_uring_disabled=2, or =1 for this user) or refused by a seccomp filter; enable it or run outside the restricted container',
    ENOSYS: 'the kernel has no io_uring, or a seccomp filter hides it',
    EMFILE: 'the process has too many open files',
  },
  test: {
    async effect({ expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_queue_init, io_uring_sqe_set_data64, IoUring, waitOne }) {
      const ring = new IoUring();
      expect(io_uring_queue_init(8, ring, 0)).toBe(0);
      try {
        expect(ring.ring_fd).toBeGreaterThanOrEqual(0);
        expect(ring.sq.ring_entries).toBe(8);
        expect(ring.cq.ring_entries).toBe(16);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 7n);
        expect(waitOne(ring)).toMatchObject({ user_data: 7n, res: 0 });
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ io_uring_queue_init, IoUring }) {
      const ring = new IoUring();
      const args = [8, ring, 0] as Parameters<typeof io_uring_queue_init>;
      return { args };
    },
    violations: {
      'flags.flags': { args: { flags: 0x80000000 } },
      'flags.relation': { args: { flags: (_, { IORING_SETUP_DEFER_TASKRUN }) => IORING_SETUP_DEFER_TASKRUN } },
    },
  },
});
