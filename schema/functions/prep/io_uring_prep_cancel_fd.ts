import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_prep_cancel_fd',
  since: '2.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare a cancellation of an earlier request that uses a file descriptor.',
  description:
    'Matches requests on their file rather than their user_data (the helper sets IORING_ASYNC_CANCEL_FD). The completion res is 0 when one request was ' +
    'cancelled (it then completes with -ECANCELED), the number cancelled with IORING_ASYNC_CANCEL_ALL, -ENOENT when nothing matches, -EALREADY when it is too late.',
  man: 'io_uring_prep_cancel_fd(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The file descriptor the requests to cancel use (with IORING_ASYNC_CANCEL_FD_FIXED: a registered file index).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open file descriptor (or, with IORING_ASYNC_CANCEL_FD_FIXED, a registered file index), not negative',
          source: 'kernel io_uring/cancel.c io_async_cancel() (io_file_get_normal fails: -EBADF); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'flags',
      type: 'unsigned int',
      doc: 'IORING_ASYNC_CANCEL_ALL (every request on the fd), _FD_FIXED (fd is a registered file index), _USERDATA (also match user_data 0), _OP; IORING_ASYNC_CANCEL_FD is added by the helper.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['IORING_ASYNC_CANCEL_ALL', 'IORING_ASYNC_CANCEL_FD', 'IORING_ASYNC_CANCEL_FD_FIXED', 'IORING_ASYNC_CANCEL_USERDATA', 'IORING_ASYNC_CANCEL_OP'] },
          message: 'flags may hold IORING_ASYNC_CANCEL_ALL, _FD, _FD_FIXED, _USERDATA and _OP only; IORING_ASYNC_CANCEL_ANY conflicts with the IORING_ASYNC_CANCEL_FD the helper sets',
          source: 'io_uring_prep_cancel_fd(3); kernel io_uring/cancel.c io_async_cancel_prep() (unknown bits, and ANY with FD, give -EINVAL); observed res -EINVAL for IORING_ASYNC_CANCEL_ANY on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0 (or the number cancelled with _ALL), or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_ASYNC_CANCEL', fd: 'fd', addr: '0', len: '0', off: '0' },
    set: [['cancel_flags', 'flags | IORING_ASYNC_CANCEL_FD']],
  },
  quirks: [
    { text: 'requests are matched on the open file, so a request on a dup() of fd (another descriptor of the same file) is cancelled too', source: 'kernel io_uring/cancel.c io_cancel_req_match() (req->file != cd->file)' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_cq_advance, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_prep_cancel_fd, io_uring_prep_poll_add, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, io_uring_submit_and_wait, IORING_ASYNC_CANCEL_ALL, IORING_ASYNC_CANCEL_FD, IoUringCqe, newRing, PointerArray, POLLIN, tempDir, waitOne }) {
      const { openSync, closeSync } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      execFileSync('mkfifo', [dir.file('fifo')]);
      const fd = openSync(dir.file('fifo'), 'r+');
      const other = openSync(dir.file('fifo'), 'r+');
      const ring = newRing(8);
      try {
        // Two polls wait for data on fd, one on another descriptor.
        for (const [f, data] of [[fd, 1n], [fd, 2n], [other, 3n]] as const) {
          const s = io_uring_get_sqe(ring)!;
          io_uring_prep_poll_add(s, f, POLLIN);
          io_uring_sqe_set_data64(s, data);
        }
        io_uring_submit(ring);
        const c = io_uring_get_sqe(ring)!;
        io_uring_prep_cancel_fd(c, fd, IORING_ASYNC_CANCEL_ALL);
        expect(c.cancel_flags).toBe(IORING_ASYNC_CANCEL_ALL | IORING_ASYNC_CANCEL_FD);
        io_uring_sqe_set_data64(c, 9n);
        io_uring_submit_and_wait(ring, 3);
        const got = new PointerArray<IoUringCqe>(8);
        const n = io_uring_peek_batch_cqe(ring, got, 8);
        const seen = got.items.map((x) => [x.user_data, x.res]).sort((a, b) => Number(a[0]) - Number(b[0]));
        io_uring_cq_advance(ring, n);
        // Both requests on fd were cancelled and counted; the poll on the other descriptor still waits.
        expect(seen).toEqual([[1n, -errnoNumber('ECANCELED')], [2n, -errnoNumber('ECANCELED')], [9n, 2]]);
        // Without _ALL only the first match goes, and res is 0.
        const c2 = io_uring_get_sqe(ring)!;
        io_uring_prep_cancel_fd(c2, other, 0);
        io_uring_sqe_set_data64(c2, 10n);
        io_uring_submit_and_wait(ring, 2);
        expect(io_uring_peek_batch_cqe(ring, got, 8)).toBe(2);
        expect(got.items.map((x) => [x.user_data, x.res]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([[3n, -errnoNumber('ECANCELED')], [10n, 0]]);
        io_uring_cq_advance(ring, 2);
        // Nothing left on fd.
        io_uring_prep_cancel_fd(io_uring_get_sqe(ring)!, fd, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        closeSync(other);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_cancel_fd, newRing, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const fd = openSync(dir.file('data'), 'w');
      const ring = newRing(4);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, fd, 0] as Parameters<typeof io_uring_prep_cancel_fd>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(fd);
          dir.remove();
        },
      };
    },
  },
});
