import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_buf_reg',
  className: 'IoUringBufReg',
  header: 'liburing/io_uring.h',
  summary: 'Registration of a provided-buffer ring for a buffer group (io_uring_register_buf_ring(3), IORING_REGISTER_PBUF_RING).',
  fields: [
    { name: 'ring_addr', type: '__u64', doc: 'The address of the page-aligned ring memory (0 with IOU_PBUF_RING_MMAP).' },
    { name: 'ring_entries', type: '__u32', doc: 'The number of entries, a power of two up to 32768.' },
    { name: 'bgid', type: '__u16', doc: 'The buffer group ID.' },
    { name: 'flags', type: '__u16', doc: 'IOU_PBUF_RING_* flags.' },
    { name: 'resv', type: '__u64', count: 3 },
  ],
});
