import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_unlinkat',
  since: '2.0',
  category: 'prep',
  inline: true,
  summary: 'Prepare an unlinkat: remove a file, or with AT_REMOVEDIR an empty directory, relative to a directory file descriptor.',
  description: 'Like unlinkat(2): the completion res is 0, or -errno. liburing-ts keeps the path\'s C string until the completion is seen.',
  man: 'io_uring_prep_unlinkat(3)',
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
          source: 'unlink(2) ERRORS (unlinkat): "EBADF pathname is relative but dirfd is neither AT_FDCWD nor a valid file descriptor"; observed res -EBADF for dfd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'path', type: 'const char *', ownership: 'completion', doc: 'The path to remove.' },
    {
      name: 'flags',
      type: 'int',
      doc: '0 to remove a file, AT_REMOVEDIR to remove an empty directory.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['AT_REMOVEDIR'] },
          message: 'flags must be 0 or AT_REMOVEDIR',
          source: 'unlink(2) ERRORS: "EINVAL An invalid flag value was specified in flags"; kernel io_uring/fs.c io_unlinkat_prep() (flags & ~AT_REMOVEDIR); observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_UNLINKAT', fd: 'dfd', addr: 'path', len: '0', off: '0' }, set: [['unlink_flags', 'flags']] },
  test: {
    async effect({ AT_REMOVEDIR, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_unlinkat, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_UNLINKAT, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync, existsSync, mkdirSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('file'), 'x');
      mkdirSync(dir.file('sub'));
      const dfd = openSync(dir.path, 'r');
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_unlinkat(sqe, dfd, 'file', 0);
        expect(sqe.opcode).toBe(IORING_OP_UNLINKAT);
        io_uring_sqe_set_data64(sqe, 7n);
        expect(waitOne(ring)).toMatchObject({ user_data: 7n, res: 0 });
        expect(existsSync(dir.file('file'))).toBe(false);
        // A directory needs AT_REMOVEDIR: without it -EISDIR, with it removed.
        io_uring_prep_unlinkat(io_uring_get_sqe(ring)!, dfd, 'sub', 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('EISDIR'));
        io_uring_prep_unlinkat(io_uring_get_sqe(ring)!, dfd, 'sub', AT_REMOVEDIR);
        expect(waitOne(ring).res).toBe(0);
        expect(existsSync(dir.file('sub'))).toBe(false);
        // Gone already: -ENOENT.
        io_uring_prep_unlinkat(io_uring_get_sqe(ring)!, dfd, 'file', 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(dfd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_unlinkat, newRing, tempDir }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('file'), 'x');
      const dfd = openSync(dir.path, 'r');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, dfd, 'file', 0] as Parameters<typeof io_uring_prep_unlinkat>;
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
