import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_buf_ring',
  className: 'IoUringBufRing',
  header: 'liburing/io_uring.h',
  summary: 'A ring of provided buffers shared with the kernel: the tail overlays bufs[0].resv (io_uring_setup_buf_ring(3), io_uring_register_buf_ring(3)).',
  since: '2.2',
  fields: [
    { union: [
      { struct: [
        { name: 'resv1', type: '__u64' },
        { name: 'resv2', type: '__u32' },
        { name: 'resv3', type: '__u16' },
        { name: 'tail', type: '__u16', doc: 'The ring tail: the application adds buffers and advances it (io_uring_buf_ring_advance).' },
      ] },
    ] },
  ],
  // In C, bufs[] is a zero-length array in the same union as the header: bufs[0] is at offset 0, overlaying it.
  flexible: { name: 'bufs', type: 'struct io_uring_buf', max: 32768, overlay: true },
});
