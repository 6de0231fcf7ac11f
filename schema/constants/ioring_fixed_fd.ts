import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringFixedFd',
  header: 'liburing/io_uring.h',
  summary: 'IORING_OP_FIXED_FD_INSTALL flags (sqe.install_fd_flags, io_uring_prep_fixed_fd_install(3)).',
  since: '2.6',
  cType: 'unsigned',
  values: [
    { name: 'IORING_FIXED_FD_NO_CLOEXEC', value: 1, doc: 'Do not mark the installed fd O_CLOEXEC.', kernel: '6.8' },
  ],
});
