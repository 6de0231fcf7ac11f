import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_splice',
  since: '0.6',
  category: 'prep',
  inline: true,
  summary: 'Prepare a splice: move up to nbytes between two file descriptors, at least one of them a pipe, without copying through user memory.',
  description:
    'Like splice(2): the completion res is the number of bytes moved (0 at end of input), or -errno. ' +
    'An offset of -1 means "use and advance the file position" (NULL in splice(2)); a pipe\'s offset must be -1. ' +
    'With SPLICE_F_FD_IN_FIXED in splice_flags, fd_in is a registered file index; IOSQE_FIXED_FILE on the SQE makes fd_out one.',
  man: 'io_uring_prep_splice(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd_in',
      type: 'int',
      doc: 'The source (with SPLICE_F_FD_IN_FIXED: an index into the registered files).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd_in must be an open file descriptor (or, with SPLICE_F_FD_IN_FIXED, a registered file index), not negative',
          source: 'splice(2) EBADF; io_uring_prep_splice(3) ERRORS (res is -errno); observed res -EBADF for fd_in -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'off_in', type: 'int64_t', doc: 'Where to read fd_in from; -1 for its current position (required when fd_in is a pipe).' },
    {
      name: 'fd_out',
      type: 'int',
      doc: 'The destination (with IOSQE_FIXED_FILE: an index into the registered files).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd_out must be an open file descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'splice(2) EBADF; io_uring_prep_splice(3) ERRORS (res is -errno); observed res -EBADF for fd_out -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'off_out', type: 'int64_t', doc: 'Where to write fd_out at; -1 for its current position (required when fd_out is a pipe).' },
    { name: 'nbytes', type: 'unsigned int', doc: 'How many bytes to move at most.' },
    {
      name: 'splice_flags',
      type: 'unsigned int',
      doc: 'SPLICE_F_MOVE, SPLICE_F_NONBLOCK, SPLICE_F_MORE, SPLICE_F_GIFT, and SPLICE_F_FD_IN_FIXED (io_uring\'s own: fd_in is a registered file index).',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['SPLICE_F_MOVE', 'SPLICE_F_NONBLOCK', 'SPLICE_F_MORE', 'SPLICE_F_GIFT', 'SPLICE_F_FD_IN_FIXED'] },
          message: 'splice_flags may hold only SPLICE_F_MOVE, SPLICE_F_NONBLOCK, SPLICE_F_MORE, SPLICE_F_GIFT and SPLICE_F_FD_IN_FIXED',
          source: 'io_uring_prep_splice(3); kernel io_uring/splice.c __io_splice_prep() (flags & ~(SPLICE_F_FD_IN_FIXED | SPLICE_F_ALL)); observed res -EINVAL for 0x10 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of bytes moved, or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_SPLICE', fd: 'fd_out', addr: '0', len: 'nbytes', off: 'off_out' },
    set: [['splice_off_in', 'off_in'], ['splice_fd_in', 'fd_in'], ['splice_flags', 'splice_flags']],
  },
  quirks: [
    { text: 'one of fd_in and fd_out must be a pipe (else res -EINVAL), and a pipe\'s offset must be -1 (else res -ESPIPE); liburing-ts cannot check what kind of file a descriptor is', source: 'liburing 2.9 liburing.h comment above io_uring_prep_splice; io_uring_prep_splice(3); splice(2) ERRORS; observed on Linux 6.18' },
    { text: 'even with a pipe on one side, a file type that does not implement splice gives -EINVAL', source: 'liburing 2.9 liburing.h comment above io_uring_prep_splice (issue #291)' },
    { text: 'the SQE carries fd_in in splice_fd_in and off_in in splice_off_in (the addr union); fd holds fd_out', source: 'liburing 2.9 liburing.h io_uring_prep_splice' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_splice, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_SPLICE, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, readSync, writeSync, writeFileSync, readFileSync, constants } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('source'), 'hello splice');
      execFileSync('mkfifo', [dir.file('fifo')]);
      const file = openSync(dir.file('source'), 'r');
      const out = openSync(dir.file('sink'), 'w+');
      const pipe = openSync(dir.file('fifo'), constants.O_RDWR | constants.O_NONBLOCK);
      try {
        // File to pipe, from offset 6 of the file.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_splice(sqe, file, 6, pipe, -1, 6, 0);
        expect(sqe.opcode).toBe(IORING_OP_SPLICE);
        io_uring_sqe_set_data64(sqe, 1n);
        expect(waitOne(ring)).toMatchObject({ user_data: 1n, res: 6 });
        const got = Buffer.alloc(16);
        expect(readSync(pipe, got, 0, 16, null)).toBe(6);
        expect(got.subarray(0, 6).toString()).toBe('splice');
        // Pipe to file, at offset 2 of the file.
        writeSync(pipe, 'piped');
        io_uring_prep_splice(io_uring_get_sqe(ring)!, pipe, -1, out, 2, 5, 0);
        expect(waitOne(ring).res).toBe(5);
        expect(readFileSync(dir.file('sink'))).toEqual(Buffer.from('\0\0piped', 'latin1'));
        // A pipe with an offset: -ESPIPE; no pipe at all: -EINVAL.
        writeSync(pipe, 'more');
        io_uring_prep_splice(io_uring_get_sqe(ring)!, pipe, 0, out, 0, 4, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('ESPIPE'));
        io_uring_prep_splice(io_uring_get_sqe(ring)!, file, 0, out, 0, 4, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('EINVAL'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(file);
        closeSync(out);
        closeSync(pipe);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_splice, newRing, tempDir }) {
      const { openSync, closeSync, writeFileSync, constants } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('source'), 'some bytes');
      execFileSync('mkfifo', [dir.file('fifo')]);
      const file = openSync(dir.file('source'), 'r');
      const pipe = openSync(dir.file('fifo'), constants.O_RDWR | constants.O_NONBLOCK);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, file, 0, pipe, -1, 4, 0] as Parameters<typeof io_uring_prep_splice>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(file);
          closeSync(pipe);
          dir.remove();
        },
      };
    },
  },
});
