import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_enter',
  since: '0.1',
  category: 'submit',
  summary: 'The raw io_uring_enter(2) system call: submit to_submit SQEs from the SQ ring and/or wait for min_complete completions.',
  description:
    'Works on the kernel\'s view of the rings only: the SQEs must already be published (the SQ tail written), which ' +
    'liburing\'s io_uring_submit* do and io_uring_get_sqe does not. No liburing bookkeeping happens: completions stay in ' +
    'the CQ ring for io_uring_peek_cqe and friends. liburing passes _NSIG / 8 as the argument size, so sig can only be a ' +
    'signal set; for IORING_ENTER_EXT_ARG use io_uring_enter2.',
  man: 'io_uring_enter(2)',
  mayBlock: true,
  params: [
    { name: 'fd', type: 'unsigned int', doc: 'The ring fd (ring.ring_fd), or with IORING_ENTER_REGISTERED_RING the registered index (ring.enter_ring_fd).' },
    { name: 'to_submit', type: 'unsigned int', doc: 'How many published SQEs the kernel should take.' },
    { name: 'min_complete', type: 'unsigned int', doc: 'With IORING_ENTER_GETEVENTS: wait until this many completions are ready.' },
    {
      name: 'flags',
      type: 'unsigned int',
      doc: 'IORING_ENTER_* flags.',
      preconditions: [
        {
          rule: { kind: 'flags', group: 'IoringEnter' },
          message: 'flags must hold only IORING_ENTER_* flags that the loaded liburing knows (IORING_ENTER_NO_IOWAIT from liburing 2.10)',
          source: 'io_uring_enter(2) ERRORS ("EINVAL Some bits in the flags argument are invalid"); kernel io_uring/io_uring.c io_uring_enter(); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: {
            kind: 'relation',
            holds: '!hasFlag(flags, IORING_ENTER_GETEVENTS) || !(hasFlag(flags, IORING_ENTER_EXT_ARG) || hasFlag(flags, IORING_ENTER_EXT_ARG_REG))',
            says: 'IORING_ENTER_EXT_ARG and EXT_ARG_REG need io_uring_enter2 (io_uring_enter passes the signal-set size as the argument size)',
          },
          message: 'with IORING_ENTER_GETEVENTS, IORING_ENTER_EXT_ARG (or EXT_ARG_REG) needs io_uring_enter2: io_uring_enter passes argsz _NSIG / 8 (8), and the kernel wants sizeof(struct io_uring_getevents_arg)',
          source: 'io_uring_enter(2) (IORING_ENTER_EXT_ARG: "argsz must be set to the size of this structure"); liburing 2.9 src/syscall.h __sys_io_uring_enter() passes _NSIG / 8; observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
    {
      name: 'sig',
      type: 'sigset_t *',
      nullable: true,
      doc: 'The signal mask to apply while waiting (8 bytes, the kernel\'s sigset_t), or null.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'sig === null || byteLength(sig) >= 8', says: 'sig must hold at least 8 bytes (_NSIG / 8)' },
          message: 'sig must be at least 8 bytes: liburing passes _NSIG / 8 as its size and the kernel reads that many',
          source: 'liburing 2.9 src/syscall.h __sys_io_uring_enter() (_NSIG / 8); io_uring_enter(2) (sig)',
          errno: null,
          effect: 'the kernel reads 8 bytes from sig: with an inaccessible page right after its 4 bytes, the call fails with -EFAULT instead of waiting',
        },
      ],
    },
  ],
  returns: { kind: 'count', type: 'int', doc: 'The number of SQEs the kernel consumed (0 when to_submit is 0).' },
  errors: {
    EBADF: 'fd is not an open file descriptor',
    EOPNOTSUPP: 'fd is not an io_uring file descriptor',
    EBADFD: 'the ring is disabled (IORING_SETUP_R_DISABLED)',
    EINVAL: 'invalid flags, or an argument size the flags do not allow',
    EFAULT: 'sig is not readable',
    EAGAIN: 'the kernel could not allocate resources for the requests',
    EBUSY: 'completions overflowed and could not be flushed (IORING_ENTER_GETEVENTS)',
    EBADR: 'completions were dropped (out of memory)',
    EEXIST: 'IORING_ENTER_GETEVENTS on a DEFER_TASKRUN ring from a thread other than its submitter',
    EINTR: 'a signal interrupted the wait',
    ENXIO: 'the ring is being torn down',
    EOWNERDEAD: 'the SQPOLL kernel thread was killed',
  },
  quirks: [
    { text: 'with IORING_ENTER_GETEVENTS it blocks until min_complete completions are ready: more than the requests in flight blocks forever (there is no timeout without io_uring_enter2 and IORING_ENTER_EXT_ARG)', source: 'io_uring_enter(2) IORING_ENTER_GETEVENTS' },
    { text: 'it bypasses liburing-ts\'s bookkeeping: memory held for prepared SQEs is not moved to the in-flight requests when they are submitted this way', source: 'liburing-ts runtime/ring-state.ts (only the submit effect moves it)' },
    { text: 'fd is unsigned: -1 is 4294967295 (-EBADF)', source: 'liburing 2.9 liburing.h prototype; observed -EBADF on Linux 6.18' },
  ],
  test: {
    async effect({ catchError, errnoNumber, expect, io_uring_cq_advance, io_uring_enter, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sq_ready, io_uring_sqe_set_data64, IORING_ENTER_GETEVENTS, IoUringCqe, newRing, PointerArray, viewOfAddress }) {
      const ring = newRing(4);
      try {
        // Nothing published: nothing consumed, nothing to wait for.
        expect(io_uring_enter(ring.ring_fd, 0, 0, IORING_ENTER_GETEVENTS, null)).toBe(0);
        // Publish two NOPs as liburing's submit does (write the SQ tail), then submit and wait with one call.
        for (const ud of [1n, 2n]) {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_nop(sqe);
          io_uring_sqe_set_data64(sqe, ud);
        }
        ring.sq.sqe_head = ring.sq.sqe_tail;
        viewOfAddress(ring.sq.ktail, 4).setUint32(0, ring.sq.sqe_tail, true);
        const sig = new Uint8Array(8); // empty signal set
        expect(io_uring_enter(ring.ring_fd, 2, 2, IORING_ENTER_GETEVENTS, sig)).toBe(2);
        // The kernel took both SQEs and both completions are in the CQ ring.
        expect(io_uring_sq_ready(ring)).toBe(0);
        const cqes = new PointerArray<IoUringCqe>(4);
        expect(io_uring_peek_batch_cqe(ring, cqes, 4)).toBe(2);
        expect(cqes.items.map((c) => c.user_data)).toEqual([1n, 2n]);
        io_uring_cq_advance(ring, 2);
        // Not an io_uring fd; no fd at all.
        // (95 is named ENOTSUP by runtime/errno.ts, an alias of EOPNOTSUPP on Linux: compare numbers.)
        expect(catchError(() => io_uring_enter(1, 0, 0, 0, null))).toMatchObject({ name: 'UringError', errno: -errnoNumber('EOPNOTSUPP') });
        expect(catchError(() => io_uring_enter(0xffffffff, 0, 0, 0, null))).toMatchObject({ name: 'UringError', errno: -errnoNumber('EBADF') });
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_enter, IORING_ENTER_GETEVENTS, newRing }) {
      const ring = newRing(4);
      const args = [ring.ring_fd, 0, 0, IORING_ENTER_GETEVENTS, null] as Parameters<typeof io_uring_enter>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'flags.flags': { args: { flags: 0x80000000 } },
      'flags.relation': { args: { flags: (_, { IORING_ENTER_EXT_ARG, IORING_ENTER_GETEVENTS }) => IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG } },
      'sig.relation': {
        args: { min_complete: 1, sig: (_, { beforeGuardPage }) => beforeGuardPage(4) },
        before: ({ ring }, { io_uring_get_sqe, io_uring_prep_timeout, io_uring_submit, KernelTimespec }) => {
          // A timeout in flight bounds the wait, should the kernel read the mask after all. It is long: had it
          // completed before the call, min_complete would be met and the kernel would return 0 without reading sig.
          const ts = new KernelTimespec();
          ts.tv_sec = 2;
          io_uring_prep_timeout(io_uring_get_sqe(ring)!, ts, 0, 0);
          io_uring_submit(ring);
        },
        effect: ({ result }, { errnoNumber, expect }) => {
          expect(Number(result)).toBe(-errnoNumber('EFAULT'));
        },
      },
    },
  },
});
