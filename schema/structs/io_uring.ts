import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring',
  className: 'IoUring',
  header: 'liburing.h',
  summary: 'An io_uring instance as liburing keeps it: both queues, the ring fd, setup flags and features.',
  since: '0.1',
  fields: [
    { name: 'sq', type: 'struct io_uring_sq' },
    { name: 'cq', type: 'struct io_uring_cq' },
    { name: 'flags', type: 'unsigned' },
    { name: 'ring_fd', type: 'int' },
    { name: 'features', type: 'unsigned', since: '2.0' },
    { name: 'enter_ring_fd', type: 'int', since: '2.2' },
    { name: 'int_flags', type: '__u8', since: '2.2' },
    { name: 'pad', type: '__u8', count: 3, since: '2.2' },
    { name: 'pad2', type: 'unsigned', since: '2.2' },
  ],
});
