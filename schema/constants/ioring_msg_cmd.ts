import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringMsgCmd',
  header: 'liburing/io_uring.h',
  summary: 'IORING_OP_MSG_RING commands, stored in sqe.addr (enum io_uring_msg_ring_flags).',
  since: '2.3',
  cType: 'unsigned',
  values: [
    { name: 'IORING_MSG_DATA', value: 0, doc: 'Post a CQE to the target ring: sqe.len as res, sqe.off as user_data (io_uring_prep_msg_ring(3)).' },
    { name: 'IORING_MSG_SEND_FD', value: 1, doc: 'Send a registered fd to the target ring\'s fixed file table (io_uring_prep_msg_ring_fd(3)).' },
  ],
});
