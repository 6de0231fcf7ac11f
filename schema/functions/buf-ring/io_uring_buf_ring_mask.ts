import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_buf_ring_mask',
  since: '2.2',
  category: 'buf-ring',
  inline: true,
  js: 'bufRingMask(ring_entries)',
  summary: 'The index mask of a buffer ring of ring_entries entries (ring_entries - 1), for io_uring_buf_ring_add.',
  man: 'io_uring_buf_ring_mask(3)',
  params: [
    {
      name: 'ring_entries',
      type: '__u32',
      doc: 'The ring\'s number of entries, as given to io_uring_setup_buf_ring or io_uring_buf_reg.ring_entries.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 32768 },
          message: 'ring_entries must be a buffer ring size, 1 to 32768 (0 would give the mask -1, which indexes past any ring)',
          source: 'io_uring_buf_ring_mask(3) ("ring_entries is the ring entries as specified in io_uring_register_buf_ring"); io_uring_register_buf_ring(3) ("maximum size allowed is 2^15")',
          errno: null,
        },
        {
          rule: { kind: 'powerOfTwo' },
          message: 'ring_entries must be a power of two: for other sizes ring_entries - 1 is not a mask, and slots would be skipped',
          source: 'io_uring_register_buf_ring(3) ("must be a power-of-2 in size"); liburing.h io_uring_buf_ring_mask (ring_entries - 1)',
          errno: null,
        },
      ],
    },
  ],
  returns: { kind: 'value', type: 'int', doc: 'ring_entries - 1.' },
  test: {
    async effect({ expect, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_buf_ring_mask, io_uring_free_buf_ring, io_uring_queue_exit, io_uring_setup_buf_ring, newRing }) {
      expect(io_uring_buf_ring_mask(1)).toBe(0);
      expect(io_uring_buf_ring_mask(8)).toBe(7);
      expect(io_uring_buf_ring_mask(32768)).toBe(32767);
      // With the mask, slots wrap around: once the tail has passed the end, the next buffer goes to slot 0 again.
      const ring = newRing(4);
      try {
        const br = io_uring_setup_buf_ring(ring, 4, 0, 0, new Int32Array(1))!;
        const mask = io_uring_buf_ring_mask(4);
        for (let i = 0; i < 4; i++) io_uring_buf_ring_add(br, new Uint8Array(8), 8, i, mask, i);
        expect([0, 1, 2, 3].map((i) => br.bufs(i).bid)).toEqual([0, 1, 2, 3]);
        io_uring_buf_ring_advance(br, 4);
        expect(br.tail).toBe(4);
        io_uring_buf_ring_add(br, new Uint8Array(8), 8, 42, mask, 1);
        expect(br.bufs(1).bid).toBe(42);
        io_uring_free_buf_ring(ring, br, 4, 0);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ io_uring_buf_ring_mask }) {
      const args = [8] as Parameters<typeof io_uring_buf_ring_mask>;
      return { args };
    },
  },
});
