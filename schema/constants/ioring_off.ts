import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringOff',
  header: 'liburing/io_uring.h',
  summary: 'mmap(2) offsets of the ring mappings of an io_uring fd (io_uring_setup(2)).',
  cType: 'u64',
  values: [
    { name: 'IORING_OFF_SQ_RING', value: 0n, doc: 'The SQ ring.' },
    { name: 'IORING_OFF_CQ_RING', value: 0x8000000n, doc: 'The CQ ring (without IORING_FEAT_SINGLE_MMAP).' },
    { name: 'IORING_OFF_SQES', value: 0x10000000n, doc: 'The SQE array.' },
    { name: 'IORING_OFF_PBUF_RING', value: 0x80000000n, doc: 'A kernel-allocated buffer ring (IOU_PBUF_RING_MMAP): mmap it at IORING_OFF_PBUF_RING | (BigInt(bgid) << IORING_OFF_PBUF_SHIFT).' },
    { name: 'IORING_OFF_PBUF_SHIFT', value: 16n, doc: 'Shift of the buffer group ID in an IORING_OFF_PBUF_RING offset: a bigint like the offsets it combines with (32-bit number operators would turn the offset negative).' },
    { name: 'IORING_OFF_MMAP_MASK', value: 0xf8000000n, doc: 'The bits of an offset that select the mapping.' },
  ],
});
