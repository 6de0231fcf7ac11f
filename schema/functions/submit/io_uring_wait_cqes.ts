import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_wait_cqes',
  since: '0.2',
  category: 'submit',
  summary: 'Wait for wait_nr completions or until the timeout passes, and return the first.',
  description:
    'On kernels with IORING_FEAT_EXT_ARG (5.11+) it submits nothing: submit first. With ts null it waits without a limit, like ' +
    'io_uring_wait_cqe_nr. The completions are not consumed: iterate them and mark them seen (io_uring_cqe_seen, io_uring_cq_advance).',
  man: 'io_uring_wait_cqes(3)',
  mayBlock: true,
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    { name: 'cqe_ptr', type: 'struct io_uring_cqe **', dir: 'out', borrowedFrom: 'ring', doc: 'Receives the first ready completion, borrowed from the ring until io_uring_cqe_seen; null after -ETIME.' },
    { name: 'wait_nr', type: 'unsigned', doc: 'How many completions to wait for.' },
    { name: 'ts', type: 'struct __kernel_timespec *', nullable: true, doc: 'How long to wait, relative; null waits without a limit.' },
    {
      name: 'sigmask',
      type: 'sigset_t *',
      nullable: true,
      doc: 'The signal mask to apply while waiting (8 bytes, the kernel\'s sigset_t), or null.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'sigmask === null || byteLength(sigmask) >= 8', says: 'sigmask must hold at least 8 bytes (_NSIG / 8)' },
          message: 'sigmask must be at least 8 bytes: liburing tells the kernel it is _NSIG / 8 bytes long, and the kernel reads that many',
          source: 'liburing 2.9 src/queue.c io_uring_wait_cqes_new() (.sigmask_sz = _NSIG / 8) and __io_uring_get_cqe() (.sz = _NSIG / 8)',
          errno: null,
          effect: 'the kernel reads 8 bytes from sigmask: with an inaccessible page right after its 4 bytes, the call fails with -EFAULT instead of waiting',
        },
      ],
    },
  ],
  bookkeeping: 'submit',
  returns: { kind: 'errno', type: 'int', doc: '0 when cqe_ptr holds a completion; -ETIME (returned, not thrown) when the timeout passed first.', passthrough: ['ETIME'] },
  errors: {
    ETIME: 'the timeout passed before wait_nr completions arrived',
    EINTR: 'a signal interrupted the wait',
    EAGAIN: 'on kernels without IORING_FEAT_EXT_ARG: the SQ ring is full, so liburing could not queue its timeout SQE',
    EBADFD: 'the ring is disabled (IORING_SETUP_R_DISABLED)',
    EEXIST: 'a DEFER_TASKRUN ring is waited on from a thread other than its submitter',
  },
  quirks: [
    { text: 'on kernels without IORING_FEAT_EXT_ARG (before 5.11) a non-null ts makes liburing queue a timeout SQE (user_data LIBURING_UDATA_TIMEOUT, (__u64)-1, whose completion it swallows) and submit it together with everything prepared', source: 'io_uring_wait_cqes(3); liburing 2.9 src/queue.c io_uring_wait_cqes() and __io_uring_submit_timeout()' },
    { text: 'with ts null it blocks until wait_nr completions arrive: more than the requests in flight blocks forever', source: 'io_uring_wait_cqes(3) ("If ts is NULL ... it will wait forever for an event")' },
    { text: 'a negative ts is not refused: the wait ends at once with -ETIME', source: 'observed on Linux 6.18' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_cq_advance, io_uring_cq_ready, io_uring_cqe_seen, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sq_ready, io_uring_sqe_set_data64, io_uring_submit, io_uring_submit_and_wait, io_uring_wait_cqes, IoUringCqe, KernelTimespec, newRing, OutPointer }) {
      const ring = newRing(8);
      try {
        const out = new OutPointer<IoUringCqe>();
        const ts = new KernelTimespec();
        ts.tv_nsec = 20_000_000;
        // Nothing in flight: the timeout passes, -ETIME is returned.
        const start = process.hrtime.bigint();
        expect(io_uring_wait_cqes(ring, out, 1, ts, new Uint8Array(8))).toBe(-errnoNumber('ETIME'));
        expect(process.hrtime.bigint() - start).toBeGreaterThanOrEqual(15_000_000n);
        expect(out.value).toBeNull();
        // It submits nothing: a prepared NOP stays in the SQ and the wait times out.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 1n);
        expect(io_uring_wait_cqes(ring, out, 1, ts, null)).toBe(-errnoNumber('ETIME'));
        expect(io_uring_sq_ready(ring)).toBe(1);
        // Submitted with two more: waiting for three returns the first, none consumed.
        for (const ud of [2n, 3n]) {
          const s = io_uring_get_sqe(ring)!;
          io_uring_prep_nop(s);
          io_uring_sqe_set_data64(s, ud);
        }
        io_uring_submit(ring);
        ts.tv_sec = 5;
        expect(io_uring_wait_cqes(ring, out, 3, ts, null)).toBe(0);
        expect(out.value!.user_data).toBe(1n);
        expect(io_uring_cq_ready(ring)).toBe(3);
        io_uring_cq_advance(ring, 3);
        // ts null: no limit; a ready completion returns at once.
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        io_uring_submit_and_wait(ring, 1);
        expect(io_uring_wait_cqes(ring, out, 1, null, null)).toBe(0);
        io_uring_cqe_seen(ring, out.value);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_wait_cqes, IoUringCqe, KernelTimespec, newRing, OutPointer }) {
      const ring = newRing(4);
      const ts = new KernelTimespec();
      ts.tv_nsec = 1_000_000;
      const args = [ring, new OutPointer<IoUringCqe>(), 1, ts, null] as Parameters<typeof io_uring_wait_cqes>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'sigmask.relation': {
        args: { sigmask: (_, { beforeGuardPage }) => beforeGuardPage(4) },
        effect: ({ result }, { errnoNumber, expect }) => {
          expect(Number(result)).toBe(-errnoNumber('EFAULT'));
        },
      },
    },
  },
});
