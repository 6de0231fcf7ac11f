import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_buf_ring_add',
  since: '2.2',
  category: 'buf-ring',
  inline: true,
  js: 'bufRingAdd(br, addr, len, bid, mask, buf_offset)',
  summary: 'Put a buffer in a buffer ring slot, buf_offset past the tail; io_uring_buf_ring_advance publishes it.',
  description:
    'Writes addr, len and bid into slot (tail + buf_offset) & mask. Add n buffers with buf_offset 0 .. n-1, then call io_uring_buf_ring_advance(br, n) ' +
    '(or io_uring_buf_ring_cq_advance) to hand them to the kernel. A request that picks one reports bid in its completion flags ' +
    '(flags >> IORING_CQE_BUFFER_SHIFT) and the data is in addr.',
  man: 'io_uring_buf_ring_add(3)',
  params: [
    { name: 'br', type: 'struct io_uring_buf_ring *', doc: 'The buffer ring.' },
    {
      name: 'addr',
      type: 'void *',
      doc: 'The buffer. The kernel writes into it whenever a request picks it, long after this call; liburing-ts keeps it alive while the buffer ring is registered.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'len <= byteLength(addr)', says: 'len must not exceed the byte length of addr, or the kernel would write past it' },
          message: 'len must not be larger than addr: a request that picks this buffer may fill len bytes of it',
          source: 'io_uring_buf_ring_add(3) ("The buffer address is indicated by addr and is of len bytes of length"); nothing in liburing or the kernel knows the memory\'s size',
          errno: null,
          unprovable: 'a read picking the buffer would be written past the memory',
        },
      ],
    },
    { name: 'len', type: 'unsigned int', doc: 'The buffer\'s length in bytes.' },
    { name: 'bid', type: 'unsigned short', doc: 'The buffer ID reported in the completion flags of the request that uses it.' },
    {
      name: 'mask',
      type: 'int',
      doc: 'The ring\'s mask, io_uring_buf_ring_mask(entries).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'mask >= 0 && (mask & (mask + 1)) === 0', says: 'mask must be entries - 1 for a power-of-two ring size: use io_uring_buf_ring_mask(entries)' },
          message: 'mask must be the ring\'s size minus one (io_uring_buf_ring_mask): 2^k - 1, not negative',
          source: 'io_uring_buf_ring_add(3) ("mask is the size mask of the ring, available from io_uring_buf_ring_mask")',
          errno: null,
        },
        {
          rule: { kind: 'relation', holds: '(mask + 1) * 16 <= byteLength(br.bytes)', says: 'mask + 1 must not exceed the ring\'s entries, or C would write a slot past the ring' },
          message: 'mask must fit the ring: C writes slot (tail + buf_offset) & mask, so mask + 1 may not exceed the ring\'s entries',
          source: 'liburing 2.9 liburing.h io_uring_buf_ring_add (&br->bufs[(br->tail + buf_offset) & mask], unchecked)',
          errno: null,
          unprovable: 'C would write a 16-byte entry past the end of the ring',
        },
      ],
    },
    {
      name: 'buf_offset',
      type: 'int',
      doc: 'How many buffers were added since the last advance (0 for the first).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'buf_offset >= 0 && buf_offset <= mask', says: 'buf_offset must be from 0 to mask: the buffers added since the last advance, fewer than the ring\'s entries' },
          message: 'buf_offset must be from 0 to mask (the number of buffers added since the last advance): a larger or negative offset wraps onto a slot that already holds a buffer',
          source: 'io_uring_buf_ring_add(3) ("buf_offset is the offset to insert at from the current tail ... must be incremented by one for each buffer added"); liburing 2.9 liburing.h io_uring_buf_ring_add ((br->tail + buf_offset) & mask)',
          errno: null,
        },
      ],
    },
  ],
  bookkeeping: 'buf-ring-add',
  returns: { kind: 'void', type: 'void', doc: 'Nothing.' },
  quirks: [
    { text: 'liburing-ts keeps addr in use (and freeAligned refuses it) while the buffer ring is registered, and after io_uring_unregister_buf_ring or io_uring_free_buf_ring until no request is in flight on the ring (one may have picked the buffer), or until the ring exits. Buffers added to a buffer ring liburing-ts never saw registered (one the kernel allocated with IOU_PBUF_RING_MMAP, or one not registered yet) are kept for as long as the process runs, or, once it is registered, as above', source: 'liburing-ts runtime/holds/kernel-kept.ts' },
    { text: 'the ring-size check uses the IoUringBufRing\'s byte length: exact for a ring made with IoUringBufRing.at over your own memory, but 32768 entries for one from io_uring_setup_buf_ring, so there a mask larger than the real ring is not caught', source: 'liburing-ts generated IoUringBufRing.borrow (allocSize of the flexible array at its maximum)' },
    { text: 'nothing stops adding more buffers than there are free slots: an entry the kernel has not consumed yet is overwritten', source: 'liburing 2.9 liburing.h io_uring_buf_ring_add' },
  ],
  test: {
    async effect({ addressOf, errnoNumber, expect, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_buf_ring_mask, io_uring_free_buf_ring, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_setup_buf_ring, io_uring_sqe_set_buf_group, io_uring_sqe_set_data64, io_uring_sqe_set_flags, IORING_CQE_BUFFER_SHIFT, IOSQE_BUFFER_SELECT, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), '0123456789abcdef');
      const fd = openSync(dir.file('data'), 'r');
      const ring = newRing(8);
      try {
        const br = io_uring_setup_buf_ring(ring, 8, 4, 0, new Int32Array(1))!;
        const mask = io_uring_buf_ring_mask(8);
        const a = new Uint8Array(4);
        const b = new Uint8Array(8);
        io_uring_buf_ring_add(br, a, 4, 100, mask, 0);
        io_uring_buf_ring_add(br, b, 8, 200, mask, 1);
        expect(br.bufs(0).addr).toBe(addressOf(a));
        expect(br.bufs(0).len).toBe(4);
        expect(br.bufs(0).bid).toBe(100);
        expect(br.bufs(1).bid).toBe(200);
        // Not visible to the kernel before the advance: a read finds no buffer.
        const read = (data: bigint) => {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_read(sqe, fd, new Uint8Array(8), 8, 0);
          sqe.addr = 0n;
          io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
          io_uring_sqe_set_buf_group(sqe, 4);
          io_uring_sqe_set_data64(sqe, data);
          return waitOne(ring);
        };
        expect(read(1n).res).toBe(-errnoNumber('ENOBUFS'));
        io_uring_buf_ring_advance(br, 2);
        // In ring order: buffer 100 (4 bytes), then buffer 200.
        const first = read(2n);
        expect(first.res).toBe(4);
        expect(first.flags >>> IORING_CQE_BUFFER_SHIFT).toBe(100);
        expect(Buffer.from(a).toString()).toBe('0123');
        const second = read(3n);
        expect(second.res).toBe(8);
        expect(second.flags >>> IORING_CQE_BUFFER_SHIFT).toBe(200);
        expect(Buffer.from(b).toString()).toBe('01234567');
        io_uring_free_buf_ring(ring, br, 8, 4);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ addressOf, allocAligned, freeAligned, io_uring_buf_ring_add, IoUringBuf, IoUringBufRing, OWNED }) {
      const mem = allocAligned(4096);
      // An 8-entry ring over memory of our own: its IoUringBufRing knows its byte length.
      const br = IoUringBufRing.at(new DataView(mem.buffer, mem.byteOffset, 8 * IoUringBuf.size), 0, addressOf(mem), OWNED);
      const args = [br, new Uint8Array(16), 16, 1, 7, 0] as Parameters<typeof io_uring_buf_ring_add>;
      return {
        args,
        cleanup: () => {
          freeAligned(mem);
        },
      };
    },
    violations: {
      'addr.relation': { args: { len: 17 } },
      'mask.relation': { args: { mask: 5 } },
      'mask.relation#2': { args: { mask: 15 } },
      'buf_offset.relation': { args: { buf_offset: 8 } },
    },
  },
});
