import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_restriction',
  className: 'IoUringRestriction',
  header: 'liburing/io_uring.h',
  summary: 'One restriction of a disabled ring: an allowed register opcode, SQE opcode or SQE flags (io_uring_register_restrictions(3)).',
  since: '2.0',
  fields: [
    { name: 'opcode', type: '__u16', doc: 'IORING_RESTRICTION_*: what the union below holds.' },
    { union: [
      { name: 'register_op', type: '__u8', doc: 'With IORING_RESTRICTION_REGISTER_OP: an IORING_REGISTER_* opcode.' },
      { name: 'sqe_op', type: '__u8', doc: 'With IORING_RESTRICTION_SQE_OP: an IORING_OP_* opcode.' },
      { name: 'sqe_flags', type: '__u8', doc: 'With IORING_RESTRICTION_SQE_FLAGS_*: IOSQE_* flags.' },
    ] },
    { name: 'resv', type: '__u8' },
    { name: 'resv2', type: '__u32', count: 3 },
  ],
});
