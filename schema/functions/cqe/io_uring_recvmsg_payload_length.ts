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
  name: 'io_uring_recvmsg_payload_length',
  since: '2.3',
  category: 'cqe',
  inline: true,
  js: 'recvmsgPayloadLength(o, buf_len, msgh)',
  summary: 'Compute how many payload bytes a multishot recvmsg buffer holds: buf_len less the header, address and control areas.',
  description:
    'Returns buf_len - 16 - msgh.msg_namelen - msgh.msg_controllen: the payload bytes present in the buffer. When the message did not fit, the rest was dropped and o.flags has MSG_TRUNC.',
  man: 'io_uring_recvmsg_payload_length(3)',
  params: [
    { name: 'o', type: 'struct io_uring_recvmsg_out *', doc: 'The header, from io_uring_recvmsg_validate.' },
    {
      name: 'buf_len',
      type: 'int',
      doc: 'The bytes of the buffer the kernel used: the completion\'s res.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'buf_len >= 16 + msgh.msg_namelen + Number(msgh.msg_controllen)', says: 'buf_len must cover the header, the address area and the control area (what io_uring_recvmsg_validate checks)' },
          message: 'buf_len must be at least sizeof(struct io_uring_recvmsg_out) + msgh.msg_namelen + msgh.msg_controllen, as io_uring_recvmsg_validate checks; below that liburing before 2.15 returns a wrapped-around, huge length, and 2.15 returns 0',
          source: 'liburing 2.9 liburing.h io_uring_recvmsg_payload_length() ((unsigned int)(payload_end - payload_start) with no check); io_uring_recvmsg_validate(3); liburing commit 4dd113a4 (first in liburing-2.15) returns 0 instead',
          errno: null,
          effect: 'before liburing 2.15 C subtracts past zero: for buf_len 8 and a 32-byte header and name area it returns 8 - 32 as an unsigned int, 4294967272; from 2.15 on it returns 0, a length computed from a buffer that never held the header',
        },
      ],
    },
    { name: 'msgh', type: 'struct msghdr *', doc: 'The msghdr the multishot recvmsg was prepared with.' },
  ],
  returns: { kind: 'value', type: 'unsigned int', doc: 'The number of payload bytes in the buffer: buf_len less the header, address and control areas.' },
  quirks: [
    { text: 'before liburing 2.15 a buf_len below the header, name and control areas wraps around to a huge unsigned length; from 2.15 on C returns 0 for it (and for a negative buf_len)', source: 'liburing commit 4dd113a4 "liburing.h: fix integer overflow in recvmsg_validate and payload_length wraparound" (first in liburing-2.15); observed 4294967272 with 2.9 and 0 with 2.15' },
    { text: 'msgh must be the msghdr given to io_uring_prep_recvmsg_multishot: its msg_namelen and msg_controllen give the layout of every buffer; another msghdr silently gives wrong offsets', source: 'io_uring_recvmsg_out(3) lines 37-40: "msgh should point to the struct msghdr submitted with the request"' },
  ],
  test: {
    async effect({ expect, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_get_sqe, io_uring_prep_recvmsg_multishot, io_uring_queue_exit, io_uring_recvmsg_payload_length, io_uring_recvmsg_validate, io_uring_setup_buf_ring, io_uring_sqe_set_flags, io_uring_submit, IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IOSQE_BUFFER_SELECT, libc, loopback, MSG_TRUNC, Msghdr, newRing, udpSocket, waitOne }) {
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
            // A datagram that fits, and one larger than what the 256-byte buffer leaves after 32 bytes of header and address.
            sendto(sender.fd, Buffer.from('short one'), 9, 0, loopback(receiver.port).bytes, 16);
            const small = next();
            const o = io_uring_recvmsg_validate(small.buf, small.len, msg)!;
            expect(io_uring_recvmsg_payload_length(o, small.len, msg)).toBe(9);
            sendto(sender.fd, Buffer.alloc(300, 0x61), 300, 0, loopback(receiver.port).bytes, 16);
            const big = next();
            expect(big.len).toBe(256);
            const t = io_uring_recvmsg_validate(big.buf, big.len, msg)!;
            expect(io_uring_recvmsg_payload_length(t, big.len, msg)).toBe(256 - 32);
            // The rest of the datagram was dropped, as recvmsg(2) does: MSG_TRUNC says so.
            expect(t.payloadlen).toBe(256 - 32);
            expect(t.flags & MSG_TRUNC).toBe(MSG_TRUNC);
            closeSync(receiver.fd);
            closeSync(sender.fd);
          } finally {
            io_uring_queue_exit(ring);
          }
    },
    async valid({ exitQuietly, io_uring_recvmsg_payload_length, io_uring_recvmsg_validate, Msghdr, newRing }) {
      const ring = newRing(4);
      const buf = new Uint8Array(64);
      const msg = new Msghdr();
      msg.msg_namelen = 16;
      const o = io_uring_recvmsg_validate(buf, 64, msg)!;
      const args = [o, 64, msg] as Parameters<typeof io_uring_recvmsg_payload_length>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'buf_len.relation': {
        args: { buf_len: 8 },
        effect: ({ result }, { expect, io_uring_check_version }) => {
          // liburing 2.15 (commit 4dd113a4) stops the wrap-around: a buf_len short of the header and name gives 0.
          expect(Number(result)).toBe(io_uring_check_version(2, 15) ? 2 ** 32 - 24 : 0);
        },
      },
    },
  },
});
