import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_mkdirat',
  since: '2.1',
  category: 'prep',
  inline: true,
  summary: 'Prepare a mkdirat: create a directory at a path relative to a directory file descriptor.',
  description: 'Like mkdirat(2): the completion res is 0, or -errno. liburing-ts keeps the path\'s C string until the completion is seen.',
  man: 'io_uring_prep_mkdirat(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'dfd',
      type: 'int',
      doc: 'The directory a relative path starts from: an open directory file descriptor or AT_FDCWD.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: "dfd >= 0 || dfd === AT_FDCWD || path.startsWith('/')", says: 'with a relative path, dfd must be an open directory file descriptor or AT_FDCWD' },
          message: 'dfd must be an open directory file descriptor or AT_FDCWD when path is relative',
          source: 'mkdir(2) ERRORS (mkdirat): "EBADF pathname is relative but dirfd is neither AT_FDCWD nor a valid file descriptor"; observed res -EBADF for dfd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'path', type: 'const char *', ownership: 'completion', doc: 'The directory to create.' },
    { name: 'mode', type: 'mode_t', doc: 'The permission bits of the new directory (less the umask).' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_MKDIRAT', fd: 'dfd', addr: 'path', len: 'mode', off: '0' } },
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_mkdirat, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_MKDIRAT, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, statSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const dfd = openSync(dir.path, 'r');
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_mkdirat(sqe, dfd, 'made', 0o700);
        expect(sqe.opcode).toBe(IORING_OP_MKDIRAT);
        io_uring_sqe_set_data64(sqe, 3n);
        expect(waitOne(ring)).toMatchObject({ user_data: 3n, res: 0 });
        const st = statSync(dir.file('made'));
        expect(st.isDirectory()).toBe(true);
        expect(st.mode & 0o777).toBe(0o700);
        // Again: -EEXIST; below a missing directory: -ENOENT.
        io_uring_prep_mkdirat(io_uring_get_sqe(ring)!, dfd, 'made', 0o700);
        expect(waitOne(ring).res).toBe(-errnoNumber('EEXIST'));
        io_uring_prep_mkdirat(io_uring_get_sqe(ring)!, dfd, 'no/such', 0o700);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(dfd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_mkdirat, newRing, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const dfd = openSync(dir.path, 'r');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, dfd, 'made', 0o755] as Parameters<typeof io_uring_prep_mkdirat>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(dfd);
          dir.remove();
        },
      };
    },
    violations: {
      'dfd.relation': { args: { dfd: -1 } },
    },
  },
});
