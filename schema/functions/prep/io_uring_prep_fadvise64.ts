import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_fadvise64',
  since: '2.7',
  category: 'prep',
  inline: true,
  summary: 'Prepare a posix_fadvise with a 64-bit length: tell the kernel how len bytes of a file from offset will be accessed.',
  description:
    'Like io_uring_prep_fadvise, with an off_t length (stored in the SQE\'s addr): the completion res is 0, or -errno. len 0 means "to the end of the file".',
  man: 'io_uring_prep_fadvise64(3)',
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
          source: 'posix_fadvise(2) EBADF; io_uring_prep_fadvise64(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'offset', type: '__u64', doc: 'Where the range starts.' },
    {
      name: 'len',
      type: 'off_t',
      doc: 'How many bytes; 0 for everything from offset to the end of the file.',
      preconditions: [
        {
          rule: { kind: 'range', min: 0 },
          message: 'len must not be negative',
          source: 'posix_fadvise(2) (len is an off_t); kernel mm/fadvise.c generic_fadvise() (len < 0 gives -EINVAL); observed res -EINVAL for -1 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
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
  sqe: {
    rw: { op: 'IORING_OP_FADVISE', fd: 'fd', addr: '0', len: '0', off: 'offset' },
    set: [['addr', 'len'], ['fadvise_advice', 'advice']],
  },
  quirks: [
    { text: 'the 64-bit length travels in the SQE\'s addr (the SQE\'s len is 0); older kernels, which require addr to be 0, fail the request with -EINVAL', source: 'io_uring_prep_fadvise64(3) ("If this variant is attempted used on a kernel that doesn\'t support 64-bit lengths, then the request will get errored with -EINVAL"); liburing 2.9 liburing.h io_uring_prep_fadvise64' },
    { text: 'a pipe or FIFO gives res -ESPIPE', source: 'posix_fadvise(2) ERRORS; observed on Linux 6.18' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_fadvise64, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_FADVISE, newRing, POSIX_FADV_DONTNEED, POSIX_FADV_WILLNEED, tempDir, waitOne }) {
      const { openSync, closeSync, writeSync, constants } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('data'), 'w+');
      execFileSync('mkfifo', [dir.file('fifo')]);
      const pipe = openSync(dir.file('fifo'), constants.O_RDWR | constants.O_NONBLOCK);
      try {
        writeSync(fd, Buffer.alloc(16384, 1));
        // A length past 4 GiB, which io_uring_prep_fadvise's __u32 cannot carry.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_fadvise64(sqe, fd, 0, 2n ** 33n, POSIX_FADV_DONTNEED);
        expect(sqe.opcode).toBe(IORING_OP_FADVISE);
        expect(sqe.addr).toBe(2n ** 33n);
        io_uring_sqe_set_data64(sqe, 5n);
        expect(waitOne(ring)).toMatchObject({ user_data: 5n, res: 0 });
        // A FIFO: -ESPIPE.
        io_uring_prep_fadvise64(io_uring_get_sqe(ring)!, pipe, 0, 4096, POSIX_FADV_WILLNEED);
        expect(waitOne(ring).res).toBe(-errnoNumber('ESPIPE'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        closeSync(pipe);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_fadvise64, newRing, POSIX_FADV_NORMAL, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('data'), 'w+');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, fd, 0, 4096, POSIX_FADV_NORMAL] as Parameters<typeof io_uring_prep_fadvise64>;
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
