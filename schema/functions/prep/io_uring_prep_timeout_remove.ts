import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_prep_timeout_remove',
  since: '0.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare the removal of a pending timeout request, found by its user_data.',
  description:
    'The completion res is 0 when the timeout was found and removed (the timeout then completes with -ECANCELED), ' +
    '-ENOENT when no timeout has that user_data (it may have fired already), -EALREADY when it is firing.',
  man: 'io_uring_prep_timeout_remove(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'user_data', type: '__u64', doc: 'The user_data of the timeout request (io_uring_prep_timeout) to remove.' },
    {
      name: 'flags',
      type: 'unsigned',
      doc: 'Must be 0: removal takes no flags.',
      preconditions: [
        {
          rule: { kind: 'range', max: 0 },
          message: 'flags must be 0: the timeout remove command takes no flags (to change a timeout use io_uring_prep_timeout_update)',
          source: 'io_uring_prep_timeout_remove(3) ("The timeout remove command does not currently accept any flags"); kernel io_uring/timeout.c io_timeout_remove_prep(); observed res -EINVAL for IORING_TIMEOUT_ABS on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno (-ENOENT when no such timeout is pending).' },
  sqe: {
    rw: { op: 'IORING_OP_TIMEOUT_REMOVE', fd: '-1', addr: '0', len: '0', off: '0' },
    set: [['addr', 'user_data'], ['timeout_flags', 'flags']],
  },
  quirks: [
    { text: 'a flags value with IORING_TIMEOUT_UPDATE turns the request into an update that reads a timespec at sqe.addr2, which this helper leaves 0: res -EFAULT', source: 'kernel io_uring/timeout.c io_timeout_remove_prep(); liburing.h io_uring_prep_timeout_remove (off 0); observed -EFAULT on Linux 6.18' },
    { text: 'linked timeouts (io_uring_prep_link_timeout) are not found: res -ENOENT', source: 'kernel io_uring/timeout.c io_timeout_remove() (only the ring\'s timeout list is searched); observed -ENOENT on Linux 6.18' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_cq_advance, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_prep_timeout, io_uring_prep_timeout_remove, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, io_uring_submit_and_wait, IORING_OP_TIMEOUT_REMOVE, IoUringCqe, KernelTimespec, newRing, PointerArray, waitOne }) {
      const ring = newRing(8);
      try {
        const ts = new KernelTimespec();
        ts.tv_sec = 60;
        const t = io_uring_get_sqe(ring)!;
        io_uring_prep_timeout(t, ts, 0, 0);
        io_uring_sqe_set_data64(t, 0xdead_beefn);
        io_uring_submit(ring);
        const rm = io_uring_get_sqe(ring)!;
        io_uring_prep_timeout_remove(rm, 0xdead_beefn, 0);
        expect(rm.opcode).toBe(IORING_OP_TIMEOUT_REMOVE);
        expect(rm.addr).toBe(0xdead_beefn);
        io_uring_sqe_set_data64(rm, 1n);
        const start = process.hrtime.bigint();
        io_uring_submit_and_wait(ring, 2);
        // Removed at once, not after a minute: the timeout completes with -ECANCELED, the removal with 0.
        expect(process.hrtime.bigint() - start).toBeLessThan(5_000_000_000n);
        const got = new PointerArray<IoUringCqe>(4);
        expect(io_uring_peek_batch_cqe(ring, got, 4)).toBe(2);
        const res = new Map(got.items.map((c) => [c.user_data, c.res]));
        io_uring_cq_advance(ring, 2);
        expect(res.get(1n)).toBe(0);
        expect(res.get(0xdead_beefn)).toBe(-errnoNumber('ECANCELED'));
        // It is gone now.
        io_uring_prep_timeout_remove(io_uring_get_sqe(ring)!, 0xdead_beefn, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_timeout_remove, newRing }) {
      const ring = newRing(4);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, 5n, 0] as Parameters<typeof io_uring_prep_timeout_remove>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
