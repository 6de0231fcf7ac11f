import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringAsyncCancel',
  header: 'liburing/io_uring.h',
  summary: 'Cancel flags: sqe.cancel_flags and io_uring_sync_cancel_reg.flags (io_uring_prep_cancel(3)).',
  since: '2.2',
  cType: 'unsigned',
  values: [
    { name: 'IORING_ASYNC_CANCEL_ALL', value: 1, doc: 'Cancel all requests that match the key, not just the first.', kernel: '5.19' },
    { name: 'IORING_ASYNC_CANCEL_FD', value: 2, doc: 'Match on the file descriptor rather than user_data.', kernel: '5.19' },
    { name: 'IORING_ASYNC_CANCEL_ANY', value: 4, doc: 'Match any request.', kernel: '5.19' },
    { name: 'IORING_ASYNC_CANCEL_FD_FIXED', value: 8, doc: 'The fd is a registered (fixed) file index.', since: '2.3', kernel: '6.0' },
    { name: 'IORING_ASYNC_CANCEL_USERDATA', value: 16, doc: 'Match on user_data (the default without another key).', since: '2.8', kernel: '6.6' },
    { name: 'IORING_ASYNC_CANCEL_OP', value: 32, doc: 'Match on the opcode.', since: '2.8', kernel: '6.6' },
  ],
});
