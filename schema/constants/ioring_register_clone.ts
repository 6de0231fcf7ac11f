import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringRegisterClone',
  header: 'liburing/io_uring.h',
  summary: 'io_uring_clone_buffers.flags (io_uring_clone_buffers(3)).',
  since: '2.8',
  cType: 'unsigned',
  values: [
    { name: 'IORING_REGISTER_SRC_REGISTERED', value: 1, doc: 'src_fd is a registered ring index.' },
    { name: 'IORING_REGISTER_DST_REPLACE', value: 2, doc: 'Replace buffers already registered in the destination ring.', since: '2.9' },
  ],
});
