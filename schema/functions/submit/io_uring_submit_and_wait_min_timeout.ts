import { defineFunction } from '../../language.js';
import { PENDING_SQE_RULES } from '../../shared/pending-sqes.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_submit_and_wait_min_timeout',
  since: '2.8',
  category: 'submit',
  summary: 'Submit every prepared SQE and wait for wait_nr completions, giving the batch min_wait microseconds before settling for fewer.',
  description:
    'Like io_uring_submit_and_wait_timeout with a two-stage wait: within min_wait microseconds it returns as soon as wait_nr ' +
    'completions are ready; after that it returns once any completion is ready; if none has been posted it goes on waiting ' +
    'up to ts (in total). Needs IORING_FEAT_MIN_TIMEOUT (Linux 6.12+). The completions are not consumed.',
  man: 'io_uring_submit_and_wait_min_timeout(3)',
  mayBlock: true,
  params: [
    {
      name: 'ring',
      type: 'struct io_uring *',
      doc: 'The ring.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'hasFlag(ring.features, IORING_FEAT_MIN_TIMEOUT)', says: 'the kernel must support IORING_FEAT_MIN_TIMEOUT (Linux 6.12+)' },
          message: 'the kernel must support IORING_FEAT_MIN_TIMEOUT (Linux 6.12+); check ring.features first',
          source: 'io_uring_submit_and_wait_min_timeout(3) ("If the kernel doesn\'t support this functionality, -EINVAL will be returned"); liburing 2.9 src/queue.c io_uring_submit_and_wait_min_timeout() checks ring->features first',
          errno: 'EINVAL',
          // Linux 6.18 has the feature: hide it from liburing, which checks ring->features before anything else.
        },
        ...PENDING_SQE_RULES,
      ],
    },
    { name: 'cqe_ptr', type: 'struct io_uring_cqe **', dir: 'out', borrowedFrom: 'ring', doc: 'Receives the first ready completion, borrowed from the ring until io_uring_cqe_seen; null when none is ready.' },
    { name: 'wait_nr', type: 'unsigned', doc: 'How many completions the batch wait wants.' },
    { name: 'ts', type: 'struct __kernel_timespec *', nullable: true, doc: 'The overall timeout, relative; null waits without a limit.' },
    { name: 'min_wait', type: 'unsigned', doc: 'The batch wait in microseconds; 0 for none.' },
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
    doc: 'The number of SQEs submitted; -ETIME (returned, not thrown) when ts passed before any completion arrived and nothing was submitted.',
    passthrough: ['ETIME'],
  },
  bookkeeping: 'submit',
  errors: {
    EINVAL: 'the kernel lacks IORING_FEAT_MIN_TIMEOUT (before Linux 6.12)',
    ETIME: 'the timeout passed before a completion arrived',
    EINTR: 'a signal interrupted the wait',
    EBADFD: 'the ring is disabled (IORING_SETUP_R_DISABLED): call io_uring_enable_rings first',
    EEXIST: 'a DEFER_TASKRUN or SINGLE_ISSUER ring is used from a thread other than its submitter',
    EBUSY: 'the completion queue overflowed: reap completions first',
  },
  quirks: [
    { text: 'when the call submitted SQEs, a timeout returns the number submitted (with cqe_ptr null), not -ETIME', source: 'liburing 2.9 src/queue.c _io_uring_get_cqe() (-ETIME only when nothing was submitted)' },
    { text: 'with ts null the min_wait stage still applies, but after it the wait has no limit: with nothing in flight it blocks forever', source: 'io_uring_submit_and_wait_min_timeout(3); liburing 2.9 src/queue.c __io_uring_submit_and_wait_timeout() (ts null takes the plain wait path)' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_cq_advance, io_uring_cq_ready, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit_and_wait_min_timeout, IORING_FEAT_MIN_TIMEOUT, IoUringCqe, KernelTimespec, newRing, OutPointer }) {
      const ring = newRing(8);
      try {
        expect(ring.features & IORING_FEAT_MIN_TIMEOUT).toBe(IORING_FEAT_MIN_TIMEOUT);
        const out = new OutPointer<IoUringCqe>();
        const ts = new KernelTimespec();
        ts.tv_sec = 1;
        // Two NOPs, a batch of three wanted: after the 20 ms batch wait it settles for the two, long before ts (1 s).
        for (const ud of [1n, 2n]) {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_nop(sqe);
          io_uring_sqe_set_data64(sqe, ud);
        }
        let start = process.hrtime.bigint();
        expect(io_uring_submit_and_wait_min_timeout(ring, out, 3, ts, 20_000, null)).toBe(2);
        const took = process.hrtime.bigint() - start;
        expect(took).toBeGreaterThanOrEqual(15_000_000n);
        expect(took).toBeLessThan(5_000_000_000n);
        expect(out.value!.user_data).toBe(1n);
        expect(io_uring_cq_ready(ring)).toBe(2);
        io_uring_cq_advance(ring, 2);
        // Nothing posted at all: past the 5 ms batch wait it goes on waiting up to ts (30 ms), then -ETIME.
        const short = new KernelTimespec();
        short.tv_nsec = 30_000_000;
        start = process.hrtime.bigint();
        expect(io_uring_submit_and_wait_min_timeout(ring, out, 1, short, 5_000, new Uint8Array(8))).toBe(-errnoNumber('ETIME'));
        expect(process.hrtime.bigint() - start).toBeGreaterThanOrEqual(25_000_000n);
        expect(out.value).toBeNull();
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_submit_and_wait_min_timeout, IoUringCqe, KernelTimespec, newRing, OutPointer }) {
      const ring = newRing(4);
      const ts = new KernelTimespec();
      ts.tv_nsec = 1_000_000;
      const args = [ring, new OutPointer<IoUringCqe>(), 1, ts, 100, null] as Parameters<typeof io_uring_submit_and_wait_min_timeout>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
        ring,
      };
    },
    violations: {
      'sqe-null-buffer': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'null-buffer') },
      'sqe-buffer-select': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'buffer-select-op') },
      'sqe-buffer-select-readv': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'buffer-select-vectors') },
      'sqe-buffer-group': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'buffer-group') },
      'sqe-fixed-file': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'fixed-file') },
      'ring.relation': { before: ({ ring }, { IORING_FEAT_MIN_TIMEOUT }) => { ring.features = (ring.features & ~IORING_FEAT_MIN_TIMEOUT) >>> 0; } },
      'sigmask.relation': { args: { sigmask: () => new Uint8Array(4) } },
    },
  },
});
