import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_clone_buffers',
  since: '2.8',
  category: 'register',
  summary: 'Give ring dst the same registered buffers as ring src, without pinning the memory again.',
  description:
    'The result is as if dst had registered the same iovecs itself (IORING_REGISTER_CLONE_BUFFERS), but the kernel shares ' +
    'src\'s existing mappings. dst must have no buffer table; both rings must belong to the same process (address space). ' +
    'The memory stays in use until both rings have unregistered the buffers or exited. Linux 6.12+.',
  man: 'io_uring_clone_buffers(3)',
  params: [
    { name: 'dst', type: 'struct io_uring *', doc: 'The ring that receives the buffers; it must have none registered.' },
    { name: 'src', type: 'struct io_uring *', doc: 'The ring whose registered buffers are cloned.' },
  ],
  bookkeeping: { kind: 'buffers-clone', whole: true },
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    ENXIO: 'src has no registered buffers',
    EBUSY: 'dst already has registered buffers (unregister them first, or use io_uring_clone_buffers_offset with IORING_REGISTER_DST_REPLACE); also when dst and src are the same ring',
    ENOMEM: 'not enough memory for dst\'s table',
    EINVAL: 'the kernel is older than 6.12, or src\'s registered ring index (see quirks) is not valid in this thread',
  },
  quirks: [
    { text: 'when src\'s ring fd is registered (io_uring_register_ring_fd), liburing 2.9 names src by its registered index (IORING_REGISTER_SRC_REGISTERED), which is only valid in the thread that registered it', source: 'liburing 2.9 io_uring_clone_buffers_offset() (disassembly of liburing-ffi.so.2.9: INT_FLAG_REG_RING selects enter_ring_fd and sets flag bit 0); io_uring_clone_buffers(3) in liburing 2.10+ describes the problem' },
    { text: 'the clone keeps the buffers pinned as long as either ring has them: the memory must stay alive until both have unregistered or exited; liburing-ts does not track it', source: 'io_uring_clone_buffers(3) NOTES (man3/io_uring_clone_buffers.3:94); kernel io_uring/rsrc.c io_clone_buffers()' },
  ],
  test: {
    async effect({ catchError, expect, io_uring_clone_buffers, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_register_buffers, IORING_OP_READ_FIXED, Iovec, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync, readFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), 'cloned buffers');
      const fd = openSync(dir.file('data'), 'r');
      const src = newRing(4);
      const dst = newRing(4);
      const a = new Uint8Array(32);
      const b = new Uint8Array(32);
      const iovecs = Iovec.array(2);
      iovecs.item(0).iov_base = a;
      iovecs.item(0).iov_len = a.byteLength;
      iovecs.item(1).iov_base = b;
      iovecs.item(1).iov_len = b.byteLength;
      try {
        expect(catchError(() => io_uring_clone_buffers(dst, src))).toMatchObject({ name: 'UringError', code: 'ENXIO' });
        expect(io_uring_register_buffers(src, iovecs, 2)).toBe(0);
        expect(io_uring_clone_buffers(dst, src)).toBe(0);
        expect(readFileSync(`/proc/self/fdinfo/${dst.ring_fd}`, 'utf8')).toMatch(/UserBufs:\s+2/);
        // dst reads into src's buffer 1 as its own fixed buffer 1.
        const sqe = io_uring_get_sqe(dst)!;
        io_uring_prep_read(sqe, fd, b, 6, 0);
        sqe.opcode = IORING_OP_READ_FIXED;
        sqe.buf_index = 1;
        expect(waitOne(dst).res).toBe(6);
        expect(Buffer.from(b.subarray(0, 6)).toString()).toBe('cloned');
        // dst has a table now: cloning again is refused.
        expect(catchError(() => io_uring_clone_buffers(dst, src))).toMatchObject({ name: 'UringError', code: 'EBUSY' });
      } finally {
        io_uring_queue_exit(dst);
        io_uring_queue_exit(src);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_clone_buffers, io_uring_register_buffers, Iovec, newRing }) {
      const src = newRing(4);
      const dst = newRing(4);
      const mem = new Uint8Array(64);
      const iovecs = Iovec.array(1);
      iovecs.iov_base = mem;
      iovecs.iov_len = mem.byteLength;
      io_uring_register_buffers(src, iovecs, 1);
      const args = [dst, src] as Parameters<typeof io_uring_clone_buffers>;
      return {
        args,
        cleanup: () => {
          exitQuietly(dst);
          exitQuietly(src);
        },
      };
    },
  },
});
