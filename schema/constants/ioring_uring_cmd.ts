import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringUringCmd',
  header: 'liburing/io_uring.h',
  summary: 'sqe.uring_cmd_flags for IORING_OP_URING_CMD (the top 8 bits are not for userspace).',
  since: '2.3',
  cType: 'unsigned',
  values: [
    { name: 'IORING_URING_CMD_FIXED', value: 1, doc: 'Use a registered buffer; set sqe.buf_index too.' },
    { name: 'IORING_URING_CMD_MASK', value: 1, doc: 'All the flags userspace may set.', since: '2.8' },
  ],
});
