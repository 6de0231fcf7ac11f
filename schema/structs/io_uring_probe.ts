import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_probe',
  className: 'IoUringProbe',
  header: 'liburing/io_uring.h',
  summary: 'What the kernel supports: the last opcode and one io_uring_probe_op per opcode (IORING_REGISTER_PROBE).',
  since: '0.4',
  fields: [
    { name: 'last_op', type: '__u8', doc: 'The last opcode the kernel knows.' },
    { name: 'ops_len', type: '__u8', doc: 'How many entries of ops are valid.' },
    { name: 'resv', type: '__u16' },
    { name: 'resv2', type: '__u32', count: 3 },
  ],
  flexible: { name: 'ops', type: 'struct io_uring_probe_op', max: 256 },
});
