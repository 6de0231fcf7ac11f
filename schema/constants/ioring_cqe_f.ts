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
    { name: 'IORING_CQE_F_SKIP', value: 32, since: '2.13', kernel: '6.18', doc: 'padding a ring with mixed CQE sizes (IORING_SETUP_CQE_MIXED) posts at wrap time: consume it, it completes nothing' },
    { name: 'IORING_CQE_F_32', value: 32768, since: '2.13', kernel: '6.18', doc: 'a 32-byte CQE on a ring with mixed CQE sizes: it takes two CQ slots (io_uring_cqe_nr)' },
  ],
});
