import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_sqe_set_data64',
  since: '2.2',
  category: 'sqe',
  inline: true,
  summary: "Set the SQE's user_data, which its completion carries back.",
  man: 'io_uring_sqe_set_data64(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE.' },
    { name: 'data', type: '__u64', doc: 'Any 64-bit value; (2^64 - 1) is reserved by liburing on kernels without IORING_FEAT_EXT_ARG.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing.' },
  sqe: { set: [['user_data', 'data']] },
  test: {
    async effect({ expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data64, newRing, waitOne }) {
      const ring = newRing(4);
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 0xfeedfacecafebeefn);
        expect(sqe.user_data).toBe(0xfeedfacecafebeefn);
        expect(waitOne(ring).user_data).toBe(0xfeedfacecafebeefn);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
