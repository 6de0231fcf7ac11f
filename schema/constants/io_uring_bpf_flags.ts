import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoUringBpfFlags',
  header: 'liburing/io_uring/bpf_filter.h',
  summary: 'BPF filter commands (io_uring_bpf.cmd_type) and filter flags (io_uring_bpf_filter.flags) (io_uring_register_bpf_filter(3)).',
  cType: 'unsigned',
  since: '2.15',
  values: [
    { name: 'IO_URING_BPF_CMD_FILTER', value: 1, doc: 'io_uring_bpf.cmd_type: register the filter in io_uring_bpf.filter.' },
    { name: 'IO_URING_BPF_FILTER_DENY_REST', value: 1, doc: 'io_uring_bpf_filter.flags: every opcode without a filter of its own is denied.' },
    { name: 'IO_URING_BPF_FILTER_SZ_STRICT', value: 2, doc: 'io_uring_bpf_filter.flags: fail with -EMSGSIZE unless pdu_size is exactly the kernel\'s.' },
  ],
});
