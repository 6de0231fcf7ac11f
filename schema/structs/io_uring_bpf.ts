import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_bpf',
  className: 'IoUringBpf',
  header: 'liburing/io_uring/bpf_filter.h',
  since: '2.15',
  summary: 'The argument of io_uring_register_bpf_filter and io_uring_register_bpf_filter_task: a command (cmd_type) and its filter.',
  fields: [
    { name: 'cmd_type', type: '__u16', doc: 'IO_URING_BPF_CMD_FILTER.' },
    { name: 'cmd_flags', type: '__u16', doc: 'None defined: 0.' },
    { name: 'resv', type: '__u32' },
    { union: [{ name: 'filter', type: 'struct io_uring_bpf_filter' }] },
  ],
});
