import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_fallocate',
  since: '0.3',
  category: 'prep',
  inline: true,
  summary: 'Prepare a fallocate: allocate (or, with mode flags, punch, zero, collapse...) len bytes of a file at offset.',
  description: 'Like fallocate(2): the completion res is 0, or -errno. With mode 0 the file grows to offset + len if it was shorter.',
  man: 'io_uring_prep_fallocate(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The file descriptor (opened for writing; with IOSQE_FIXED_FILE: an index into the registered files).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open file descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'fallocate(2) EBADF; io_uring_prep_fallocate(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'mode',
      type: 'int',
      doc: '0, or FALLOC_FL_KEEP_SIZE, FALLOC_FL_PUNCH_HOLE (with KEEP_SIZE), FALLOC_FL_ZERO_RANGE, FALLOC_FL_COLLAPSE_RANGE, FALLOC_FL_INSERT_RANGE, FALLOC_FL_UNSHARE_RANGE.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['FALLOC_FL_KEEP_SIZE', 'FALLOC_FL_PUNCH_HOLE', 'FALLOC_FL_ZERO_RANGE', 'FALLOC_FL_COLLAPSE_RANGE', 'FALLOC_FL_INSERT_RANGE', 'FALLOC_FL_UNSHARE_RANGE'] },
          message: 'mode may hold only FALLOC_FL_KEEP_SIZE, _PUNCH_HOLE, _ZERO_RANGE, _COLLAPSE_RANGE, _INSERT_RANGE and _UNSHARE_RANGE (FALLOC_FL_NO_HIDE_STALE is reserved)',
          source: 'fallocate(2) ERRORS: "EOPNOTSUPP ... mode is not supported"; kernel fs/open.c vfs_fallocate() (mode & ~FALLOC_FL_SUPPORTED_MASK); observed res -EOPNOTSUPP for FALLOC_FL_NO_HIDE_STALE (0x4) on Linux 6.18',
          errno: 'EOPNOTSUPP',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: '!hasFlag(mode, FALLOC_FL_PUNCH_HOLE) || hasFlag(mode, FALLOC_FL_KEEP_SIZE)', says: 'FALLOC_FL_PUNCH_HOLE must be combined with FALLOC_FL_KEEP_SIZE' },
          message: 'FALLOC_FL_PUNCH_HOLE must be ORed with FALLOC_FL_KEEP_SIZE',
          source: 'fallocate(2): "The FALLOC_FL_PUNCH_HOLE flag must be ORed with FALLOC_FL_KEEP_SIZE"; kernel fs/open.c vfs_fallocate(); observed res -EOPNOTSUPP on Linux 6.18',
          errno: 'EOPNOTSUPP',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'offset',
      type: '__u64',
      doc: 'Where the range starts, in bytes.',
      preconditions: [
        {
          rule: { kind: 'range', max: 9223372036854775807n },
          message: 'offset must be at most 2^63 - 1: the kernel takes it as a signed loff_t, and a negative offset is refused',
          source: 'fallocate(2) ERRORS: "EINVAL offset was less than 0"; kernel fs/open.c vfs_fallocate(); observed res -EINVAL for 2^63 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'len',
      type: '__u64',
      doc: 'The length of the range, in bytes.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 9223372036854775807n },
          message: 'len must be from 1 to 2^63 - 1: a zero (or, as the kernel\'s signed loff_t, negative) length is refused',
          source: 'fallocate(2) ERRORS: "EINVAL ... len was less than or equal to 0"; kernel fs/open.c vfs_fallocate(); observed res -EINVAL for 0 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_FALLOCATE', fd: 'fd', addr: '0', len: 'mode', off: 'offset' }, set: [['addr', 'len']] },
  quirks: [
    { text: 'the SQE carries mode in len and the length in addr', source: 'liburing 2.9 liburing.h io_uring_prep_fallocate' },
    { text: 'which modes work depends on the filesystem: an unsupported one completes with -EOPNOTSUPP', source: 'fallocate(2) ERRORS' },
  ],
  test: {
    async effect({ expect, FALLOC_FL_KEEP_SIZE, FALLOC_FL_ZERO_RANGE, io_uring_get_sqe, io_uring_prep_fallocate, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_FALLOCATE, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, fstatSync, writeSync, readFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('data'), 'w+');
      try {
        // mode 0 allocates and extends the file.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_fallocate(sqe, fd, 0, 0, 8192);
        expect(sqe.opcode).toBe(IORING_OP_FALLOCATE);
        io_uring_sqe_set_data64(sqe, 3n);
        expect(waitOne(ring)).toMatchObject({ user_data: 3n, res: 0 });
        expect(fstatSync(fd).size).toBe(8192);
        expect(fstatSync(fd).blocks * 512).toBeGreaterThanOrEqual(8192);
        // FALLOC_FL_KEEP_SIZE allocates past the end without changing the size.
        io_uring_prep_fallocate(io_uring_get_sqe(ring)!, fd, FALLOC_FL_KEEP_SIZE, 8192, 65536);
        expect(waitOne(ring).res).toBe(0);
        expect(fstatSync(fd).size).toBe(8192);
        // FALLOC_FL_ZERO_RANGE zeroes written bytes.
        writeSync(fd, 'abcdefgh', 0);
        io_uring_prep_fallocate(io_uring_get_sqe(ring)!, fd, FALLOC_FL_ZERO_RANGE, 2, 4);
        expect(waitOne(ring).res).toBe(0);
        expect(readFileSync(dir.file('data')).subarray(0, 8)).toEqual(Buffer.from('ab\0\0\0\0gh', 'latin1'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_fallocate, newRing, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('data'), 'w+');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, fd, 0, 0, 4096] as Parameters<typeof io_uring_prep_fallocate>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(fd);
          dir.remove();
        },
      };
    },
    violations: {
      'mode.relation': { args: { mode: (_, { FALLOC_FL_PUNCH_HOLE }) => FALLOC_FL_PUNCH_HOLE } },
    },
  },
});
