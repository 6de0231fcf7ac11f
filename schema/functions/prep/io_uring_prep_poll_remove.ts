import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_prep_poll_remove',
  since: '0.1',
  category: 'prep',
  inline: true,
  summary: 'Prepare the removal of a pending poll request, found by its user_data.',
  description:
    'Like io_uring_prep_cancel64, but only poll requests match. The completion res is 0 when the poll was found and removed ' +
    '(the poll then completes with -ECANCELED), -ENOENT when no poll has that user_data, -EALREADY when it is too late.',
  man: 'io_uring_prep_poll_remove(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'user_data', type: '__u64', doc: 'The user_data of the poll request to remove.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno (-ENOENT when no such poll is pending).' },
  sqe: { rw: { op: 'IORING_OP_POLL_REMOVE', fd: '-1', addr: '0', len: '0', off: '0' }, set: [['addr', 'user_data']] },
  quirks: [
    { text: 'requests other than polls are not found, even with a matching user_data: res -ENOENT', source: 'io_uring_prep_poll_remove(3) ("only looks for poll requests"); observed on Linux 6.18 with a pending timeout' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_cq_advance, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_prep_poll_add, io_uring_prep_poll_remove, io_uring_prep_timeout, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, io_uring_submit_and_wait, IORING_OP_POLL_REMOVE, IoUringCqe, KernelTimespec, newRing, PointerArray, POLLIN, tempDir, waitOne }) {
      const { openSync, closeSync } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      execFileSync('mkfifo', [dir.file('fifo')]);
      const fd = openSync(dir.file('fifo'), 'r+');
      const ring = newRing(8);
      try {
        const p = io_uring_get_sqe(ring)!;
        io_uring_prep_poll_add(p, fd, POLLIN);
        io_uring_sqe_set_data64(p, 0xabcdef0123n);
        // A timeout with another user_data is not a poll and stays.
        const ts = new KernelTimespec();
        ts.tv_sec = 60;
        const t = io_uring_get_sqe(ring)!;
        io_uring_prep_timeout(t, ts, 0, 0);
        io_uring_sqe_set_data64(t, 0x77n);
        io_uring_submit(ring);
        const rm = io_uring_get_sqe(ring)!;
        io_uring_prep_poll_remove(rm, 0xabcdef0123n);
        expect(rm.opcode).toBe(IORING_OP_POLL_REMOVE);
        expect(rm.addr).toBe(0xabcdef0123n);
        io_uring_sqe_set_data64(rm, 1n);
        io_uring_submit_and_wait(ring, 2);
        const got = new PointerArray<IoUringCqe>(4);
        expect(io_uring_peek_batch_cqe(ring, got, 4)).toBe(2);
        const res = new Map(got.items.map((c) => [c.user_data, c.res]));
        io_uring_cq_advance(ring, 2);
        expect(res.get(1n)).toBe(0);
        expect(res.get(0xabcdef0123n)).toBe(-errnoNumber('ECANCELED'));
        // The poll is gone, and the pending timeout is not a poll.
        io_uring_prep_poll_remove(io_uring_get_sqe(ring)!, 0xabcdef0123n);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
        io_uring_prep_poll_remove(io_uring_get_sqe(ring)!, 0x77n);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
  },
});
