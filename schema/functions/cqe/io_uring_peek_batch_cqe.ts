import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_peek_batch_cqe',
  since: '0.2',
  category: 'cqe',
  js: 'peekBatchCqe(ring, cqes, count, IoUringCqe)',
  summary: 'Get up to count ready completions at once, without waiting; returns how many.',
  description: 'The completions are not consumed: after processing n of them, call io_uring_cq_advance(ring, n).',
  man: 'io_uring_peek_batch_cqe(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'cqes',
      type: 'struct io_uring_cqe **',
      dir: 'out',
      borrowedFrom: 'ring',
      count: 'count',
      countSource: 'io_uring_peek_batch_cqe(3): fills up to count CQE pointers into the cqes array; liburing src/queue.c io_uring_peek_batch_cqe() stores cqes[i] for i below count',
      doc: 'Receives the completions (in its items), borrowed from the ring until io_uring_cq_advance; its capacity must be at least count.',
    },
    { name: 'count', type: 'unsigned', doc: 'The most completions to return.' },
  ],
  returns: { kind: 'value', type: 'unsigned', doc: 'How many completions were stored in cqes, 0 when none is ready.' },
  quirks: [
    { text: 'the man page says it may return -EAGAIN, but the result is unsigned and 2.9 returns 0 when nothing is ready', source: 'io_uring_peek_batch_cqe(3) RETURN VALUE; liburing 2.9 src/queue.c' },
    { text: 'when the CQ ring has overflowed it enters the kernel to flush the overflowed completions first', source: 'io_uring_peek_batch_cqe(3); liburing 2.9 src/queue.c' },
  ],
  test: {
    async effect({ expect, io_uring_cq_advance, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit_and_wait, IoUringCqe, newRing, PointerArray }) {
      const ring = newRing(8);
      try {
        const cqes = new PointerArray<IoUringCqe>(8);
        expect(io_uring_peek_batch_cqe(ring, cqes, 8)).toBe(0);
        expect(cqes.items).toEqual([]);
        for (let i = 1; i <= 3; i++) {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_nop(sqe);
          io_uring_sqe_set_data64(sqe, BigInt(i));
        }
        io_uring_submit_and_wait(ring, 3);
        // At most count are returned...
        const two = new PointerArray<IoUringCqe>(2);
        expect(io_uring_peek_batch_cqe(ring, two, 2)).toBe(2);
        expect(two.items.map((c) => c.user_data)).toEqual([1n, 2n]);
        // ...and nothing is consumed until cq_advance.
        expect(io_uring_peek_batch_cqe(ring, cqes, 8)).toBe(3);
        expect(cqes.items.map((c) => c.user_data)).toEqual([1n, 2n, 3n]);
        expect(cqes.items.every((c) => c instanceof IoUringCqe && c.res === 0)).toBe(true);
        io_uring_cq_advance(ring, 3);
        expect(io_uring_peek_batch_cqe(ring, cqes, 8)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_peek_batch_cqe, IoUringCqe, newRing, PointerArray }) {
      const ring = newRing(4);
      const args = [ring, new PointerArray<IoUringCqe>(4), 4] as Parameters<typeof io_uring_peek_batch_cqe>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
