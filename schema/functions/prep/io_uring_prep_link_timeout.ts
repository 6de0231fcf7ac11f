import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_prep_link_timeout',
  since: '0.3',
  category: 'prep',
  inline: true,
  summary: 'Prepare a timeout for the request linked just before it: if that request is not done in time, it is cancelled.',
  description:
    'Put it right after an SQE that has IOSQE_IO_LINK. If the linked request completes first, the timeout completes with -ECANCELED; ' +
    'if the time runs out first, the request is cancelled (its res is -ECANCELED, or -EINTR for some operations) and the timeout completes with -ETIME ' +
    '(0 with IORING_TIMEOUT_ETIME_SUCCESS). A link timeout alone, or at the head of a chain, fails with -EINVAL.',
  man: 'io_uring_prep_link_timeout(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in; the SQE before it must carry IOSQE_IO_LINK.' },
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
          source: 'io_uring_prep_link_timeout(3) ERRORS ("the specified timeout seconds or nanoseconds where < 0"); kernel io_uring/timeout.c __io_timeout_prep(); observed on Linux 6.18: the link timeout completes with -EINVAL and the request it guards with -ECANCELED',
          errno: 'EINVAL',
          reportedIn: 'cqe',
          effect: 'the kernel refuses the link timeout: the request it guards completes with -ECANCELED, then the link timeout with -EINVAL',
        },
      ],
    },
    {
      name: 'flags',
      type: 'unsigned',
      doc: 'IORING_TIMEOUT_ABS, one clock (IORING_TIMEOUT_BOOTTIME or IORING_TIMEOUT_REALTIME), IORING_TIMEOUT_ETIME_SUCCESS; IORING_TIMEOUT_MULTISHOT is accepted and has no effect (a link timeout fires once).',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['IORING_TIMEOUT_ABS', 'IORING_TIMEOUT_BOOTTIME', 'IORING_TIMEOUT_REALTIME', 'IORING_TIMEOUT_ETIME_SUCCESS', 'IORING_TIMEOUT_MULTISHOT'] },
          message: 'flags may hold only IORING_TIMEOUT_ABS, IORING_TIMEOUT_BOOTTIME, IORING_TIMEOUT_REALTIME, IORING_TIMEOUT_ETIME_SUCCESS and IORING_TIMEOUT_MULTISHOT (which a link timeout ignores)',
          source: 'io_uring_prep_link_timeout(3) (flags list); kernel io_uring/timeout.c __io_timeout_prep() rejects unknown bits with -EINVAL (observed for IORING_TIMEOUT_UPDATE on Linux 6.18)',
          errno: 'EINVAL',
          reportedIn: 'cqe',
          effect: 'the kernel refuses the link timeout: the request it guards completes with -ECANCELED, then the link timeout with -EINVAL',
        },
        {
          rule: { kind: 'relation', holds: '(flags & (IORING_TIMEOUT_BOOTTIME | IORING_TIMEOUT_REALTIME)) !== (IORING_TIMEOUT_BOOTTIME | IORING_TIMEOUT_REALTIME)', says: 'set at most one of IORING_TIMEOUT_BOOTTIME and IORING_TIMEOUT_REALTIME' },
          message: 'flags may name at most one clock: IORING_TIMEOUT_BOOTTIME or IORING_TIMEOUT_REALTIME, not both',
          source: 'io_uring_prep_link_timeout(3) ERRORS ("two clock sources where given"); kernel io_uring/timeout.c __io_timeout_prep()',
          errno: 'EINVAL',
          reportedIn: 'cqe',
          effect: 'the kernel refuses the link timeout: the request it guards completes with -ECANCELED, then the link timeout with -EINVAL',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is -ETIME when it fired, -ECANCELED when the guarded request finished first, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_LINK_TIMEOUT', fd: '-1', addr: 'ts', len: '1', off: '0' }, set: [['timeout_flags', 'flags']] },
  quirks: [
    { text: 'the link timeout must directly follow a request with IOSQE_IO_LINK in the same submission; alone or as the head of a chain it completes with -EINVAL (and the chain after it with -ECANCELED)', source: 'io_uring_prep_link_timeout(3) ("It is invalid to create a chain ... consisting only of a link timeout"); observed on Linux 6.18' },
    { text: 'when the link timeout is refused (bad ts or flags), the request it guards completes with -ECANCELED before the timeout\'s own -EINVAL', source: 'kernel io_uring/io_uring.c io_submit_fail_init() (the head is failed with -ECANCELED); observed on Linux 6.18' },
    { text: 'Linux accepts IORING_TIMEOUT_MULTISHOT on a link timeout (the man page does not document it there) and ignores it: the timeout fires once, completing with -ETIME and no IORING_CQE_F_MORE, and cancels the request it guards, as without the flag. liburing-ts allows it, since the kernel takes the call', source: 'kernel io_uring/timeout.c __io_timeout_prep() (shared with io_uring_prep_timeout; a link timeout\'s count, sqe.off, must be 0); observed on Linux 6.18: a read on an empty pipe linked to a 20 ms link timeout with MULTISHOT completes with -ECANCELED and the timeout with -ETIME, flags 0' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_cq_advance, IORING_CQE_F_MORE, IORING_TIMEOUT_MULTISHOT, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_prep_link_timeout, io_uring_prep_nop, io_uring_prep_poll_add, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_sqe_set_flags, io_uring_submit_and_wait, IORING_OP_LINK_TIMEOUT, IORING_TIMEOUT_BOOTTIME, IORING_TIMEOUT_REALTIME, IORING_TIMEOUT_UPDATE, IOSQE_IO_LINK, IoUringCqe, KernelTimespec, newRing, PointerArray, POLLIN, tempDir, unchecked_io_uring_prep_link_timeout, waitOne }) {
      const { openSync, closeSync } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      execFileSync('mkfifo', [dir.file('fifo')]);
      const fd = openSync(dir.file('fifo'), 'r+');
      const ring = newRing(8);
      const both = () => {
        io_uring_submit_and_wait(ring, 2);
        const got = new PointerArray<IoUringCqe>(4);
        expect(io_uring_peek_batch_cqe(ring, got, 4)).toBe(2);
        const res = new Map(got.items.map((c) => [c.user_data, c.res]));
        io_uring_cq_advance(ring, 2);
        return res;
      };
      try {
        // A poll on an empty pipe would wait forever; the linked timeout cancels it after 20 ms.
        const p = io_uring_get_sqe(ring)!;
        io_uring_prep_poll_add(p, fd, POLLIN);
        io_uring_sqe_set_flags(p, IOSQE_IO_LINK);
        io_uring_sqe_set_data64(p, 1n);
        const ts = new KernelTimespec();
        ts.tv_nsec = 20_000_000;
        const lt = io_uring_get_sqe(ring)!;
        io_uring_prep_link_timeout(lt, ts, 0);
        expect(lt.opcode).toBe(IORING_OP_LINK_TIMEOUT);
        io_uring_sqe_set_data64(lt, 2n);
        const start = process.hrtime.bigint();
        let res = both();
        expect(process.hrtime.bigint() - start).toBeGreaterThanOrEqual(15_000_000n);
        expect(res.get(1n)).toBe(-errnoNumber('ECANCELED'));
        expect(res.get(2n)).toBe(-errnoNumber('ETIME'));
        // A request that finishes in time cancels its link timeout instead.
        const n = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(n);
        io_uring_sqe_set_flags(n, IOSQE_IO_LINK);
        io_uring_sqe_set_data64(n, 3n);
        const long = new KernelTimespec();
        long.tv_sec = 60;
        const lt2 = io_uring_get_sqe(ring)!;
        io_uring_prep_link_timeout(lt2, long, 0);
        io_uring_sqe_set_data64(lt2, 4n);
        res = both();
        expect(res.get(3n)).toBe(0);
        expect(res.get(4n)).toBe(-errnoNumber('ECANCELED'));
        // A negative time is refused with -EINVAL, and the guarded request is cancelled.
        const n2 = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(n2);
        io_uring_sqe_set_flags(n2, IOSQE_IO_LINK);
        io_uring_sqe_set_data64(n2, 5n);
        const bad = new KernelTimespec();
        bad.tv_sec = -1;
        const lt3 = io_uring_get_sqe(ring)!;
        unchecked_io_uring_prep_link_timeout(lt3, bad, 0);
        io_uring_sqe_set_data64(lt3, 6n);
        res = both();
        expect(res.get(5n)).toBe(-errnoNumber('ECANCELED'));
        expect(res.get(6n)).toBe(-errnoNumber('EINVAL'));
        // So are unknown flags and two clocks.
        for (const flags of [IORING_TIMEOUT_UPDATE, IORING_TIMEOUT_BOOTTIME | IORING_TIMEOUT_REALTIME]) {
          const h = io_uring_get_sqe(ring)!;
          io_uring_prep_nop(h);
          io_uring_sqe_set_flags(h, IOSQE_IO_LINK);
          io_uring_sqe_set_data64(h, 7n);
          const l = io_uring_get_sqe(ring)!;
          unchecked_io_uring_prep_link_timeout(l, ts, flags);
          io_uring_sqe_set_data64(l, 8n);
          res = both();
          expect(res.get(7n)).toBe(-errnoNumber('ECANCELED'));
          expect(res.get(8n)).toBe(-errnoNumber('EINVAL'));
        }
        // IORING_TIMEOUT_MULTISHOT is accepted and ignored: the timeout fires once (no IORING_CQE_F_MORE) and cancels the poll.
        const p2 = io_uring_get_sqe(ring)!;
        io_uring_prep_poll_add(p2, fd, POLLIN);
        io_uring_sqe_set_flags(p2, IOSQE_IO_LINK);
        io_uring_sqe_set_data64(p2, 9n);
        const multi = io_uring_get_sqe(ring)!;
        io_uring_prep_link_timeout(multi, ts, IORING_TIMEOUT_MULTISHOT);
        io_uring_sqe_set_data64(multi, 10n);
        io_uring_submit_and_wait(ring, 2);
        const fired = new PointerArray<IoUringCqe>(4);
        expect(io_uring_peek_batch_cqe(ring, fired, 4)).toBe(2);
        const byData = new Map(fired.items.map((c) => [c.user_data, c]));
        io_uring_cq_advance(ring, 2);
        expect(byData.get(9n)!.res).toBe(-errnoNumber('ECANCELED'));
        expect(byData.get(10n)!.res).toBe(-errnoNumber('ETIME'));
        expect(byData.get(10n)!.flags & IORING_CQE_F_MORE).toBe(0);
        // A link timeout alone is refused.
        io_uring_prep_link_timeout(io_uring_get_sqe(ring)!, ts, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('EINVAL'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_link_timeout, io_uring_prep_nop, io_uring_sqe_set_data64, io_uring_sqe_set_flags, IOSQE_IO_LINK, KernelTimespec, newRing }) {
      const ring = newRing(4);
      const head = io_uring_get_sqe(ring)!;
      io_uring_prep_nop(head);
      io_uring_sqe_set_flags(head, IOSQE_IO_LINK);
      io_uring_sqe_set_data64(head, 1n);
      const ts = new KernelTimespec();
      ts.tv_nsec = 1_000_000;
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, ts, 0] as Parameters<typeof io_uring_prep_link_timeout>;
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
      'ts.relation': {
        before: ({ ts }) => { ts.tv_sec = -1; },
        effect: ({ ring }, { errnoNumber, expect, io_uring_cq_advance, io_uring_peek_batch_cqe, io_uring_submit_and_wait, IoUringCqe, PointerArray }) => {
          // The guarded NOP (user_data 1) completes first, cancelled; then the link timeout, refused.
          io_uring_submit_and_wait(ring, 2);
          const got = new PointerArray<IoUringCqe>(4);
          expect(io_uring_peek_batch_cqe(ring, got, 4)).toBe(2);
          expect(got.items.map((c) => [c.user_data === 1n, c.res])).toEqual([[true, -errnoNumber('ECANCELED')], [false, -errnoNumber('EINVAL')]]);
          io_uring_cq_advance(ring, 2);
        },
      },
      'flags.flags': {
        args: { flags: (_, { IORING_TIMEOUT_UPDATE }) => IORING_TIMEOUT_UPDATE },
        effect: ({ ring }, { errnoNumber, expect, io_uring_cq_advance, io_uring_peek_batch_cqe, io_uring_submit_and_wait, IoUringCqe, PointerArray }) => {
          // The guarded NOP (user_data 1) completes first, cancelled; then the link timeout, refused.
          io_uring_submit_and_wait(ring, 2);
          const got = new PointerArray<IoUringCqe>(4);
          expect(io_uring_peek_batch_cqe(ring, got, 4)).toBe(2);
          expect(got.items.map((c) => [c.user_data === 1n, c.res])).toEqual([[true, -errnoNumber('ECANCELED')], [false, -errnoNumber('EINVAL')]]);
          io_uring_cq_advance(ring, 2);
        },
      },
      'flags.relation': {
        args: { flags: (_, { IORING_TIMEOUT_BOOTTIME, IORING_TIMEOUT_REALTIME }) => IORING_TIMEOUT_BOOTTIME | IORING_TIMEOUT_REALTIME },
        effect: ({ ring }, { errnoNumber, expect, io_uring_cq_advance, io_uring_peek_batch_cqe, io_uring_submit_and_wait, IoUringCqe, PointerArray }) => {
          // The guarded NOP (user_data 1) completes first, cancelled; then the link timeout, refused.
          io_uring_submit_and_wait(ring, 2);
          const got = new PointerArray<IoUringCqe>(4);
          expect(io_uring_peek_batch_cqe(ring, got, 4)).toBe(2);
          expect(got.items.map((c) => [c.user_data === 1n, c.res])).toEqual([[true, -errnoNumber('ECANCELED')], [false, -errnoNumber('EINVAL')]]);
          io_uring_cq_advance(ring, 2);
        },
      },
    },
  },
});
