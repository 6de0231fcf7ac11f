import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Iosqe',
  header: 'liburing/io_uring.h',
  summary: 'io_uring_sqe.flags: per-request flags (io_uring_sqe_set_flags(3)).',
  cType: 'unsigned',
  values: [
    { name: 'IOSQE_FIXED_FILE', value: 1 },
    { name: 'IOSQE_IO_DRAIN', value: 2 },
    { name: 'IOSQE_IO_LINK', value: 4 },
    { name: 'IOSQE_IO_HARDLINK', value: 8 },
    { name: 'IOSQE_ASYNC', value: 16 },
    { name: 'IOSQE_BUFFER_SELECT', value: 32 },
    { name: 'IOSQE_CQE_SKIP_SUCCESS', value: 64 },
  ],
});
