import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_prep_poll_add',
  since: '0.1',
  category: 'prep',
  inline: true,
  summary: 'Prepare a one-shot poll: complete once the file descriptor is ready for one of the events in poll_mask.',
  description:
    'Like poll(2) on one descriptor: the completion res is the mask of the ready events (POLLIN, POLLOUT... and always POLLERR, POLLHUP), or -errno. ' +
    'Cancel a pending poll with io_uring_prep_poll_remove; change it with io_uring_prep_poll_update.',
  man: 'io_uring_prep_poll_add(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The file descriptor to poll (with IOSQE_FIXED_FILE: an index into the registered files).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open file descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'poll(2); io_uring_prep_poll_add(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'poll_mask', type: 'unsigned', doc: 'The poll(2) events to wait for: POLLIN, POLLOUT, POLLPRI, POLLRDHUP... (EPOLLEXCLUSIVE, EPOLLONESHOT and EPOLLET are taken too).' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the mask of ready events, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_POLL_ADD', fd: 'fd', addr: '0', len: '0', off: '0' }, set: [['poll32_events', 'poll_mask']] },
  quirks: [
    { text: 'on little-endian machines poll_mask is stored as is; on big-endian ones liburing swaps its 16-bit halves (__io_uring_prep_poll_mask), which the fast encoder does not do', source: 'liburing 2.9 liburing.h __io_uring_prep_poll_mask' },
    { text: 'regular files are always ready: a poll on one completes at once with the requested POLLIN/POLLOUT bits', source: 'poll(2) (regular files); observed res POLLIN | POLLOUT on Linux 6.18' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_peek_cqe, io_uring_prep_poll_add, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, IORING_OP_POLL_ADD, IoUringCqe, newRing, OutPointer, POLLIN, POLLOUT, tempDir, waitOne }) {
      const { openSync, closeSync, writeSync } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      execFileSync('mkfifo', [dir.file('fifo')]);
      const fd = openSync(dir.file('fifo'), 'r+');
      const ring = newRing(4);
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_poll_add(sqe, fd, POLLIN);
        expect(sqe.opcode).toBe(IORING_OP_POLL_ADD);
        expect(sqe.poll32_events).toBe(POLLIN);
        io_uring_sqe_set_data64(sqe, 5n);
        expect(io_uring_submit(ring)).toBe(1);
        // The pipe is empty: nothing completes.
        const out = new OutPointer<IoUringCqe>();
        expect(io_uring_peek_cqe(ring, out)).toBe(-errnoNumber('EAGAIN'));
        // Data arrives: the poll completes with POLLIN.
        writeSync(fd, 'x');
        expect(waitOne(ring)).toMatchObject({ user_data: 5n, res: POLLIN });
        // A pipe with room is ready for writing at once; POLLIN and POLLOUT both hold now.
        io_uring_prep_poll_add(io_uring_get_sqe(ring)!, fd, POLLIN | POLLOUT);
        expect(waitOne(ring).res).toBe(POLLIN | POLLOUT);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_poll_add, newRing, POLLIN, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      execFileSync('mkfifo', [dir.file('fifo')]);
      const fd = openSync(dir.file('fifo'), 'r+');
      const ring = newRing(4);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, fd, POLLIN] as Parameters<typeof io_uring_prep_poll_add>;
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
