import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_buf_ring_advance',
  since: '2.2',
  category: 'buf-ring',
  inline: true,
  js: 'bufRingAdvance(br, count)',
  summary: 'Publish the last count buffers added with io_uring_buf_ring_add: move the ring tail, so the kernel can use them.',
  description: 'The tail is a 16-bit counter stored with release semantics; it wraps. count is the number of buffers added since the last advance.',
  man: 'io_uring_buf_ring_advance(3)',
  params: [
    { name: 'br', type: 'struct io_uring_buf_ring *', doc: 'The buffer ring.' },
    {
      name: 'count',
      type: 'int',
      doc: 'How many buffers were added since the last advance.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'count >= 0 && count * 16 <= byteLength(br.bytes)', says: 'count must be the number of buffers added since the last advance: 0 to the ring\'s entries' },
          message: 'count must be from 0 to the ring\'s entries (the buffers added since the last advance): a negative or larger count hands the kernel slots that hold no new buffer',
          source: 'io_uring_buf_ring_advance(3) ("commits count previously added buffers"); liburing 2.9 liburing.h io_uring_buf_ring_advance (tail + count, unchecked)',
          errno: null,
          unprovable: 'the kernel would take ring slots holding stale buffers, whose memory may be gone, and write into them',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing.' },
  quirks: [
    { text: 'the ring-size bound uses the IoUringBufRing\'s byte length, which is 32768 entries for a ring from io_uring_setup_buf_ring; nothing can check that count buffers were really added', source: 'liburing-ts generated IoUringBufRing.borrow; liburing 2.9 liburing.h' },
  ],
  test: {
    async effect({ expect, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_buf_ring_available, io_uring_buf_ring_mask, io_uring_free_buf_ring, io_uring_queue_exit, io_uring_setup_buf_ring, newRing }) {
      const ring = newRing(4);
      try {
        const br = io_uring_setup_buf_ring(ring, 8, 5, 0, new Int32Array(1))!;
        const mask = io_uring_buf_ring_mask(8);
        for (let i = 0; i < 3; i++) io_uring_buf_ring_add(br, new Uint8Array(16), 16, i, mask, i);
        // Added but not published: the kernel sees none.
        expect(io_uring_buf_ring_available(ring, br, 5)).toBe(0);
        io_uring_buf_ring_advance(br, 3);
        expect(br.tail).toBe(3);
        expect(io_uring_buf_ring_available(ring, br, 5)).toBe(3);
        io_uring_free_buf_ring(ring, br, 8, 5);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ addressOf, allocAligned, freeAligned, io_uring_buf_ring_advance, IoUringBuf, IoUringBufRing, OWNED }) {
      const mem = allocAligned(4096);
      const br = IoUringBufRing.at(new DataView(mem.buffer, mem.byteOffset, 8 * IoUringBuf.size), 0, addressOf(mem), OWNED);
      const args = [br, 1] as Parameters<typeof io_uring_buf_ring_advance>;
      return {
        args,
        cleanup: () => {
          freeAligned(mem);
        },
      };
    },
    violations: {
      'count.relation': { args: { count: -1 } },
    },
  },
});
