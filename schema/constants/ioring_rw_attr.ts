import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringRwAttr',
  header: 'liburing/io_uring.h',
  summary: 'sqe.attr_type_mask: which attributes sqe.attr_ptr points to, for reads and writes (IORING_FEAT_RW_ATTR).',
  since: '2.13',
  cType: 'unsigned',
  values: [
    { name: 'IORING_RW_ATTR_FLAG_PI', value: 1, doc: 'Protection information: attr_ptr points to a struct io_uring_attr_pi.', kernel: '6.14' },
  ],
});
