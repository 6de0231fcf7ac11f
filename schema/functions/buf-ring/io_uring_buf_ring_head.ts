import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_buf_ring_head',
  since: '2.6',
  category: 'buf-ring',
  library: 'liburing',
  summary: "Ask the kernel for a buffer ring's head: the index of the next buffer it will consume.",
  description:
    'IORING_REGISTER_PBUF_STATUS (Linux 6.8+): stores the 16-bit head of buffer group buf_group in head[0]. The entries from head to the ring\'s tail ' +
    'are published and not consumed yet. Only liburing.so.2 exports it (not liburing-ffi.so.2.9).',
  man: null,
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring the buffer ring is registered with.' },
    {
      name: 'buf_group',
      type: 'int',
      doc: 'The buffer ring\'s group ID, 0 to 65535.',
      preconditions: [
        {
          rule: { kind: 'range', min: 0, max: 65535 },
          message: 'buf_group must be a buffer group ID, 0 to 65535',
          source: 'liburing 2.9 src/register.c io_uring_buf_ring_head (io_uring_buf_status.buf_group is a __u32 the kernel looks up as is); observed -ENOENT for 65536 on Linux 6.18',
          errno: 'ENOENT',
        },
      ],
    },
    {
      name: 'head',
      type: 'uint16_t *',
      count: 1,
      countSource: 'liburing.h io_uring_buf_ring_head(ring, buf_group, uint16_t *head): stores the ring head in *head (one uint16_t) on success',
      dir: 'out',
      doc: 'Receives the head (element 0 of a Uint16Array).',
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 when head[0] holds the head.' },
  errors: {
    ENOENT: 'no buffer group buf_group exists in this ring',
    EINVAL: 'buf_group is a group of provided buffers (io_uring_prep_provide_buffers), not a buffer ring, or the kernel is older than 6.8',
  },
  quirks: [
    { text: 'declared in liburing.h and exported by liburing.so.2 since 2.6, but missing from liburing-ffi.so.2.9; liburing-ts binds it from liburing.so.2', source: 'liburing 2.9 liburing-ffi.map (no io_uring_buf_ring_head); nm -D liburing-ffi.so.2.9' },
    { text: 'the head counts consumed buffers modulo 2^16, like the tail: compare with (tail - head) & 0xffff, not with ring indexes', source: 'kernel io_uring/kbuf.c io_register_pbuf_status() (bl->head)' },
    { text: 'liburing 2.9 has no man page for it', source: 'liburing 2.9 man3/ (no io_uring_buf_ring_head.3)' },
  ],
  test: {
    async effect({ catchError, expect, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_buf_ring_head, io_uring_buf_ring_mask, io_uring_free_buf_ring, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_setup_buf_ring, io_uring_sqe_set_buf_group, io_uring_sqe_set_flags, IOSQE_BUFFER_SELECT, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), 'data');
      const fd = openSync(dir.file('data'), 'r');
      const ring = newRing(4);
      try {
        const br = io_uring_setup_buf_ring(ring, 8, 13, 0, new Int32Array(1))!;
        const mask = io_uring_buf_ring_mask(8);
        for (let i = 0; i < 3; i++) io_uring_buf_ring_add(br, new Uint8Array(8), 8, i, mask, i);
        io_uring_buf_ring_advance(br, 3);
        const head = new Uint16Array([0xffff]);
        expect(io_uring_buf_ring_head(ring, 13, head)).toBe(0);
        expect(head[0]).toBe(0);
        // Two reads take two buffers: the head moves by two.
        for (let i = 0; i < 2; i++) {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_read(sqe, fd, new Uint8Array(8), 8, 0);
          sqe.addr = 0n;
          io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
          io_uring_sqe_set_buf_group(sqe, 13);
          expect(waitOne(ring).res).toBe(4);
        }
        expect(io_uring_buf_ring_head(ring, 13, head)).toBe(0);
        expect(head[0]).toBe(2);
        expect(catchError(() => io_uring_buf_ring_head(ring, 14, head))).toMatchObject({ name: 'UringError', code: 'ENOENT' });
        io_uring_free_buf_ring(ring, br, 8, 13);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_buf_ring_head, io_uring_free_buf_ring, io_uring_setup_buf_ring, newRing, withSpare }) {
      const ring = newRing(4);
      const br = io_uring_setup_buf_ring(ring, 8, 1, 0, new Int32Array(1))!;
      const args = [ring, 1, new Uint16Array(1)] as Parameters<typeof io_uring_buf_ring_head>;
      return {
        args,
        spare: withSpare(2, 2),
        cleanup: () => {
          io_uring_free_buf_ring(ring, br, 8, 1);
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'buf_group.range': { args: { buf_group: 65536 } },
      'head.count': { args: { head: () => new Uint16Array(0) } },
    },
  },
});
