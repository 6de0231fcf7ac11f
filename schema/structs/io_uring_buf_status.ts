import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_buf_status',
  className: 'IoUringBufStatus',
  header: 'liburing/io_uring.h',
  summary: "A buffer group's ring head as the kernel sees it (io_uring_buf_ring_head(3), IORING_REGISTER_PBUF_STATUS).",
  since: '2.6',
  fields: [
    { name: 'buf_group', type: '__u32', doc: 'Input: the buffer group ID.' },
    { name: 'head', type: '__u32', doc: 'Output: the ring head.' },
    { name: 'resv', type: '__u32', count: 8 },
  ],
});
