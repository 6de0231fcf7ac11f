import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_open',
  since: '2.8',
  category: 'prep',
  inline: true,
  summary: 'Prepare an open of a path (relative to the current working directory); the completion res is the new file descriptor.',
  description:
    'io_uring_prep_openat with dfd AT_FDCWD, like open(2): the completion res is the new file descriptor, or -errno. ' +
    'liburing-ts keeps the path\'s C string until the completion is seen.',
  man: 'io_uring_prep_open(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'path', type: 'const char *', ownership: 'completion', doc: 'The path to open; a relative one starts at the current working directory.' },
    { name: 'flags', type: 'int', doc: 'O_* open flags (O_RDONLY, O_WRONLY or O_RDWR, with O_CREAT, O_TRUNC, O_CLOEXEC...), as for open(2).' },
    { name: 'mode', type: 'mode_t', doc: 'The permission bits of a file created with O_CREAT or O_TMPFILE (less the umask); ignored otherwise.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the new file descriptor, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_OPENAT', fd: 'AT_FDCWD', addr: 'path', len: 'mode', off: '0' }, set: [['open_flags', 'flags']] },
  quirks: [
    { text: 'new in liburing 2.8 (the header had only io_uring_prep_openat before); it is io_uring_prep_openat(sqe, AT_FDCWD, path, flags, mode)', source: 'liburing 2.9 liburing.h io_uring_prep_open; liburing-ffi.map LIBURING_2.8' },
    { text: 'unknown flag bits are dropped silently, as open(2) does; the kernel adds O_LARGEFILE on 64-bit', source: 'kernel fs/open.c build_open_how() (flags & VALID_OPEN_FLAGS)' },
  ],
  test: {
    async effect({ AT_FDCWD, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_open, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_OPENAT, newRing, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, tempDir, waitOne }) {
      const { closeSync, readFileSync, writeSync, statSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_open(sqe, dir.file('new'), O_CREAT | O_RDWR | O_TRUNC, 0o600);
        expect(sqe.opcode).toBe(IORING_OP_OPENAT);
        expect(sqe.fd).toBe(AT_FDCWD);
        io_uring_sqe_set_data64(sqe, 5n);
        const { user_data, res: fd } = waitOne(ring);
        expect(user_data).toBe(5n);
        expect(fd).toBeGreaterThanOrEqual(0);
        writeSync(fd, 'opened by io_uring');
        closeSync(fd);
        expect(readFileSync(dir.file('new'), 'utf8')).toBe('opened by io_uring');
        expect(statSync(dir.file('new')).mode & 0o777).toBe(0o600);
        // Without O_CREAT a missing file is -ENOENT; a directory opened for writing is -EISDIR.
        io_uring_prep_open(io_uring_get_sqe(ring)!, dir.file('missing'), O_RDONLY, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
        io_uring_prep_open(io_uring_get_sqe(ring)!, dir.path, O_WRONLY, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('EISDIR'));
      } finally {
        io_uring_queue_exit(ring);
        dir.remove();
      }
    },
  },
});
