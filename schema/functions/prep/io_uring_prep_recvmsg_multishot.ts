import { defineFunction } from '../../language.js';

/** Test prelude: node:fs's descriptor calls (the loopback sockets come from the test helpers: tcpPair, udpSocket, loopback, portOf). */
const NET = `
  const { closeSync, readSync, writeSync } = await import('node:fs');
`;

export default defineFunction({
  name: 'io_uring_prep_recvmsg_multishot',
  since: '2.3',
  category: 'prep',
  inline: true,
  summary: 'Prepare a multishot recvmsg: each message arrives in a provided buffer as a header, the sender\'s address, control data and payload.',
  description:
    'Like io_uring_prep_recvmsg, but the request stays armed and each message goes into a buffer from the provided-buffer group in sqe.buf_group (set IOSQE_BUFFER_SELECT). ' +
    'The buffer starts with a struct io_uring_recvmsg_out, then msg.msg_namelen bytes of address, msg.msg_controllen bytes of control data, then the payload; ' +
    'io_uring_recvmsg_validate, _name, _payload, _payload_length and _cmsg_firsthdr/_nexthdr read it, given the same msg. ' +
    'Each CQE res is the number of bytes of the buffer used; flags carry IORING_CQE_F_BUFFER, the buffer ID and, while more may follow, IORING_CQE_F_MORE. Linux 6.0 and later.',
  man: 'io_uring_prep_recvmsg_multishot(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The socket to receive from (with IOSQE_FIXED_FILE: a registered file index).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open socket descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'recvmsg(2) EBADF; io_uring_prep_recvmsg_multishot(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'msg',
      type: 'struct msghdr *',
      ownership: 'completion',
      doc: 'The layout of each buffer: msg_namelen (room for the address), msg_controllen (room for control data); msg_iovlen 0 or 1 (the provided buffer replaces the iovec). Keep it for the io_uring_recvmsg_* helpers.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'msg.msg_iovlen <= 1n', says: 'msg.msg_iovlen must be 0 or 1: the provided buffer takes the place of the iovecs' },
          message: 'msg.msg_iovlen must be 0 or 1 for a multishot recvmsg',
          source: 'kernel io_uring/net.c io_recvmsg_copy_hdr() (with buffer selection "msg.msg_iovlen > 1" gives -EINVAL); observed res -EINVAL for 2 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'flags',
      type: 'unsigned',
      doc: 'MSG_* flags as for recvmsg(2), without MSG_WAITALL.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: '(flags & MSG_WAITALL) === 0', says: 'a multishot receive cannot wait for a full buffer: no MSG_WAITALL' },
          message: 'flags must not hold MSG_WAITALL: a multishot receive posts whatever arrives',
          source: 'io_uring_prep_recvmsg_multishot(3) lines 45-50: "It requires ... no MSG_WAITALL flag to be set"; kernel io_uring/net.c io_recvmsg_prep(); observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; each completion res is the number of bytes used in the buffer its flags name, or -errno.' },
  sqe: {
    // io_uring_prep_recvmsg(sqe, fd, msg, flags); sqe->ioprio |= IORING_RECV_MULTISHOT.
    rw: { op: 'IORING_OP_RECVMSG', fd: 'fd', addr: 'msg', len: '1', off: '0' },
    set: [['msg_flags', 'flags'], ['ioprio', 'sqe.ioprio | IORING_RECV_MULTISHOT']],
  },
  errors: {
    EINVAL: 'IOSQE_BUFFER_SELECT is not set, flags hold MSG_WAITALL, or msg_iovlen is over 1',
    ENOBUFS: 'the buffer group has no buffer left, or does not exist (this ends the request)',
    EMSGSIZE: 'msg_iovlen is over 1024',
    ENOTSOCK: 'fd is not a socket',
  },
  quirks: [
    { text: 'IOSQE_BUFFER_SELECT must be set on the SQE (io_uring_sqe_set_flags) and sqe.buf_group name a group of provided buffers; the prep helper sets neither, so the wrapper cannot check it. Without IOSQE_BUFFER_SELECT res is -EINVAL; with an empty or unknown group -ENOBUFS', source: 'io_uring_prep_recvmsg_multishot(3) lines 45-50: "It requires ... the IOSQE_BUFFER_SELECT flag to be set"; observed on Linux 6.18' },
    { text: 'each buffer holds sizeof(struct io_uring_recvmsg_out) + msg_namelen + msg_controllen bytes before the payload, whatever the message had: a buffer smaller than that ends the request with -EFAULT', source: 'io_uring_recvmsg_out(3); kernel io_uring/net.c io_recvmsg_prep_multishot(); observed on Linux 6.18 (msg_namelen 250 with 256-byte buffers: res -EFAULT)' },
    { text: 'the kernel reads msg when the request is submitted; liburing-ts keeps it until the last completion anyway, as the io_uring_recvmsg_* helpers need the same msg', source: 'io_uring_prep_recvmsg(3) NOTES; io_uring_recvmsg_out(3) lines 37-40: "msgh should point to the struct msghdr submitted with the request"' },
  ],
  test: {
    async effect({ addressOf, AF_INET, expect, htons, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_get_sqe, io_uring_prep_recvmsg_multishot, io_uring_queue_exit, io_uring_recvmsg_validate, io_uring_setup_buf_ring, io_uring_sqe_set_data64, io_uring_sqe_set_flags, io_uring_submit, IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IORING_CQE_F_MORE, IORING_OP_RECVMSG, IORING_RECV_MULTISHOT, IOSQE_BUFFER_SELECT, libc, loopback, Msghdr, newRing, OWNED, SockaddrIn, udpSocket, waitOne }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(8);
          const receiver = udpSocket();
          const sender = udpSocket();
          const sendto = libc.func('int sendto(int, void *, size_t, int, void *, uint32_t)');
          try {
          // A ring of provided buffers, group 1: 4 buffers of 256 bytes, their IDs 0 to 4 - 1.
          const err = new Int32Array(1);
          const br = io_uring_setup_buf_ring(ring, 4, 1, 0, err)!;
          expect(err[0]).toBe(0);
          const bufs = [0, 1, 2, 3].map(() => new Uint8Array(256));
          bufs.forEach((b, i) => io_uring_buf_ring_add(br, b, b.byteLength, i, 3, i));
          io_uring_buf_ring_advance(br, bufs.length);
            // Room for an IPv4 address before each payload, no control data.
            const msg = new Msghdr();
            msg.msg_namelen = 16;
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_recvmsg_multishot(sqe, receiver.fd, msg, 0);
            expect(sqe.opcode).toBe(IORING_OP_RECVMSG);
            expect(sqe.ioprio & IORING_RECV_MULTISHOT).toBe(IORING_RECV_MULTISHOT);
            io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
            sqe.buf_group = 1;
            io_uring_sqe_set_data64(sqe, 4n);
            io_uring_submit(ring);
            for (const text of ['one datagram', 'another']) {
              expect(sendto(sender.fd, Buffer.from(text), text.length, 0, loopback(receiver.port).bytes, 16)).toBe(text.length);
              const cqe = waitOne(ring);
              expect(cqe.user_data).toBe(4n);
              expect(cqe.flags & IORING_CQE_F_MORE).toBe(IORING_CQE_F_MORE);
              expect(cqe.flags & IORING_CQE_F_BUFFER).toBe(IORING_CQE_F_BUFFER);
              // The buffer: a 16-byte io_uring_recvmsg_out, the 16-byte address, then the payload.
              expect(cqe.res).toBe(16 + 16 + text.length);
              const buf = bufs[cqe.flags >>> IORING_CQE_BUFFER_SHIFT]!;
              const out = io_uring_recvmsg_validate(buf, cqe.res, msg)!;
              expect(out).not.toBeNull();
              expect(out.namelen).toBe(16);
              expect(out.payloadlen).toBe(text.length);
              const from = SockaddrIn.at(new DataView(buf.buffer, buf.byteOffset + 16, 16), 0, addressOf(buf) + 16n, OWNED);
              expect(from.sin_family).toBe(AF_INET);
              expect(htons(from.sin_port)).toBe(sender.port);
              expect(Buffer.from(buf.subarray(32, 32 + text.length)).toString()).toBe(text);
            }
          } finally {
            io_uring_queue_exit(ring);
            closeSync(receiver.fd);
            closeSync(sender.fd);
          }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_recvmsg_multishot, io_uring_sqe_set_flags, IOSQE_BUFFER_SELECT, Msghdr, newRing, udpSocket }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const receiver = udpSocket();
          const msg = new Msghdr();
          msg.msg_namelen = 16;
          const sqe = io_uring_get_sqe(ring)!;
          // As the request needs: buffer selection from group 1 (nothing arrives, so no buffer is taken).
          io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
          sqe.buf_group = 1;
          const args = [sqe, receiver.fd, msg, 0] as Parameters<typeof io_uring_prep_recvmsg_multishot>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(receiver.fd);
        },
        msg,
      };
    },
    violations: {
      'msg.relation': { before: ({ msg }, { Iovec }) => {
          msg.msg_iov = Iovec.array(2);
          msg.msg_iovlen = 2;
        } },
      'flags.relation': { args: { flags: (_, { MSG_WAITALL }) => MSG_WAITALL } },
    },
  },
});
