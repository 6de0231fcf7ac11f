import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringCqeF',
  header: 'liburing/io_uring.h',
  summary: 'io_uring_cqe.flags bits (io_uring_enter(2)).',
  cType: 'unsigned',
  values: [
    { name: 'IORING_CQE_F_BUFFER', value: 1 },
    { name: 'IORING_CQE_F_MORE', value: 2 },
    { name: 'IORING_CQE_F_SOCK_NONEMPTY', value: 4 },
    { name: 'IORING_CQE_F_NOTIF', value: 8 },
    { name: 'IORING_CQE_F_BUF_MORE', value: 16 },
  ],
});
