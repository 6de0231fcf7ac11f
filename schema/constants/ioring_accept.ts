import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringAccept',
  header: 'liburing/io_uring.h',
  summary: 'Accept flags, passed in sqe.ioprio (io_uring_prep_multishot_accept(3)).',
  since: '2.2',
  cType: 'unsigned',
  values: [
    { name: 'IORING_ACCEPT_MULTISHOT', value: 1, doc: 'Multishot accept: keeps posting a CQE per connection.', kernel: '5.19' },
    { name: 'IORING_ACCEPT_DONTWAIT', value: 2, doc: 'Fail with -EAGAIN instead of waiting when no connection is pending.', since: '2.7', kernel: '6.10' },
    { name: 'IORING_ACCEPT_POLL_FIRST', value: 4, doc: 'Arm poll first instead of trying accept right away.', since: '2.7', kernel: '6.10' },
  ],
});
