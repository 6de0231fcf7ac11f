import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_zcrx_area_reg',
  className: 'IoUringZcrxAreaReg',
  header: 'liburing/io_uring.h',
  since: '2.10',
  summary: 'The memory a zero-copy receive context receives into: user memory (addr, len) or a dma-buf (IORING_ZCRX_AREA_DMABUF).',
  fields: [
    { name: 'addr', type: '__u64', doc: 'The address of the area (page-aligned user memory), or the offset into the dma-buf.' },
    { name: 'len', type: '__u64', doc: 'Its length in bytes.' },
    { name: 'rq_area_token', type: '__u64', doc: 'Set by the kernel: the area\'s token for refill queue entries.' },
    { name: 'flags', type: '__u32', doc: 'IORING_ZCRX_AREA_DMABUF, or 0.' },
    { name: 'dmabuf_fd', type: '__u32', doc: 'With IORING_ZCRX_AREA_DMABUF: the dma-buf descriptor.' },
    { name: '__resv2', type: '__u64', count: 2 },
  ],
});
