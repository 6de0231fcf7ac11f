import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_timeout_update',
  since: '2.0',
  category: 'prep',
  inline: true,
  summary: 'Prepare an update of a pending timeout request: it is re-armed with a new time.',
  description:
    'Finds the timeout whose user_data is user_data and gives it the time in ts (relative, or absolute with IORING_TIMEOUT_ABS). ' +
    'With IORING_LINK_TIMEOUT_UPDATE it updates a linked timeout (io_uring_prep_link_timeout) instead. The completion res is 0, ' +
    'or -ENOENT when no such timeout is pending, -EALREADY when it is firing.',
  man: 'io_uring_prep_timeout_update(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'ts',
      type: 'struct __kernel_timespec *',
      headerType: { since: '2.13', type: 'const struct __kernel_timespec *' },
      ownership: 'completion',
      doc: 'The new time.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'ts.tv_sec >= 0 && ts.tv_nsec >= 0', says: 'ts.tv_sec and ts.tv_nsec must not be negative' },
          message: 'ts must not be negative: tv_sec and tv_nsec must both be 0 or more',
          source: 'io_uring_prep_timeout_update(3) ERRORS ("the specified timeout seconds or nanoseconds were < 0"); kernel io_uring/timeout.c io_timeout_remove_prep(); observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'user_data', type: '__u64', doc: 'The user_data of the timeout to update.' },
    {
      name: 'flags',
      type: 'unsigned',
      doc: 'IORING_TIMEOUT_ABS (ts is absolute), IORING_LINK_TIMEOUT_UPDATE (the target is a linked timeout); IORING_TIMEOUT_UPDATE is added by the helper.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['IORING_TIMEOUT_ABS', 'IORING_TIMEOUT_UPDATE', 'IORING_LINK_TIMEOUT_UPDATE'] },
          message: 'flags may hold only IORING_TIMEOUT_ABS and IORING_LINK_TIMEOUT_UPDATE: Linux refuses a clock (IORING_TIMEOUT_BOOTTIME, _REALTIME) and IORING_TIMEOUT_ETIME_SUCCESS in an update, although the man page lists them',
          source: 'kernel io_uring/timeout.c io_timeout_remove_prep() (flags & ~(IORING_TIMEOUT_UPDATE_MASK | IORING_TIMEOUT_ABS) gives -EINVAL); observed res -EINVAL for IORING_TIMEOUT_BOOTTIME and IORING_TIMEOUT_ETIME_SUCCESS on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno (-ENOENT when no such timeout is pending).' },
  sqe: {
    rw: { op: 'IORING_OP_TIMEOUT_REMOVE', fd: '-1', addr: '0', len: '0', off: 'ts' },
    set: [['addr', 'user_data'], ['timeout_flags', 'flags | IORING_TIMEOUT_UPDATE']],
  },
  quirks: [
    { text: 'the man page lists IORING_TIMEOUT_BOOTTIME, _REALTIME and _ETIME_SUCCESS for updates, but Linux refuses them with -EINVAL; an updated timeout keeps its clock', source: 'io_uring_prep_timeout_update(3) DESCRIPTION vs kernel io_uring/timeout.c io_timeout_remove_prep(); observed on Linux 6.18' },
    { text: 'the kernel reads ts when the request is submitted; liburing-ts keeps it until the completion anyway', source: 'io_uring_prep_timeout_update(3) NOTES (IORING_FEAT_SUBMIT_STABLE)' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_timeout, io_uring_prep_timeout_update, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, IORING_OP_TIMEOUT_REMOVE, IORING_TIMEOUT_UPDATE, KernelTimespec, newRing, waitOne }) {
      const ring = newRing(8);
      try {
        const long = new KernelTimespec();
        long.tv_sec = 60;
        const t = io_uring_get_sqe(ring)!;
        io_uring_prep_timeout(t, long, 0, 0);
        io_uring_sqe_set_data64(t, 50n);
        io_uring_submit(ring);
        // Re-arm the one-minute timeout to fire in 20 ms.
        const short = new KernelTimespec();
        short.tv_nsec = 20_000_000;
        const u = io_uring_get_sqe(ring)!;
        io_uring_prep_timeout_update(u, short, 50n, 0);
        expect(u.opcode).toBe(IORING_OP_TIMEOUT_REMOVE);
        expect(u.timeout_flags).toBe(IORING_TIMEOUT_UPDATE);
        expect(u.off).toBe(short.address);
        io_uring_sqe_set_data64(u, 1n);
        const start = process.hrtime.bigint();
        expect(waitOne(ring)).toMatchObject({ user_data: 1n, res: 0 });
        // The timeout now expires, with -ETIME, after about 20 ms rather than a minute.
        expect(waitOne(ring)).toMatchObject({ user_data: 50n, res: -errnoNumber('ETIME') });
        const took = process.hrtime.bigint() - start;
        expect(took).toBeGreaterThanOrEqual(15_000_000n);
        expect(took).toBeLessThan(10_000_000_000n);
        // It fired: there is nothing left to update.
        io_uring_prep_timeout_update(io_uring_get_sqe(ring)!, short, 50n, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_timeout_update, KernelTimespec, newRing }) {
      const ring = newRing(4);
      const ts = new KernelTimespec();
      ts.tv_nsec = 1_000_000;
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, ts, 5n, 0] as Parameters<typeof io_uring_prep_timeout_update>;
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
      'ts.relation': { before: ({ ts }) => { ts.tv_nsec = -1; } },
    },
  },
});
