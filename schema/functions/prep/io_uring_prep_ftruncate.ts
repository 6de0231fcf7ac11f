import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_ftruncate',
  since: '2.6',
  category: 'prep',
  inline: true,
  summary: 'Prepare an ftruncate: cut (or extend with zeros) a file to len bytes.',
  description: 'Like ftruncate(2): the completion res is 0, or -errno. Needs Linux 6.9 (IORING_OP_FTRUNCATE).',
  man: 'io_uring_prep_ftruncate(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The file descriptor, opened for writing (with IOSQE_FIXED_FILE: an index into the registered files).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open file descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'ftruncate(2) EBADF; io_uring_prep_ftruncate(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'len',
      type: 'loff_t',
      doc: 'The new length in bytes.',
      preconditions: [
        {
          rule: { kind: 'range', min: 0 },
          message: 'len must not be negative',
          source: 'ftruncate(2) ERRORS: "EINVAL The argument length is negative"; kernel fs/open.c do_ftruncate(); observed res -EINVAL for -1 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_FTRUNCATE', fd: 'fd', addr: '0', len: '0', off: 'len' } },
  quirks: [
    { text: 'in C the helper exists only when _GNU_SOURCE is defined (loff_t); liburing-ffi exports it regardless', source: 'io_uring_prep_ftruncate(3); liburing 2.9 liburing.h (#ifdef _GNU_SOURCE)' },
    { text: 'a descriptor opened read-only gives -EINVAL, not -EBADF', source: 'ftruncate(2) ERRORS ("EBADF or EINVAL fd is not open for writing"); kernel fs/open.c do_ftruncate()' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_ftruncate, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_FTRUNCATE, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync, readFileSync, fstatSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'hello, world');
      const fd = openSync(dir.file('data'), 'r+');
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_ftruncate(sqe, fd, 5);
        expect(sqe.opcode).toBe(IORING_OP_FTRUNCATE);
        io_uring_sqe_set_data64(sqe, 6n);
        expect(waitOne(ring)).toMatchObject({ user_data: 6n, res: 0 });
        expect(readFileSync(dir.file('data'), 'utf8')).toBe('hello');
        // Extending fills with zeros.
        io_uring_prep_ftruncate(io_uring_get_sqe(ring)!, fd, 8n);
        expect(waitOne(ring).res).toBe(0);
        expect(fstatSync(fd).size).toBe(8);
        expect(readFileSync(dir.file('data'))).toEqual(Buffer.from('hello\0\0\0', 'latin1'));
        // A read-only descriptor is refused with -EINVAL.
        const ro = openSync(dir.file('data'), 'r');
        try {
          io_uring_prep_ftruncate(io_uring_get_sqe(ring)!, ro, 0);
          expect(waitOne(ring).res).toBe(-errnoNumber('EINVAL'));
        } finally {
          closeSync(ro);
        }
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_ftruncate, newRing, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('data'), 'w+');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, fd, 0] as Parameters<typeof io_uring_prep_ftruncate>;
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
