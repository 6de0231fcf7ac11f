import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_wait_cqe_nr',
  since: '0.3',
  category: 'submit',
  inline: true,
  viaFfi: 'it is __io_uring_get_cqe (liburing\'s src/queue.c), which enters the kernel to wait',
  summary: 'Wait until wait_nr completions are ready and return the first; wait_nr 0 only peeks.',
  description:
    'Returns at once when wait_nr completions are ready already. It submits nothing and consumes nothing: after processing, ' +
    'mark the completions seen with io_uring_cqe_seen or io_uring_cq_advance.',
  man: 'io_uring_wait_cqe_nr(3)',
  mayBlock: true,
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    { name: 'cqe_ptr', type: 'struct io_uring_cqe **', dir: 'out', borrowedFrom: 'ring', doc: 'Receives the first ready completion, borrowed from the ring until io_uring_cqe_seen; null after -EAGAIN.' },
    { name: 'wait_nr', type: 'unsigned', doc: 'How many completions to wait for; 0 does not wait.' },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 when cqe_ptr holds a completion; -EAGAIN (returned, not thrown) when wait_nr is 0 and none is ready.', passthrough: ['EAGAIN'] },
  errors: {
    EAGAIN: 'no completion is ready and wait_nr is 0',
    EINTR: 'a signal interrupted the wait',
    EBADFD: 'the ring is disabled (IORING_SETUP_R_DISABLED)',
    EEXIST: 'a DEFER_TASKRUN ring is waited on from a thread other than its submitter',
  },
  quirks: [
    { text: 'it blocks until wait_nr completions are ready, so wait_nr larger than the requests in flight blocks forever; liburing-ts cannot check it because it does not count requests that post no completion or several', source: 'io_uring_wait_cqe_nr(3); liburing 2.9 liburing.h io_uring_wait_cqe_nr() -> __io_uring_get_cqe(ring, cqe_ptr, 0, wait_nr, NULL)' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_cq_advance, io_uring_cq_ready, io_uring_cqe_seen, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_prep_nop, io_uring_prep_timeout, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, io_uring_submit_and_wait, io_uring_wait_cqe_nr, IoUringCqe, KernelTimespec, newRing, OutPointer, PointerArray }) {
      const ring = newRing(8);
      try {
        const out = new OutPointer<IoUringCqe>();
        // wait_nr 0 and nothing ready: -EAGAIN, returned.
        expect(io_uring_wait_cqe_nr(ring, out, 0)).toBe(-errnoNumber('EAGAIN'));
        expect(out.value).toBeNull();
        // Three NOPs and a 20 ms timeout in flight: waiting for all four takes the timeout's time.
        for (const ud of [1n, 2n, 3n]) {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_nop(sqe);
          io_uring_sqe_set_data64(sqe, ud);
        }
        const ts = new KernelTimespec();
        ts.tv_nsec = 20_000_000;
        const t = io_uring_get_sqe(ring)!;
        io_uring_prep_timeout(t, ts, 0, 0);
        io_uring_sqe_set_data64(t, 4n);
        const start = process.hrtime.bigint();
        io_uring_submit(ring);
        expect(io_uring_wait_cqe_nr(ring, out, 4)).toBe(0);
        expect(process.hrtime.bigint() - start).toBeGreaterThanOrEqual(15_000_000n);
        // The first completion is returned; all four are ready and none was consumed.
        expect(out.value!.user_data).toBe(1n);
        expect(io_uring_cq_ready(ring)).toBe(4);
        const cqes = new PointerArray<IoUringCqe>(4);
        io_uring_peek_batch_cqe(ring, cqes, 4);
        expect(cqes.items.map((c) => [c.user_data, c.res])).toEqual([[1n, 0], [2n, 0], [3n, 0], [4n, -errnoNumber('ETIME')]]);
        io_uring_cq_advance(ring, 4);
        // Ready completions are returned without waiting, wait_nr 0 included.
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        io_uring_submit_and_wait(ring, 1);
        expect(io_uring_wait_cqe_nr(ring, out, 0)).toBe(0);
        expect(out.value!.res).toBe(0);
        io_uring_cqe_seen(ring, out.value);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_wait_cqe_nr, IoUringCqe, newRing, OutPointer }) {
      const ring = newRing(4);
      const args = [ring, new OutPointer<IoUringCqe>(), 0] as Parameters<typeof io_uring_wait_cqe_nr>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
