import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_msg_ring_cqe_flags',
  since: '2.4',
  category: 'prep',
  inline: true,
  summary: "Prepare a message to another ring, like io_uring_prep_msg_ring, that also sets the flags of the target's completion.",
  description:
    'The target ring gets a completion with res len, user_data data and flags cqe_flags (the helper sets IORING_MSG_RING_FLAGS_PASS). ' +
    'This request\'s own completion res is 0, or -errno.',
  man: 'io_uring_prep_msg_ring_cqe_flags(3)',
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
    { name: 'len', type: 'unsigned int', doc: 'The res of the target\'s completion.' },
    { name: 'data', type: '__u64', doc: 'The user_data of the target\'s completion.' },
    {
      name: 'flags',
      type: 'unsigned int',
      doc: 'Usually 0; IORING_MSG_RING_FLAGS_PASS is added by the helper.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['IORING_MSG_RING_FLAGS_PASS'] },
          message: 'flags may hold only IORING_MSG_RING_FLAGS_PASS (which the helper sets anyway): IORING_MSG_RING_CQE_SKIP does not apply to a data message',
          source: 'kernel io_uring/msg_ring.c io_msg_ring_prep() and io_msg_ring_data(); observed res -EINVAL for IORING_MSG_RING_CQE_SKIP on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'cqe_flags', type: 'unsigned int', doc: 'The flags of the target\'s completion, stored in sqe.file_index.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0 once the message is posted, or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_MSG_RING', fd: 'fd', addr: '0', len: 'len', off: 'data' },
    set: [['msg_ring_flags', 'IORING_MSG_RING_FLAGS_PASS | flags'], ['file_index', 'cqe_flags']],
  },
  quirks: [
    { text: 'liburing-ts releases memory it holds for a request when a completion with that request\'s user_data is seen, so a message whose data equals the user_data of a request in flight in the target ring lets that request\'s memory go early: give messages user_data values your requests do not use', source: 'liburing-ts runtime/ring-state.ts cqeSeen (keyed by user_data)' },
    { text: 'the target sees cqe_flags as they are: bits the application gives meaning to (IORING_CQE_F_MORE, IORING_CQE_F_BUFFER...) mislead code that reads them', source: 'io_uring_prep_msg_ring_cqe_flags(3) ("Be aware that io_uring could potentially set additional bits")' },
    { text: 'a message with IORING_CQE_F_MORE in cqe_flags also tells liburing-ts that more completions of that user_data follow, so memory held for a target request with that user_data stays held', source: 'liburing-ts runtime/ring-state.ts (IORING_CQE_F_MORE)' },
  ],
  test: {
    async effect({ expect, io_uring_get_sqe, io_uring_prep_msg_ring_cqe_flags, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_MSG_RING_FLAGS_PASS, newRing, waitOne }) {
      const source = newRing(4);
      const target = newRing(4);
      try {
        const sqe = io_uring_get_sqe(source)!;
        io_uring_prep_msg_ring_cqe_flags(sqe, target.ring_fd, 99, 0x42n, 0, 0x00ab_0000);
        expect(sqe.msg_ring_flags).toBe(IORING_MSG_RING_FLAGS_PASS);
        expect(sqe.file_index).toBe(0x00ab_0000);
        io_uring_sqe_set_data64(sqe, 1n);
        expect(waitOne(source)).toMatchObject({ user_data: 1n, res: 0 });
        // The target's completion carries len, data and the flags given.
        expect(waitOne(target)).toEqual({ user_data: 0x42n, res: 99, flags: 0x00ab_0000 });
      } finally {
        io_uring_queue_exit(source);
        io_uring_queue_exit(target);
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_msg_ring_cqe_flags, newRing }) {
      const source = newRing(4);
      const target = newRing(4);
      const ring = source;
      const sqe = io_uring_get_sqe(source)!;
      const args = [sqe, target.ring_fd, 1, 2n, 0, 0] as Parameters<typeof io_uring_prep_msg_ring_cqe_flags>;
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
