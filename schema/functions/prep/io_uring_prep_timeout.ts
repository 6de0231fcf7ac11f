import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_prep_timeout',
  since: '0.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare a timeout that completes after a time, or once count other completions have been posted.',
  description:
    'The completion res is -ETIME when the time expired, 0 when count completions arrived first, or -ECANCELED when a removal request cancelled it. ' +
    'With count 0 it is a pure timer. Without a clock flag the time is measured on CLOCK_MONOTONIC.',
  man: 'io_uring_prep_timeout(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'ts',
      type: 'struct __kernel_timespec *',
      headerType: { since: '2.13', type: 'const struct __kernel_timespec *' },
      ownership: 'completion',
      doc: 'The time: relative, or with IORING_TIMEOUT_ABS an absolute time on the chosen clock.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'ts.tv_sec >= 0 && ts.tv_nsec >= 0', says: 'ts.tv_sec and ts.tv_nsec must not be negative' },
          message: 'ts must not be negative: tv_sec and tv_nsec must both be 0 or more',
          source: 'io_uring_prep_timeout(3) ERRORS: "-EINVAL ... the specified timeout seconds or nanoseconds were < 0"; observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'count', type: 'unsigned', doc: 'Complete after this many other completions (0: only on expiry). With IORING_TIMEOUT_MULTISHOT: the number of repeats, 0 for no end.' },
    {
      name: 'flags',
      type: 'unsigned',
      doc: 'IORING_TIMEOUT_ABS, one clock (IORING_TIMEOUT_BOOTTIME or IORING_TIMEOUT_REALTIME), IORING_TIMEOUT_ETIME_SUCCESS, IORING_TIMEOUT_MULTISHOT (Linux 6.4+).',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['IORING_TIMEOUT_ABS', 'IORING_TIMEOUT_BOOTTIME', 'IORING_TIMEOUT_REALTIME', 'IORING_TIMEOUT_ETIME_SUCCESS', 'IORING_TIMEOUT_MULTISHOT'] },
          message: 'flags may hold only IORING_TIMEOUT_ABS, _BOOTTIME, _REALTIME, _ETIME_SUCCESS and _MULTISHOT (the UPDATE flags belong to io_uring_prep_timeout_update)',
          source: 'io_uring_prep_timeout(3); kernel io_uring/timeout.c __io_timeout_prep() rejects other bits; observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: '!(hasFlag(flags, 0x4) && hasFlag(flags, 0x8))', says: 'set at most one of IORING_TIMEOUT_BOOTTIME and IORING_TIMEOUT_REALTIME' },
          message: 'flags may name at most one clock: IORING_TIMEOUT_BOOTTIME or IORING_TIMEOUT_REALTIME, not both',
          source: 'io_uring_prep_timeout(3) ERRORS: "-EINVAL ... two clocksources were given"; observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: '!(hasFlag(flags, 0x40) && hasFlag(flags, 0x1))', says: 'IORING_TIMEOUT_MULTISHOT takes a relative time: do not combine it with IORING_TIMEOUT_ABS' },
          message: 'IORING_TIMEOUT_MULTISHOT cannot be combined with IORING_TIMEOUT_ABS: a repeating timeout needs a relative time',
          source: 'kernel io_uring/timeout.c __io_timeout_prep() ("multishot requests only make sense with rel values"); observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is -ETIME on expiry, 0 when count completions came first, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_TIMEOUT', fd: '-1', addr: 'ts', len: '1', off: 'count' }, set: [['timeout_flags', 'flags']] },
  quirks: [
    { text: 'an expired timeout completes with res -ETIME, which is its normal outcome, not a failure', source: 'io_uring_prep_timeout(3) ERRORS' },
    { text: 'tv_nsec is not limited to less than 10^9: 2e9 ns is taken as 2 seconds', source: 'observed on Linux 6.18 (liburing-preconditions reference, prep_timeout)' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_cq_advance, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_prep_nop, io_uring_prep_timeout, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit_and_wait, IORING_OP_TIMEOUT, IoUringCqe, KernelTimespec, newRing, PointerArray, waitOne }) {
      const ring = newRing(4);
      try {
        // A pure timer: completes with -ETIME once the time has passed.
        const ts = new KernelTimespec();
        ts.tv_sec = 0;
        ts.tv_nsec = 20_000_000;
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_timeout(sqe, ts, 0, 0);
        expect(sqe.opcode).toBe(IORING_OP_TIMEOUT);
        io_uring_sqe_set_data64(sqe, 11n);
        const start = process.hrtime.bigint();
        expect(waitOne(ring)).toMatchObject({ user_data: 11n, res: -errnoNumber('ETIME') });
        expect(process.hrtime.bigint() - start).toBeGreaterThanOrEqual(15_000_000n);
        // With count 1, another completion ends it early, with res 0.
        const long = new KernelTimespec();
        long.tv_sec = 10;
        const t = io_uring_get_sqe(ring)!;
        io_uring_prep_timeout(t, long, 1, 0);
        io_uring_sqe_set_data64(t, 12n);
        const nop = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(nop);
        io_uring_sqe_set_data64(nop, 13n);
        expect(io_uring_submit_and_wait(ring, 2)).toBe(2);
        const cqes = new PointerArray<IoUringCqe>(2);
        expect(io_uring_peek_batch_cqe(ring, cqes, 2)).toBe(2);
        expect(cqes.items.map((c) => [c.user_data, c.res]).sort()).toEqual([[12n, 0], [13n, 0]]);
        io_uring_cq_advance(ring, 2);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_timeout, KernelTimespec, newRing }) {
      const ring = newRing(4);
      const ts = new KernelTimespec();
      ts.tv_nsec = 1_000_000;
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, ts, 0, 0] as Parameters<typeof io_uring_prep_timeout>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
        },
        ts,
      };
    },
    violations: {
      'ts.relation': { before: ({ ts }) => { ts.tv_sec = -1; } },
      'flags.relation': { args: { flags: (_, { IORING_TIMEOUT_BOOTTIME, IORING_TIMEOUT_REALTIME }) => IORING_TIMEOUT_BOOTTIME | IORING_TIMEOUT_REALTIME } },
      'flags.relation#2': { args: { flags: (_, { IORING_TIMEOUT_ABS, IORING_TIMEOUT_MULTISHOT }) => IORING_TIMEOUT_MULTISHOT | IORING_TIMEOUT_ABS } },
    },
  },
});
