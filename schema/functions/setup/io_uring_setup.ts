import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_setup',
  since: '0.1',
  category: 'setup',
  summary: 'The raw io_uring_setup(2) system call: create an io_uring instance and return its file descriptor.',
  description:
    'Nothing is mapped and no struct io_uring is filled in: the kernel only writes its answer into p (the real sq_entries and ' +
    'cq_entries, the IORING_FEAT_* features, the ring offsets). Map the rings with io_uring_queue_mmap, or use ' +
    'io_uring_queue_init_params, which does both. The caller owns the returned fd and must close it.',
  man: 'io_uring_setup(2)',
  params: [
    {
      name: 'entries',
      type: 'unsigned int',
      doc: 'The number of submission queue entries; rounded up to a power of two.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 32768, unlessFlag: { param: 'p', field: 'flags', flag: 'IORING_SETUP_CLAMP' } },
          message: 'entries must be from 1 to 32768 (IORING_MAX_ENTRIES), unless IORING_SETUP_CLAMP is set in p.flags',
          source: 'io_uring_setup(2) ERRORS ("entries is out of bounds"); kernel io_uring/io_uring.c io_uring_fill_params(); observed -EINVAL for 0 and 32769 on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
    {
      name: 'p',
      type: 'struct io_uring_params *',
      dir: 'inout',
      doc: 'Setup flags and parameters in (sq_thread_cpu, sq_thread_idle, cq_entries, wq_fd as the flags say; everything else zero); the kernel\'s answer (entries, features, offsets) out.',
      preconditions: [
        {
          rule: { kind: 'flags', field: 'flags', group: 'IoringSetup' },
          message: 'p.flags must hold only IORING_SETUP_* flags that the loaded liburing knows (CQE_MIXED and SQE_MIXED from liburing 2.13, SQ_REWIND from 2.14)',
          source: 'io_uring_setup(2) ERRORS ("p.flags contains an unsupported flag"); kernel io_uring/io_uring.c io_uring_setup() rejects unknown flags; observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          // Linux 6.18 knows setup flags newer than liburing 2.9, so break it with a bit no kernel knows.
        },
        {
          rule: {
            kind: 'relation',
            holds:
              '!hasFlag(p.flags, IORING_SETUP_CQSIZE) || (p.cq_entries >= 1 && (p.cq_entries <= 65536 || hasFlag(p.flags, IORING_SETUP_CLAMP)) && ' +
              '2 ** Math.ceil(Math.log2(Math.min(p.cq_entries, 65536))) >= 2 ** Math.ceil(Math.log2(Math.min(entries, 32768))))',
            says: 'with IORING_SETUP_CQSIZE, p.cq_entries must be from 1 to 65536 (or more with IORING_SETUP_CLAMP), and rounded up to a power of two at least the rounded-up entries',
          },
          message: 'with IORING_SETUP_CQSIZE, p.cq_entries must be from 1 to 65536 (unless IORING_SETUP_CLAMP) and, rounded up to a power of two, not smaller than the submission queue',
          source: 'io_uring_setup(2) ERRORS ("IORING_SETUP_CQSIZE was specified, but io_uring_params.cq_entries was invalid"); kernel io_uring/io_uring.c io_uring_fill_params(); observed -EINVAL for cq_entries 4 with 8 entries on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: {
            kind: 'relation',
            holds:
              '(!hasFlag(p.flags, IORING_SETUP_SQ_AFF) || hasFlag(p.flags, IORING_SETUP_SQPOLL)) && ' +
              '(!hasFlag(p.flags, IORING_SETUP_DEFER_TASKRUN) || hasFlag(p.flags, IORING_SETUP_SINGLE_ISSUER)) && ' +
              '(!hasFlag(p.flags, IORING_SETUP_TASKRUN_FLAG) || hasFlag(p.flags, IORING_SETUP_COOP_TASKRUN) || hasFlag(p.flags, IORING_SETUP_DEFER_TASKRUN)) && ' +
              '(!hasFlag(p.flags, IORING_SETUP_HYBRID_IOPOLL) || hasFlag(p.flags, IORING_SETUP_IOPOLL)) && ' +
              '(!hasFlag(p.flags, IORING_SETUP_REGISTERED_FD_ONLY) || hasFlag(p.flags, IORING_SETUP_NO_MMAP)) && ' +
              '(!hasFlag(p.flags, IORING_SETUP_SQPOLL) || !(hasFlag(p.flags, IORING_SETUP_COOP_TASKRUN) || hasFlag(p.flags, IORING_SETUP_TASKRUN_FLAG) || hasFlag(p.flags, IORING_SETUP_DEFER_TASKRUN)))',
            says: 'SQ_AFF needs SQPOLL, DEFER_TASKRUN needs SINGLE_ISSUER, TASKRUN_FLAG needs COOP_TASKRUN or DEFER_TASKRUN, HYBRID_IOPOLL needs IOPOLL, REGISTERED_FD_ONLY needs NO_MMAP, and SQPOLL excludes COOP_TASKRUN, TASKRUN_FLAG and DEFER_TASKRUN',
          },
          message: 'p.flags must not hold a flag without the flag it depends on: SQ_AFF needs SQPOLL, DEFER_TASKRUN needs SINGLE_ISSUER, TASKRUN_FLAG needs COOP_TASKRUN or DEFER_TASKRUN, HYBRID_IOPOLL needs IOPOLL, REGISTERED_FD_ONLY needs NO_MMAP; and SQPOLL cannot be combined with COOP_TASKRUN, TASKRUN_FLAG or DEFER_TASKRUN',
          source: 'io_uring_setup(2) ERRORS and the flag descriptions (IORING_SETUP_SQ_AFF, _TASKRUN_FLAG, _DEFER_TASKRUN, _HYBRID_IOPOLL, _REGISTERED_FD_ONLY); kernel io_uring/io_uring.c io_uring_sanitise_params(); observed -EINVAL for each on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'relation', holds: 'p.resv[0] === 0 && p.resv[1] === 0 && p.resv[2] === 0', says: 'p.resv must be all zero' },
          message: 'p.resv must be zero: reuse an io_uring_params only after clearing it, or use a new IoUringParams',
          source: 'io_uring_setup(2): "The resv array must be initialized to zero", ERRORS ("The resv array contains non-zero data"); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', newFd: true, doc: 'The new io_uring file descriptor (>= 0); the caller must close it (or hand it to io_uring_queue_mmap and later io_uring_queue_exit).' },
  errors: {
    EINVAL: 'the kernel refused the setup: entries or cq_entries out of range, unknown or conflicting flags, or non-zero p.resv',
    EFAULT: 'p is not readable and writable memory',
    EMFILE: 'the process has too many open files',
    ENFILE: 'the system has too many open files',
    ENOMEM: 'not enough kernel memory, or the locked-memory limit (ulimit -l) is too low: rings count against RLIMIT_MEMLOCK for a process without CAP_IPC_LOCK (observed on Linux 6.18)',
    EPERM: 'io_uring is disabled (sysctl kernel.io_uring_disabled=2, or =1 for this user), or SQPOLL needs privileges on this kernel',
    ENXIO: 'IORING_SETUP_ATTACH_WQ: p.wq_fd is not an io_uring instance, or it is shutting down',
    EBADF: 'IORING_SETUP_ATTACH_WQ: p.wq_fd is not an open file descriptor',
    ENOSYS: 'the kernel has no io_uring, or a seccomp filter hides it',
  },
  quirks: [
    { text: 'like every liburing call it returns -errno and never sets errno, although it is a plain system call wrapper', source: 'io_uring_setup(2) RETURN VALUE ("The caller should not rely on errno variable"); liburing 2.9 src/syscall.c' },
    { text: 'the returned fd is not tracked by liburing-ts: nothing closes it but the caller (fs.closeSync) or io_uring_queue_exit after io_uring_queue_mmap', source: 'liburing-ts' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_setup, IORING_FEAT_NODROP, IORING_SETUP_CQSIZE, IORING_SETUP_SQ_AFF, IoUringParams, unchecked_io_uring_setup }) {
      const { closeSync, fstatSync, readlinkSync } = await import('node:fs');
      const p = new IoUringParams();
      p.flags = IORING_SETUP_CQSIZE;
      p.cq_entries = 100;
      const fd = io_uring_setup(8, p);
      try {
        // A new file descriptor for an io_uring instance.
        expect(fd).toBeGreaterThan(2);
        expect(readlinkSync('/proc/self/fd/' + fd)).toBe('anon_inode:[io_uring]');
        // The kernel wrote its answer into p: sizes rounded up to powers of two, features, offsets.
        expect(p.sq_entries).toBe(8);
        expect(p.cq_entries).toBe(128);
        expect(p.features & IORING_FEAT_NODROP).toBe(IORING_FEAT_NODROP);
        expect(p.sq_off.tail).toBeGreaterThan(0);
        expect(p.cq_off.cqes).toBeGreaterThan(0);
      } finally {
        closeSync(fd);
      }
      expect(() => fstatSync(fd)).toThrow(/EBADF/);
      // A refused setup creates no fd and throws the errno.
      const bad = new IoUringParams();
      bad.flags = IORING_SETUP_SQ_AFF;
      expect(Number(unchecked_io_uring_setup(8, bad))).toBe(-errnoNumber('EINVAL'));
    },
    async valid({ io_uring_setup, IoUringParams }) {
      const p = new IoUringParams();
      const args = [8, p] as Parameters<typeof io_uring_setup>;
      return {
        args,
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
