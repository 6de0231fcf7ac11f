import { defineFunction } from '../../language.js';

const dfdRule = (dfd: string, path: string) => ({
  rule: { kind: 'relation' as const, holds: `${dfd} >= 0 || ${dfd} === AT_FDCWD || ${path}.startsWith('/')`, says: `with a relative (or empty) ${path}, ${dfd} must be an open directory file descriptor or AT_FDCWD` },
  message: `${dfd} must be an open directory file descriptor or AT_FDCWD when ${path} is relative`,
  source: 'link(2) ERRORS (linkat): "EBADF oldpath (newpath) is relative but olddirfd (newdirfd) is neither AT_FDCWD nor a valid file descriptor"; observed res -EBADF for -1 on Linux 6.18',
  errno: 'EBADF',
  reportedIn: 'cqe' as const
});

export default defineFunction({
  name: 'io_uring_prep_linkat',
  since: '2.1',
  category: 'prep',
  inline: true,
  summary: 'Prepare a linkat: make newpath (relative to newdfd) a new hard link to oldpath (relative to olddfd).',
  description: 'Like linkat(2): the completion res is 0, or -errno. liburing-ts keeps both paths\' C strings until the completion is seen.',
  man: 'io_uring_prep_linkat(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'olddfd', type: 'int', doc: 'The directory a relative oldpath starts from (an open file descriptor or AT_FDCWD); with AT_EMPTY_PATH and oldpath "", the file to link.', preconditions: [dfdRule('olddfd', 'oldpath')] },
    { name: 'oldpath', type: 'const char *', ownership: 'completion', doc: 'The existing file.' },
    { name: 'newdfd', type: 'int', doc: 'The directory a relative newpath starts from: an open directory file descriptor or AT_FDCWD.', preconditions: [dfdRule('newdfd', 'newpath')] },
    { name: 'newpath', type: 'const char *', ownership: 'completion', doc: 'The link to create; it must not exist.' },
    {
      name: 'flags',
      type: 'int',
      doc: '0, AT_SYMLINK_FOLLOW (link the target of a symbolic link oldpath) and/or AT_EMPTY_PATH (link olddfd itself).',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['AT_SYMLINK_FOLLOW', 'AT_EMPTY_PATH'] },
          message: 'flags may hold only AT_SYMLINK_FOLLOW and AT_EMPTY_PATH',
          source: 'link(2) ERRORS: "EINVAL An invalid flag value was specified in flags"; kernel fs/namei.c do_linkat(); observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_LINKAT', fd: 'olddfd', addr: 'oldpath', len: 'newdfd', off: 'newpath' },
    set: [['hardlink_flags', 'flags']],
  },
  quirks: [
    { text: 'the SQE carries newdfd in len and newpath in off', source: 'liburing 2.9 liburing.h io_uring_prep_linkat' },
    { text: 'AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH (-ENOENT without it)', source: 'link(2) AT_EMPTY_PATH' },
  ],
  test: {
    async effect({ AT_FDCWD, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_linkat, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_LINKAT, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync, readFileSync, statSync, mkdirSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      mkdirSync(dir.file('a'));
      mkdirSync(dir.file('b'));
      writeFileSync(dir.file('a/file'), 'shared');
      const a = openSync(dir.file('a'), 'r');
      const b = openSync(dir.file('b'), 'r');
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_linkat(sqe, a, 'file', b, 'link', 0);
        expect(sqe.opcode).toBe(IORING_OP_LINKAT);
        io_uring_sqe_set_data64(sqe, 5n);
        expect(waitOne(ring)).toMatchObject({ user_data: 5n, res: 0 });
        // One inode, two names.
        expect(statSync(dir.file('b/link')).ino).toBe(statSync(dir.file('a/file')).ino);
        expect(statSync(dir.file('a/file')).nlink).toBe(2);
        expect(readFileSync(dir.file('b/link'), 'utf8')).toBe('shared');
        // The new name must not exist: -EEXIST.
        io_uring_prep_linkat(io_uring_get_sqe(ring)!, a, 'file', b, 'link', 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('EEXIST'));
        // A directory cannot be hard-linked: -EPERM.
        io_uring_prep_linkat(io_uring_get_sqe(ring)!, AT_FDCWD, dir.file('a'), b, 'dirlink', 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('EPERM'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(a);
        closeSync(b);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_linkat, newRing, tempDir }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('file'), 'x');
      const dfd = openSync(dir.path, 'r');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, dfd, 'file', dfd, 'link', 0] as Parameters<typeof io_uring_prep_linkat>;
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
      'olddfd.relation': { args: { olddfd: -1 } },
      'newdfd.relation': { args: { newdfd: -1 } },
    },
  },
});
