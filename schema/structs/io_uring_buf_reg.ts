import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_buf_reg',
  className: 'IoUringBufReg',
  header: 'liburing/io_uring.h',
  summary: 'Registration of a provided-buffer ring for a buffer group (io_uring_register_buf_ring(3), IORING_REGISTER_PBUF_RING).',
  since: '2.2',
  fields: [
    { name: 'ring_addr', type: '__u64', doc: 'The address of the page-aligned ring memory (0 with IOU_PBUF_RING_MMAP).' },
    { name: 'ring_entries', type: '__u32', doc: 'The number of entries, a power of two up to 32768.' },
    { name: 'bgid', type: '__u16', doc: 'The buffer group ID.' },
    { name: 'flags', type: '__u16', doc: 'IOU_PBUF_RING_* flags.', since: '2.4' },
    { name: 'min_left', type: '__u32', doc: 'With IOU_PBUF_RING_INC: the smallest remainder of a buffer worth keeping for more completions (0 in older liburing, whose headers keep __u64 resv[3] here: same bytes).', since: '2.15' },
    { name: 'resv', type: '__u32', count: 5, since: '2.15' },
  ],
});
