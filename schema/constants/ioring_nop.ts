import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringNop',
  header: 'liburing/io_uring.h',
  summary: 'IORING_OP_NOP flags (sqe.nop_flags).',
  since: '2.7',
  cType: 'unsigned',
  values: [
    { name: 'IORING_NOP_INJECT_RESULT', value: 1, doc: 'Complete with the result given in sqe.len instead of 0.' },
    { name: 'IORING_NOP_CQE32', value: 32, doc: 'Post a 32-byte CQE (on CQE32 or CQE_MIXED rings).', since: '2.13', kernel: '6.18' },
  ],
});
