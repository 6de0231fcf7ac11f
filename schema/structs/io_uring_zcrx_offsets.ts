import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_zcrx_offsets',
  className: 'IoUringZcrxOffsets',
  header: 'liburing/io_uring.h',
  since: '2.10',
  summary: 'Where the refill queue\'s head, tail and entries are in the region of a zero-copy receive context; set by the kernel.',
  fields: [
    { name: 'head', type: '__u32' },
    { name: 'tail', type: '__u32' },
    { name: 'rqes', type: '__u32' },
    { name: '__resv2', type: '__u32' },
    { name: '__resv', type: '__u64', count: 2 },
  ],
});
