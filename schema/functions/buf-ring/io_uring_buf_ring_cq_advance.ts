import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_buf_ring_cq_advance',
  since: '2.2',
  category: 'buf-ring',
  inline: true,
  js: '(bufRingAdvance(br, count), cqAdvance(ring, count))',
  summary: 'Publish count re-added buffers and consume count completions at once (io_uring_buf_ring_advance + io_uring_cq_advance).',
  description:
    'For the usual loop: handle count completions that used provided buffers, give each buffer back with io_uring_buf_ring_add, then ' +
    'move both rings forward with one call. Use __io_uring_buf_ring_cq_advance when the two counts differ.',
  man: 'io_uring_buf_ring_cq_advance(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring whose completion queue to advance.' },
    { name: 'br', type: 'struct io_uring_buf_ring *', doc: 'The buffer ring to advance.' },
    {
      name: 'count',
      type: 'int',
      doc: 'How many buffers were added, and how many completions were handled.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'count >= 0 && count <= cqReady(ring) && count * 16 <= byteLength(br.bytes)', says: 'count must be from 0 to the completions ready (io_uring_cq_ready(ring)), and no more than the ring\'s entries' },
          message: 'count must not exceed io_uring_cq_ready(ring) (nor the buffer ring\'s entries), and not be negative: C would move the CQ head past the tail',
          source: 'io_uring_buf_ring_cq_advance(3); liburing 2.9 liburing.h __io_uring_buf_ring_cq_advance (io_uring_cq_advance(ring, count), unchecked)',
          errno: null,
          unprovable: 'corrupts the completion ring: the head passes the tail',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing.' },
  bookkeeping: { kind: 'cq-advance', count: 'count' },
  test: {
    async effect({ expect, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_buf_ring_available, io_uring_buf_ring_cq_advance, io_uring_buf_ring_mask, io_uring_cq_ready, io_uring_cqe_seen, io_uring_free_buf_ring, io_uring_get_sqe, io_uring_peek_cqe, io_uring_prep_read, io_uring_queue_exit, io_uring_setup_buf_ring, io_uring_sqe_set_buf_group, io_uring_sqe_set_flags, io_uring_submit_and_wait, IORING_CQE_BUFFER_SHIFT, IOSQE_BUFFER_SELECT, IoUringCqe, newRing, OutPointer, tempDir }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), 'abcdefgh');
      const fd = openSync(dir.file('data'), 'r');
      const ring = newRing(4);
      try {
        const br = io_uring_setup_buf_ring(ring, 4, 8, 0, new Int32Array(1))!;
        const mask = io_uring_buf_ring_mask(4);
        const buf = new Uint8Array(8);
        io_uring_buf_ring_add(br, buf, 8, 1, mask, 0);
        io_uring_buf_ring_advance(br, 1);
        const read = () => {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_read(sqe, fd, new Uint8Array(8), 8, 0);
          sqe.addr = 0n;
          io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
          io_uring_sqe_set_buf_group(sqe, 8);
          io_uring_submit_and_wait(ring, 1);
        };
        read();
        const out = new OutPointer<IoUringCqe>();
        expect(io_uring_peek_cqe(ring, out)).toBe(0);
        expect(out.value!.flags >>> IORING_CQE_BUFFER_SHIFT).toBe(1);
        expect(io_uring_buf_ring_available(ring, br, 8)).toBe(0);
        // Give buffer 1 back and consume the completion, in one call.
        io_uring_buf_ring_add(br, buf, 8, 1, mask, 0);
        io_uring_buf_ring_cq_advance(ring, br, 1);
        expect(io_uring_cq_ready(ring)).toBe(0);
        expect(io_uring_buf_ring_available(ring, br, 8)).toBe(1);
        // The buffer is used again by the next read.
        read();
        expect(io_uring_peek_cqe(ring, out)).toBe(0);
        expect(out.value!.res).toBe(8);
        expect(out.value!.flags >>> IORING_CQE_BUFFER_SHIFT).toBe(1);
        io_uring_cqe_seen(ring, out.value);
        io_uring_free_buf_ring(ring, br, 4, 8);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_buf_ring_cq_advance, io_uring_free_buf_ring, io_uring_get_sqe, io_uring_prep_nop, io_uring_setup_buf_ring, io_uring_submit_and_wait, newRing }) {
      const ring = newRing(4);
      const br = io_uring_setup_buf_ring(ring, 4, 1, 0, new Int32Array(1))!;
      io_uring_prep_nop(io_uring_get_sqe(ring)!);
      io_uring_submit_and_wait(ring, 1);
      // One completion is ready.
      const args = [ring, br, 1] as Parameters<typeof io_uring_buf_ring_cq_advance>;
      return {
        args,
        cleanup: () => {
          io_uring_free_buf_ring(ring, br, 4, 1);
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'count.relation': { args: { count: 2 } },
    },
  },
});
