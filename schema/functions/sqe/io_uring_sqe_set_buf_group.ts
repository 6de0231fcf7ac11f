import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_sqe_set_buf_group',
  since: '2.9',
  category: 'sqe',
  inline: true,
  summary: "Set the SQE's buffer group: the provided buffers a request with IOSQE_BUFFER_SELECT picks from.",
  description:
    'For reads and receives with IOSQE_BUFFER_SELECT (and no buffer of their own): the kernel takes a buffer of group bgid ' +
    '(io_uring_setup_buf_ring, io_uring_prep_provide_buffers), and the completion flags carry IORING_CQE_F_BUFFER and the buffer ID ' +
    '(flags >> IORING_CQE_BUFFER_SHIFT).',
  man: 'io_uring_sqe_set_buf_group(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE, already prepared.' },
    {
      name: 'bgid',
      type: 'int',
      doc: 'The buffer group ID, 0 to 65535.',
      preconditions: [
        {
          rule: { kind: 'range', min: 0, max: 65535 },
          message: 'bgid must be from 0 to 65535: sqe.buf_group has 16 bits, and C silently keeps only the low ones (65536 becomes group 0)',
          source: 'liburing 2.9 liburing.h io_uring_sqe_set_buf_group (sqe->buf_group = (__u16) bgid)',
          errno: null,
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing.' },
  quirks: [
    { text: 'buf_group shares its bytes with buf_index: call it after the prep helper, and not for requests that use a registered buffer index', source: 'liburing/io_uring.h struct io_uring_sqe (union { buf_index; buf_group; })' },
    { text: 'a request with IOSQE_BUFFER_SELECT whose group is empty or does not exist completes with -ENOBUFS', source: 'observed on Linux 6.18' },
  ],
  sqe: { set: [['buf_group', 'bgid']] },
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_provide_buffers, io_uring_prep_read, io_uring_queue_exit, io_uring_sqe_set_buf_group, io_uring_sqe_set_flags, IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IOSQE_BUFFER_SELECT, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), 'buffer select');
      const fd = openSync(dir.file('data'), 'r');
      const ring = newRing(4);
      try {
        // Group 3 gets one buffer, with buffer ID 21.
        const pool = new Uint8Array(32);
        const p = io_uring_get_sqe(ring)!;
        io_uring_prep_provide_buffers(p, pool, 32, 1, 3, 21);
        expect(waitOne(ring).res).toBeGreaterThanOrEqual(0);
        // A read that brings no buffer of its own, but selects one from group 3.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_read(sqe, fd, new Uint8Array(32), 32, 0);
        sqe.addr = 0n;
        io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
        io_uring_sqe_set_buf_group(sqe, 3);
        expect(sqe.buf_group).toBe(3);
        const c = waitOne(ring);
        expect(c.res).toBe(13);
        expect(c.flags & IORING_CQE_F_BUFFER).toBe(IORING_CQE_F_BUFFER);
        expect(c.flags >>> IORING_CQE_BUFFER_SHIFT).toBe(21);
        expect(Buffer.from(pool.subarray(0, 13)).toString()).toBe('buffer select');
        // Group 3 is empty now: the next such read finds no buffer.
        const again = io_uring_get_sqe(ring)!;
        io_uring_prep_read(again, fd, new Uint8Array(32), 32, 0);
        again.addr = 0n;
        io_uring_sqe_set_flags(again, IOSQE_BUFFER_SELECT);
        io_uring_sqe_set_buf_group(again, 3);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOBUFS'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_nop, io_uring_sqe_set_buf_group, newRing }) {
      const ring = newRing(4);
      const sqe = io_uring_get_sqe(ring)!;
      io_uring_prep_nop(sqe);
      const args = [sqe, 1] as Parameters<typeof io_uring_sqe_set_buf_group>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
