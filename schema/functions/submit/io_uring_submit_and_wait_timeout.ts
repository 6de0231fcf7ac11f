import { defineFunction } from '../../language.js';
import { PENDING_SQE_RULES } from '../../shared/pending-sqes.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_submit_and_wait_timeout',
  since: '2.2',
  category: 'submit',
  summary: 'Submit every prepared SQE, then wait for wait_nr completions or until the timeout passes; cqe_ptr gets the first.',
  description:
    'One io_uring_enter call on kernels with IORING_FEAT_EXT_ARG (5.11+). The completions are not consumed. With ts null it ' +
    'waits without a limit, like io_uring_submit_and_wait.',
  man: 'io_uring_submit_and_wait_timeout(3)',
  mayBlock: true,
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.', preconditions: [...PENDING_SQE_RULES] },
    { name: 'cqe_ptr', type: 'struct io_uring_cqe **', dir: 'out', borrowedFrom: 'ring', doc: 'Receives the first ready completion, borrowed from the ring until io_uring_cqe_seen; null when none is ready.' },
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
          source: 'liburing 2.9 src/queue.c __io_uring_submit_and_wait_timeout() (.sigmask_sz = _NSIG / 8); io_uring_enter(2) IORING_ENTER_EXT_ARG',
          errno: null,
        },
      ],
    },
  ],
  returns: {
    kind: 'count',
    type: 'int',
    doc: 'The number of SQEs submitted; -ETIME (returned, not thrown) when the timeout passed before a completion arrived and nothing was submitted.',
    passthrough: ['ETIME'],
  },
  bookkeeping: 'submit',
  errors: {
    ETIME: 'the timeout passed before wait_nr completions arrived',
    EINTR: 'a signal interrupted the wait',
    EBADFD: 'the ring is disabled (IORING_SETUP_R_DISABLED): call io_uring_enable_rings first',
    EEXIST: 'a DEFER_TASKRUN or SINGLE_ISSUER ring is used from a thread other than its submitter',
    EBUSY: 'the completion queue overflowed: reap completions first',
    EAGAIN: 'on kernels without IORING_FEAT_EXT_ARG: the SQ ring is full, so liburing could not queue its timeout SQE',
  },
  quirks: [
    { text: 'when the call submitted SQEs, a timeout returns the number submitted (with cqe_ptr null), not -ETIME: -ETIME only comes when nothing was submitted', source: 'liburing 2.9 src/queue.c _io_uring_get_cqe() (-ETIME only "if (!cqe && arg->ts && !err)", err being the submit count); observed 1 after 20 ms with a pending timeout SQE on Linux 6.18' },
    { text: 'returned 0 on success before liburing 2.2; now the number of SQEs submitted', source: 'io_uring_submit_and_wait_timeout(3) RETURN VALUE' },
    { text: 'on kernels without IORING_FEAT_EXT_ARG (before 5.11) liburing queues a timeout SQE with user_data LIBURING_UDATA_TIMEOUT ((__u64)-1) and swallows its completion', source: 'liburing 2.9 src/queue.c __io_uring_submit_timeout()' },
    { text: 'with ts null it blocks until wait_nr completions arrive: more than the requests in flight blocks forever', source: 'liburing 2.9 src/queue.c __io_uring_submit_and_wait_timeout()' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_cq_advance, io_uring_cq_ready, io_uring_cqe_seen, io_uring_get_sqe, io_uring_prep_nop, io_uring_prep_timeout, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit_and_wait_timeout, IoUringCqe, KernelTimespec, newRing, OutPointer }) {
      const ring = newRing(8);
      try {
        const out = new OutPointer<IoUringCqe>();
        const ts = new KernelTimespec();
        ts.tv_sec = 1;
        // Three NOPs: submitted and waited for in one call; the first completion is returned.
        for (const ud of [1n, 2n, 3n]) {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_nop(sqe);
          io_uring_sqe_set_data64(sqe, ud);
        }
        expect(io_uring_submit_and_wait_timeout(ring, out, 3, ts, null)).toBe(3);
        expect(out.value!.user_data).toBe(1n);
        expect(io_uring_cq_ready(ring)).toBe(3);
        io_uring_cq_advance(ring, 3);
        // Nothing in flight: the timeout passes, -ETIME is returned.
        const short = new KernelTimespec();
        short.tv_nsec = 20_000_000;
        let start = process.hrtime.bigint();
        expect(io_uring_submit_and_wait_timeout(ring, out, 1, short, new Uint8Array(8))).toBe(-errnoNumber('ETIME'));
        expect(process.hrtime.bigint() - start).toBeGreaterThanOrEqual(15_000_000n);
        expect(out.value).toBeNull();
        // A request that outlasts the timeout: the result is the number submitted, not -ETIME.
        const long = new KernelTimespec();
        long.tv_sec = 30;
        const t = io_uring_get_sqe(ring)!;
        io_uring_prep_timeout(t, long, 0, 0);
        start = process.hrtime.bigint();
        expect(io_uring_submit_and_wait_timeout(ring, out, 1, short, null)).toBe(1);
        expect(process.hrtime.bigint() - start).toBeGreaterThanOrEqual(15_000_000n);
        expect(out.value).toBeNull();
        // ts null: no limit, a NOP completes at once.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 4n);
        expect(io_uring_submit_and_wait_timeout(ring, out, 1, null, null)).toBe(1);
        expect(out.value!.user_data).toBe(4n);
        io_uring_cqe_seen(ring, out.value);
      } finally {
        // Exiting cancels the 30 s timeout.
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_submit_and_wait_timeout, IoUringCqe, KernelTimespec, newRing, OutPointer }) {
      const ring = newRing(4);
      const ts = new KernelTimespec();
      ts.tv_nsec = 1_000_000;
      const args = [ring, new OutPointer<IoUringCqe>(), 1, ts, null] as Parameters<typeof io_uring_submit_and_wait_timeout>;
      return {
        ring,
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'sqe-null-buffer': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'null-buffer') },
      'sqe-buffer-select': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'buffer-select-op') },
      'sqe-buffer-select-readv': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'buffer-select-vectors') },
      'sqe-buffer-group': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'buffer-group') },
      'sqe-fixed-file': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'fixed-file') },
      'sigmask.relation': { args: { sigmask: () => new Uint8Array(4) } },
    },
  },
});
