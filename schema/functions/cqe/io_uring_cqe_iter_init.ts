import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_cqe_iter_init',
  // liburing.h 2.10 added it (with io_uring_for_each_cqe rewritten on it); liburing-ffi.so exports it from 2.10 (liburing-ffi.map LIBURING_2.10).
  since: '2.10',
  category: 'cqe',
  inline: true,
  viaFfi: 'new in liburing 2.15 and returns a struct by value: it stays a C call until a JavaScript version with its differential test exists',
  summary: 'Start a walk over the completions ready now: a snapshot of the CQ ring\'s head and tail.',
  description:
    'Returns, by value, a struct io_uring_cqe_iter holding the ring\'s CQE array, its mask, the CQE size shift and the CQ head and tail ' +
    'as they are now; io_uring_cqe_iter_next then hands out the completions between them, one by one, without entering the kernel or ' +
    'moving the CQ head. It is what io_uring_for_each_cqe expands to; afterwards io_uring_cq_advance consumes what was walked. The ' +
    'returned iterator describes the ring\'s memory: it dies with the ring (io_uring_queue_exit), and every use after that throws.',
  man: null,
  params: [{ name: 'ring', type: 'const struct io_uring *', doc: 'The ring whose completions to walk.' }],
  returns: {
    kind: 'struct',
    type: 'struct io_uring_cqe_iter',
    borrowedFrom: 'ring',
    doc: 'A new IoUringCqeIter: cqes, mask and shift of the ring, head and tail of its CQ now (tail read with acquire ordering).',
  },
  quirks: [
    { text: 'completions posted after the call are not part of the walk: tail is read once', source: 'liburing 2.15 liburing.h io_uring_cqe_iter_init' },
    { text: 'nothing is consumed: the CQ head moves only with io_uring_cq_advance or io_uring_cqe_seen', source: 'liburing 2.15 liburing.h io_uring_cqe_iter_init, io_uring_for_each_cqe' },
  ],
  test: {
    async effect({ catchError, exitQuietly, expect, io_uring_check_version, io_uring_cq_ready, io_uring_cqe_iter_init, io_uring_cqe_iter_next, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit_and_wait, IoUringCqeIter, liburingVersion, newRing, OutPointer, UnsupportedError, UseAfterFreeError }) {
      const ring = newRing(4);
      try {
        if (io_uring_check_version(2, 10)) {
          // liburing older than 2.10 exports no io_uring_cqe_iter_init: importing works, calling throws UnsupportedError.
          const error = catchError(() => io_uring_cqe_iter_init(ring));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: 'io_uring_cqe_iter_init', needed: '2.10', loaded: liburingVersion() });
          return;
        }
        // An empty CQ: head equals tail, and the iterator describes this ring's CQ array.
        const empty = io_uring_cqe_iter_init(ring);
        expect(empty).toBeInstanceOf(IoUringCqeIter);
        expect(empty.cqes).toBe(ring.cq.cqes);
        expect(empty.mask).toBe(ring.cq.ring_mask);
        expect(empty.shift).toBe(0);
        expect(empty.tail).toBe(empty.head);
        for (const tag of [7n, 8n, 9n]) {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_nop(sqe);
          io_uring_sqe_set_data64(sqe, tag);
        }
        io_uring_submit_and_wait(ring, 3);
        // Three ready: the snapshot spans them, and taking it consumed nothing.
        const iter = io_uring_cqe_iter_init(ring);
        expect(iter.tail - iter.head).toBe(3);
        expect(io_uring_cq_ready(ring)).toBe(3);
        const seen: bigint[] = [];
        const out = new OutPointer<IoUringCqe>();
        while (io_uring_cqe_iter_next(iter, out)) seen.push(out.value!.user_data);
        expect(seen).toEqual([7n, 8n, 9n]);
        // The iterator lives in the ring's lifetime: after io_uring_queue_exit it cannot be read.
        io_uring_queue_exit(ring);
        expect(() => iter.head).toThrow(UseAfterFreeError);
      } finally {
        exitQuietly(ring);
      }
    },
  },
});
