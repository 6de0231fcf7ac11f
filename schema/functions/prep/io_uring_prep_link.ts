import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_link',
  since: '2.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare a link: make newpath a new hard link to oldpath (relative paths start at the current working directory).',
  description:
    'io_uring_prep_linkat(sqe, AT_FDCWD, oldpath, AT_FDCWD, newpath, flags), like link(2): the completion res is 0, or -errno. ' +
    'liburing-ts keeps both paths\' C strings until the completion is seen.',
  man: 'io_uring_prep_link(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'oldpath', type: 'const char *', ownership: 'completion', doc: 'The existing file.' },
    { name: 'newpath', type: 'const char *', ownership: 'completion', doc: 'The link to create; it must not exist.' },
    {
      name: 'flags',
      type: 'int',
      doc: '0, or AT_SYMLINK_FOLLOW to link the target of a symbolic link oldpath rather than the link itself.',
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
    rw: { op: 'IORING_OP_LINKAT', fd: 'AT_FDCWD', addr: 'oldpath', len: 'AT_FDCWD', off: 'newpath' },
    set: [['hardlink_flags', 'flags']],
  },
  test: {
    async effect({ AT_SYMLINK_FOLLOW, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_link, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_LINKAT, newRing, tempDir, waitOne }) {
      const { writeFileSync, readFileSync, statSync, symlinkSync, lstatSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('file'), 'shared');
      symlinkSync(dir.file('file'), dir.file('sym'));
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_link(sqe, dir.file('file'), dir.file('link'), 0);
        expect(sqe.opcode).toBe(IORING_OP_LINKAT);
        io_uring_sqe_set_data64(sqe, 6n);
        expect(waitOne(ring)).toMatchObject({ user_data: 6n, res: 0 });
        expect(statSync(dir.file('link')).ino).toBe(statSync(dir.file('file')).ino);
        expect(readFileSync(dir.file('link'), 'utf8')).toBe('shared');
        // Without AT_SYMLINK_FOLLOW the symbolic link itself is linked; with it, its target.
        io_uring_prep_link(io_uring_get_sqe(ring)!, dir.file('sym'), dir.file('symlink-copy'), 0);
        expect(waitOne(ring).res).toBe(0);
        expect(lstatSync(dir.file('symlink-copy')).isSymbolicLink()).toBe(true);
        io_uring_prep_link(io_uring_get_sqe(ring)!, dir.file('sym'), dir.file('target-copy'), AT_SYMLINK_FOLLOW);
        expect(waitOne(ring).res).toBe(0);
        expect(lstatSync(dir.file('target-copy')).ino).toBe(statSync(dir.file('file')).ino);
        // A missing source: -ENOENT.
        io_uring_prep_link(io_uring_get_sqe(ring)!, dir.file('missing'), dir.file('x'), 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
      } finally {
        io_uring_queue_exit(ring);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_link, newRing, tempDir }) {
      const { writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('file'), 'x');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, dir.file('file'), dir.file('link'), 0] as Parameters<typeof io_uring_prep_link>;
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
