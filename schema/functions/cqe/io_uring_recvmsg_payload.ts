import { defineFunction } from '../../language.js';
import type { Msghdr } from '../../../generated/index.js';

/**
 * Test prelude: real buffers of a multishot recvmsg. A ring with a provided-buffer ring (group 1, four
 * 256-byte buffers); arm() starts io_uring_prep_recvmsg_multishot on a socket, next() waits for the
 * next message and returns the buffer it is in and the bytes used (cqe.res). Sockets come from libc
 * through koffi (the test helpers' libc, udpSocket and loopback): UDP on 127.0.0.1, and an AF_UNIX
 * datagram pair for control messages.
 */
const PARSE = `
  const { closeSync, openSync, fstatSync } = await import('node:fs');
  const sendto = libc.func('int sendto(int, void *, size_t, int, void *, uint32_t)');
  const socketpair = libc.func('int socketpair(int, int, int, void *)');
  const setsockopt = libc.func('int setsockopt(int, int, int, void *, uint32_t)');
  const sendmsg = libc.func('int sendmsg(int, void *, int)');
  const ring = newRing(8);
  const err = new Int32Array(1);
  const br = io_uring_setup_buf_ring(ring, 4, 1, 0, err)!;
  expect(err[0]).toBe(0);
  const bufs = [0, 1, 2, 3].map(() => new Uint8Array(256));
  bufs.forEach((b, i) => io_uring_buf_ring_add(br, b, b.byteLength, i, 3, i));
  io_uring_buf_ring_advance(br, bufs.length);
  const arm = (fd: number, msg: Msghdr) => {
    const sqe = io_uring_get_sqe(ring)!;
    io_uring_prep_recvmsg_multishot(sqe, fd, msg, 0);
    io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
    sqe.buf_group = 1;
    io_uring_submit(ring);
  };
  const next = () => {
    const cqe = waitOne(ring);
    expect(cqe.res).toBeGreaterThan(0);
    expect(cqe.flags & IORING_CQE_F_BUFFER).toBe(IORING_CQE_F_BUFFER);
    return { buf: bufs[cqe.flags >>> IORING_CQE_BUFFER_SHIFT]!, len: cqe.res };
  };
`;

export default defineFunction({
  name: 'io_uring_recvmsg_payload',
  since: '2.3',
  category: 'cqe',
  inline: true,
  js: 'recvmsgPayload(o, msgh)',
  summary: 'Get where the payload starts in a multishot recvmsg buffer: after the header, the address area and the control area.',
  description:
    'Returns o.address + 16 + msgh.msg_namelen + msgh.msg_controllen as a bigint address inside the buffer. How many payload bytes are there: io_uring_recvmsg_payload_length ' +
    '(o.flags has MSG_TRUNC when the message did not fit in the buffer).',
  man: 'io_uring_recvmsg_payload(3)',
  params: [
    { name: 'o', type: 'struct io_uring_recvmsg_out *', doc: 'The header, from io_uring_recvmsg_validate.' },
    { name: 'msgh', type: 'struct msghdr *', doc: 'The msghdr the multishot recvmsg was prepared with.' },
  ],
  returns: { kind: 'pointer', type: 'void *', doc: 'The address of the payload in the buffer: after the header, msgh.msg_namelen and msgh.msg_controllen bytes; map it back with addressOf(buf).' },
  quirks: [
    { text: 'msgh must be the msghdr given to io_uring_prep_recvmsg_multishot: its msg_namelen and msg_controllen give the layout of every buffer; another msghdr silently gives wrong offsets', source: 'io_uring_recvmsg_out(3) lines 37-40: "msgh should point to the struct msghdr submitted with the request"' },
    { text: 'the result points into the buffer given to io_uring_recvmsg_validate: liburing-ts cannot tie it to that memory (it returns a bigint address that stays usable after the buffer is collected or reused), so keep the buffer alive and unchanged while using it', source: 'liburing.h io_uring_recvmsg_payload() (pointer arithmetic on o); liburing-ts: pointer results can only borrow from a ring (returns.borrowedFrom), not from another argument' },
  ],
  test: {
    async effect({ addressOf, expect, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_get_sqe, io_uring_prep_recvmsg_multishot, io_uring_queue_exit, io_uring_recvmsg_payload, io_uring_recvmsg_validate, io_uring_setup_buf_ring, io_uring_sqe_set_flags, io_uring_submit, IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IOSQE_BUFFER_SELECT, libc, loopback, Msghdr, newRing, udpSocket, waitOne }) {
      const { closeSync, openSync, fstatSync } = await import('node:fs');
      const sendto = libc.func('int sendto(int, void *, size_t, int, void *, uint32_t)');
      const socketpair = libc.func('int socketpair(int, int, int, void *)');
      const setsockopt = libc.func('int setsockopt(int, int, int, void *, uint32_t)');
      const sendmsg = libc.func('int sendmsg(int, void *, int)');
      const ring = newRing(8);
      const err = new Int32Array(1);
      const br = io_uring_setup_buf_ring(ring, 4, 1, 0, err)!;
      expect(err[0]).toBe(0);
      const bufs = [0, 1, 2, 3].map(() => new Uint8Array(256));
      bufs.forEach((b, i) => io_uring_buf_ring_add(br, b, b.byteLength, i, 3, i));
      io_uring_buf_ring_advance(br, bufs.length);
      const arm = (fd: number, msg: Msghdr) => {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_recvmsg_multishot(sqe, fd, msg, 0);
        io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
        sqe.buf_group = 1;
        io_uring_submit(ring);
      };
      const next = () => {
        const cqe = waitOne(ring);
        expect(cqe.res).toBeGreaterThan(0);
        expect(cqe.flags & IORING_CQE_F_BUFFER).toBe(IORING_CQE_F_BUFFER);
        return { buf: bufs[cqe.flags >>> IORING_CQE_BUFFER_SHIFT]!, len: cqe.res };
      };
  
          try {
            const receiver = udpSocket();
            const sender = udpSocket();
            const msg = new Msghdr();
            msg.msg_namelen = 16;
            arm(receiver.fd, msg);
            const text = 'the payload itself';
            sendto(sender.fd, Buffer.from(text), text.length, 0, loopback(receiver.port).bytes, 16);
            const { buf, len } = next();
            const o = io_uring_recvmsg_validate(buf, len, msg)!;
            const payload = io_uring_recvmsg_payload(o, msg)!;
            // After the 16-byte header and the 16-byte address area.
            expect(payload).toBe(addressOf(buf) + 32n);
            const offset = Number(payload - addressOf(buf));
            expect(Buffer.from(buf.subarray(offset, offset + o.payloadlen)).toString()).toBe(text);
            closeSync(receiver.fd);
            closeSync(sender.fd);
          } finally {
            io_uring_queue_exit(ring);
          }
    },
    async valid({ exitQuietly, io_uring_recvmsg_payload, IoUringRecvmsgOut, Msghdr, newRing }) {
      const ring = newRing(4);
      const msg = new Msghdr();
      msg.msg_namelen = 16;
      const args = [new IoUringRecvmsgOut(), msg] as Parameters<typeof io_uring_recvmsg_payload>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
