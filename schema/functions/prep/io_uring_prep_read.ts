import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_read',
  since: '0.4',
  category: 'prep',
  inline: true,
  summary: 'Prepare a read of up to nbytes from a file descriptor into buf, at an offset.',
  description:
    'Like pread(2): the completion res is the number of bytes read (0 at end of file), or -errno. ' +
    'The kernel writes into buf until the completion, so liburing-ts keeps buf reachable (and refuses freeAligned on it) until the completion is seen.',
  man: 'io_uring_prep_read(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The file descriptor to read from (with IOSQE_FIXED_FILE: an index into the registered files).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open file descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'read(2) EBADF; io_uring_prep_read(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'buf',
      type: 'void *',
      ownership: 'completion',
      doc: 'The memory the data is read into.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'nbytes <= byteLength(buf)', says: 'nbytes must not exceed the byte length of buf, or the kernel would write past it' },
          message: 'nbytes must not be larger than buf: the kernel writes up to nbytes bytes into it',
          source: 'io_uring_prep_read(3): reads nbytes into the buffer buf; nothing in liburing or the kernel knows the buffer\'s size',
          errno: null,
          effect: 'the kernel writes past buf: the byte after its 16 receives the file\'s 17th byte',
        },
      ],
    },
    { name: 'nbytes', type: 'unsigned', doc: 'How many bytes to read at most.' },
    {
      name: 'offset',
      type: '__u64',
      doc: 'The file offset to read at; (__u64)-1, i.e. 0xffffffffffffffffn, reads at the current file position and advances it. Must be 0 or -1 for files that cannot seek (pipes, sockets).',
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of bytes read, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_READ', fd: 'fd', addr: 'buf', len: 'nbytes', off: 'offset' } },
  quirks: [
    { text: 'on a file that cannot seek, an offset other than 0 or -1 makes the completion res -ESPIPE', source: 'io_uring_prep_read(3): "On files that are not capable of seeking, the offset must be 0 or -1"' },
  ],
  test: {
    async effect({ expect, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_READ, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const path = dir.file('data');
      writeFileSync(path, 'hello, io_uring!');
      const fd = openSync(path, 'r');
      try {
        const buf = new Uint8Array(64);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_read(sqe, fd, buf, 5, 7);
        expect(sqe.opcode).toBe(IORING_OP_READ);
        io_uring_sqe_set_data64(sqe, 1n);
        expect(waitOne(ring)).toMatchObject({ user_data: 1n, res: 5 });
        expect(Buffer.from(buf.subarray(0, 5)).toString()).toBe('io_ur');
        // Reading the whole file: res is the file's length, short of nbytes.
        io_uring_prep_read(io_uring_get_sqe(ring)!, fd, buf, 64, 0);
        expect(waitOne(ring).res).toBe(16);
        expect(Buffer.from(buf.subarray(0, 16)).toString()).toBe('hello, io_uring!');
        // At end of file: 0.
        io_uring_prep_read(io_uring_get_sqe(ring)!, fd, buf, 64, 16);
        expect(waitOne(ring).res).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_read, newRing, tempDir, withSpare }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'some bytes to read');
      const fd = openSync(dir.file('data'), 'r');
      const buf = new Uint8Array(16);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, fd, buf, 16, 0] as Parameters<typeof io_uring_prep_read>;
      return {
        args,
        // 16 bytes followed by memory of our own.
        spare: withSpare(16, 16),
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(fd);
          dir.remove();
        },
      };
    },
    violations: {
      'buf.relation': {
        args: { buf: ({ spare }) => spare.memory, nbytes: 17 },
        effect: ({ ring, spare }, { expect, waitOne }) => {
          expect(waitOne(ring).res).toBe(17);
          expect(Buffer.from(spare.memory).toString()).toBe('some bytes to re');
          expect(String.fromCharCode(spare.after[0]!)).toBe('a');
        },
      },
    },
  },
});
