import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Iosqe',
  header: 'liburing/io_uring.h',
  summary: 'io_uring_sqe.flags: per-request flags (io_uring_sqe_set_flags(3)).',
  since: '0.1',
  cType: 'unsigned',
  values: [
    { name: 'IOSQE_FIXED_FILE', value: 1, kernel: '5.1' },
    { name: 'IOSQE_IO_DRAIN', value: 2, kernel: '5.2' },
    { name: 'IOSQE_IO_LINK', value: 4, kernel: '5.3' },
    { name: 'IOSQE_IO_HARDLINK', value: 8, since: '0.3', kernel: '5.5' },
    { name: 'IOSQE_ASYNC', value: 16, since: '0.3', kernel: '5.6' },
    { name: 'IOSQE_BUFFER_SELECT', value: 32, since: '0.6', kernel: '5.7' },
    { name: 'IOSQE_CQE_SKIP_SUCCESS', value: 64, since: '2.2', kernel: '5.17' },
  ],
});
