import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_unlink',
  since: '2.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare an unlink of a path (or, with AT_REMOVEDIR, an rmdir); relative paths start at the current working directory.',
  description:
    'io_uring_prep_unlinkat(sqe, AT_FDCWD, path, flags), like unlink(2) or rmdir(2): the completion res is 0, or -errno. ' +
    'liburing-ts keeps the path\'s C string until the completion is seen.',
  man: 'io_uring_prep_unlink(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
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
  sqe: { rw: { op: 'IORING_OP_UNLINKAT', fd: 'AT_FDCWD', addr: 'path', len: '0', off: '0' }, set: [['unlink_flags', 'flags']] },
  test: {
    async effect({ AT_FDCWD, AT_REMOVEDIR, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_unlink, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_UNLINKAT, newRing, tempDir, waitOne }) {
      const { writeFileSync, existsSync, mkdirSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('file'), 'x');
      mkdirSync(dir.file('sub'));
      writeFileSync(dir.file('sub/inner'), 'y');
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_unlink(sqe, dir.file('file'), 0);
        expect(sqe.opcode).toBe(IORING_OP_UNLINKAT);
        expect(sqe.fd).toBe(AT_FDCWD);
        io_uring_sqe_set_data64(sqe, 2n);
        expect(waitOne(ring)).toMatchObject({ user_data: 2n, res: 0 });
        expect(existsSync(dir.file('file'))).toBe(false);
        // rmdir of a non-empty directory: -ENOTEMPTY; once empty it goes.
        io_uring_prep_unlink(io_uring_get_sqe(ring)!, dir.file('sub'), AT_REMOVEDIR);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOTEMPTY'));
        io_uring_prep_unlink(io_uring_get_sqe(ring)!, dir.file('sub/inner'), 0);
        expect(waitOne(ring).res).toBe(0);
        io_uring_prep_unlink(io_uring_get_sqe(ring)!, dir.file('sub'), AT_REMOVEDIR);
        expect(waitOne(ring).res).toBe(0);
        expect(existsSync(dir.file('sub'))).toBe(false);
      } finally {
        io_uring_queue_exit(ring);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_unlink, newRing, tempDir }) {
      const { writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('file'), 'x');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, dir.file('file'), 0] as Parameters<typeof io_uring_prep_unlink>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          dir.remove();
        },
      };
    },
  },
});
