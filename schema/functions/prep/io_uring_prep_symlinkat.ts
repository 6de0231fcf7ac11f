import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_symlinkat',
  since: '2.1',
  category: 'prep',
  inline: true,
  summary: 'Prepare a symlinkat: create a symbolic link at linkpath (relative to newdirfd) that points to target.',
  description:
    'Like symlinkat(2): the completion res is 0, or -errno. target is stored as is, not resolved. ' +
    'liburing-ts keeps both strings until the completion is seen.',
  man: 'io_uring_prep_symlinkat(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'target', type: 'const char *', ownership: 'completion', doc: 'What the link points to (need not exist).' },
    {
      name: 'newdirfd',
      type: 'int',
      doc: 'The directory a relative linkpath starts from: an open directory file descriptor or AT_FDCWD.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: "newdirfd >= 0 || newdirfd === AT_FDCWD || linkpath.startsWith('/')", says: 'with a relative linkpath, newdirfd must be an open directory file descriptor or AT_FDCWD' },
          message: 'newdirfd must be an open directory file descriptor or AT_FDCWD when linkpath is relative',
          source: 'symlink(2) ERRORS (symlinkat): "EBADF linkpath is relative but newdirfd is neither AT_FDCWD nor a valid file descriptor"; observed res -EBADF for -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'linkpath', type: 'const char *', ownership: 'completion', doc: 'The link to create; it must not exist.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_SYMLINKAT', fd: 'newdirfd', addr: 'target', len: '0', off: 'linkpath' } },
  quirks: [{ text: 'the SQE carries linkpath in off', source: 'liburing 2.9 liburing.h io_uring_prep_symlinkat' }],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_symlinkat, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_SYMLINKAT, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync, readFileSync, readlinkSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('target'), 'pointed to');
      const dfd = openSync(dir.path, 'r');
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_symlinkat(sqe, 'target', dfd, 'link');
        expect(sqe.opcode).toBe(IORING_OP_SYMLINKAT);
        io_uring_sqe_set_data64(sqe, 7n);
        expect(waitOne(ring)).toMatchObject({ user_data: 7n, res: 0 });
        expect(readlinkSync(dir.file('link'))).toBe('target');
        expect(readFileSync(dir.file('link'), 'utf8')).toBe('pointed to');
        // A dangling target is fine; an existing linkpath is -EEXIST.
        io_uring_prep_symlinkat(io_uring_get_sqe(ring)!, '/no/such/file', dfd, 'dangling');
        expect(waitOne(ring).res).toBe(0);
        expect(readlinkSync(dir.file('dangling'))).toBe('/no/such/file');
        io_uring_prep_symlinkat(io_uring_get_sqe(ring)!, 'target', dfd, 'link');
        expect(waitOne(ring).res).toBe(-errnoNumber('EEXIST'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(dfd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_symlinkat, newRing, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const dfd = openSync(dir.path, 'r');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, 'target', dfd, 'link'] as Parameters<typeof io_uring_prep_symlinkat>;
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
      'newdirfd.relation': { args: { newdirfd: -1 } },
    },
  },
});
