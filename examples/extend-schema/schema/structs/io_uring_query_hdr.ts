/**
 * struct io_uring_query_hdr, from liburing 2.15's <liburing/io_uring/query.h>.
 * liburing-ts's built-in schema cannot have it: its struct layouts are proven
 * against liburing 2.9's headers, which lack it. This project targets 2.15.
 *
 * Entries are plain objects (the fields of docs/schema.md); `liburing-ts
 * generate` validates them and names the file and field of any mistake.
 */
export default {
  name: 'io_uring_query_hdr',
  className: 'IoUringQueryHdr',
  header: 'liburing/io_uring/query.h',
  since: '2.13',
  summary: 'One query of io_uring_register_query: what to ask (query_op), where the answer goes (query_data, size), and its result.',
  fields: [
    { name: 'next_entry', type: '__u64', doc: 'The address of the next io_uring_query_hdr of a chain, or 0.' },
    { name: 'query_data', type: '__u64', doc: 'The address of the answer struct (io_uring_query_opcode for IO_URING_QUERY_OPCODES).' },
    { name: 'query_op', type: '__u32', doc: 'IO_URING_QUERY_OPCODES (0), IO_URING_QUERY_ZCRX (1) or IO_URING_QUERY_SCQ (2).' },
    { name: 'size', type: '__u32', doc: 'The size of the answer struct.' },
    { name: 'result', type: '__s32', doc: 'Set by the kernel: 0, or -errno for this query.' },
    { name: '__resv', type: '__u32', count: 3, doc: 'Must be 0.' },
  ],
};
