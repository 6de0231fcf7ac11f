import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_tee',
  since: '2.0',
  category: 'prep',
  inline: true,
  summary: 'Prepare a tee: duplicate up to nbytes from one pipe into another without consuming them.',
  description:
    'Like tee(2): the completion res is the number of bytes duplicated, or -errno. Both descriptors must be pipes; the data stays readable from fd_in. ' +
    'With SPLICE_F_FD_IN_FIXED in splice_flags, fd_in is a registered file index; IOSQE_FIXED_FILE on the SQE makes fd_out one.',
  man: 'io_uring_prep_tee(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd_in',
      type: 'int',
      doc: 'The pipe to read from (with SPLICE_F_FD_IN_FIXED: an index into the registered files).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd_in must be an open pipe descriptor (or, with SPLICE_F_FD_IN_FIXED, a registered file index), not negative',
          source: 'tee(2); io_uring_prep_tee(3) ERRORS (res is -errno); observed res -EBADF for fd_in -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'fd_out',
      type: 'int',
      doc: 'The pipe to write to (with IOSQE_FIXED_FILE: an index into the registered files).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd_out must be an open pipe descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'tee(2); io_uring_prep_tee(3) ERRORS (res is -errno); observed res -EBADF for fd_out -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'nbytes', type: 'unsigned int', doc: 'How many bytes to duplicate at most.' },
    {
      name: 'splice_flags',
      type: 'unsigned int',
      doc: 'SPLICE_F_NONBLOCK, SPLICE_F_MORE, SPLICE_F_MOVE, SPLICE_F_GIFT (no effect for tee), and SPLICE_F_FD_IN_FIXED.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['SPLICE_F_MOVE', 'SPLICE_F_NONBLOCK', 'SPLICE_F_MORE', 'SPLICE_F_GIFT', 'SPLICE_F_FD_IN_FIXED'] },
          message: 'splice_flags may hold only SPLICE_F_MOVE, SPLICE_F_NONBLOCK, SPLICE_F_MORE, SPLICE_F_GIFT and SPLICE_F_FD_IN_FIXED',
          source: 'io_uring_prep_tee(3); kernel io_uring/splice.c __io_splice_prep() (flags & ~(SPLICE_F_FD_IN_FIXED | SPLICE_F_ALL)); observed res -EINVAL for 0x10 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of bytes duplicated, or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_TEE', fd: 'fd_out', addr: '0', len: 'nbytes', off: '0' },
    set: [['splice_off_in', '0'], ['splice_fd_in', 'fd_in'], ['splice_flags', 'splice_flags']],
  },
  quirks: [
    { text: 'both descriptors must be pipes (else res -EINVAL); liburing-ts cannot check what kind of file a descriptor is', source: 'tee(2) ERRORS; liburing test/splice.c' },
    { text: 'the SQE carries fd_in in splice_fd_in; fd holds fd_out', source: 'liburing 2.9 liburing.h io_uring_prep_tee' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_tee, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_TEE, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, readSync, writeSync, writeFileSync, constants } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      const ring = newRing(4);
      execFileSync('mkfifo', [dir.file('a'), dir.file('b')]);
      const a = openSync(dir.file('a'), constants.O_RDWR | constants.O_NONBLOCK);
      const b = openSync(dir.file('b'), constants.O_RDWR | constants.O_NONBLOCK);
      writeFileSync(dir.file('file'), 'x');
      const file = openSync(dir.file('file'), 'r+');
      try {
        writeSync(a, 'tee data');
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_tee(sqe, a, b, 64, 0);
        expect(sqe.opcode).toBe(IORING_OP_TEE);
        io_uring_sqe_set_data64(sqe, 2n);
        expect(waitOne(ring)).toMatchObject({ user_data: 2n, res: 8 });
        // The copy is in b, and the data is still in a.
        const got = Buffer.alloc(16);
        expect(readSync(b, got, 0, 16, null)).toBe(8);
        expect(got.subarray(0, 8).toString()).toBe('tee data');
        expect(readSync(a, got, 0, 16, null)).toBe(8);
        expect(got.subarray(0, 8).toString()).toBe('tee data');
        // A regular file on either side: -EINVAL.
        writeSync(a, 'again');
        io_uring_prep_tee(io_uring_get_sqe(ring)!, a, file, 5, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('EINVAL'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(a);
        closeSync(b);
        closeSync(file);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_tee, newRing, tempDir }) {
      const { openSync, closeSync, writeSync, constants } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      const ring = newRing(4);
      execFileSync('mkfifo', [dir.file('a'), dir.file('b')]);
      const a = openSync(dir.file('a'), constants.O_RDWR | constants.O_NONBLOCK);
      const b = openSync(dir.file('b'), constants.O_RDWR | constants.O_NONBLOCK);
      writeSync(a, 'data');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, a, b, 4, 0] as Parameters<typeof io_uring_prep_tee>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(a);
          closeSync(b);
          dir.remove();
        },
      };
    },
  },
});
