import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_read_fixed',
  since: '0.1',
  category: 'prep',
  inline: true,
  summary: 'Prepare a read of up to nbytes into a registered buffer (io_uring_register_buffers), at a file offset.',
  description:
    'Like io_uring_prep_read, but buf must lie inside buffer buf_index of those registered with io_uring_register_buffers (it need not start at its base), ' +
    'which saves the kernel mapping the pages on every request. The completion res is the number of bytes read, or -errno.',
  man: 'io_uring_prep_read_fixed(3)',
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
          source: 'read(2) EBADF; io_uring_prep_read_fixed(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'buf',
      type: 'void *',
      ownership: 'completion',
      doc: 'Where the data goes: memory inside registered buffer buf_index (e.g. a subarray of it).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'nbytes <= byteLength(buf)', says: 'nbytes must not exceed the byte length of buf, or the kernel would write past it' },
          message: 'nbytes must not be larger than buf: the kernel writes up to nbytes bytes into it',
          source: 'io_uring_prep_read_fixed(3): reads nbytes into the buffer buf; the kernel only checks that the range lies within the registered buffer, not within buf',
          errno: null,
          unprovable: 'the kernel would write past buf, into the rest of the registered buffer',
        },
        {
          rule: {
            kind: 'relation',
            holds: "fixedBufferFault(sqe, buf, nbytes, buf_index, 'range') === null",
            says: 'buf and nbytes must lie inside registered buffer buf_index: use a subarray of the memory registered with io_uring_register_buffers',
            detail: "fixedBufferFault(sqe, buf, nbytes, buf_index, 'range')",
          },
          message: '[buf, buf + nbytes) must lie inside registered buffer buf_index of the SQE\'s ring: the kernel reads into the registered buffer only',
          source: 'io_uring_prep_read_fixed(3) ("The buf and nbytes arguments must fall within a region specified by buf_index in the previously registered buffer"); kernel io_uring/rsrc.c io_import_fixed()/validate_fixed_range() (-EFAULT); checked against what liburing-ts saw registered (runtime/registrations.ts); observed res -EFAULT on Linux 6.18',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'nbytes', type: 'unsigned', doc: 'How many bytes to read at most.' },
    { name: 'offset', type: '__u64', minusOne: 'the current file position, which the read uses and advances (0xffffffffffffffffn is the same)', doc: 'The file offset to read at. Must be 0 or -1 for files that cannot seek.' },
    {
      name: 'buf_index',
      type: 'int',
      doc: 'The index of the registered buffer that contains buf.',
      preconditions: [
        {
          rule: { kind: 'range', min: 0, max: 65535 },
          message: 'buf_index must be from 0 to 65535: the SQE\'s buf_index is 16 bits, and other values would silently name another buffer',
          source: 'liburing 2.9 liburing.h io_uring_prep_read_fixed (sqe->buf_index = (__u16) buf_index)',
          errno: null,
        },
        {
          rule: {
            kind: 'relation',
            holds: "fixedBufferFault(sqe, buf, nbytes, buf_index, 'index') === null",
            says: 'buf_index must name a buffer registered with the SQE\'s ring (io_uring_register_buffers and friends), below their count and not an empty slot',
            detail: "fixedBufferFault(sqe, buf, nbytes, buf_index, 'index')",
          },
          message: 'buf_index must be a registered buffer of the SQE\'s ring: below the number registered, and not an empty (sparse) slot',
          source: 'io_uring_prep_read_fixed(3), io_uring_register_buffers(3); kernel io_uring/rsrc.c io_find_buf_node() (index past the table or an empty slot: -EFAULT); checked against what liburing-ts saw registered (runtime/registrations.ts), and not when it cannot know (a raw io_uring_register); observed res -EFAULT on Linux 6.18',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of bytes read, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_READ_FIXED', fd: 'fd', addr: 'buf', len: 'nbytes', off: 'offset' }, set: [['buf_index', 'buf_index']] },
  quirks: [
    { text: '[buf, buf + nbytes) must lie inside registered buffer buf_index, and buf_index must be below the number of registered buffers: otherwise res -EFAULT. The rules check both against the buffers registered through the checked wrappers (runtime/registrations.ts); after a raw io_uring_register they are unknown and only the kernel checks', source: 'io_uring_prep_read_fixed(3) lines 41-48; observed res -EFAULT (range crossing the end, index 5 of 1) on Linux 6.18' },
    { text: 'a ring without registered buffers gives res -EFAULT', source: 'observed on Linux 6.18 (read_fixed with buf_index 0 and no buffers registered)' },
  ],
  test: {
    async effect({ allocAligned, catchError, errnoNumber, expect, freeAligned, io_uring_get_sqe, io_uring_prep_read_fixed, io_uring_queue_exit, io_uring_register_buffers, io_uring_sqe_set_data64, IORING_OP_READ_FIXED, Iovec, newRing, pageSize, tempDir, unchecked_io_uring_prep_read_fixed, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'fixed buffers!');
      const fd = openSync(dir.file('data'), 'r');
      const mem = allocAligned(pageSize());
      try {
        const iov = Iovec.array(1);
        iov.item(0).iov_base = mem;
        iov.item(0).iov_len = mem.byteLength;
        expect(io_uring_register_buffers(ring, iov, 1)).toBe(0);
        // Into the middle of the registered buffer.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_read_fixed(sqe, fd, mem.subarray(100), 5, 6, 0);
        expect(sqe.opcode).toBe(IORING_OP_READ_FIXED);
        expect(sqe.buf_index).toBe(0);
        io_uring_sqe_set_data64(sqe, 7n);
        expect(waitOne(ring)).toMatchObject({ user_data: 7n, res: 5 });
        expect(Buffer.from(mem.subarray(100, 105)).toString()).toBe('buffe');
        // Memory that is not registered, or a buffer index that does not exist: refused before C,
        // and C (the unchecked twin, on the same SQE) gets -EFAULT from the kernel.
        const stray = io_uring_get_sqe(ring)!;
        expect(catchError(() => io_uring_prep_read_fixed(stray, fd, new Uint8Array(16), 5, 0, 0))).toMatchObject({ name: 'PreconditionError', parameter: 'buf', cCode: 'EFAULT' });
        unchecked_io_uring_prep_read_fixed(stray, fd, new Uint8Array(16), 5, 0, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('EFAULT'));
        const missing = io_uring_get_sqe(ring)!;
        expect(catchError(() => io_uring_prep_read_fixed(missing, fd, mem, 5, 0, 5))).toMatchObject({ name: 'PreconditionError', parameter: 'buf_index', cCode: 'EFAULT' });
        unchecked_io_uring_prep_read_fixed(missing, fd, mem, 5, 0, 5);
        expect(waitOne(ring).res).toBe(-errnoNumber('EFAULT'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
      freeAligned(mem);
    },
    async valid({ allocAligned, exitQuietly, io_uring_get_sqe, io_uring_prep_read_fixed, io_uring_register_buffers, Iovec, newRing, pageSize, tempDir }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'some bytes to read');
      const fd = openSync(dir.file('data'), 'r');
      const mem = allocAligned(pageSize());
      const iov = Iovec.array(1);
      iov.item(0).iov_base = mem;
      iov.item(0).iov_len = mem.byteLength;
      io_uring_register_buffers(ring, iov, 1);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, fd, mem.subarray(0, 16), 16, 0, 0] as Parameters<typeof io_uring_prep_read_fixed>;
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
      'buf.relation#2': { args: { buf: () => new Uint8Array(16) } },
      'buf_index.relation': { args: { buf_index: 1 } },
    },
  },
});
