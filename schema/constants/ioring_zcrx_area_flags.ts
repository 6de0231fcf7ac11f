import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringZcrxAreaFlags',
  header: 'liburing/io_uring.h',
  summary: 'io_uring_zcrx_area_reg.flags (enum io_uring_zcrx_area_flags).',
  since: '2.10',
  cType: 'unsigned',
  values: [
    { name: 'IORING_ZCRX_AREA_DMABUF', value: 1, doc: 'The area is a dma-buf, given by dmabuf_fd, rather than user memory.', kernel: '6.16' },
  ],
});
