import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_wait_cqes_min_timeout',
  since: '2.8',
  category: 'submit',
  summary: 'Wait for wait_nr completions with a batch wait of min_ts_usec microseconds and an overall timeout; return the first.',
  description:
    'Like io_uring_wait_cqes with the two-stage wait of io_uring_submit_and_wait_min_timeout: within min_ts_usec it returns as ' +
    'soon as wait_nr completions are ready; after that once any is ready; with none posted it goes on waiting up to ts. It ' +
    'submits nothing. The minimum wait needs IORING_FEAT_MIN_TIMEOUT (Linux 6.12+).',
  man: 'io_uring_wait_cqes_min_timeout(3)',
  mayBlock: true,
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    { name: 'cqe_ptr', type: 'struct io_uring_cqe **', dir: 'out', borrowedFrom: 'ring', doc: 'Receives the first ready completion, borrowed from the ring until io_uring_cqe_seen; null after -ETIME.' },
    { name: 'wait_nr', type: 'unsigned', doc: 'How many completions the batch wait wants.' },
    { name: 'ts', type: 'struct __kernel_timespec *', nullable: true, doc: 'The overall timeout, relative; null waits without a limit.' },
    { name: 'min_ts_usec', type: 'unsigned int', doc: 'The batch wait in microseconds; 0 for none. Ignored without IORING_FEAT_MIN_TIMEOUT.' },
    {
      name: 'sigmask',
      type: 'sigset_t *',
      nullable: true,
      doc: 'The signal mask to apply while waiting (8 bytes, the kernel\'s sigset_t), or null.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'sigmask === null || byteLength(sigmask) >= 8', says: 'sigmask must hold at least 8 bytes (_NSIG / 8)' },
          message: 'sigmask must be at least 8 bytes: liburing tells the kernel it is _NSIG / 8 bytes long, and the kernel reads that many',
          source: 'liburing 2.9 src/queue.c io_uring_wait_cqes_new() (.sigmask_sz = _NSIG / 8)',
          errno: null,
          effect: 'the kernel reads 8 bytes from sigmask: with an inaccessible page right after its 4 bytes, the call fails with -EFAULT instead of waiting',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 when cqe_ptr holds a completion; -ETIME (returned, not thrown) when ts passed before any completion arrived.', passthrough: ['ETIME'] },
  errors: {
    ETIME: 'the timeout passed before a completion arrived',
    EINVAL: 'the kernel lacks IORING_FEAT_EXT_ARG (before 5.11)',
    EINTR: 'a signal interrupted the wait',
    EBADFD: 'the ring is disabled (IORING_SETUP_R_DISABLED)',
    EEXIST: 'a DEFER_TASKRUN ring is waited on from a thread other than its submitter',
  },
  quirks: [
    { text: 'liburing 2.9 does not check IORING_FEAT_MIN_TIMEOUT here (io_uring_submit_and_wait_min_timeout does): without it min_ts_usec is silently dropped and the call is a plain io_uring_wait_cqes', source: 'liburing 2.9 src/queue.c io_uring_wait_cqes_new() ("if (min_wait_usec && ring->features & IORING_FEAT_MIN_TIMEOUT)")' },
    { text: 'it always uses IORING_ENTER_EXT_ARG, without liburing\'s fallback for older kernels: before Linux 5.11 the kernel refuses it with -EINVAL', source: 'liburing 2.9 src/queue.c io_uring_wait_cqes_min_timeout() -> io_uring_wait_cqes_new()' },
    { text: 'with ts null it blocks until wait_nr completions arrive (or, after min_ts_usec, any): with nothing in flight it blocks forever', source: 'io_uring_wait_cqes_min_timeout(3)' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_cq_advance, io_uring_cq_ready, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, io_uring_wait_cqes_min_timeout, IORING_FEAT_MIN_TIMEOUT, IoUringCqe, KernelTimespec, newRing, OutPointer }) {
      const ring = newRing(8);
      try {
        expect(ring.features & IORING_FEAT_MIN_TIMEOUT).toBe(IORING_FEAT_MIN_TIMEOUT);
        const out = new OutPointer<IoUringCqe>();
        // Two NOPs in flight, three wanted: after the 20 ms batch wait it settles for two, long before ts (1 s).
        for (const ud of [1n, 2n]) {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_nop(sqe);
          io_uring_sqe_set_data64(sqe, ud);
        }
        io_uring_submit(ring);
        const ts = new KernelTimespec();
        ts.tv_sec = 1;
        let start = process.hrtime.bigint();
        expect(io_uring_wait_cqes_min_timeout(ring, out, 3, ts, 20_000, null)).toBe(0);
        const took = process.hrtime.bigint() - start;
        expect(took).toBeGreaterThanOrEqual(15_000_000n);
        expect(took).toBeLessThan(5_000_000_000n);
        expect(out.value!.user_data).toBe(1n);
        expect(io_uring_cq_ready(ring)).toBe(2);
        io_uring_cq_advance(ring, 2);
        // Nothing posted: past the 5 ms batch wait it goes on waiting up to ts (30 ms), then -ETIME.
        const short = new KernelTimespec();
        short.tv_nsec = 30_000_000;
        start = process.hrtime.bigint();
        expect(io_uring_wait_cqes_min_timeout(ring, out, 1, short, 5_000, new Uint8Array(8))).toBe(-errnoNumber('ETIME'));
        expect(process.hrtime.bigint() - start).toBeGreaterThanOrEqual(25_000_000n);
        expect(out.value).toBeNull();
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_wait_cqes_min_timeout, IoUringCqe, KernelTimespec, newRing, OutPointer }) {
      const ring = newRing(4);
      const ts = new KernelTimespec();
      ts.tv_nsec = 1_000_000;
      const args = [ring, new OutPointer<IoUringCqe>(), 1, ts, 100, null] as Parameters<typeof io_uring_wait_cqes_min_timeout>;
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
