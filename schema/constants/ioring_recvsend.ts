import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringRecvsend',
  header: 'liburing/io_uring.h',
  summary: 'send/sendmsg/recv/recvmsg flags, passed in sqe.ioprio (io_uring_prep_recv_multishot(3), io_uring_prep_send_zc(3)).',
  since: '2.2',
  cType: 'unsigned',
  values: [
    { name: 'IORING_RECVSEND_POLL_FIRST', value: 1, doc: 'Arm poll first instead of trying the transfer and polling on -EAGAIN.', kernel: '5.19' },
    { name: 'IORING_RECV_MULTISHOT', value: 2, doc: 'Multishot recv: keeps posting CQEs with IORING_CQE_F_MORE.', since: '2.3', kernel: '6.0' },
    { name: 'IORING_RECVSEND_FIXED_BUF', value: 4, doc: 'Use a registered buffer; its index is in sqe.buf_index.', since: '2.3', kernel: '6.0' },
    { name: 'IORING_SEND_ZC_REPORT_USAGE', value: 8, doc: 'Zero-copy sends report in the notification cqe.res whether data was copied (IORING_NOTIF_USAGE_ZC_COPIED).', since: '2.4', kernel: '6.2' },
    { name: 'IORING_RECVSEND_BUNDLE', value: 16, doc: 'With IOSQE_BUFFER_SELECT: send or receive as many contiguous buffers of the group as possible.', since: '2.7', kernel: '6.10' },
    { name: 'IORING_SEND_VECTORIZED', value: 32, doc: 'Send and send_zc take an iovec array instead of one buffer.', since: '2.12', kernel: '6.17' },
  ],
});
