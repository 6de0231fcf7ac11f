import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_buf',
  className: 'IoUringBuf',
  header: 'liburing/io_uring.h',
  summary: 'One provided buffer in a buffer ring: address, length and buffer ID (io_uring_buf_ring_add(3)).',
  since: '2.2',
  fields: [
    { name: 'addr', type: '__u64', doc: 'The buffer address.' },
    { name: 'len', type: '__u32', doc: 'The buffer length in bytes.' },
    { name: 'bid', type: '__u16', doc: 'The buffer ID reported in the completion flags.' },
    { name: 'resv', type: '__u16', doc: 'In bufs[0] this is the ring tail (io_uring_buf_ring.tail).' },
  ],
});
