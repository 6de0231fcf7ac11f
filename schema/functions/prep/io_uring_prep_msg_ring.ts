import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_prep_msg_ring',
  since: '2.2',
  category: 'prep',
  inline: true,
  summary: "Prepare a message to another ring: a completion with res len and user_data data appears in that ring's completion queue.",
  description:
    'fd is the target ring\'s file descriptor (ring.ring_fd), which may be this ring\'s own. The target gets a completion whose res is len and ' +
    'whose user_data is data (32 + 64 bits of payload); this request\'s own completion res is 0, or -errno (-EBADFD when fd is not a ring, ' +
    '-EOVERFLOW when the target\'s completion queue is full).',
  man: 'io_uring_prep_msg_ring(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The target ring\'s file descriptor (with IOSQE_FIXED_FILE: a registered file index holding one).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be the file descriptor of an io_uring (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'io_uring_prep_msg_ring(3) ("fd, which must identify a io_uring context"); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'len', type: 'unsigned int', doc: 'The res of the target\'s completion (as a signed int: values from 2^31 on arrive negative).' },
    { name: 'data', type: '__u64', doc: 'The user_data of the target\'s completion.' },
    {
      name: 'flags',
      type: 'unsigned int',
      doc: 'IORING_MSG_RING_FLAGS_PASS passes sqe.file_index as the target completion\'s flags (io_uring_prep_msg_ring_cqe_flags sets this up); usually 0.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['IORING_MSG_RING_FLAGS_PASS'] },
          message: 'flags may hold only IORING_MSG_RING_FLAGS_PASS: IORING_MSG_RING_CQE_SKIP does not apply to a data message, and other bits are unknown',
          source: 'io_uring_prep_msg_ring(3) ERRORS (-EINVAL); kernel io_uring/msg_ring.c io_msg_ring_prep() (unknown flags) and io_msg_ring_data() (flags other than IORING_MSG_RING_FLAGS_PASS); observed res -EINVAL for IORING_MSG_RING_CQE_SKIP on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0 once the message is posted, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_MSG_RING', fd: 'fd', addr: '0', len: 'len', off: 'data' }, set: [['msg_ring_flags', 'flags']] },
  quirks: [
    { text: 'liburing-ts releases memory it holds for a request when a completion with that request\'s user_data is seen, so a message whose data equals the user_data of a request in flight in the target ring lets that request\'s memory go early: give messages user_data values your requests do not use', source: 'liburing-ts runtime/ring-state.ts cqeSeen (keyed by user_data)' },
    { text: 'the man page of 2.9 says flags must be 0; Linux 6.18 takes IORING_MSG_RING_FLAGS_PASS (and IORING_MSG_RING_CQE_SKIP for io_uring_prep_msg_ring_fd)', source: 'io_uring_prep_msg_ring(3) ("Currently there are no valid flag modifiers"); kernel io_uring/msg_ring.c IORING_MSG_RING_MASK' },
    { text: 'a descriptor that is not an io_uring gives res -EBADFD (not -EBADF); a ring created with IORING_SETUP_R_DISABLED and not yet enabled gives -EBADFD too', source: 'io_uring_prep_msg_ring(3) ERRORS; observed -EBADFD for a regular file on Linux 6.18' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_cq_advance, io_uring_cq_ready, io_uring_cqe_seen, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_peek_cqe, io_uring_prep_msg_ring, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit_and_wait, IORING_OP_MSG_RING, IoUringCqe, newRing, OutPointer, PointerArray, tempDir, waitOne }) {
      const { openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const file = openSync(dir.file('x'), 'w');
      const source = newRing(4);
      const target = newRing(4);
      try {
        const sqe = io_uring_get_sqe(source)!;
        io_uring_prep_msg_ring(sqe, target.ring_fd, 0x1234, 0xfeed_0000_beefn, 0);
        expect(sqe.opcode).toBe(IORING_OP_MSG_RING);
        io_uring_sqe_set_data64(sqe, 1n);
        expect(waitOne(source)).toMatchObject({ user_data: 1n, res: 0 });
        // The message arrived in the other ring's completion queue, carrying len as res and data as user_data.
        expect(io_uring_cq_ready(target)).toBe(1);
        const out = new OutPointer<IoUringCqe>();
        expect(io_uring_peek_cqe(target, out)).toBe(0);
        expect(out.value!.user_data).toBe(0xfeed_0000_beefn);
        expect(out.value!.res).toBe(0x1234);
        expect(out.value!.flags).toBe(0);
        io_uring_cqe_seen(target, out.value);
        // A ring can message itself: two completions, the message and the request's own.
        io_uring_prep_msg_ring(io_uring_get_sqe(source)!, source.ring_fd, 7, 70n, 0);
        io_uring_submit_and_wait(source, 2);
        const got = new PointerArray<IoUringCqe>(4);
        expect(io_uring_peek_batch_cqe(source, got, 4)).toBe(2);
        expect(got.items.some((c) => c.user_data === 70n && c.res === 7)).toBe(true);
        io_uring_cq_advance(source, 2);
        // A descriptor that is not a ring is refused.
        io_uring_prep_msg_ring(io_uring_get_sqe(source)!, file, 1, 1n, 0);
        expect(waitOne(source).res).toBe(-errnoNumber('EBADFD'));
      } finally {
        io_uring_queue_exit(source);
        io_uring_queue_exit(target);
        closeSync(file);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_msg_ring, newRing }) {
      const source = newRing(4);
      const target = newRing(4);
      const ring = source;
      const sqe = io_uring_get_sqe(source)!;
      const args = [sqe, target.ring_fd, 1, 2n, 0] as Parameters<typeof io_uring_prep_msg_ring>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(source);
          exitQuietly(target);
        },
      };
    },
  },
});
