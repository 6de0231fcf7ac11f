import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_peek_cqe',
  since: '0.1',
  category: 'cqe',
  inline: true,
  js: 'peekCqe(ring, cqe_ptr, IoUringCqe)',
  summary: 'Get a completion if one is ready, without waiting; -EAGAIN when there is none.',
  man: 'io_uring_peek_cqe(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    { name: 'cqe_ptr', type: 'struct io_uring_cqe **', dir: 'out', borrowedFrom: 'ring', doc: 'Receives the completion, borrowed from the ring until io_uring_cqe_seen; null after -EAGAIN.' },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 when cqe_ptr holds a completion; -EAGAIN when none is ready.', passthrough: ['EAGAIN'] },
  errors: { EAGAIN: 'no completion is ready' },
  quirks: [
    { text: 'when no completion is in the ring it calls io_uring_wait_cqe_nr(ring, cqe_ptr, 0), which enters the kernel only if the CQ ring has overflowed or task work is pending (e.g. DEFER_TASKRUN rings)', source: 'liburing 2.9 liburing.h io_uring_peek_cqe; src/queue.c _io_uring_get_cqe' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_cqe_seen, io_uring_get_sqe, io_uring_peek_cqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit_and_wait, IoUringCqe, newRing, OutPointer }) {
      const ring = newRing(4);
      try {
        const out = new OutPointer<IoUringCqe>();
        // Nothing ready: -EAGAIN is returned, not thrown.
        expect(io_uring_peek_cqe(ring, out)).toBe(-errnoNumber('EAGAIN'));
        expect(out.value).toBeNull();
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 31n);
        io_uring_submit_and_wait(ring, 1);
        expect(io_uring_peek_cqe(ring, out)).toBe(0);
        expect(out.value!.user_data).toBe(31n);
        expect(out.value!.res).toBe(0);
        // Peeking does not consume: the same completion is returned until it is seen.
        const again = new OutPointer<IoUringCqe>();
        expect(io_uring_peek_cqe(ring, again)).toBe(0);
        expect(again.value!.address).toBe(out.value!.address);
        io_uring_cqe_seen(ring, out.value);
        expect(io_uring_peek_cqe(ring, out)).toBe(-errnoNumber('EAGAIN'));
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_peek_cqe, IoUringCqe, newRing, OutPointer }) {
      const ring = newRing(4);
      const args = [ring, new OutPointer<IoUringCqe>()] as Parameters<typeof io_uring_peek_cqe>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
