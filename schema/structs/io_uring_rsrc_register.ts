import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_rsrc_register',
  className: 'IoUringRsrcRegister',
  header: 'liburing/io_uring.h',
  summary: 'A tagged registration of nr files or buffers, or a sparse table with IORING_RSRC_REGISTER_SPARSE (IORING_REGISTER_FILES2, IORING_REGISTER_BUFFERS2).',
  since: '2.1',
  fields: [
    { name: 'nr', type: '__u32', doc: 'How many files or buffers.' },
    { name: 'flags', type: '__u32', doc: 'IORING_RSRC_REGISTER_SPARSE or 0.', since: '2.2' },
    { name: 'resv2', type: '__u64' },
    { name: 'data', type: '__u64', doc: '__aligned_u64: the address of the fds or iovecs.' },
    { name: 'tags', type: '__u64', doc: '__aligned_u64: the address of nr __u64 tags, or 0.' },
  ],
});
