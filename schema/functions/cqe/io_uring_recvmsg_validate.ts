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
  name: 'io_uring_recvmsg_validate',
  since: '2.3',
  category: 'cqe',
  inline: true,
  js: 'recvmsgValidate(buf, buf_len, msgh)',
  summary: 'Check that a multishot recvmsg buffer holds the header, address and control data msgh describes, and return its header.',
  description:
    'The first step in reading a buffer filled by io_uring_prep_recvmsg_multishot: returns the struct io_uring_recvmsg_out at its start, whose namelen, controllen, payloadlen and flags ' +
    'are those recvmsg(2) would have reported (namelen may exceed the room msgh gave the address; MSG_TRUNC in flags says the payload did not fit), or null when buf_len is too small. Pure arithmetic on buf_len and msgh: nothing is read from buf.',
  man: 'io_uring_recvmsg_validate(3)',
  params: [
    {
      name: 'buf',
      type: 'void *',
      doc: 'The provided buffer a multishot recvmsg completion names (bufs[cqe.flags >> IORING_CQE_BUFFER_SHIFT]).',
    },
    {
      name: 'buf_len',
      type: 'int',
      doc: 'The bytes of buf the kernel used: the completion\'s res.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'buf_len <= byteLength(buf)', says: 'buf_len must not exceed the byte length of buf' },
          message: 'buf_len must not be larger than buf: the header, address, control data and payload it vouches for would lie past the buffer',
          source: 'io_uring_recvmsg_validate(3); liburing.h io_uring_recvmsg_validate() only compares buf_len with the header size, it cannot know the buffer\'s',
          errno: null,
        },
      ],
    },
    { name: 'msgh', type: 'struct msghdr *', doc: 'The msghdr the multishot recvmsg was prepared with.' },
  ],
  returns: { kind: 'pointer', type: 'struct io_uring_recvmsg_out *', doc: 'The io_uring_recvmsg_out at the start of buf (a view of buf\'s first 16 bytes).', nullMeans: 'buf_len is negative or smaller than sizeof(struct io_uring_recvmsg_out) + msgh.msg_namelen + msgh.msg_controllen: the buffer does not hold what the msghdr promises' },
  quirks: [
    { text: 'msgh must be the msghdr given to io_uring_prep_recvmsg_multishot: its msg_namelen and msg_controllen give the layout of every buffer; another msghdr silently gives wrong offsets', source: 'io_uring_recvmsg_out(3) lines 37-40: "msgh should point to the struct msghdr submitted with the request"' },
    { text: 'the result points into the buffer given to io_uring_recvmsg_validate: liburing-ts cannot tie it to that memory (it returns an IoUringRecvmsgOut that stays usable after the buffer is collected or reused), so keep the buffer alive and unchanged while using it', source: 'liburing.h io_uring_recvmsg_validate() (returns buf); liburing-ts: pointer results can only borrow from a ring (returns.borrowedFrom), not from another argument' },
  ],
  test: {
    async effect({ addressOf, expect, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_get_sqe, io_uring_prep_recvmsg_multishot, io_uring_queue_exit, io_uring_recvmsg_validate, io_uring_setup_buf_ring, io_uring_sqe_set_flags, io_uring_submit, IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IOSQE_BUFFER_SELECT, IoUringRecvmsgOut, libc, loopback, Msghdr, newRing, udpSocket, waitOne }) {
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
            sendto(sender.fd, Buffer.from('validated'), 9, 0, loopback(receiver.port).bytes, 16);
            const { buf, len } = next();
            expect(len).toBe(16 + 16 + 9);
            const o = io_uring_recvmsg_validate(buf, len, msg)!;
            expect(o).toBeInstanceOf(IoUringRecvmsgOut);
            expect(o.address).toBe(addressOf(buf));
            expect(o.namelen).toBe(16);
            expect(o.controllen).toBe(0);
            expect(o.payloadlen).toBe(9);
            expect(o.flags).toBe(0);
            // Too few bytes for the header and the 16-byte address: null.
            expect(io_uring_recvmsg_validate(buf, 31, msg)).toBeNull();
            expect(io_uring_recvmsg_validate(buf, -1, msg)).toBeNull();
            closeSync(receiver.fd);
            closeSync(sender.fd);
          } finally {
            io_uring_queue_exit(ring);
          }
    },
    async valid({ exitQuietly, io_uring_recvmsg_validate, Msghdr, newRing }) {
      const ring = newRing(4);
      const buf = new Uint8Array(64);
      const msg = new Msghdr();
      msg.msg_namelen = 16;
      const args = [buf, 40, msg] as Parameters<typeof io_uring_recvmsg_validate>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'buf_len.relation': { args: { buf_len: 65 } },
    },
  },
});
