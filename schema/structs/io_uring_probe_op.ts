import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_probe_op',
  className: 'IoUringProbeOp',
  header: 'liburing/io_uring.h',
  summary: 'One opcode of a probe: whether the kernel supports it (IO_URING_OP_SUPPORTED in flags).',
  since: '0.4',
  fields: [
    { name: 'op', type: '__u8' },
    { name: 'resv', type: '__u8' },
    { name: 'flags', type: '__u16' },
    { name: 'resv2', type: '__u32' },
  ],
});
