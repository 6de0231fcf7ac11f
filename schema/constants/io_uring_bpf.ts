import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoUringBpf',
  header: 'liburing/io_uring/bpf_filter.h',
  summary: 'struct io_uring_bpf: its cmd_type, and the flags of its io_uring_bpf_filter (IORING_REGISTER_BPF_FILTER, io_uring_register_bpf_filter(3)).',
  since: '2.15',
  cType: 'unsigned',
  values: [
    { name: 'IO_URING_BPF_CMD_FILTER', value: 1, doc: 'io_uring_bpf.cmd_type: attach the BPF filter in io_uring_bpf.filter.' },
    { name: 'IO_URING_BPF_FILTER_DENY_REST', value: 1, doc: 'io_uring_bpf_filter.flags: every opcode without a filter gets a deny filter.' },
    { name: 'IO_URING_BPF_FILTER_SZ_STRICT', value: 2, doc: 'io_uring_bpf_filter.flags: fail the registration if the kernel and the application disagree on pdu_size for the opcode.' },
  ],
});
