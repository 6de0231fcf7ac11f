import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoUringQuery',
  header: 'liburing/io_uring/query.h',
  summary: 'io_uring_query_hdr.query_op: what io_uring_register_query asks the kernel (IORING_REGISTER_QUERY; needs no ring).',
  since: '2.13',
  cType: 'unsigned',
  values: [
    { name: 'IO_URING_QUERY_OPCODES', value: 0, doc: 'The opcodes and flags the kernel supports (the answer is a struct io_uring_query_opcode).' },
    { name: 'IO_URING_QUERY_ZCRX', value: 1, doc: 'What zero-copy receive supports (struct io_uring_query_zcrx).', since: '2.15' },
    { name: 'IO_URING_QUERY_SCQ', value: 2, doc: 'The sizes of the SQ and CQ ring headers (struct io_uring_query_scq).', since: '2.15' },
  ],
});
