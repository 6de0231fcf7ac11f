import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_rw',
  since: '0.1',
  category: 'prep',
  inline: true,
  summary: 'Fill in an SQE\'s opcode, fd, addr, len and off directly: the building block every other prep helper starts from.',
  description:
    'Stores op, fd, addr, len and offset and nothing else (flags, ioprio, rw_flags, buf_index... keep what the SQE held; ' +
    'io_uring_get_sqe clears them). What addr, len and offset mean depends on op, so prefer the helper for the operation, whose checks know it. ' +
    'liburing-ts keeps addr reachable until the completion is seen.',
  man: null,
  params: [
    {
      name: 'op',
      type: 'int',
      doc: 'The IORING_OP_* operation; stored in the SQE\'s 8-bit opcode.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'op >= 0 && op < IORING_OP_LAST', says: 'op must be an IORING_OP_* opcode liburing 2.9 knows (0 to IORING_OP_LAST - 1); the SQE stores it in 8 bits, so other values would wrap to an unrelated opcode' },
          message: 'op must be an IORING_OP_* opcode from 0 to IORING_OP_LAST - 1 (57 in liburing 2.9)',
          source: 'liburing 2.9 liburing/io_uring.h enum io_uring_op; liburing.h io_uring_prep_rw ((__u8) op); kernel io_uring/io_uring.c io_init_req() (opcode >= IORING_OP_LAST gives -EINVAL); observed res -EINVAL for 255 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'fd', type: 'int', doc: 'The file descriptor the operation uses, or -1 (or another value op defines) when it takes none.' },
    { name: 'addr', type: 'const void *', nullable: true, ownership: 'completion', doc: 'The memory the operation uses (a buffer, an iovec array...), or null.' },
    { name: 'len', type: 'unsigned', doc: 'A length or count, as op defines it.' },
    { name: 'offset', type: '__u64', minusOne: 'read and write opcodes take it as the current file position', doc: 'A file offset or other 64-bit value, as op defines it; -1 stands for (__u64)-1.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is what op returns.' },
  sqe: { rw: { op: 'op', fd: 'fd', addr: 'addr', len: 'len', off: 'offset' } },
  quirks: [
    { text: 'no man page in 2.9 (nor upstream); it is an inline helper in liburing.h, exported by liburing-ffi', source: 'liburing 2.9 liburing.h io_uring_prep_rw; liburing-ffi.map LIBURING_2.4' },
    { text: 'op comes first and the SQE second, unlike every other prep helper', source: 'liburing 2.9 liburing.h io_uring_prep_rw(int op, struct io_uring_sqe *sqe, ...)' },
    { text: 'in 2.9 it sets only opcode, fd, off, addr and len; older releases also cleared flags, ioprio, rw_flags, buf_index, personality, file_index and addr3 here (2.9 clears them in io_uring_get_sqe instead)', source: 'liburing 2.9 liburing.h io_uring_prep_rw and io_uring_initialize_sqe' },
    { text: 'nothing relates len to addr: liburing-ts cannot check that addr is large enough for what op does with it', source: 'liburing 2.9 liburing.h io_uring_prep_rw' },
  ],
  test: {
    async effect({ addressOf, expect, io_uring_get_sqe, io_uring_prep_rw, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_NOP, IORING_OP_READ, IORING_OP_WRITE, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, readFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('data'), 'w+');
      try {
        // IORING_OP_WRITE by hand: addr is the buffer, len its length, off the file offset.
        const data = new TextEncoder().encode('raw sqe');
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_rw(IORING_OP_WRITE, sqe, fd, data, data.byteLength, 0);
        expect(sqe.opcode).toBe(IORING_OP_WRITE);
        expect(sqe.fd).toBe(fd);
        expect(sqe.addr).toBe(addressOf(data));
        expect(sqe.len).toBe(data.byteLength);
        expect(sqe.off).toBe(0n);
        io_uring_sqe_set_data64(sqe, 1n);
        expect(waitOne(ring)).toMatchObject({ user_data: 1n, res: 7 });
        expect(readFileSync(dir.file('data'), 'utf8')).toBe('raw sqe');
        // IORING_OP_READ, at offset 4.
        const buf = new Uint8Array(8);
        io_uring_prep_rw(IORING_OP_READ, io_uring_get_sqe(ring)!, fd, buf, 8, 4);
        expect(waitOne(ring).res).toBe(3);
        expect(Buffer.from(buf.subarray(0, 3)).toString()).toBe('sqe');
        // IORING_OP_NOP takes no fd and no memory.
        io_uring_prep_rw(IORING_OP_NOP, io_uring_get_sqe(ring)!, -1, null, 0, 0);
        expect(waitOne(ring).res).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_rw, IORING_OP_NOP, newRing }) {
      const ring = newRing(4);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [IORING_OP_NOP, sqe, -1, null, 0, 0] as Parameters<typeof io_uring_prep_rw>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'op.relation': { args: { op: 255 } },
    },
  },
});
