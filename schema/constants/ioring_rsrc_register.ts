import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringRsrcRegister',
  header: 'liburing/io_uring.h',
  summary: 'io_uring_rsrc_register.flags.',
  since: '2.2',
  cType: 'unsigned',
  values: [
    { name: 'IORING_RSRC_REGISTER_SPARSE', value: 1, doc: 'Register a sparse table of nr empty slots instead of passing an array of -1 fds.', kernel: '5.19' },
  ],
});
