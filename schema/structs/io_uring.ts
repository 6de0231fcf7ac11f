import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring',
  className: 'IoUring',
  header: 'liburing.h',
  summary: 'An io_uring instance as liburing keeps it: both queues, the ring fd, setup flags and features.',
  fields: [
    { name: 'sq', type: 'struct io_uring_sq' },
    { name: 'cq', type: 'struct io_uring_cq' },
    { name: 'flags', type: 'unsigned' },
    { name: 'ring_fd', type: 'int' },
    { name: 'features', type: 'unsigned' },
    { name: 'enter_ring_fd', type: 'int' },
    { name: 'int_flags', type: '__u8' },
    { name: 'pad', type: '__u8', count: 3 },
    { name: 'pad2', type: 'unsigned' },
  ],
});
