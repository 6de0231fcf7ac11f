import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_sync_msg',
  since: '2.12',
  category: 'register',
  summary: 'Send a MSG_RING message to a ring synchronously, without a source ring: the SQE need not come from any ring.',
  description:
    'The SQE is prepared as io_uring_prep_msg_ring (or _cqe_flags) prepares it, e.g. in a new IoUringSqe(); only data messages are ' +
    'supported, not file descriptors. The result comes back from this call; the target ring gets a CQE as for a normal MSG_RING ' +
    '(res: the SQE\'s len, user_data: its off). Linux 6.13 (IORING_REGISTER_SEND_MSG_RING).',
  man: 'io_uring_register_sync_msg(3)',
  params: [{ name: 'sqe', type: 'struct io_uring_sqe *', doc: 'An SQE prepared for IORING_OP_MSG_RING with IORING_MSG_DATA.' }],
  bookkeeping: 'msg-ring-sync',
  returns: { kind: 'errno', type: 'int', doc: '0.' },
  errors: {
    EINVAL: 'the SQE is not a MSG_RING data message, or the kernel lacks IORING_REGISTER_SEND_MSG_RING (before Linux 6.13)',
    EBADFD: 'the SQE\'s fd is not an io_uring',
    EBADF: 'the SQE\'s fd is not open',
    EOVERFLOW: 'the target ring\'s CQ is full',
  },
  quirks: [
    { text: 'the symbol is in the LIBURING_2.11 version node, but it was added after 2.11 shipped: the first release with it is 2.12', source: 'liburing commit d27f14c8 (2025-07-10); liburing-ffi.map' },
  ],
  test: {
    async effect({ catchError, expect, io_uring_check_version, io_uring_cq_ready, io_uring_queue_exit, io_uring_register_sync_msg, IORING_MSG_DATA, IORING_OP_MSG_RING, IoUringSqe, liburingVersion, newRing, UnsupportedError, waitOne }) {
      const ring = newRing(4);
      try {
        // What io_uring_prep_msg_ring(sqe, ring.ring_fd, 42, 0xfeedn, 0) stores, in an SQE that belongs to no ring.
        const sqe = new IoUringSqe();
        sqe.opcode = IORING_OP_MSG_RING;
        sqe.fd = ring.ring_fd;
        sqe.addr = IORING_MSG_DATA;
        sqe.len = 42;
        sqe.off = 0xfeedn;
        if (io_uring_check_version(2, 12)) {
          // liburing older than 2.12 has no io_uring_register_sync_msg: importing works, calling throws UnsupportedError.
          const error = catchError(() => io_uring_register_sync_msg(sqe));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: 'io_uring_register_sync_msg', needed: '2.12', loaded: liburingVersion() });
          expect(error.message).toContain(`needs liburing 2.12 or newer, but liburing ${liburingVersion()} is loaded`);
          return;
        }
        expect(io_uring_register_sync_msg(sqe)).toBe(0);
        // The target ring received the message as a completion: res is len, user_data is off.
        expect(io_uring_cq_ready(ring)).toBe(1);
        expect(waitOne(ring)).toMatchObject({ user_data: 0xfeedn, res: 42 });
        // A NOP is not a message.
        expect(catchError(() => io_uring_register_sync_msg(new IoUringSqe()))).toMatchObject({ name: 'UringError', code: 'EINVAL' });
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
