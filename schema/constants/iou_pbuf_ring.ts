import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IouPbufRing',
  header: 'liburing/io_uring.h',
  summary: 'io_uring_buf_reg.flags for IORING_REGISTER_PBUF_RING (enum io_uring_register_pbuf_ring_flags, io_uring_setup_buf_ring(3)).',
  since: '2.4',
  cType: 'unsigned',
  values: [
    { name: 'IOU_PBUF_RING_MMAP', value: 1, doc: 'The kernel allocates the ring; map it with mmap at IORING_OFF_PBUF_RING | (bgid << IORING_OFF_PBUF_SHIFT).', kernel: '6.4' },
    { name: 'IOU_PBUF_RING_INC', value: 2, doc: 'Buffers are consumed incrementally: each completion uses only as much of a buffer as it needs.', since: '2.8', kernel: '6.12' },
  ],
});
