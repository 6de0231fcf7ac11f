import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_sqe_set_flags',
  since: '0.1',
  category: 'sqe',
  inline: true,
  summary: "Set the SQE's IOSQE_* flags (link, drain, async, skip the completion on success...).",
  description: 'Replaces the SQE\'s flags; call it after the prep helper, which may set flags of its own.',
  man: 'io_uring_sqe_set_flags(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE, already prepared.' },
    {
      name: 'flags',
      type: 'unsigned',
      doc: 'IOSQE_* flags ORed together.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: [
            'IOSQE_FIXED_FILE', 'IOSQE_IO_DRAIN', 'IOSQE_IO_LINK', 'IOSQE_IO_HARDLINK', 'IOSQE_ASYNC', 'IOSQE_BUFFER_SELECT', 'IOSQE_CQE_SKIP_SUCCESS',
          ] },
          message: 'flags must hold only IOSQE_* flags (bits 0 to 6)',
          source: 'io_uring_sqe_set_flags(3); kernel io_uring/io_uring.c io_init_req() rejects unknown SQE flags; observed res -EINVAL for 0x80 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing.' },
  quirks: [
    { text: 'flags is stored as a __u8: bits above 0xff are dropped silently by C', source: 'liburing 2.9 liburing.h io_uring_sqe_set_flags: sqe->flags = (__u8) flags' },
    { text: 'a request with IOSQE_CQE_SKIP_SUCCESS that succeeds posts no completion, so memory liburing-ts holds for it is only let go when the ring is exited', source: 'liburing-ts runtime/ring-state.ts (memory is released when a completion is seen)' },
  ],
  sqe: { set: [['flags', 'flags']] },
  test: {
    async effect({ expect, io_uring_cq_ready, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_sqe_set_flags, io_uring_submit_and_wait, IOSQE_CQE_SKIP_SUCCESS, IOSQE_IO_LINK, newRing, waitOne }) {
      const ring = newRing(4);
      try {
        const skipped = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(skipped);
        io_uring_sqe_set_flags(skipped, IOSQE_CQE_SKIP_SUCCESS | IOSQE_IO_LINK);
        expect(skipped.flags).toBe(IOSQE_CQE_SKIP_SUCCESS | IOSQE_IO_LINK);
        io_uring_sqe_set_data64(skipped, 1n);
        const next = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(next);
        io_uring_sqe_set_data64(next, 2n);
        // Both run, in order (linked), and only the second posts a completion.
        expect(io_uring_submit_and_wait(ring, 1)).toBe(2);
        expect(io_uring_cq_ready(ring)).toBe(1);
        expect(waitOne(ring)).toMatchObject({ user_data: 2n, res: 0 });
        expect(io_uring_cq_ready(ring)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_nop, io_uring_sqe_set_flags, newRing }) {
      const ring = newRing(4);
      const sqe = io_uring_get_sqe(ring)!;
      io_uring_prep_nop(sqe);
      const args = [sqe, 0] as Parameters<typeof io_uring_sqe_set_flags>;
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
