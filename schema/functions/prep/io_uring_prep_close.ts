import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_close',
  since: '0.3',
  category: 'prep',
  inline: true,
  summary: 'Prepare a close of a file descriptor.',
  description: 'Like close(2): the completion res is 0, or -errno. To close a registered (direct) descriptor use io_uring_prep_close_direct.',
  man: 'io_uring_prep_close(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The file descriptor to close.',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open file descriptor, not negative',
          source: 'close(2) EBADF; io_uring_prep_close(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_CLOSE', fd: 'fd', addr: '0', len: '0', off: '0' } },
  quirks: [
    { text: 'the ring\'s own file descriptor cannot be closed this way: res -EBADF', source: 'kernel io_uring/openclose.c io_close() (io_is_uring_fops); liburing test/open-close.c' },
    { text: 'with IOSQE_FIXED_FILE set the request fails with -EBADF: a registered descriptor is closed with io_uring_prep_close_direct', source: 'io_uring_prep_close(3) DESCRIPTION; kernel io_uring/openclose.c io_close_prep()' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_close, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_CLOSE, newRing, tempDir, waitOne }) {
      const { openSync, fstatSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'x');
      try {
        const fd = openSync(dir.file('data'), 'r');
        expect(fstatSync(fd).size).toBe(1);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_close(sqe, fd);
        expect(sqe.opcode).toBe(IORING_OP_CLOSE);
        io_uring_sqe_set_data64(sqe, 9n);
        expect(waitOne(ring)).toMatchObject({ user_data: 9n, res: 0 });
        // The descriptor is gone: fstat fails with EBADF.
        expect(() => fstatSync(fd)).toThrow(expect.objectContaining({ code: 'EBADF' }));
        // The ring's own descriptor is refused.
        io_uring_prep_close(io_uring_get_sqe(ring)!, ring.ring_fd);
        expect(waitOne(ring).res).toBe(-errnoNumber('EBADF'));
      } finally {
        io_uring_queue_exit(ring);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_close, newRing, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('data'), 'w');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, fd] as Parameters<typeof io_uring_prep_close>;
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
