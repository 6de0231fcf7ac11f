import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_bpf_filter',
  className: 'IoUringBpfFilter',
  header: 'liburing/io_uring/bpf_filter.h',
  since: '2.15',
  summary: 'A classic BPF filter for one io_uring opcode (io_uring_register_bpf_filter(3)): allows a request when it returns non-zero.',
  fields: [
    { name: 'opcode', type: '__u32', doc: 'The IORING_OP_* the filter applies to.' },
    { name: 'flags', type: '__u32', doc: 'IO_URING_BPF_FILTER_DENY_REST, IO_URING_BPF_FILTER_SZ_STRICT, or 0.' },
    { name: 'filter_len', type: '__u32', doc: 'The number of BPF instructions (struct sock_filter, 8 bytes each) at filter_ptr.' },
    { name: 'pdu_size', type: '__u8', doc: 'The size of the opcode\'s payload in struct io_uring_bpf_ctx the filter expects (12 for IORING_OP_SOCKET, 24 for OPENAT, 0 for none); the kernel writes its own back on -EMSGSIZE.' },
    { name: 'resv', type: '__u8', count: 3 },
    { name: 'filter_ptr', type: '__u64', doc: 'The address of the filter_len instructions.' },
    { name: 'resv2', type: '__u64', count: 5 },
  ],
});
