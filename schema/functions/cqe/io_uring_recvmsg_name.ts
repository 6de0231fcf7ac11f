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
  name: 'io_uring_recvmsg_name',
  since: '2.3',
  category: 'cqe',
  inline: true,
  js: 'recvmsgName(o)',
  summary: 'Get where the sender\'s address lies in a multishot recvmsg buffer: right after the io_uring_recvmsg_out header.',
  description:
    'Returns the address of the name area: msgh.msg_namelen bytes holding the sender\'s address as recvmsg(2) would have written it into msg_name (o.namelen says its real length, which may be more than what fitted). ' +
    'The result is a bigint address inside the buffer; its offset there is result - addressOf(buf).',
  man: 'io_uring_recvmsg_name(3)',
  params: [
    { name: 'o', type: 'struct io_uring_recvmsg_out *', doc: 'The header, from io_uring_recvmsg_validate.' },
  ],
  returns: { kind: 'pointer', type: 'void *', doc: 'The address of the sender\'s address in the buffer, just after the header (o.address + 16n); map it back with addressOf(buf).' },
  quirks: [
    { text: 'the result points into the buffer given to io_uring_recvmsg_validate: liburing-ts cannot tie it to that memory (it returns a bigint address that stays usable after the buffer is collected or reused), so keep the buffer alive and unchanged while using it', source: 'liburing.h io_uring_recvmsg_name() (pointer arithmetic on o); liburing-ts: pointer results can only borrow from a ring (returns.borrowedFrom), not from another argument' },
    { text: 'when the sender\'s address is longer than msgh.msg_namelen it is truncated in the buffer; o.namelen still says its full length', source: 'io_uring_recvmsg_out(3) (namelen "as would have been populated by recvmsg(2)"); observed on Linux 6.18 (msg_namelen 8 for an IPv4 sender: 8 bytes written, namelen 16)' },
  ],
  test: {
    async effect({ addressOf, AF_INET, expect, htons, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_get_sqe, io_uring_prep_recvmsg_multishot, io_uring_queue_exit, io_uring_recvmsg_name, io_uring_recvmsg_validate, io_uring_setup_buf_ring, io_uring_sqe_set_flags, io_uring_submit, IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IOSQE_BUFFER_SELECT, libc, loopback, Msghdr, newRing, OWNED, SockaddrIn, udpSocket, waitOne }) {
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
            sendto(sender.fd, Buffer.from('named'), 5, 0, loopback(receiver.port).bytes, 16);
            const { buf, len } = next();
            const o = io_uring_recvmsg_validate(buf, len, msg)!;
            const name = io_uring_recvmsg_name(o)!;
            expect(name).toBe(addressOf(buf) + 16n);
            // The sender's address, as recvmsg(2) would have written it.
            const offset = Number(name - addressOf(buf));
            const from = SockaddrIn.at(new DataView(buf.buffer, buf.byteOffset + offset, 16), 0, name, OWNED);
            expect(from.sin_family).toBe(AF_INET);
            expect(from.sin_addr.s_addr).toBe(0x0100007f);
            expect(htons(from.sin_port)).toBe(sender.port);
            closeSync(receiver.fd);
            closeSync(sender.fd);
          } finally {
            io_uring_queue_exit(ring);
          }
    },
    async valid({ exitQuietly, io_uring_recvmsg_name, IoUringRecvmsgOut, newRing }) {
      const ring = newRing(4);
      const args = [new IoUringRecvmsgOut()] as Parameters<typeof io_uring_recvmsg_name>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
