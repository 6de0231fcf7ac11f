import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_sync_file_range',
  since: '2.0',
  category: 'prep',
  inline: true,
  summary: 'Prepare a sync_file_range: start and/or wait for writeback of len bytes of a file from offset.',
  description:
    'Like sync_file_range(2): the completion res is 0, or -errno. len 0 means "to the end of the file". ' +
    'It does not flush metadata or the disk cache: use io_uring_prep_fsync for durability.',
  man: 'io_uring_prep_sync_file_range(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The file descriptor (with IOSQE_FIXED_FILE: an index into the registered files).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open file descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'sync_file_range(2) EBADF; io_uring_prep_sync_file_range(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'len', type: 'unsigned', doc: 'How many bytes; 0 for everything from offset to the end of the file.' },
    {
      name: 'offset',
      type: '__u64',
      doc: 'Where the range starts.',
      preconditions: [
        {
          rule: { kind: 'range', max: 9223372036854775807n },
          message: 'offset must be at most 2^63 - 1: the kernel takes it as a signed loff_t, and a negative offset is refused',
          source: 'sync_file_range(2) ERRORS: "EINVAL ... offset or nbytes is negative"; kernel fs/sync.c sync_file_range(); observed res -EINVAL for 2^63 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'flags',
      type: 'int',
      doc: 'SYNC_FILE_RANGE_WAIT_BEFORE, SYNC_FILE_RANGE_WRITE, SYNC_FILE_RANGE_WAIT_AFTER, or SYNC_FILE_RANGE_WRITE_AND_WAIT for all three.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['SYNC_FILE_RANGE_WAIT_BEFORE', 'SYNC_FILE_RANGE_WRITE', 'SYNC_FILE_RANGE_WAIT_AFTER'] },
          message: 'flags may hold only SYNC_FILE_RANGE_WAIT_BEFORE, SYNC_FILE_RANGE_WRITE and SYNC_FILE_RANGE_WAIT_AFTER',
          source: 'sync_file_range(2) ERRORS: "EINVAL flags specifies an invalid bit"; kernel fs/sync.c sync_file_range(); observed res -EINVAL for 0x8 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_SYNC_FILE_RANGE', fd: 'fd', addr: '0', len: 'len', off: 'offset' }, set: [['sync_range_flags', 'flags']] },
  quirks: [
    { text: 'a pipe, socket or other file that is not a regular file, block device or directory gives res -ESPIPE', source: 'sync_file_range(2) ERRORS; observed on Linux 6.18' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_sync_file_range, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_SYNC_FILE_RANGE, newRing, SYNC_FILE_RANGE_WRITE, SYNC_FILE_RANGE_WRITE_AND_WAIT, tempDir, waitOne }) {
      const { openSync, closeSync, writeSync, constants } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('data'), 'w+');
      execFileSync('mkfifo', [dir.file('fifo')]);
      const pipe = openSync(dir.file('fifo'), constants.O_RDWR | constants.O_NONBLOCK);
      try {
        writeSync(fd, Buffer.alloc(16384, 7));
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_sync_file_range(sqe, fd, 8192, 0, SYNC_FILE_RANGE_WRITE_AND_WAIT);
        expect(sqe.opcode).toBe(IORING_OP_SYNC_FILE_RANGE);
        io_uring_sqe_set_data64(sqe, 3n);
        expect(waitOne(ring)).toMatchObject({ user_data: 3n, res: 0 });
        // len 0: to the end of the file.
        io_uring_prep_sync_file_range(io_uring_get_sqe(ring)!, fd, 0, 8192, SYNC_FILE_RANGE_WRITE);
        expect(waitOne(ring).res).toBe(0);
        // Not a regular file: -ESPIPE.
        io_uring_prep_sync_file_range(io_uring_get_sqe(ring)!, pipe, 0, 0, SYNC_FILE_RANGE_WRITE);
        expect(waitOne(ring).res).toBe(-errnoNumber('ESPIPE'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        closeSync(pipe);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_sync_file_range, newRing, SYNC_FILE_RANGE_WRITE, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('data'), 'w+');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, fd, 0, 0, SYNC_FILE_RANGE_WRITE] as Parameters<typeof io_uring_prep_sync_file_range>;
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
  },
});
