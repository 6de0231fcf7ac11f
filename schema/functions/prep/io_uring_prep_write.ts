import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_write',
  since: '0.4',
  category: 'prep',
  inline: true,
  summary: 'Prepare a write of nbytes from buf to a file descriptor, at an offset.',
  description:
    'Like pwrite(2): the completion res is the number of bytes written, or -errno. ' +
    'The kernel reads buf until the completion, so liburing-ts keeps buf reachable (and refuses freeAligned on it) until the completion is seen.',
  man: 'io_uring_prep_write(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The file descriptor to write to (with IOSQE_FIXED_FILE: an index into the registered files).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open file descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'write(2) EBADF; io_uring_prep_write(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'buf',
      type: 'const void *',
      ownership: 'completion',
      doc: 'The bytes to write.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'nbytes <= byteLength(buf)', says: 'nbytes must not exceed the byte length of buf, or the kernel would read past it' },
          message: 'nbytes must not be larger than buf: the kernel reads nbytes bytes from it',
          source: 'io_uring_prep_write(3): writes nbytes from the buffer buf; nothing in liburing or the kernel knows the buffer\'s size',
          errno: null,
          unprovable: 'the kernel would read past the buffer and write whatever follows it into the file',
        },
      ],
    },
    { name: 'nbytes', type: 'unsigned', doc: 'How many bytes to write.' },
    {
      name: 'offset',
      type: '__u64',
      minusOne: 'the current file position, which the write uses and advances (0xffffffffffffffffn is the same)',
      doc: 'The file offset to write at. Must be 0 or -1 for files that cannot seek (pipes, sockets).',
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of bytes written, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_WRITE', fd: 'fd', addr: 'buf', len: 'nbytes', off: 'offset' } },
  test: {
    async effect({ expect, io_uring_get_sqe, io_uring_prep_write, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_WRITE, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, readFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const path = dir.file('data');
      const fd = openSync(path, 'w+');
      try {
        const buf = new TextEncoder().encode('written by io_uring');
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_write(sqe, fd, buf, buf.byteLength, 0);
        expect(sqe.opcode).toBe(IORING_OP_WRITE);
        io_uring_sqe_set_data64(sqe, 2n);
        expect(waitOne(ring)).toMatchObject({ user_data: 2n, res: buf.byteLength });
        // A second write at an offset overwrites part of the first.
        io_uring_prep_write(io_uring_get_sqe(ring)!, fd, new TextEncoder().encode('IO_URING'), 8, 11);
        expect(waitOne(ring).res).toBe(8);
        expect(readFileSync(path, 'utf8')).toBe('written by IO_URING');
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_write, newRing, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('data'), 'w+');
      const buf = new Uint8Array(16).fill(0x61);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, fd, buf, 16, 0] as Parameters<typeof io_uring_prep_write>;
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
      'buf.relation': { args: { nbytes: 17 } },
    },
  },
});
