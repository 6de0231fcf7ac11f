import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoUringQuery',
  header: 'liburing/io_uring/query.h',
  summary: 'What io_uring_register_query asks: io_uring_query_hdr.query_op (io_uring_register_query(3)).',
  cType: 'unsigned',
  since: '2.13',
  values: [
    { name: 'IO_URING_QUERY_OPCODES', value: 0, kernel: '6.18', doc: 'The opcodes and flags the kernel supports: the answer is a struct io_uring_query_opcode.' },
    { name: 'IO_URING_QUERY_ZCRX', value: 1, since: '2.15', doc: 'Zero-copy receive support: the answer is a struct io_uring_query_zcrx.' },
    { name: 'IO_URING_QUERY_SCQ', value: 2, since: '2.15', doc: 'The SQ/CQ ring header size and alignment: the answer is a struct io_uring_query_scq.' },
  ],
});
