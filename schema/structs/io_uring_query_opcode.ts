import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_query_opcode',
  className: 'IoUringQueryOpcode',
  header: 'liburing/io_uring/query.h',
  since: '2.13',
  summary: 'The answer to IO_URING_QUERY_OPCODES: how many request and register opcodes the kernel has, and the flags it knows.',
  fields: [
    { name: 'nr_request_opcodes', type: '__u32', doc: 'The number of IORING_OP_* opcodes (the highest plus one).' },
    { name: 'nr_register_opcodes', type: '__u32', doc: 'The number of IORING_[UN]REGISTER_* opcodes (the highest plus one).' },
    { name: 'feature_flags', type: '__u64', doc: 'Every IORING_FEAT_* flag.' },
    { name: 'ring_setup_flags', type: '__u64', doc: 'Every IORING_SETUP_* flag.' },
    { name: 'enter_flags', type: '__u64', doc: 'Every IORING_ENTER_* flag.' },
    { name: 'sqe_flags', type: '__u64', doc: 'Every IOSQE_* flag.' },
    { name: 'nr_query_opcodes', type: '__u32', since: '2.15', doc: 'The number of IO_URING_QUERY_* queries.' },
    { name: '__pad', type: '__u32', since: '2.15' },
  ],
});
