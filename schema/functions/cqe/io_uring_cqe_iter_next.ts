import { defineFunction } from '../../language.js';
import type { IoUringCqe, IoUringCqeIter } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_cqe_iter_next',
  // liburing.h 2.10 added it with io_uring_cqe_iter_init; liburing-ffi.so exports it from 2.10 (liburing-ffi.map LIBURING_2.10).
  since: '2.10',
  category: 'cqe',
  inline: true,
  viaFfi: 'new in liburing 2.15 and walks a by-value iterator: it stays a C call until a JavaScript version with its differential test exists',
  summary: 'The next completion of a walk io_uring_cqe_iter_init started, or false when the walk is done.',
  description:
    'While iter.head differs from iter.tail, stores the CQE at iter.cqes[(head & mask) << shift] in cqe, advances iter.head (by two for ' +
    'a 32-byte CQE of a CQE_MIXED ring, flagged IORING_CQE_F_32) and returns true; then returns false. The CQ head does not move: ' +
    'io_uring_cq_advance consumes the walked completions afterwards.',
  man: null,
  params: [
    {
      name: 'iter',
      type: 'struct io_uring_cqe_iter *',
      doc: 'An iterator io_uring_cqe_iter_init returned; its head advances.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'cqeIterOfRing(iter)', says: 'pass an iterator io_uring_cqe_iter_init returned, with cqes, mask and shift as it set them, for a ring whose CQ has not been remapped since' },
          message: 'iter must come from io_uring_cqe_iter_init of a live ring and still match it: C reads the CQE at iter.cqes[(head & mask) << shift] unchecked, so another cqes, mask or shift would hand out any memory as a completion',
          source: 'liburing 2.15 liburing.h io_uring_cqe_iter_next (no check of the iterator)',
          errno: null,
          unprovable: 'reads and returns memory at whatever address iter.cqes holds',
        },
      ],
    },
    { name: 'cqe', type: 'struct io_uring_cqe **', dir: 'out', borrowedFrom: 'iter', doc: 'Receives the next completion, a view of the ring\'s CQ array that dies with the ring; untouched (null) when the walk is done.' },
  ],
  returns: { kind: 'bool', type: 'bool', doc: 'true when a completion was stored in cqe; false when head reached tail.' },
  quirks: [
    { text: 'the CQE is not consumed: a walk that ends without io_uring_cq_advance leaves every completion ready, and io_uring_cq_advance(ring, n) must count a 32-byte CQE of a CQE_MIXED ring as two', source: 'liburing 2.15 liburing.h io_uring_cqe_iter_next, io_uring_for_each_cqe' },
  ],
  test: {
    async effect({ catchError, exitQuietly, expect, io_uring_check_version, io_uring_cq_advance, io_uring_cq_ready, io_uring_cqe_iter_init, io_uring_cqe_iter_next, io_uring_get_sqe, io_uring_prep_nop, io_uring_sqe_set_data64, io_uring_submit_and_wait, IoUringCqeIter, liburingVersion, newRing, OutPointer, structValue, UnsupportedError }) {
      const ring = newRing(4);
      try {
        const out = new OutPointer<IoUringCqe>();
        if (io_uring_check_version(2, 10)) {
          // liburing older than 2.10 exports no io_uring_cqe_iter_next. An iterator with the ring's fields, made by hand as
          // io_uring_cqe_iter_init would, passes the check; calling C then throws UnsupportedError.
          const iter = structValue(IoUringCqeIter, ring);
          iter.cqes = ring.cq.cqes;
          iter.mask = ring.cq.ring_mask;
          const error = catchError(() => io_uring_cqe_iter_next(iter, out));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: 'io_uring_cqe_iter_next', needed: '2.10', loaded: liburingVersion() });
          expect(out.value).toBeNull();
          return;
        }
        for (const tag of [1n, 2n]) {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_nop(sqe);
          io_uring_sqe_set_data64(sqe, tag);
        }
        io_uring_submit_and_wait(ring, 2);
        const iter = io_uring_cqe_iter_init(ring);
        const start = iter.head;
        // Each call hands out the next completion and advances iter.head, not the CQ head.
        expect(io_uring_cqe_iter_next(iter, out)).toBe(true);
        expect(out.value!.user_data).toBe(1n);
        expect(out.value!.address).toBe(ring.cq.cqes + BigInt(((start & ring.cq.ring_mask) * 16)));
        expect(iter.head).toBe(start + 1);
        expect(io_uring_cqe_iter_next(iter, out)).toBe(true);
        expect(out.value!.user_data).toBe(2n);
        expect(iter.head).toBe(start + 2);
        expect(io_uring_cq_ready(ring)).toBe(2);
        // At the tail: false, and the CQ is consumed only by io_uring_cq_advance.
        const done = new OutPointer<IoUringCqe>();
        expect(io_uring_cqe_iter_next(iter, done)).toBe(false);
        expect(done.value).toBeNull();
        io_uring_cq_advance(ring, 2);
        expect(io_uring_cq_ready(ring)).toBe(0);
      } finally {
        exitQuietly(ring);
      }
    },
    async valid({ exitQuietly, io_uring_check_version, io_uring_cqe_iter_init, io_uring_cqe_iter_next, io_uring_get_sqe, io_uring_prep_nop, io_uring_submit_and_wait, IoUringCqe, IoUringCqeIter, newRing, OutPointer, structValue }) {
      const ring = newRing(4);
      io_uring_prep_nop(io_uring_get_sqe(ring)!);
      io_uring_submit_and_wait(ring, 1);
      // On a liburing older than 2.10 there is no io_uring_cqe_iter_init: the fields it would set, copied by hand (a fresh
      // ring: head 0, one completion posted), make an iterator the check accepts.
      let iter: IoUringCqeIter;
      if (io_uring_check_version(2, 10)) {
        iter = structValue(IoUringCqeIter, ring);
        iter.cqes = ring.cq.cqes;
        iter.mask = ring.cq.ring_mask;
        iter.tail = 1;
      } else {
        iter = io_uring_cqe_iter_init(ring);
      }
      const args = [iter, new OutPointer<IoUringCqe>()] as Parameters<typeof io_uring_cqe_iter_next>;
      return { args, cleanup: () => exitQuietly(ring) };
    },
    violations: {
      'iter.relation': { args: { iter: (_, { IoUringCqeIter }) => new IoUringCqeIter() } },
    },
  },
});
