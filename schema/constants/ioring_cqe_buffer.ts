import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringCqeBuffer',
  header: 'liburing/io_uring.h',
  summary: 'Where the buffer ID sits in cqe.flags with IORING_CQE_F_BUFFER.',
  since: '0.6',
  cType: 'unsigned',
  values: [
    { name: 'IORING_CQE_BUFFER_SHIFT', value: 16, doc: 'The buffer ID is cqe.flags >> IORING_CQE_BUFFER_SHIFT.' },
  ],
});
