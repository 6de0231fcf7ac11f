import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: '__io_uring_get_cqe',
  since: '0.2',
  category: 'submit',
  summary: 'liburing\'s internal wait: submit SQEs already in the kernel\'s SQ ring, wait for wait_nr completions, return the first.',
  description:
    'The helper behind io_uring_peek_cqe, io_uring_wait_cqe and io_uring_wait_cqe_nr, exported for them; applications should use those. ' +
    'It does not publish prepared SQEs: submit counts SQEs whose tail was already written to the kernel\'s SQ ring (which ' +
    'io_uring_submit* do before entering), and it enters the kernel only when fewer than wait_nr completions are ready, when ' +
    'submit is not 0, or when the CQ ring needs flushing. The completion is not consumed.',
  man: null,
  mayBlock: true,
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    { name: 'cqe_ptr', type: 'struct io_uring_cqe **', dir: 'out', borrowedFrom: 'ring', doc: 'Receives the first ready completion, borrowed from the ring until io_uring_cqe_seen; null after -EAGAIN.' },
    {
      name: 'submit',
      type: 'unsigned',
      doc: 'How many SQEs the kernel should take from its SQ ring: at most those published there and not yet consumed (0 with liburing-ts, whose submit functions submit what they publish).',
      preconditions: [
        {
          rule: {
            kind: 'relation',
            holds: 'submit <= sqPending(ring)',
            says: 'submit must not exceed the SQEs published in the kernel\'s SQ ring and not yet consumed (*sq.ktail - *sq.khead)',
          },
          message: 'submit must not exceed the SQEs already published to the kernel (*sq.ktail - *sq.khead, usually 0): C keeps entering the kernel until that many are consumed, and loops forever when they are not there',
          source: 'liburing 2.9 src/queue.c _io_uring_get_cqe() (data->submit -= ret; re-enters while data->submit != 0); observed an endless loop with submit 1 and an unpublished SQE on Linux 6.18',
          errno: null,
          unprovable: 'C loops forever entering the kernel',
        },
      ],
    },
    { name: 'wait_nr', type: 'unsigned', doc: 'How many completions to wait for; 0 does not wait.' },
    {
      name: 'sigmask',
      type: 'sigset_t *',
      nullable: true,
      doc: 'The signal mask to apply while waiting (8 bytes, the kernel\'s sigset_t), or null to keep the current one.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'sigmask === null || byteLength(sigmask) >= 8', says: 'sigmask must hold at least 8 bytes (_NSIG / 8)' },
          message: 'sigmask must be at least 8 bytes: liburing tells the kernel it is _NSIG / 8 bytes long, and the kernel reads that many',
          source: 'liburing 2.9 src/queue.c __io_uring_get_cqe() (.sz = _NSIG / 8); io_uring_enter(2) (sig, argsz)',
          errno: null,
          effect: 'the kernel reads 8 bytes from sigmask: with an inaccessible page right after its 4 bytes, the call fails with -EFAULT instead of waiting',
        },
      ],
    },
  ],
  returns: {
    kind: 'count',
    type: 'int',
    doc: '0, or the number of SQEs the kernel took when it had to enter; cqe_ptr holds the first ready completion. -EAGAIN when none is ready and nothing was to be waited for.',
    passthrough: ['EAGAIN'],
  },
  errors: {
    EAGAIN: 'no completion is ready, and wait_nr and submit are 0',
    EINTR: 'a signal interrupted the wait',
    EBADFD: 'the ring is disabled (IORING_SETUP_R_DISABLED)',
    EEXIST: 'a DEFER_TASKRUN ring is waited on from a thread other than its submitter',
  },
  quirks: [
    { text: 'it blocks until wait_nr completions are ready: more than the requests in flight blocks forever', source: 'liburing 2.9 src/queue.c _io_uring_get_cqe()' },
    { text: 'when it had to enter the kernel it returns the number of SQEs the kernel consumed, not 0', source: 'liburing 2.9 src/queue.c _io_uring_get_cqe() (err = ret after the first enter); observed 1 on Linux 6.18' },
    { text: 'it does not write the SQ tail: SQEs prepared with io_uring_get_sqe are not submitted by it (liburing-ts does not move their memory to the in-flight bookkeeping either)', source: 'liburing 2.9 src/queue.c (only io_uring_submit* call __io_uring_flush_sq)' },
    { text: 'on kernels without IORING_FEAT_EXT_ARG it hides completions with user_data LIBURING_UDATA_TIMEOUT ((__u64)-1)', source: 'liburing 2.9 liburing.h __io_uring_peek_cqe()' },
  ],
  test: {
    async effect({ __io_uring_get_cqe, errnoNumber, expect, io_uring_cq_advance, io_uring_cq_ready, io_uring_cqe_seen, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sq_ready, io_uring_sqe_set_data64, io_uring_submit, IoUringCqe, newRing, OutPointer, viewOfAddress }) {
      const ring = newRing(4);
      try {
        const out = new OutPointer<IoUringCqe>();
        // Nothing to submit, nothing to wait for, nothing ready: -EAGAIN, returned.
        expect(__io_uring_get_cqe(ring, out, 0, 0, null)).toBe(-errnoNumber('EAGAIN'));
        expect(out.value).toBeNull();
        // Two NOPs in flight: wait for both; the first is returned, none is consumed.
        for (const ud of [1n, 2n]) {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_nop(sqe);
          io_uring_sqe_set_data64(sqe, ud);
        }
        io_uring_submit(ring);
        const sigmask = new Uint8Array(8); // empty: no signal blocked while waiting
        expect(__io_uring_get_cqe(ring, out, 0, 2, sigmask)).toBe(0);
        expect(out.value!.user_data).toBe(1n);
        expect(io_uring_cq_ready(ring)).toBe(2);
        io_uring_cq_advance(ring, 2);
        // submit: an SQE published in the kernel's SQ ring (tail written, as io_uring_submit does first) is submitted and waited for.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 3n);
        ring.sq.sqe_head = ring.sq.sqe_tail;
        viewOfAddress(ring.sq.ktail, 4).setUint32(0, ring.sq.sqe_tail, true);
        expect(__io_uring_get_cqe(ring, out, 1, 1, null)).toBe(1);
        expect(out.value!.user_data).toBe(3n);
        expect(io_uring_sq_ready(ring)).toBe(0);
        io_uring_cqe_seen(ring, out.value);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ __io_uring_get_cqe, exitQuietly, IoUringCqe, newRing, OutPointer }) {
      const ring = newRing(4);
      const args = [ring, new OutPointer<IoUringCqe>(), 0, 0, null] as Parameters<typeof __io_uring_get_cqe>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'submit.relation': { args: { submit: 1 } },
      'sigmask.relation': {
        args: { wait_nr: 1, sigmask: (_, { beforeGuardPage }) => beforeGuardPage(4) },
        before: ({ ring }, { io_uring_get_sqe, io_uring_prep_timeout, io_uring_submit, KernelTimespec }) => {
          // A timeout in flight bounds the wait, should the kernel read the mask after all. It is long: had it
          // completed before the call, liburing would find its CQE and return 0 without entering the kernel.
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
