import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_sendmsg_zc_fixed',
  since: '2.10',
  category: 'prep',
  inline: true,
  summary: 'Prepare a zero-copy sendmsg(2) whose data lies in the ring\'s registered buffer buf_index.',
  description:
    'Like io_uring_prep_sendmsg_zc, with IORING_RECVSEND_FIXED_BUF set and buf_index stored: the iovecs of msg must point into that registered buffer. As with every zero-copy send, the buffer may be reused only after the notification CQE (IORING_CQE_F_NOTIF). The fixed-buffer form of IORING_OP_SENDMSG_ZC needs Linux 6.15.',
  man: 'io_uring_prep_sendmsg_zc_fixed(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'fd', type: 'int', doc: 'The socket.' },
    { name: 'msg', type: 'const struct msghdr *', ownership: 'completion', doc: 'The message: its iovecs point into registered buffer buf_index.' },
    { name: 'flags', type: 'unsigned', doc: 'sendmsg(2) MSG_* flags.' },
    { name: 'buf_index', type: 'unsigned', doc: 'The registered buffer the iovecs point into.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of bytes sent, or -errno; a notification CQE follows.' },
  sqe: {
    // io_uring_prep_sendmsg_zc(sqe, fd, msg, flags), then sqe->ioprio |= IORING_RECVSEND_FIXED_BUF and sqe->buf_index = buf_index.
    rw: { op: 'IORING_OP_SENDMSG_ZC', fd: 'fd', addr: 'msg', len: '1', off: '0' },
    set: [['msg_flags', 'flags'], ['ioprio', 'sqe.ioprio | IORING_RECVSEND_FIXED_BUF'], ['buf_index', 'buf_index']],
  },
  errors: {
    EFAULT: 'no registered buffer buf_index, or an iovec outside it (checked before the socket)',
    ENOTSOCK: 'fd is not a socket',
    EINVAL: 'bad flags, or a kernel without fixed buffers for SENDMSG_ZC',
  },
  test: {
    async effect({ catchError, completeOne, errnoNumber, expect, io_uring_check_version, io_uring_get_sqe, io_uring_prep_sendmsg_zc_fixed, io_uring_queue_exit, IORING_OP_SENDMSG_ZC, IORING_RECVSEND_FIXED_BUF, Iovec, liburingVersion, MSG_DONTWAIT, Msghdr, newRing, tempDir, UnsupportedError }) {
      const { closeSync, openSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('not-a-socket'), 'w+');
      try {
        const data = new TextEncoder().encode('zero copy');
        const iov = Iovec.array(1);
        iov.item(0).iov_base = data;
        iov.item(0).iov_len = data.length;
        const msg = new Msghdr();
        msg.msg_iov = iov;
        msg.msg_iovlen = 1;
        const sqe = io_uring_get_sqe(ring)!;
        if (io_uring_check_version(2, 10)) {
          // liburing older than 2.10 has no io_uring_prep_sendmsg_zc_fixed: importing works, calling throws UnsupportedError.
          const error = catchError(() => io_uring_prep_sendmsg_zc_fixed(sqe, fd, msg, 0, 0));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: 'io_uring_prep_sendmsg_zc_fixed', needed: '2.10', loaded: liburingVersion() });
          expect(error.message).toContain(`needs liburing 2.10 or newer, but liburing ${liburingVersion()} is loaded`);
          return;
        }
        io_uring_prep_sendmsg_zc_fixed(sqe, fd, msg, MSG_DONTWAIT, 2);
        expect(sqe.opcode).toBe(IORING_OP_SENDMSG_ZC);
        expect(sqe.fd).toBe(fd);
        expect(sqe.addr).toBe(msg.address);
        expect(sqe.msg_flags).toBe(MSG_DONTWAIT);
        // The fixed-buffer variant: IORING_RECVSEND_FIXED_BUF in ioprio, the buffer index in buf_index.
        expect(sqe.ioprio & IORING_RECVSEND_FIXED_BUF).toBe(IORING_RECVSEND_FIXED_BUF);
        expect(sqe.buf_index).toBe(2);
        // The request reaches the kernel, which imports registered buffer 2 before it looks at the socket: this ring has
        // none (observed -EFAULT on Linux 6.18, although fd is not even a socket).
        expect(await completeOne(ring)).toBe(-errnoNumber('EFAULT'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
  },
});
