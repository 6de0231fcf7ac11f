import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringTimestamp',
  header: 'liburing/io_uring.h',
  summary: 'Where SOCKET_URING_OP_TX_TIMESTAMP completions keep the timestamp kind in cqe.flags (io_uring_prep_cmd_sock(3)).',
  since: '2.12',
  cType: 'unsigned',
  kernel: '6.17',
  values: [
    { name: 'IORING_TIMESTAMP_HW_SHIFT', value: 16, doc: 'The cqe.flags bit that says the timestamp is a hardware one (IORING_CQE_F_TSTAMP_HW).' },
    { name: 'IORING_TIMESTAMP_TYPE_SHIFT', value: 17, doc: 'The cqe.flags bit from which the timestamp type (SCM_TSTAMP_*) is stored.' },
  ],
});
