import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_buf_ring_init',
  since: '2.2',
  category: 'buf-ring',
  inline: true,
  js: 'bufRingInit(br)',
  summary: 'Initialize a buffer ring before use: set its tail to 0.',
  description:
    'Needed for a ring registered with io_uring_register_buf_ring over memory of your own (io_uring_setup_buf_ring already does it). ' +
    'Call it before adding buffers, not while the kernel may be consuming them.',
  man: 'io_uring_buf_ring_init(3)',
  params: [{ name: 'br', type: 'struct io_uring_buf_ring *', doc: 'The buffer ring.' }],
  returns: { kind: 'void', type: 'void', doc: 'Nothing.' },
  quirks: [
    { text: 'only the tail (the resv field of bufs[0]) is written; buffer entries are left as they are', source: 'liburing 2.9 liburing.h io_uring_buf_ring_init (br->tail = 0)' },
  ],
  test: {
    async effect({ addressOf, allocAligned, expect, freeAligned, io_uring_buf_ring_add, io_uring_buf_ring_init, IoUringBuf, IoUringBufRing, OWNED }) {
      const mem = allocAligned(4096);
      mem.fill(0xff);
      const br = IoUringBufRing.at(new DataView(mem.buffer, mem.byteOffset, 8 * IoUringBuf.size), 0, addressOf(mem), OWNED);
      expect(br.tail).toBe(0xffff);
      io_uring_buf_ring_init(br);
      expect(br.tail).toBe(0);
      // Only the tail: the rest of bufs[0] is untouched.
      expect(br.bufs(0).len).toBe(0xffffffff);
      // With the tail at 0, the first buffer added lands in slot 0.
      io_uring_buf_ring_add(br, new Uint8Array(4), 4, 9, 7, 0);
      expect(br.bufs(0).bid).toBe(9);
      expect(br.bufs(0).len).toBe(4);
      freeAligned(mem);
    },
  },
});
