import { defineFunction } from '../../language.js';
import type { Cmsghdr, Msghdr } from '../../../generated/index.js';

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
  name: 'io_uring_recvmsg_cmsg_nexthdr',
  since: '2.3',
  category: 'cqe',
  inline: true,
  js: 'recvmsgCmsgNexthdr(o, msgh, cmsg)',
  summary: 'Get the control message after cmsg in a multishot recvmsg buffer, or null after the last one.',
  description:
    'Like CMSG_NXTHDR(3) for a buffer filled by io_uring_prep_recvmsg_multishot: steps over CMSG_ALIGN(cmsg.cmsg_len) bytes and returns the next cmsghdr if it lies within the o.controllen bytes of control data.',
  man: 'io_uring_recvmsg_cmsg_nexthdr(3)',
  params: [
    { name: 'o', type: 'struct io_uring_recvmsg_out *', doc: 'The header, from io_uring_recvmsg_validate.' },
    { name: 'msgh', type: 'struct msghdr *', doc: 'The msghdr the multishot recvmsg was prepared with.' },
    { name: 'cmsg', type: 'struct cmsghdr *', doc: 'The current control message, from io_uring_recvmsg_cmsg_firsthdr or an earlier io_uring_recvmsg_cmsg_nexthdr.' },
  ],
  returns: { kind: 'pointer', type: 'struct cmsghdr *', doc: 'The control message after cmsg.', nullMeans: 'cmsg was the last one: the next would not fit in o.controllen (or cmsg.cmsg_len is smaller than a cmsghdr)' },
  quirks: [
    { text: 'msgh must be the msghdr given to io_uring_prep_recvmsg_multishot: its msg_namelen and msg_controllen give the layout of every buffer; another msghdr silently gives wrong offsets', source: 'io_uring_recvmsg_out(3) lines 37-40: "msgh should point to the struct msghdr submitted with the request"' },
    { text: 'the result points into the buffer given to io_uring_recvmsg_validate: liburing-ts cannot tie it to that memory (it returns a Cmsghdr that stays usable after the buffer is collected or reused), so keep the buffer alive and unchanged while using it', source: 'liburing.h io_uring_recvmsg_cmsg_nexthdr() (pointer arithmetic on o); liburing-ts: pointer results can only borrow from a ring (returns.borrowedFrom), not from another argument' },
    { text: 'cmsg must come from the same buffer (io_uring_recvmsg_cmsg_firsthdr or an earlier nexthdr on o): the end of the control area is computed from o and msgh, and a cmsg from elsewhere gives a pointer anywhere', source: 'liburing.h io_uring_recvmsg_cmsg_nexthdr()' },
  ],
  test: {
    async effect({ AF_UNIX, Cmsghdr, expect, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_get_sqe, io_uring_prep_recvmsg_multishot, io_uring_queue_exit, io_uring_recvmsg_cmsg_firsthdr, io_uring_recvmsg_cmsg_nexthdr, io_uring_recvmsg_validate, io_uring_setup_buf_ring, io_uring_sqe_set_flags, io_uring_submit, IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IOSQE_BUFFER_SELECT, Iovec, libc, Msghdr, newRing, SCM_CREDENTIALS, SCM_RIGHTS, SO_PASSCRED, SOCK_DGRAM, SOL_SOCKET, waitOne }) {
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
          // An AF_UNIX datagram pair; the receiver asks for credentials, the sender passes a descriptor (SCM_RIGHTS).
          const pair = new Int32Array(2);
          expect(socketpair(AF_UNIX, SOCK_DGRAM, 0, pair)).toBe(0);
          const [tx, rx] = [pair[0]!, pair[1]!];
          expect(setsockopt(rx, SOL_SOCKET, SO_PASSCRED, new Int32Array([1]), 4)).toBe(0);
          const passed = openSync('/dev/null', 'r');
          const control = new Uint8Array(24); // CMSG_SPACE(sizeof(int))
          const cdv = new DataView(control.buffer);
          cdv.setBigUint64(0, 20n, true); // CMSG_LEN(sizeof(int))
          cdv.setInt32(8, SOL_SOCKET, true);
          cdv.setInt32(12, SCM_RIGHTS, true);
          cdv.setInt32(16, passed, true);
          const payload = Buffer.from('with a descriptor');
          const iov = Iovec.array(1);
          iov.item(0).iov_base = payload;
          iov.item(0).iov_len = payload.length;
          const out = new Msghdr();
          out.msg_iov = iov;
          out.msg_iovlen = 1;
          out.msg_control = control;
          out.msg_controllen = 24;
          expect(sendmsg(tx, out.bytes, 0)).toBe(payload.length);
          // Room for 64 bytes of control data in each buffer, no address (the pair is unnamed).
          const msg = new Msghdr();
          msg.msg_controllen = 64;
          arm(rx, msg);
          const { buf, len } = next();
          const o = io_uring_recvmsg_validate(buf, len, msg)!;
          expect(o.controllen).toBe(56); // CMSG_SPACE(sizeof(struct ucred)) + CMSG_LEN(sizeof(int))
          /** The int at byte i of a control message's data. */
          const dataInt = (c: Cmsghdr, i: number) => c.__cmsg_data(i) | (c.__cmsg_data(i + 1) << 8) | (c.__cmsg_data(i + 2) << 16) | (c.__cmsg_data(i + 3) << 24);
            const first = io_uring_recvmsg_cmsg_firsthdr(o, msg)!;
            expect(first.cmsg_type).toBe(SCM_CREDENTIALS);
            // The next record: SCM_RIGHTS, 32 bytes on (CMSG_ALIGN(28)), with the descriptor the kernel installed for us.
            const second = io_uring_recvmsg_cmsg_nexthdr(o, msg, first)!;
            expect(second).toBeInstanceOf(Cmsghdr);
            expect(second.address).toBe(first.address + 32n);
            expect(second.cmsg_level).toBe(SOL_SOCKET);
            expect(second.cmsg_type).toBe(SCM_RIGHTS);
            expect(second.cmsg_len).toBe(20n);
            const received = dataInt(second, 0);
            expect(received).not.toBe(passed);
            expect(fstatSync(received).rdev).toBe(fstatSync(passed).rdev); // the same /dev/null
            closeSync(received);
            // Nothing after it.
            expect(io_uring_recvmsg_cmsg_nexthdr(o, msg, second)).toBeNull();
            for (const fd of [tx, rx, passed]) closeSync(fd);
          } finally {
            io_uring_queue_exit(ring);
          }
    },
    async valid({ Cmsghdr, exitQuietly, io_uring_recvmsg_cmsg_nexthdr, IoUringRecvmsgOut, Msghdr, newRing }) {
      const ring = newRing(4);
      const msg = new Msghdr();
      msg.msg_controllen = 64;
      const args = [new IoUringRecvmsgOut(), msg, new Cmsghdr()] as Parameters<typeof io_uring_recvmsg_cmsg_nexthdr>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
