import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringRestriction',
  header: 'liburing/io_uring.h',
  summary: 'io_uring_restriction.opcode values (enum io_uring_register_restriction_op, io_uring_register_restrictions(3)).',
  since: '2.0',
  cType: 'unsigned',
  values: [
    { name: 'IORING_RESTRICTION_REGISTER_OP', value: 0, doc: 'Allow an io_uring_register(2) opcode (register_op).' },
    { name: 'IORING_RESTRICTION_SQE_OP', value: 1, doc: 'Allow an SQE opcode (sqe_op).' },
    { name: 'IORING_RESTRICTION_SQE_FLAGS_ALLOWED', value: 2, doc: 'Allow these SQE flags (sqe_flags).' },
    { name: 'IORING_RESTRICTION_SQE_FLAGS_REQUIRED', value: 3, doc: 'Require these SQE flags on every submission (sqe_flags).' },
    { name: 'IORING_RESTRICTION_LAST', value: 4, doc: 'One past the last restriction opcode.' },
  ],
});
