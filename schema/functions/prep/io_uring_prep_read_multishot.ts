import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_read_multishot',
  since: '2.6',
  category: 'prep',
  inline: true,
  summary: 'Prepare a multishot read: one completion each time data arrives on a pollable file, each into a buffer picked from a provided-buffer group.',
  description:
    'Each completion\'s res is the number of bytes read, with IORING_CQE_F_BUFFER set and the buffer ID in flags >> IORING_CQE_BUFFER_SHIFT; ' +
    'IORING_CQE_F_MORE says more completions follow. A completion without IORING_CQE_F_MORE ends the request (e.g. -ENOBUFS when the group ran out of buffers). ' +
    'The helper sets IOSQE_BUFFER_SELECT on the SQE itself. Needs Linux 6.7.',
  man: 'io_uring_prep_read_multishot(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'A pollable file to read from: a pipe, FIFO, socket, eventfd, tty, tun device... (with IOSQE_FIXED_FILE: an index into the registered files).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open file descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'read(2) EBADF; io_uring_prep_read_multishot(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'nbytes',
      type: 'unsigned',
      doc: 'Must be 0: each read takes the size of the buffer picked from the group.',
      preconditions: [
        {
          rule: { kind: 'range', max: 0 },
          message: 'nbytes must be 0: the size of each read is that of the provided buffer it lands in',
          source: 'io_uring_prep_read_multishot(3): "nbytes must be set to zero"; kernel io_uring/rw.c io_read_mshot_prep(); observed res -EINVAL for 16 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'offset', type: '__u64', minusOne: 'the current file position, which the read uses and advances (0xffffffffffffffffn is the same)', doc: 'The file offset; must be 0 or -1 for files that cannot seek, which is every pollable one in practice.' },
    {
      name: 'buf_group',
      type: 'int',
      doc: 'The ID of the provided-buffer group (io_uring_prep_provide_buffers or a buffer ring) the reads pick buffers from.',
      preconditions: [
        {
          rule: { kind: 'range', min: 0, max: 65535 },
          message: 'buf_group must be from 0 to 65535: the SQE\'s buf_group is 16 bits, and other values would silently select another group',
          source: 'liburing 2.9 liburing.h io_uring_prep_read_multishot (sqe->buf_group = buf_group, a __u16); liburing/io_uring.h struct io_uring_sqe',
          errno: null,
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; each completion res is the number of bytes read into a provided buffer, or -errno (which ends the request).' },
  sqe: {
    rw: { op: 'IORING_OP_READ_MULTISHOT', fd: 'fd', addr: '0', len: 'nbytes', off: 'offset' },
    set: [['buf_group', 'buf_group'], ['flags', 'IOSQE_BUFFER_SELECT']],
  },
  quirks: [
    { text: 'a file that cannot be polled (a regular file, for one) fails the request with -EBADFD', source: 'io_uring_prep_read_multishot(3); observed res -EBADFD on Linux 6.18' },
    { text: 'the man page contradicts itself on nbytes ("must be set to zero" and "if nbytes exceeds the size of the buffers ... the size of the buffer in that group will be used"); Linux 6.18 refuses any nbytes but 0 with -EINVAL', source: 'io_uring_prep_read_multishot(3) lines 32-44; observed on Linux 6.18' },
    { text: 'the helper overwrites the SQE\'s flags with IOSQE_BUFFER_SELECT: set other IOSQE_* flags (with io_uring_sqe_set_flags, including IOSQE_BUFFER_SELECT) after it', source: 'liburing 2.9 liburing.h io_uring_prep_read_multishot (sqe->flags = IOSQE_BUFFER_SELECT)' },
    { text: 'an empty or missing buffer group ends the request with -ENOBUFS', source: 'io_uring_prep_provide_buffers(3); observed on Linux 6.18' },
    { text: 'liburing-ffi exports it under the LIBURING_2.5 symbol version and its man page dates from 2.5, but liburing.h first declares it in the 2.6 release', source: 'liburing 2.9 liburing-ffi.map (LIBURING_2.5); io_uring_prep_read_multishot(3) .TH (liburing-2.5); liburing release tags' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_provide_buffers, io_uring_prep_read_multishot, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IORING_CQE_F_MORE, IORING_OP_READ_MULTISHOT, IOSQE_BUFFER_SELECT, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeSync, writeFileSync, constants } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      const ring = newRing(8);
      execFileSync('mkfifo', [dir.file('fifo')]);
      const pipe = openSync(dir.file('fifo'), constants.O_RDWR | constants.O_NONBLOCK);
      writeFileSync(dir.file('file'), 'regular');
      const file = openSync(dir.file('file'), 'r');
      const bufs = new Uint8Array(4 * 16);
      try {
        // Provide 4 buffers of 16 bytes as group 7, IDs 0 to 3.
        io_uring_prep_provide_buffers(io_uring_get_sqe(ring)!, bufs, 16, 4, 7, 0);
        expect(waitOne(ring).res).toBe(0);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_read_multishot(sqe, pipe, 0, 0, 7);
        expect(sqe.opcode).toBe(IORING_OP_READ_MULTISHOT);
        expect(sqe.flags).toBe(IOSQE_BUFFER_SELECT);
        expect(sqe.buf_group).toBe(7);
        io_uring_sqe_set_data64(sqe, 9n);
        expect(io_uring_submit(ring)).toBe(1);
        // Each write produces one completion, in a buffer of the group, with IORING_CQE_F_MORE.
        const seen: string[] = [];
        for (const text of ['first', 'second']) {
          writeSync(pipe, text);
          const cqe = waitOne(ring);
          expect(cqe.user_data).toBe(9n);
          expect(cqe.res).toBe(text.length);
          expect(cqe.flags & IORING_CQE_F_MORE).toBe(IORING_CQE_F_MORE);
          expect(cqe.flags & IORING_CQE_F_BUFFER).toBe(IORING_CQE_F_BUFFER);
          const bid = cqe.flags >>> IORING_CQE_BUFFER_SHIFT;
          expect(bid).toBeLessThan(4);
          seen.push(Buffer.from(bufs.subarray(bid * 16, bid * 16 + cqe.res)).toString());
        }
        expect(seen).toEqual(['first', 'second']);
        // A regular file cannot be polled: -EBADFD.
        io_uring_prep_read_multishot(io_uring_get_sqe(ring)!, file, 0, 0, 7);
        expect(waitOne(ring).res).toBe(-errnoNumber('EBADFD'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(pipe);
        closeSync(file);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_read_multishot, newRing, tempDir }) {
      const { openSync, closeSync, constants } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      const ring = newRing(4);
      execFileSync('mkfifo', [dir.file('fifo')]);
      const pipe = openSync(dir.file('fifo'), constants.O_RDWR | constants.O_NONBLOCK);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, pipe, 0, 0, 7] as Parameters<typeof io_uring_prep_read_multishot>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(pipe);
          dir.remove();
        },
      };
    },
  },
});
