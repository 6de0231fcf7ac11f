import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_buf_ring_available',
  since: '2.6',
  category: 'buf-ring',
  inline: true,
  viaFfi: 'it asks the kernel for the ring\'s head (io_uring_buf_ring_head, IORING_REGISTER_PBUF_STATUS): a system call either way',
  summary: 'How many published buffers of a buffer ring the kernel has not consumed yet.',
  description:
    'Asks the kernel for the ring\'s head (IORING_REGISTER_PBUF_STATUS, Linux 6.8+) and returns (tail - head) as a 16-bit count. ' +
    'With requests in flight that may take buffers, the answer can be out of date at once.',
  man: 'io_uring_buf_ring_available(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring the buffer ring is registered with.' },
    { name: 'br', type: 'struct io_uring_buf_ring *', doc: 'The buffer ring; its tail is read.' },
    { name: 'bgid', type: 'unsigned short', doc: 'The buffer ring\'s group ID.' },
  ],
  returns: { kind: 'count', type: 'int', doc: 'The number of unconsumed entries, 0 or more.' },
  errors: {
    ENOENT: 'no buffer group bgid exists in this ring',
    EINVAL: 'bgid is a group of provided buffers (io_uring_prep_provide_buffers), not a buffer ring, or the kernel is older than 6.8',
  },
  quirks: [
    { text: 'it calls io_uring_buf_ring_head, which liburing-ffi.so.2.9 does not export; the FFI build carries its own copy, so the function works there', source: 'liburing-ffi.so.2.9 symbol table (no io_uring_buf_ring_head; io_uring_buf_ring_available calls a local copy); observed working on Linux 6.18' },
    { text: 'br and bgid are not checked against each other: the head of group bgid is subtracted from br\'s tail', source: 'liburing 2.9 liburing.h io_uring_buf_ring_available' },
  ],
  test: {
    async effect({ catchError, expect, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_buf_ring_available, io_uring_buf_ring_mask, io_uring_free_buf_ring, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_setup_buf_ring, io_uring_sqe_set_buf_group, io_uring_sqe_set_flags, IOSQE_BUFFER_SELECT, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), 'data');
      const fd = openSync(dir.file('data'), 'r');
      const ring = newRing(4);
      try {
        const br = io_uring_setup_buf_ring(ring, 8, 11, 0, new Int32Array(1))!;
        expect(io_uring_buf_ring_available(ring, br, 11)).toBe(0);
        const mask = io_uring_buf_ring_mask(8);
        for (let i = 0; i < 4; i++) io_uring_buf_ring_add(br, new Uint8Array(8), 8, i, mask, i);
        io_uring_buf_ring_advance(br, 4);
        expect(io_uring_buf_ring_available(ring, br, 11)).toBe(4);
        // A read consumes one.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_read(sqe, fd, new Uint8Array(8), 8, 0);
        sqe.addr = 0n;
        io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
        io_uring_sqe_set_buf_group(sqe, 11);
        expect(waitOne(ring).res).toBe(4);
        expect(io_uring_buf_ring_available(ring, br, 11)).toBe(3);
        // No such group.
        expect(catchError(() => io_uring_buf_ring_available(ring, br, 12))).toMatchObject({ name: 'UringError', code: 'ENOENT' });
        io_uring_free_buf_ring(ring, br, 8, 11);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
  },
});
