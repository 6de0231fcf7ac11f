import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_cqwait_reg_arg',
  className: 'IoUringCqwaitRegArg',
  header: 'liburing/io_uring.h',
  summary: 'Registration of an array of io_uring_reg_wait entries (IORING_REGISTER_CQWAIT_REG, an interface the kernel replaced with IORING_REGISTER_MEM_REGION; liburing 2.9 registers wait regions with io_uring_register_region instead, and liburing 2.10 removed the struct).',
  since: '2.9',
  removed: '2.10',
  fields: [
    { name: 'flags', type: '__u32' },
    { name: 'struct_size', type: '__u32' },
    { name: 'nr_entries', type: '__u32' },
    { name: 'pad', type: '__u32' },
    { name: 'user_addr', type: '__u64' },
    { name: 'pad2', type: '__u64', count: 3 },
  ],
});
