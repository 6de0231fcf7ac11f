import { defineFunction } from '../../language.js';

export default defineFunction({
  name: '__io_uring_buf_ring_cq_advance',
  since: '2.4',
  category: 'buf-ring',
  inline: true,
  js: '(bufRingAdvance(br, buf_count), cqAdvance(ring, cq_count))',
  summary: 'Publish buf_count added buffers and consume cq_count completions at once, the two counts apart.',
  description: 'io_uring_buf_ring_advance(br, buf_count) followed by io_uring_cq_advance(ring, cq_count); io_uring_buf_ring_cq_advance is this with both counts equal.',
  man: '__io_uring_buf_ring_cq_advance(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring whose completion queue to advance.' },
    { name: 'br', type: 'struct io_uring_buf_ring *', doc: 'The buffer ring to advance.' },
    {
      name: 'cq_count',
      type: 'int',
      doc: 'How many completions were handled.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'cq_count >= 0 && cq_count <= cqReady(ring)', says: 'cq_count must be from 0 to the completions ready (io_uring_cq_ready(ring))' },
          message: 'cq_count must not exceed io_uring_cq_ready(ring), and not be negative: C would move the CQ head past the tail',
          source: 'io_uring_buf_ring_cq_advance(3); liburing 2.9 liburing.h __io_uring_buf_ring_cq_advance (io_uring_cq_advance(ring, cq_count), unchecked)',
          errno: null,
          unprovable: 'corrupts the completion ring: the head passes the tail',
        },
      ],
    },
    {
      name: 'buf_count',
      type: 'int',
      doc: 'How many buffers were added since the last advance.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'buf_count >= 0 && buf_count * 16 <= byteLength(br.bytes)', says: 'buf_count must be the number of buffers added since the last advance: 0 to the ring\'s entries' },
          message: 'buf_count must be from 0 to the ring\'s entries (the buffers added since the last advance)',
          source: 'io_uring_buf_ring_cq_advance(3); liburing 2.9 liburing.h io_uring_buf_ring_advance (tail + count, unchecked)',
          errno: null,
          unprovable: 'the kernel would take ring slots holding stale buffers, whose memory may be gone, and write into them',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing.' },
  bookkeeping: { kind: 'cq-advance', count: 'cq_count' },
  test: {
    async effect({ __io_uring_buf_ring_cq_advance, expect, io_uring_buf_ring_add, io_uring_buf_ring_available, io_uring_buf_ring_mask, io_uring_cq_ready, io_uring_free_buf_ring, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_setup_buf_ring, io_uring_submit_and_wait, newRing }) {
      const ring = newRing(4);
      try {
        const br = io_uring_setup_buf_ring(ring, 8, 9, 0, new Int32Array(1))!;
        const mask = io_uring_buf_ring_mask(8);
        for (let i = 0; i < 3; i++) io_uring_buf_ring_add(br, new Uint8Array(8), 8, i, mask, i);
        for (let i = 0; i < 2; i++) io_uring_prep_nop(io_uring_get_sqe(ring)!);
        io_uring_submit_and_wait(ring, 2);
        expect(io_uring_cq_ready(ring)).toBe(2);
        // One completion consumed, three buffers published.
        __io_uring_buf_ring_cq_advance(ring, br, 1, 3);
        expect(io_uring_cq_ready(ring)).toBe(1);
        expect(br.tail).toBe(3);
        expect(io_uring_buf_ring_available(ring, br, 9)).toBe(3);
        __io_uring_buf_ring_cq_advance(ring, br, 1, 0);
        expect(io_uring_cq_ready(ring)).toBe(0);
        expect(br.tail).toBe(3);
        io_uring_free_buf_ring(ring, br, 8, 9);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ __io_uring_buf_ring_cq_advance, exitQuietly, io_uring_free_buf_ring, io_uring_get_sqe, io_uring_prep_nop, io_uring_setup_buf_ring, io_uring_submit_and_wait, newRing }) {
      const ring = newRing(4);
      const br = io_uring_setup_buf_ring(ring, 4, 1, 0, new Int32Array(1))!;
      io_uring_prep_nop(io_uring_get_sqe(ring)!);
      io_uring_submit_and_wait(ring, 1);
      // One completion is ready.
      const args = [ring, br, 1, 0] as Parameters<typeof __io_uring_buf_ring_cq_advance>;
      return {
        args,
        cleanup: () => {
          io_uring_free_buf_ring(ring, br, 4, 1);
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'cq_count.relation': { args: { cq_count: 2 } },
      'buf_count.relation': { args: { buf_count: -1 } },
    },
  },
});
