import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_unregister_buf_ring',
  since: '2.2',
  category: 'buf-ring',
  summary: 'Unregister the buffer ring of buffer group bgid (IORING_UNREGISTER_PBUF_RING).',
  description:
    'After it the kernel no longer uses the ring or its buffers, so their memory may be freed. For a ring from io_uring_setup_buf_ring use ' +
    'io_uring_free_buf_ring instead, which also unmaps liburing\'s memory.',
  man: 'io_uring_unregister_buf_ring(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'bgid',
      type: 'int',
      doc: 'The group ID of the buffer ring, 0 to 65535.',
      preconditions: [
        {
          rule: { kind: 'range', min: 0, max: 65535 },
          message: 'bgid must be from 0 to 65535: C keeps only the low 16 bits, so 65536 would unregister group 0',
          source: 'liburing 2.9 src/register.c io_uring_unregister_buf_ring (reg.bgid is a __u16)',
          errno: null,
          effect: 'C keeps the low 16 bits: bgid 65537 unregisters group 1',
        },
      ],
    },
  ],
  bookkeeping: 'buf-ring-unregister',
  returns: { kind: 'errno', type: 'int', doc: '0: the ring is unregistered.' },
  errors: {
    ENOENT: 'no buffer ring is registered under bgid',
    EINVAL: 'bgid names a group of provided buffers (io_uring_prep_provide_buffers), not a buffer ring',
  },
  quirks: [
    { text: 'a ring from io_uring_setup_buf_ring unregistered this way stays mapped (liburing\'s memory leaks): use io_uring_free_buf_ring for those', source: 'io_uring_free_buf_ring(3); liburing 2.9 src/setup.c' },
  ],
  test: {
    async effect({ addressOf, allocAligned, catchError, errnoNumber, expect, freeAligned, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_buf_ring_available, io_uring_buf_ring_mask, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_register_buf_ring, io_uring_sqe_set_buf_group, io_uring_sqe_set_flags, io_uring_unregister_buf_ring, IOSQE_BUFFER_SELECT, IoUringBuf, IoUringBufReg, IoUringBufRing, newRing, OWNED, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), 'x');
      const fd = openSync(dir.file('data'), 'r');
      const ring = newRing(4);
      const mem = allocAligned(4096);
      try {
        const reg = new IoUringBufReg();
        reg.ring_addr = addressOf(mem);
        reg.ring_entries = 4;
        reg.bgid = 30;
        io_uring_register_buf_ring(ring, reg, 0);
        const br = IoUringBufRing.at(new DataView(mem.buffer, mem.byteOffset, 4 * IoUringBuf.size), 0, addressOf(mem), OWNED);
        io_uring_buf_ring_add(br, new Uint8Array(8), 8, 1, io_uring_buf_ring_mask(4), 0);
        io_uring_buf_ring_advance(br, 1);
        expect(io_uring_buf_ring_available(ring, br, 30)).toBe(1);
        expect(io_uring_unregister_buf_ring(ring, 30)).toBe(0);
        // The group is gone: the kernel knows no such group, and a read cannot select from it.
        expect(catchError(() => io_uring_buf_ring_available(ring, br, 30))).toMatchObject({ code: 'ENOENT' });
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_read(sqe, fd, new Uint8Array(8), 8, 0);
        sqe.addr = 0n;
        io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
        io_uring_sqe_set_buf_group(sqe, 30);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOBUFS'));
        expect(catchError(() => io_uring_unregister_buf_ring(ring, 30))).toMatchObject({ name: 'UringError', code: 'ENOENT' });
        // The group ID can be registered again.
        expect(io_uring_register_buf_ring(ring, reg, 0)).toBe(0);
        expect(io_uring_unregister_buf_ring(ring, 30)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
        freeAligned(mem);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_unregister_buf_ring, newRing }) {
      const ring = newRing(4);
      const args = [ring, 1] as Parameters<typeof io_uring_unregister_buf_ring>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'bgid.range': {
        args: { bgid: 65537 },
        before: ({ ring }, { io_uring_setup_buf_ring }) => {
          io_uring_setup_buf_ring(ring, 8, 1, 0, new Int32Array(1));
        },
        effect: ({ result, ring }, { errnoNumber, expect, unchecked_io_uring_unregister_buf_ring }) => {
          expect(Number(result)).toBe(0);
          expect(Number(unchecked_io_uring_unregister_buf_ring(ring, 1))).toBe(-errnoNumber('ENOENT'));
        },
      },
    },
  },
});
