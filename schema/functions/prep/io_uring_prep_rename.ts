import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_rename',
  since: '2.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare a rename of oldpath to newpath (relative paths start at the current working directory).',
  description:
    'io_uring_prep_renameat(sqe, AT_FDCWD, oldpath, AT_FDCWD, newpath, 0), like rename(2): the completion res is 0, or -errno. ' +
    'liburing-ts keeps both paths\' C strings until the completion is seen.',
  man: 'io_uring_prep_rename(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'oldpath', type: 'const char *', ownership: 'completion', doc: 'The path to move.' },
    { name: 'newpath', type: 'const char *', ownership: 'completion', doc: 'The new path; an existing file there is replaced.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_RENAMEAT', fd: 'AT_FDCWD', addr: 'oldpath', len: 'AT_FDCWD', off: 'newpath' },
    set: [['rename_flags', '0']],
  },
  quirks: [
    { text: 'the 2.9 man page says io_uring_prep_rename uses "the specified flags in flags", but it has no flags parameter: it always passes 0', source: 'io_uring_prep_rename(3) DESCRIPTION vs liburing 2.9 liburing.h io_uring_prep_rename' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_rename, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_RENAMEAT, newRing, tempDir, waitOne }) {
      const { writeFileSync, readFileSync, existsSync, mkdirSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('old'), 'content');
      writeFileSync(dir.file('replaced'), 'will be replaced');
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_rename(sqe, dir.file('old'), dir.file('new'));
        expect(sqe.opcode).toBe(IORING_OP_RENAMEAT);
        io_uring_sqe_set_data64(sqe, 1n);
        expect(waitOne(ring)).toMatchObject({ user_data: 1n, res: 0 });
        expect(existsSync(dir.file('old'))).toBe(false);
        expect(readFileSync(dir.file('new'), 'utf8')).toBe('content');
        // An existing target is replaced.
        io_uring_prep_rename(io_uring_get_sqe(ring)!, dir.file('new'), dir.file('replaced'));
        expect(waitOne(ring).res).toBe(0);
        expect(readFileSync(dir.file('replaced'), 'utf8')).toBe('content');
        // A file cannot replace a directory: -EISDIR; a missing source: -ENOENT.
        mkdirSync(dir.file('sub'));
        io_uring_prep_rename(io_uring_get_sqe(ring)!, dir.file('replaced'), dir.file('sub'));
        expect(waitOne(ring).res).toBe(-errnoNumber('EISDIR'));
        io_uring_prep_rename(io_uring_get_sqe(ring)!, dir.file('old'), dir.file('x'));
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
      } finally {
        io_uring_queue_exit(ring);
        dir.remove();
      }
    },
  },
});
