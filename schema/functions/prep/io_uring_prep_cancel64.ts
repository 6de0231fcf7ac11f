import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_prep_cancel64',
  since: '2.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare a cancellation of an earlier request, found by its 64-bit user_data.',
  description:
    'The completion res is 0 when the request was found and cancelled (the cancelled request then completes with -ECANCELED), ' +
    '-ENOENT when no request has that user_data, -EALREADY when it is too far along to be stopped. ' +
    'With IORING_ASYNC_CANCEL_ALL or IORING_ASYNC_CANCEL_ANY res is the number of requests cancelled. ' +
    'The cancellation runs synchronously: its completion and the cancelled requests\' are posted by the time the submit returns.',
  man: 'io_uring_prep_cancel64(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'user_data', type: '__u64', doc: 'The user_data of the request to cancel (ignored with IORING_ASYNC_CANCEL_ANY).' },
    {
      name: 'flags',
      type: 'int',
      doc: 'IORING_ASYNC_CANCEL_ALL (every match, not only the first), _ANY (any request), _USERDATA (the default key), _OP (match the opcode stored in sqe.len after this call), _FD_FIXED; not _FD (this helper sets the SQE\'s fd to -1: io_uring_prep_cancel_fd matches a descriptor).',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['IORING_ASYNC_CANCEL_ALL', 'IORING_ASYNC_CANCEL_FD', 'IORING_ASYNC_CANCEL_ANY', 'IORING_ASYNC_CANCEL_FD_FIXED', 'IORING_ASYNC_CANCEL_USERDATA', 'IORING_ASYNC_CANCEL_OP'] },
          message: 'flags may hold only the IORING_ASYNC_CANCEL_* flags (ALL, FD, ANY, FD_FIXED, USERDATA, OP)',
          source: 'io_uring_prep_cancel(3) (flags list; ERRORS -EINVAL); kernel io_uring/cancel.c io_async_cancel_prep() rejects other bits (CANCEL_FLAGS); observed res -EINVAL for 0x40 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: '(flags & IORING_ASYNC_CANCEL_ANY) === 0 || (flags & (IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_OP)) === 0', says: 'IORING_ASYNC_CANCEL_ANY matches every request: do not combine it with another key (IORING_ASYNC_CANCEL_FD or _OP)' },
          message: 'IORING_ASYNC_CANCEL_ANY cannot be combined with IORING_ASYNC_CANCEL_FD or IORING_ASYNC_CANCEL_OP',
          source: 'kernel io_uring/cancel.c io_async_cancel_prep() ("if (cancel->flags & IORING_ASYNC_CANCEL_ANY) return -EINVAL" under FD and OP); observed res -EINVAL for ANY|FD on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: '(flags & IORING_ASYNC_CANCEL_FD) === 0', says: 'IORING_ASYNC_CANCEL_FD matches on the SQE\'s fd, which this helper sets to -1: cancel by descriptor with io_uring_prep_cancel_fd' },
          message: 'IORING_ASYNC_CANCEL_FD does not work through io_uring_prep_cancel64: the helper sets the SQE\'s fd to -1, so the kernel answers -EBADF. Use io_uring_prep_cancel_fd(sqe, fd, flags) (to match user_data too: with IORING_ASYNC_CANCEL_USERDATA, and sqe.addr set to the user_data after the call)',
          source: 'liburing.h io_uring_prep_cancel64 (io_uring_prep_rw with fd -1) and io_uring_prep_cancel_fd; kernel io_uring/cancel.c io_async_cancel() (CANCEL_FD: no file for the fd gives -EBADF); observed res -EBADF for IORING_ASYNC_CANCEL_FD (with or without _FD_FIXED) on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0 (or the number cancelled with _ALL/_ANY), or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_ASYNC_CANCEL', fd: '-1', addr: '0', len: '0', off: '0' },
    set: [['addr', 'user_data'], ['cancel_flags', 'flags']],
  },
  quirks: [
    { text: 'with IORING_ASYNC_CANCEL_OP the opcode to match is read from sqe.len, which this helper sets to 0 (IORING_OP_NOP): set sqe.len to the opcode after the call, or the request matches only NOPs (res -ENOENT, as a NOP is never pending). No liburing helper sets it, so it is allowed here', source: 'io_uring_prep_cancel(3) (IORING_ASYNC_CANCEL_OP); liburing.h io_uring_prep_cancel64 (len 0); kernel io_uring/cancel.c io_async_cancel_prep() (cancel->opcode = sqe->len); observed res -ENOENT for IORING_ASYNC_CANCEL_OP with a timeout pending on Linux 6.18' },
    { text: 'a request that already completed is not found: res -ENOENT, which is a normal outcome of racing a cancellation against completion', source: 'io_uring_prep_cancel(3) ERRORS' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_cq_advance, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_prep_cancel64, io_uring_prep_timeout, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, io_uring_submit_and_wait, IORING_ASYNC_CANCEL_ALL, IORING_OP_ASYNC_CANCEL, IoUringCqe, KernelTimespec, newRing, PointerArray, waitOne }) {
      const ring = newRing(8);
      const drain = (n: number) => {
        io_uring_submit_and_wait(ring, n);
        const got = new PointerArray<IoUringCqe>(8);
        const k = io_uring_peek_batch_cqe(ring, got, 8);
        const list = got.items.map((c) => ({ user_data: c.user_data, res: c.res }));
        io_uring_cq_advance(ring, k);
        return list.sort((a, b) => Number(a.user_data - b.user_data));
      };
      try {
        const long = new KernelTimespec();
        long.tv_sec = 60;
        // A timeout that would run for a minute, cancelled by its user_data.
        const t = io_uring_get_sqe(ring)!;
        io_uring_prep_timeout(t, long, 0, 0);
        io_uring_sqe_set_data64(t, 0x1234_5678_9abc_def0n);
        io_uring_submit(ring);
        const c = io_uring_get_sqe(ring)!;
        io_uring_prep_cancel64(c, 0x1234_5678_9abc_def0n, 0);
        expect(c.opcode).toBe(IORING_OP_ASYNC_CANCEL);
        io_uring_sqe_set_data64(c, 1n);
        expect(drain(2)).toEqual([
          { user_data: 1n, res: 0 },
          { user_data: 0x1234_5678_9abc_def0n, res: -errnoNumber('ECANCELED') },
        ]);
        // Nothing has that user_data any more.
        io_uring_prep_cancel64(io_uring_get_sqe(ring)!, 0x1234_5678_9abc_def0n, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
        // With IORING_ASYNC_CANCEL_ALL every match is cancelled, and res counts them.
        for (let i = 0; i < 3; i++) {
          const s = io_uring_get_sqe(ring)!;
          io_uring_prep_timeout(s, long, 0, 0);
          io_uring_sqe_set_data64(s, 77n);
        }
        io_uring_submit(ring);
        const all = io_uring_get_sqe(ring)!;
        io_uring_prep_cancel64(all, 77n, IORING_ASYNC_CANCEL_ALL);
        io_uring_sqe_set_data64(all, 2n);
        expect(drain(4)).toEqual([
          { user_data: 2n, res: 3 },
          { user_data: 77n, res: -errnoNumber('ECANCELED') },
          { user_data: 77n, res: -errnoNumber('ECANCELED') },
          { user_data: 77n, res: -errnoNumber('ECANCELED') },
        ]);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_cancel64, newRing }) {
      const ring = newRing(4);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, 42n, 0] as Parameters<typeof io_uring_prep_cancel64>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'flags.relation': { args: { flags: (_, { IORING_ASYNC_CANCEL_ANY, IORING_ASYNC_CANCEL_OP }) => IORING_ASYNC_CANCEL_ANY | IORING_ASYNC_CANCEL_OP } },
      'flags.relation#2': { args: { flags: (_, { IORING_ASYNC_CANCEL_FD }) => IORING_ASYNC_CANCEL_FD } },
    },
  },
});
