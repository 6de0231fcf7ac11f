import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringCqeF',
  header: 'liburing/io_uring.h',
  summary: 'io_uring_cqe.flags bits (io_uring_enter(2)).',
  since: '0.6',
  cType: 'unsigned',
  values: [
    { name: 'IORING_CQE_F_BUFFER', value: 1, kernel: '5.7' },
    { name: 'IORING_CQE_F_MORE', value: 2, since: '2.1', kernel: '5.13' },
    { name: 'IORING_CQE_F_SOCK_NONEMPTY', value: 4, since: '2.2', kernel: '5.19' },
    { name: 'IORING_CQE_F_NOTIF', value: 8, since: '2.3', kernel: '6.0' },
    { name: 'IORING_CQE_F_BUF_MORE', value: 16, since: '2.8', kernel: '6.12' },
    { name: 'IORING_CQE_F_SKIP', value: 32, doc: 'Ignore this CQE: it fills the gap a 32-byte CQE left at the end of a mixed-size CQ ring.', since: '2.13', kernel: '6.18' },
    { name: 'IORING_CQE_F_32', value: 32768, doc: 'A 32-byte CQE on an IORING_SETUP_CQE_MIXED ring.', since: '2.13', kernel: '6.18' },
    { name: 'IORING_CQE_F_TSTAMP_HW', value: 65536, doc: 'SOCKET_URING_OP_TX_TIMESTAMP: the timestamp is a hardware one (1 << IORING_TIMESTAMP_HW_SHIFT).', since: '2.12', kernel: '6.17' },
  ],
});
