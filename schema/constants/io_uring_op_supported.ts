import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoUringOpFlags',
  header: 'liburing/io_uring.h',
  summary: 'io_uring_probe_op.flags bits.',
  since: '0.4',
  cType: 'unsigned',
  values: [
    { name: 'IO_URING_OP_SUPPORTED', value: 1 },
  ],
});
