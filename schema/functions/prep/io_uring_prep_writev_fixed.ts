import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_writev_fixed',
  since: '2.10',
  category: 'prep',
  inline: true,
  summary: 'Prepare a vectored write at an offset whose buffers lie in the ring\'s registered buffer buf_index.',
  description:
    'Like io_uring_prep_writev2, with IORING_OP_WRITEV_FIXED: every iovec must point into registered buffer buf_index (io_uring_register_buffers), which saves mapping the pages on each request. The completion res is the number of bytes, or -errno. Linux 6.15 (IORING_OP_WRITEV_FIXED); older kernels complete it with -EINVAL.',
  man: 'io_uring_prep_writev_fixed(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'fd', type: 'int', doc: 'The file descriptor to write (with IOSQE_FIXED_FILE: a registered file index).' },
    { name: 'iovecs', type: 'const struct iovec *', count: 'nr_vecs', countSource: 'io_uring_prep_writev_fixed(3): iovecs is an array of nr_vecs struct iovec (as preadv2(2) and pwritev2(2) take them)', ownership: 'completion', doc: 'The buffers, each inside registered buffer buf_index: Iovec.array(n).' },
    { name: 'nr_vecs', type: 'unsigned', doc: 'How many iovecs to use.' },
    { name: 'offset', type: '__u64', minusOne: 'the current file position, which the write uses and advances (0xffffffffffffffffn is the same)', doc: 'The file offset. Must be 0 or -1 for files that cannot seek.' },
    { name: 'flags', type: 'int', doc: 'preadv2(2)/pwritev2(2) RWF_* flags, or 0.' },
    { name: 'buf_index', type: 'int', doc: 'The index of the registered buffer the iovecs point into.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of bytes, or -errno.' },
  sqe: {
    // io_uring_prep_writev2(sqe, fd, iovecs, nr_vecs, offset, flags), then opcode = IORING_OP_WRITEV_FIXED and buf_index = (__u16) buf_index.
    rw: { op: 'IORING_OP_WRITEV_FIXED', fd: 'fd', addr: 'iovecs', len: 'nr_vecs', off: 'offset' },
    set: [['rw_flags', 'flags'], ['buf_index', 'buf_index']],
  },
  errors: {
    EFAULT: 'no registered buffer buf_index, or an iovec outside it',
    EINVAL: 'bad flags or nr_vecs, or a kernel without the opcode (before Linux 6.15)',
    EBADF: 'fd is not open',
  },
  test: {
    async effect({ catchError, completeOne, errnoNumber, expect, io_uring_check_version, io_uring_get_sqe, io_uring_prep_writev_fixed, io_uring_queue_exit, IORING_OP_WRITEV_FIXED, Iovec, kernelHas, liburingVersion, newRing, tempDir, UnsupportedError }) {
      const { closeSync, openSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'hello, fixed buffers');
      const fd = openSync(dir.file('data'), 'r+');
      try {
        const buf = new Uint8Array(8);
        const iovecs = Iovec.array(1);
        iovecs.item(0).iov_base = buf;
        iovecs.item(0).iov_len = buf.length;
        const sqe = io_uring_get_sqe(ring)!;
        if (io_uring_check_version(2, 10)) {
          // liburing older than 2.10 has no io_uring_prep_writev_fixed: importing works, calling throws UnsupportedError.
          const error = catchError(() => io_uring_prep_writev_fixed(sqe, fd, iovecs, 1, 0, 0, 0));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: 'io_uring_prep_writev_fixed', needed: '2.10', loaded: liburingVersion() });
          expect(error.message).toContain(`needs liburing 2.10 or newer, but liburing ${liburingVersion()} is loaded`);
          return;
        }
        io_uring_prep_writev_fixed(sqe, fd, iovecs, 1, 7, 0, 3);
        expect(sqe.opcode).toBe(IORING_OP_WRITEV_FIXED);
        expect(sqe.fd).toBe(fd);
        expect(sqe.addr).toBe(iovecs.address);
        expect(sqe.len).toBe(1);
        expect(sqe.off).toBe(7n);
        expect(sqe.buf_index).toBe(3);
        const res = await completeOne(ring);
        if (!kernelHas(IORING_OP_WRITEV_FIXED)) {
          // Before Linux 6.15 the kernel does not know IORING_OP_WRITEV_FIXED.
          expect(res).toBe(-errnoNumber('EINVAL'));
          return;
        }
        // The request reaches the kernel, which looks up registered buffer 3: this ring has none.
        expect(res).toBe(-errnoNumber('EFAULT'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    // A prepared SQE that is never submitted: what the rules (the element count) are checked against.
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_writev_fixed, Iovec, newRing }) {
      const ring = newRing(4);
      const args = [io_uring_get_sqe(ring)!, 1, Iovec.array(2), 2, 0, 0, 0] as Parameters<typeof io_uring_prep_writev_fixed>;
      return { args, cleanup: () => exitQuietly(ring) };
    },
  },
});
