import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_cqe',
  className: 'IoUringCqe',
  header: 'liburing/io_uring.h',
  summary: 'A completion queue entry: the result of one request (io_uring_enter(2)). With IORING_SETUP_CQE32 two more 64-bit words follow (big_cqe).',
  since: '0.1',
  fields: [
    { name: 'user_data', type: '__u64', doc: "The submission's user_data." },
    { name: 'res', type: '__s32', doc: 'The result: as the matching system call returns, or -errno.' },
    { name: 'flags', type: '__u32', doc: 'IORING_CQE_F_* flags; the upper 16 bits carry a buffer ID with IORING_CQE_F_BUFFER.' },
  ],
  flexible: { name: 'big_cqe', type: '__u64', since: '2.2', max: 2 },
});
