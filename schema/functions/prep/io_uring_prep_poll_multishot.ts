import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_prep_poll_multishot',
  since: '2.1',
  category: 'prep',
  inline: true,
  summary: 'Prepare a multishot poll: post a completion each time the file descriptor becomes ready, until removed.',
  description:
    'Like io_uring_prep_poll_add, but the request stays armed: every completion carries IORING_CQE_F_MORE while more will follow. ' +
    'A completion without IORING_CQE_F_MORE ends it (removed: -ECANCELED, or an error). Stop it with io_uring_prep_poll_remove.',
  man: 'io_uring_prep_poll_multishot(3)',
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
          source: 'poll(2); io_uring_prep_poll_multishot(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'poll_mask', type: 'unsigned', doc: 'The poll(2) events to wait for: POLLIN, POLLOUT, POLLPRI, POLLRDHUP...' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; each completion res is the mask of ready events (flags has IORING_CQE_F_MORE while the poll stays armed), or -errno.' },
  // io_uring_prep_poll_multishot calls io_uring_prep_poll_add, inlined here, then sets len.
  sqe: {
    rw: { op: 'IORING_OP_POLL_ADD', fd: 'fd', addr: '0', len: '0', off: '0' },
    set: [['poll32_events', 'poll_mask'], ['len', 'IORING_POLL_ADD_MULTI']],
  },
  quirks: [
    { text: 'combined with IOSQE_CQE_SKIP_SUCCESS the request fails with -EINVAL', source: 'kernel io_uring/poll.c io_poll_add_prep() (IORING_POLL_ADD_MULTI with REQ_F_CQE_SKIP); observed on Linux 6.18' },
    { text: 'the poll is edge-like per wakeup: each new event on the file (another write) posts another completion, not each poll of a still-ready file', source: 'observed on Linux 6.18: one completion per write to a FIFO' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_cq_advance, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_prep_poll_multishot, io_uring_prep_poll_remove, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, io_uring_submit_and_wait, IORING_CQE_F_MORE, IORING_POLL_ADD_MULTI, IoUringCqe, newRing, PointerArray, POLLIN, tempDir, waitOne }) {
      const { openSync, closeSync, writeSync } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      execFileSync('mkfifo', [dir.file('fifo')]);
      const fd = openSync(dir.file('fifo'), 'r+');
      const ring = newRing(8);
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_poll_multishot(sqe, fd, POLLIN);
        expect(sqe.len).toBe(IORING_POLL_ADD_MULTI);
        io_uring_sqe_set_data64(sqe, 7n);
        io_uring_submit(ring);
        // Each write posts one more completion, with IORING_CQE_F_MORE: the poll stays armed.
        for (let i = 0; i < 3; i++) {
          writeSync(fd, 'x');
          const c = waitOne(ring);
          expect(c).toMatchObject({ user_data: 7n, res: POLLIN });
          expect(c.flags & IORING_CQE_F_MORE).toBe(IORING_CQE_F_MORE);
        }
        // Removing it ends it: the removal succeeds and the poll's last completion has no IORING_CQE_F_MORE.
        const rm = io_uring_get_sqe(ring)!;
        io_uring_prep_poll_remove(rm, 7n);
        io_uring_sqe_set_data64(rm, 8n);
        io_uring_submit_and_wait(ring, 2);
        const got = new PointerArray<IoUringCqe>(4);
        expect(io_uring_peek_batch_cqe(ring, got, 4)).toBe(2);
        const last = got.items.find((c) => c.user_data === 7n)!;
        expect(last.res).toBe(-errnoNumber('ECANCELED'));
        expect(last.flags & IORING_CQE_F_MORE).toBe(0);
        expect(got.items.find((c) => c.user_data === 8n)!.res).toBe(0);
        io_uring_cq_advance(ring, 2);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_poll_multishot, newRing, POLLIN, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      execFileSync('mkfifo', [dir.file('fifo')]);
      const fd = openSync(dir.file('fifo'), 'r+');
      const ring = newRing(4);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, fd, POLLIN] as Parameters<typeof io_uring_prep_poll_multishot>;
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
