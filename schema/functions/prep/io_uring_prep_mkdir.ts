import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_mkdir',
  since: '2.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare a mkdir of a path (relative paths start at the current working directory).',
  description:
    'io_uring_prep_mkdirat(sqe, AT_FDCWD, path, mode), like mkdir(2): the completion res is 0, or -errno. ' +
    'liburing-ts keeps the path\'s C string until the completion is seen.',
  man: 'io_uring_prep_mkdir(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'path', type: 'const char *', ownership: 'completion', doc: 'The directory to create.' },
    { name: 'mode', type: 'mode_t', doc: 'The permission bits of the new directory (less the umask).' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_MKDIRAT', fd: 'AT_FDCWD', addr: 'path', len: 'mode', off: '0' } },
  test: {
    async effect({ AT_FDCWD, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_mkdir, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_MKDIRAT, newRing, tempDir, waitOne }) {
      const { statSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_mkdir(sqe, dir.file('made'), 0o750);
        expect(sqe.opcode).toBe(IORING_OP_MKDIRAT);
        expect(sqe.fd).toBe(AT_FDCWD);
        io_uring_sqe_set_data64(sqe, 4n);
        expect(waitOne(ring)).toMatchObject({ user_data: 4n, res: 0 });
        const st = statSync(dir.file('made'));
        expect(st.isDirectory()).toBe(true);
        expect(st.mode & 0o700).toBe(0o700);
        // Again: -EEXIST; below a file: -ENOTDIR.
        io_uring_prep_mkdir(io_uring_get_sqe(ring)!, dir.file('made'), 0o750);
        expect(waitOne(ring).res).toBe(-errnoNumber('EEXIST'));
        writeFileSync(dir.file('file'), 'x');
        io_uring_prep_mkdir(io_uring_get_sqe(ring)!, dir.file('file/sub'), 0o750);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOTDIR'));
      } finally {
        io_uring_queue_exit(ring);
        dir.remove();
      }
    },
  },
});
