import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_clone_buffers_offset',
  since: '2.9',
  category: 'register',
  summary: 'Clone nr of src\'s registered buffers, from slot src_off, into dst\'s slots from dst_off (all of them when all three are 0).',
  description:
    'Like io_uring_clone_buffers, for a range. dst\'s table grows to hold dst_off + nr slots. With IORING_REGISTER_DST_REPLACE ' +
    'in flags dst may already have a table: the slots in the range are replaced (the buffers there are released). ' +
    'dst_off = src_off = nr = 0 clones the whole table. Linux 6.13+ (6.12 only supports the whole-table form).',
  man: 'io_uring_clone_buffers_offset(3)',
  params: [
    { name: 'dst', type: 'struct io_uring *', doc: 'The ring that receives the buffers.' },
    { name: 'src', type: 'struct io_uring *', doc: 'The ring whose registered buffers are cloned.' },
    { name: 'dst_off', type: 'unsigned int', doc: 'The first slot of dst to fill.' },
    {
      name: 'src_off',
      type: 'unsigned int',
      doc: 'The first slot of src to clone.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'src_off + nr <= 0xffffffff', says: 'src_off + nr must not overflow 32 bits' },
          message: 'src_off + nr must fit in 32 bits (and, for the kernel, not exceed src\'s table)',
          source: 'kernel io_uring/rsrc.c io_clone_buffers() (check_add_overflow gives -EOVERFLOW); observed -EOVERFLOW for src_off 0xffffffff, nr 2 on Linux 6.18',
          errno: 'EOVERFLOW',
        },
      ],
    },
    {
      name: 'nr',
      type: 'unsigned int',
      doc: 'How many buffers to clone; 0 (with both offsets 0) for all.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'nr > 0 || (dst_off === 0 && src_off === 0)', says: 'nr 0 (the whole table) needs both offsets 0' },
          message: 'nr may be 0 only with dst_off and src_off 0 (which clones the whole table)',
          source: 'io_uring_clone_buffers_offset(3) ("If both dst_off, src_off, and nr are given as 0 ...", man3/io_uring_clone_buffers.3:67-70); kernel io_uring/rsrc.c io_clone_buffers(); observed -EINVAL for nr 0 with src_off 1 on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
    {
      name: 'flags',
      type: 'unsigned int',
      doc: '0, or IORING_REGISTER_DST_REPLACE to replace slots of a table dst already has.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['IORING_REGISTER_DST_REPLACE'] },
          message: 'flags must be 0 or IORING_REGISTER_DST_REPLACE; IORING_REGISTER_SRC_REGISTERED is for liburing to set (it does when src\'s ring fd is registered), and set by hand it makes the kernel read src\'s fd as a registered-ring index',
          source: 'io_uring_clone_buffers_offset(3) ("flags may be set to the following value: IORING_REGISTER_DST_REPLACE", man3/io_uring_clone_buffers.3:80-82); kernel io_uring/rsrc.c io_register_clone_buffers() (unknown flags give -EINVAL); observed -EINVAL for 4 and for IORING_REGISTER_SRC_REGISTERED on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  bookkeeping: { kind: 'buffers-clone', whole: false },
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    ENXIO: 'src has no registered buffers',
    EBUSY: 'dst already has registered buffers and IORING_REGISTER_DST_REPLACE was not given',
    EOVERFLOW: 'src_off + nr overflows or goes past src\'s table',
    EINVAL: 'unknown flags, nr 0 with an offset, or the kernel is older than 6.13',
    ENOMEM: 'not enough memory for dst\'s table',
  },
  quirks: [
    { text: 'a range that ends past src\'s table gives -EOVERFLOW, not -EINVAL', source: 'kernel io_uring/rsrc.c io_clone_buffers(); observed -EOVERFLOW for src_off 2, nr 2 of 3 buffers on Linux 6.18' },
    { text: 'when src\'s ring fd is registered (io_uring_register_ring_fd), liburing 2.9 names src by its registered index and adds IORING_REGISTER_SRC_REGISTERED, valid only in the registering thread', source: 'disassembly of liburing-ffi.so.2.9 io_uring_clone_buffers_offset()' },
    { text: 'the cloned buffers stay pinned as long as either ring has them; liburing-ts does not keep their memory alive', source: 'io_uring_clone_buffers(3) NOTES' },
  ],
  test: {
    async effect({ catchError, errnoNumber, expect, io_uring_clone_buffers_offset, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_register_buffers, IORING_OP_READ_FIXED, IORING_REGISTER_DST_REPLACE, Iovec, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), 'partial clone');
      const fd = openSync(dir.file('data'), 'r');
      const src = newRing(4);
      const dst = newRing(4);
      const bufs = [new Uint8Array(32), new Uint8Array(32), new Uint8Array(32)];
      const iovecs = Iovec.array(3);
      bufs.forEach((m, i) => {
        iovecs.item(i).iov_base = m;
        iovecs.item(i).iov_len = m.byteLength;
      });
      const readFixed = (into: Uint8Array, index: number) => {
        const sqe = io_uring_get_sqe(dst)!;
        io_uring_prep_read(sqe, fd, into, 7, 0);
        sqe.opcode = IORING_OP_READ_FIXED;
        sqe.buf_index = index;
        return waitOne(dst).res;
      };
      try {
        expect(io_uring_register_buffers(src, iovecs, 3)).toBe(0);
        // src's buffers 1 and 2 become dst's 0 and 1.
        expect(io_uring_clone_buffers_offset(dst, src, 0, 1, 2, 0)).toBe(0);
        expect(readFixed(bufs[2]!, 1)).toBe(7);
        expect(Buffer.from(bufs[2]!.subarray(0, 7)).toString()).toBe('partial');
        expect(readFixed(bufs[0]!, 0)).toBe(-errnoNumber('EFAULT'));
        // Into an existing table only with DST_REPLACE: src's buffer 0 replaces dst's slot 0.
        expect(catchError(() => io_uring_clone_buffers_offset(dst, src, 0, 0, 1, 0))).toMatchObject({ name: 'UringError', code: 'EBUSY' });
        expect(io_uring_clone_buffers_offset(dst, src, 0, 0, 1, IORING_REGISTER_DST_REPLACE)).toBe(0);
        expect(readFixed(bufs[0]!, 0)).toBe(7);
        // A range past src's three buffers.
        expect(catchError(() => io_uring_clone_buffers_offset(dst, src, 0, 2, 2, IORING_REGISTER_DST_REPLACE))).toMatchObject({ name: 'UringError', code: 'EOVERFLOW' });
      } finally {
        io_uring_queue_exit(dst);
        io_uring_queue_exit(src);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_clone_buffers_offset, io_uring_register_buffers, Iovec, newRing }) {
      const src = newRing(4);
      const dst = newRing(4);
      const mem = new Uint8Array(64);
      const iovecs = Iovec.array(2);
      iovecs.item(0).iov_base = mem;
      iovecs.item(0).iov_len = 32;
      iovecs.item(1).iov_base = mem.subarray(32);
      iovecs.item(1).iov_len = 32;
      io_uring_register_buffers(src, iovecs, 2);
      const args = [dst, src, 0, 1, 1, 0] as Parameters<typeof io_uring_clone_buffers_offset>;
      return {
        args,
        cleanup: () => {
          exitQuietly(dst);
          exitQuietly(src);
        },
      };
    },
    violations: {
      'src_off.relation': { args: { src_off: 0xffffffff } },
      'nr.relation': { args: { nr: 0 } },
      'flags.flags': { args: { flags: 4 } },
    },
  },
});
