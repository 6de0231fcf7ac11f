import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_cqe_get_data',
  since: '0.1',
  category: 'cqe',
  inline: true,
  js: 'cqe.user_data',
  summary: "The completion's user_data as a pointer: the address io_uring_sqe_set_data stored, as a bigint.",
  description:
    'Returns the address, not the memory: compare it with addressOf(memory), or look it up in a Map keyed by addresses. ' +
    'JavaScript cannot turn an address back into the object that had it. io_uring_cqe_get_data64 returns the same value, 0n included.',
  man: 'io_uring_cqe_get_data(3)',
  params: [{ name: 'cqe', type: 'const struct io_uring_cqe *', doc: 'The completion.' }],
  returns: {
    kind: 'pointer',
    type: 'void *',
    doc: 'The user_data as an address (a bigint); undefined (whatever the SQE held) when it was never set.',
    nullMeans: 'the user_data is 0: io_uring_sqe_set_data was given null, or set_data64 stored 0',
  },
  quirks: [
    { text: 'a user_data set with io_uring_sqe_set_data64 comes back the same way, as a bigint, whatever it holds; only 0 becomes null', source: 'liburing.h io_uring_cqe_get_data ((void *) (uintptr_t) cqe->user_data)' },
  ],
  test: {
    async effect({ addressOf, expect, io_uring_cq_advance, io_uring_cqe_get_data, io_uring_cqe_get_data64, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data, io_uring_sqe_set_data64, io_uring_submit_and_wait, IoUringCqe, newRing, PointerArray }) {
      const ring = newRing(4);
      try {
        const tag = new Float64Array(2);
        const s1 = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(s1);
        io_uring_sqe_set_data(s1, tag);
        const s2 = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(s2);
        io_uring_sqe_set_data(s2, null);
        const s3 = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(s3);
        io_uring_sqe_set_data64(s3, 0x1234n);
        io_uring_submit_and_wait(ring, 3);
        const got = new PointerArray<IoUringCqe>(4);
        expect(io_uring_peek_batch_cqe(ring, got, 4)).toBe(3);
        const [c1, c2, c3] = got.items;
        expect(io_uring_cqe_get_data(c1!)).toBe(addressOf(tag));
        expect(io_uring_cqe_get_data(c2!)).toBeNull();
        expect(io_uring_cqe_get_data(c3!)).toBe(0x1234n);
        expect(io_uring_cqe_get_data64(c3!)).toBe(0x1234n);
        io_uring_cq_advance(ring, 3);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
