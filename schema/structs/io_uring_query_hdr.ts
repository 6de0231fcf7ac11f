import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_query_hdr',
  className: 'IoUringQueryHdr',
  header: 'liburing/io_uring/query.h',
  since: '2.13',
  kernel: '6.18',
  summary: 'One query of io_uring_register_query: what to ask (query_op), where the answer goes (query_data, size), and its result.',
  fields: [
    { name: 'next_entry', type: '__u64', doc: 'The address of the next io_uring_query_hdr of a chain (its .address), or 0 for the last.' },
    { name: 'query_data', type: '__u64', doc: 'The address of the answer struct (an IoUringQueryOpcode\'s .address for IO_URING_QUERY_OPCODES).' },
    { name: 'query_op', type: '__u32', doc: 'IO_URING_QUERY_OPCODES, IO_URING_QUERY_ZCRX or IO_URING_QUERY_SCQ.' },
    { name: 'size', type: '__u32', doc: 'The size of the answer struct: the kernel writes exactly this many bytes at query_data.' },
    { name: 'result', type: '__s32', doc: 'Must be 0 on input; set by the kernel to 0, or -errno for this query.' },
    { name: '__resv', type: '__u32', count: 3, doc: 'Must be 0.' },
  ],
});
