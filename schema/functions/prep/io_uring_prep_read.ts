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
      nullable: true,
      ownership: 'completion',
      doc: 'The memory the data is read into; null to have the kernel pick a provided buffer (then set IOSQE_BUFFER_SELECT and the buffer group on the SQE before submitting: a submit refuses a null buffer without them).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'buf === null || nbytes <= byteLength(buf)', says: 'nbytes must not exceed the byte length of buf, or the kernel would write past it' },
          message: 'nbytes must not be larger than buf: the kernel writes up to nbytes bytes into it',
          source: 'io_uring_prep_read(3): reads nbytes into the buffer buf; nothing in liburing or the kernel knows the buffer\'s size',
          errno: null,
          unprovable: 'the kernel would write past the buffer',
        },
      ],
    },
    { name: 'nbytes', type: 'unsigned', doc: 'How many bytes to read at most.' },
    {
      name: 'offset',
      type: '__u64',
      minusOne: 'the current file position, which the read uses and advances (0xffffffffffffffffn is the same)',
      doc: 'The file offset to read at. Must be 0 or -1 for files that cannot seek (pipes, sockets).',
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of bytes read, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_READ', fd: 'fd', addr: 'buf', len: 'nbytes', off: 'offset' } },
  quirks: [
    { text: 'on a file that cannot seek, an offset other than 0 or -1 makes the completion res -ESPIPE', source: 'io_uring_prep_read(3): "On files that are not capable of seeking, the offset must be 0 or -1"' },
    {
      text: 'with a null buf and IOSQE_BUFFER_SELECT the kernel reads into a buffer of the SQE\'s group and reports its ID in the completion flags (IORING_CQE_F_BUFFER, flags >> IORING_CQE_BUFFER_SHIFT); a null buf without IOSQE_BUFFER_SELECT completes with -EFAULT (0 at end of file), which io_uring_submit refuses before C',
      source: 'io_uring_prep_provide_buffers(3); liburing test/read-mshot.c, test/ringbuf-read.c (io_uring_prep_read(sqe, fd, NULL, len, 0) with IOSQE_BUFFER_SELECT); observed on Linux 6.18',
    },
  ],
  test: {
    async effect({ expect, io_uring_get_sqe, io_uring_prep_provide_buffers, io_uring_prep_read, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_sqe_set_flags, IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IORING_OP_READ, IOSQE_BUFFER_SELECT, newRing, tempDir, waitOne }) {
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
        // Offset -1, a plain number: the current file position, which each read advances.
        buf.fill(0);
        io_uring_prep_read(io_uring_get_sqe(ring)!, fd, buf, 7, -1);
        expect(waitOne(ring).res).toBe(7);
        io_uring_prep_read(io_uring_get_sqe(ring)!, fd, buf.subarray(7), 9, -1);
        expect(waitOne(ring).res).toBe(9);
        expect(Buffer.from(buf.subarray(0, 16)).toString()).toBe('hello, io_uring!');
        // No buffer: the kernel picks one of group 7, provided first.
        const pool = new Uint8Array(64);
        io_uring_prep_provide_buffers(io_uring_get_sqe(ring)!, pool, 32, 2, 7, 0);
        expect(waitOne(ring).res).toBe(0);
        const selecting = io_uring_get_sqe(ring)!;
        io_uring_prep_read(selecting, fd, null, 16, 0);
        io_uring_sqe_set_flags(selecting, IOSQE_BUFFER_SELECT);
        selecting.buf_group = 7;
        const got = waitOne(ring);
        expect(got.res).toBe(16);
        expect(got.flags & IORING_CQE_F_BUFFER).toBe(IORING_CQE_F_BUFFER);
        const bid = got.flags >>> IORING_CQE_BUFFER_SHIFT;
        expect(Buffer.from(pool.subarray(bid * 32, bid * 32 + 16)).toString()).toBe('hello, io_uring!');
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_read, newRing, tempDir }) {
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
