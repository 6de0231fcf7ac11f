import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_prep_fsync',
  since: '0.1',
  category: 'prep',
  inline: true,
  summary: 'Prepare an fsync (or, with IORING_FSYNC_DATASYNC, an fdatasync) of a file descriptor.',
  description:
    'The completion res is 0 or -errno. To sync only a range, set the SQE\'s off and len fields after this call (the helper does not take them); ' +
    'without a range the whole file is synced.',
  man: 'io_uring_prep_fsync(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The file descriptor to sync (with IOSQE_FIXED_FILE: an index into the registered files).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open file descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'fsync(2) EBADF; io_uring_prep_fsync(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'fsync_flags',
      type: 'unsigned',
      doc: '0 for fsync(2), or IORING_FSYNC_DATASYNC for fdatasync(2).',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['IORING_FSYNC_DATASYNC'] },
          message: 'fsync_flags must be 0 or IORING_FSYNC_DATASYNC',
          source: 'io_uring_prep_fsync(3); kernel io_uring/sync.c io_fsync_prep() rejects other bits; observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_FSYNC', fd: 'fd', addr: '0', len: '0', off: '0' }, set: [['fsync_flags', 'fsync_flags']] },
  test: {
    async effect({ expect, io_uring_cq_advance, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_prep_fsync, io_uring_prep_write, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_sqe_set_flags, io_uring_submit_and_wait, IORING_FSYNC_DATASYNC, IORING_OP_FSYNC, IOSQE_IO_LINK, IoUringCqe, newRing, PointerArray, tempDir, waitOne }) {
      const { openSync, closeSync, readFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const path = dir.file('data');
      const fd = openSync(path, 'w+');
      try {
        const data = new TextEncoder().encode('durable');
        // A write linked to an fsync: the fsync starts after the write completed.
        const w = io_uring_get_sqe(ring)!;
        io_uring_prep_write(w, fd, data, data.byteLength, 0);
        io_uring_sqe_set_flags(w, IOSQE_IO_LINK);
        io_uring_sqe_set_data64(w, 1n);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_fsync(sqe, fd, 0);
        expect(sqe.opcode).toBe(IORING_OP_FSYNC);
        io_uring_sqe_set_data64(sqe, 2n);
        expect(io_uring_submit_and_wait(ring, 2)).toBe(2);
        const cqes = new PointerArray<IoUringCqe>(2);
        expect(io_uring_peek_batch_cqe(ring, cqes, 2)).toBe(2);
        expect(cqes.items.map((c) => [c.user_data, c.res])).toEqual([[1n, data.byteLength], [2n, 0]]);
        io_uring_cq_advance(ring, 2);
        expect(readFileSync(path, 'utf8')).toBe('durable');
        // fdatasync works too.
        io_uring_prep_fsync(io_uring_get_sqe(ring)!, fd, IORING_FSYNC_DATASYNC);
        expect(waitOne(ring).res).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_fsync, newRing, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('data'), 'w+');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, fd, 0] as Parameters<typeof io_uring_prep_fsync>;
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
