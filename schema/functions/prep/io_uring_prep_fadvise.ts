import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_fadvise',
  since: '0.4',
  category: 'prep',
  inline: true,
  summary: 'Prepare a posix_fadvise: tell the kernel how len bytes of a file from offset will be accessed (a 32-bit length).',
  description:
    'Like posix_fadvise(2): the completion res is 0, or -errno. len 0 means "to the end of the file". ' +
    'For lengths of 4 GiB and more use io_uring_prep_fadvise64.',
  man: 'io_uring_prep_fadvise(3)',
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
          source: 'posix_fadvise(2) EBADF; io_uring_prep_fadvise(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'offset', type: '__u64', doc: 'Where the range starts.' },
    { name: 'len', type: '__u32', doc: 'How many bytes; 0 for everything from offset to the end of the file.' },
    {
      name: 'advice',
      type: 'int',
      doc: 'POSIX_FADV_NORMAL, _RANDOM, _SEQUENTIAL, _WILLNEED, _DONTNEED or _NOREUSE.',
      preconditions: [
        {
          rule: { kind: 'range', min: 0, max: 5 },
          message: 'advice must be one of POSIX_FADV_NORMAL (0) to POSIX_FADV_NOREUSE (5)',
          source: 'posix_fadvise(2) ERRORS: "EINVAL An invalid value was specified for advice"; kernel mm/fadvise.c generic_fadvise(); observed res -EINVAL for 6 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_FADVISE', fd: 'fd', addr: '0', len: 'len', off: 'offset' }, set: [['fadvise_advice', 'advice']] },
  quirks: [
    { text: 'a pipe or FIFO gives res -ESPIPE', source: 'posix_fadvise(2) ERRORS; observed on Linux 6.18' },
    { text: 'the advice is a hint: success says nothing about what the kernel did with it', source: 'posix_fadvise(2) DESCRIPTION' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_fadvise, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_FADVISE, newRing, POSIX_FADV_DONTNEED, POSIX_FADV_SEQUENTIAL, POSIX_FADV_WILLNEED, tempDir, waitOne }) {
      const { openSync, closeSync, writeSync, constants } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('data'), 'w+');
      execFileSync('mkfifo', [dir.file('fifo')]);
      const pipe = openSync(dir.file('fifo'), constants.O_RDWR | constants.O_NONBLOCK);
      try {
        writeSync(fd, Buffer.alloc(16384, 1));
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_fadvise(sqe, fd, 0, 16384, POSIX_FADV_DONTNEED);
        expect(sqe.opcode).toBe(IORING_OP_FADVISE);
        io_uring_sqe_set_data64(sqe, 4n);
        expect(waitOne(ring)).toMatchObject({ user_data: 4n, res: 0 });
        io_uring_prep_fadvise(io_uring_get_sqe(ring)!, fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        expect(waitOne(ring).res).toBe(0);
        // A FIFO: -ESPIPE.
        io_uring_prep_fadvise(io_uring_get_sqe(ring)!, pipe, 0, 0, POSIX_FADV_WILLNEED);
        expect(waitOne(ring).res).toBe(-errnoNumber('ESPIPE'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        closeSync(pipe);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_fadvise, newRing, POSIX_FADV_NORMAL, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('data'), 'w+');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, fd, 0, 0, POSIX_FADV_NORMAL] as Parameters<typeof io_uring_prep_fadvise>;
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
      'advice.range': { args: { advice: 6 } },
    },
  },
});
