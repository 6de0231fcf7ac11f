import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringNop',
  header: 'liburing/io_uring.h',
  summary: 'IORING_OP_NOP flags (sqe.nop_flags).',
  cType: 'unsigned',
  values: [
    { name: 'IORING_NOP_INJECT_RESULT', value: 1, doc: 'Complete with the result given in sqe.len instead of 0.' },
  ],
});
