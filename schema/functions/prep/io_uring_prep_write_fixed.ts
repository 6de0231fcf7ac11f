import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_write_fixed',
  since: '0.1',
  category: 'prep',
  inline: true,
  summary: 'Prepare a write of nbytes from a registered buffer (io_uring_register_buffers) to a file descriptor, at an offset.',
  description:
    'Like io_uring_prep_write, but buf must lie inside buffer buf_index of those registered with io_uring_register_buffers (it need not start at its base). ' +
    'The completion res is the number of bytes written, or -errno.',
  man: 'io_uring_prep_write_fixed(3)',
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
          source: 'write(2) EBADF; io_uring_prep_write_fixed(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'buf',
      type: 'const void *',
      ownership: 'completion',
      doc: 'The bytes to write: memory inside registered buffer buf_index (e.g. a subarray of it).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'nbytes <= byteLength(buf)', says: 'nbytes must not exceed the byte length of buf, or the kernel would read past it' },
          message: 'nbytes must not be larger than buf: the kernel reads nbytes bytes from it',
          source: 'io_uring_prep_write_fixed(3): writes nbytes from the buffer buf; the kernel only checks that the range lies within the registered buffer, not within buf',
          errno: null,
          unprovable: 'the kernel would read past buf and write whatever follows it into the file',
        },
        {
          rule: {
            kind: 'relation',
            holds: "fixedBufferFault(sqe, buf, nbytes, buf_index, 'range') === null",
            says: 'buf and nbytes must lie inside registered buffer buf_index: use a subarray of the memory registered with io_uring_register_buffers',
            detail: "fixedBufferFault(sqe, buf, nbytes, buf_index, 'range')",
          },
          message: '[buf, buf + nbytes) must lie inside registered buffer buf_index of the SQE\'s ring: the kernel writes from the registered buffer only',
          source: 'io_uring_prep_write_fixed(3) ("The buf and nbytes arguments must fall within a region specified by buf_index in the previously registered buffer"); kernel io_uring/rsrc.c io_import_fixed()/validate_fixed_range() (-EFAULT); checked against what liburing-ts saw registered (runtime/registrations.ts); observed res -EFAULT on Linux 6.18',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'nbytes', type: 'unsigned', doc: 'How many bytes to write.' },
    { name: 'offset', type: '__u64', minusOne: 'the current file position, which the write uses and advances (0xffffffffffffffffn is the same)', doc: 'The file offset to write at. Must be 0 or -1 for files that cannot seek.' },
    {
      name: 'buf_index',
      type: 'int',
      doc: 'The index of the registered buffer that contains buf.',
      preconditions: [
        {
          rule: { kind: 'range', min: 0, max: 65535 },
          message: 'buf_index must be from 0 to 65535: the SQE\'s buf_index is 16 bits, and other values would silently name another buffer',
          source: 'liburing 2.9 liburing.h io_uring_prep_write_fixed (sqe->buf_index = (__u16) buf_index)',
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
          source: 'io_uring_prep_write_fixed(3), io_uring_register_buffers(3); kernel io_uring/rsrc.c io_find_buf_node() (index past the table or an empty slot: -EFAULT); checked against what liburing-ts saw registered (runtime/registrations.ts), and not when it cannot know (a raw io_uring_register); observed res -EFAULT on Linux 6.18',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of bytes written, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_WRITE_FIXED', fd: 'fd', addr: 'buf', len: 'nbytes', off: 'offset' }, set: [['buf_index', 'buf_index']] },
  quirks: [
    { text: '[buf, buf + nbytes) must lie inside registered buffer buf_index, and buf_index must be below the number of registered buffers: otherwise res -EFAULT. The rules check both against the buffers registered through the checked wrappers (runtime/registrations.ts); after a raw io_uring_register they are unknown and only the kernel checks', source: 'io_uring_prep_write_fixed(3) ("The buf and nbytes arguments must fall within a region specified by buf_index"); observed res -EFAULT on Linux 6.18' },
  ],
  test: {
    async effect({ allocAligned, catchError, errnoNumber, expect, freeAligned, io_uring_get_sqe, io_uring_prep_write_fixed, io_uring_queue_exit, io_uring_register_buffers, io_uring_sqe_set_data64, IORING_OP_WRITE_FIXED, Iovec, newRing, pageSize, tempDir, unchecked_io_uring_prep_write_fixed, waitOne }) {
      const { openSync, closeSync, readFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('data'), 'w+');
      const mem = allocAligned(pageSize());
      try {
        const iov = Iovec.array(1);
        iov.item(0).iov_base = mem;
        iov.item(0).iov_len = mem.byteLength;
        expect(io_uring_register_buffers(ring, iov, 1)).toBe(0);
        mem.set(new TextEncoder().encode('from a registered buffer'), 200);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_write_fixed(sqe, fd, mem.subarray(207), 17, 0, 0);
        expect(sqe.opcode).toBe(IORING_OP_WRITE_FIXED);
        io_uring_sqe_set_data64(sqe, 8n);
        expect(waitOne(ring)).toMatchObject({ user_data: 8n, res: 17 });
        expect(readFileSync(dir.file('data'), 'utf8')).toBe('registered buffer');
        // The last bytes of the registered buffer are fine; memory that is not registered is refused
        // before C, and C (the unchecked twin, on the same SQE) gets -EFAULT from the kernel.
        io_uring_prep_write_fixed(io_uring_get_sqe(ring)!, fd, mem.subarray(pageSize() - 8), 8, 0, 0);
        expect(waitOne(ring).res).toBe(8);
        const stray = io_uring_get_sqe(ring)!;
        expect(catchError(() => io_uring_prep_write_fixed(stray, fd, new Uint8Array(32), 32, 0, 0))).toMatchObject({ name: 'PreconditionError', parameter: 'buf', cCode: 'EFAULT' });
        unchecked_io_uring_prep_write_fixed(stray, fd, new Uint8Array(32), 32, 0, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('EFAULT'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
      freeAligned(mem);
    },
    async valid({ allocAligned, exitQuietly, io_uring_get_sqe, io_uring_prep_write_fixed, io_uring_register_buffers, Iovec, newRing, pageSize, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('data'), 'w');
      const mem = allocAligned(pageSize());
      const iov = Iovec.array(1);
      iov.item(0).iov_base = mem;
      iov.item(0).iov_len = mem.byteLength;
      io_uring_register_buffers(ring, iov, 1);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, fd, mem.subarray(0, 16), 16, 0, 0] as Parameters<typeof io_uring_prep_write_fixed>;
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
