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
  name: 'io_uring_recvmsg_cmsg_firsthdr',
  since: '2.3',
  category: 'cqe',
  inline: true,
  js: 'recvmsgCmsgFirsthdr(o, msgh)',
  summary: 'Get the first control message (cmsghdr) of a multishot recvmsg buffer, or null when it has none.',
  description:
    'Like CMSG_FIRSTHDR(3) for a buffer filled by io_uring_prep_recvmsg_multishot: the control area starts after the header and msgh.msg_namelen bytes, and holds o.controllen bytes of cmsghdr records. ' +
    'Walk the rest with io_uring_recvmsg_cmsg_nexthdr.',
  man: 'io_uring_recvmsg_cmsg_firsthdr(3)',
  params: [
    { name: 'o', type: 'struct io_uring_recvmsg_out *', doc: 'The header, from io_uring_recvmsg_validate.' },
    { name: 'msgh', type: 'struct msghdr *', doc: 'The msghdr the multishot recvmsg was prepared with.' },
  ],
  returns: { kind: 'pointer', type: 'struct cmsghdr *', doc: 'The first control message, just after the address area.', nullMeans: 'o.controllen is smaller than a cmsghdr: the message came with no control data' },
  quirks: [
    { text: 'msgh must be the msghdr given to io_uring_prep_recvmsg_multishot: its msg_namelen and msg_controllen give the layout of every buffer; another msghdr silently gives wrong offsets', source: 'io_uring_recvmsg_out(3) lines 37-40: "msgh should point to the struct msghdr submitted with the request"' },
    { text: 'the result points into the buffer given to io_uring_recvmsg_validate: liburing-ts cannot tie it to that memory (it returns a Cmsghdr that stays usable after the buffer is collected or reused), so keep the buffer alive and unchanged while using it', source: 'liburing.h io_uring_recvmsg_cmsg_firsthdr() (pointer arithmetic on o); liburing-ts: pointer results can only borrow from a ring (returns.borrowedFrom), not from another argument' },
    { text: 'the returned Cmsghdr views 272 bytes (the header and up to 256 bytes of data): read only cmsg_len - 16 bytes of __cmsg_data, the rest may lie past the buffer', source: 'liburing-ts schema/structs/cmsghdr.ts (flexible __cmsg_data of up to 256); cmsg(3) (CMSG_LEN)' },
  ],
  test: {
    async effect({ addressOf, AF_UNIX, Cmsghdr, expect, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_get_sqe, io_uring_prep_recvmsg_multishot, io_uring_queue_exit, io_uring_recvmsg_cmsg_firsthdr, io_uring_recvmsg_cmsg_nexthdr, io_uring_recvmsg_validate, io_uring_setup_buf_ring, io_uring_sqe_set_flags, io_uring_submit, IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IOSQE_BUFFER_SELECT, Iovec, libc, loopback, Msghdr, newRing, SCM_CREDENTIALS, SCM_RIGHTS, SO_PASSCRED, SOCK_DGRAM, SOL_SOCKET, udpSocket, waitOne }) {
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
            expect(first).toBeInstanceOf(Cmsghdr);
            expect(first.address).toBe(addressOf(buf) + 16n);
            // With SO_PASSCRED the credentials come first: struct ucred { pid, uid, gid }.
            expect(first.cmsg_level).toBe(SOL_SOCKET);
            expect(first.cmsg_type).toBe(SCM_CREDENTIALS);
            expect(first.cmsg_len).toBe(28n);
            expect(dataInt(first, 0)).toBe(process.pid);
            expect(dataInt(first, 4)).toBe(process.getuid!());
            // A message without control data has no first header: a UDP datagram, received with room for control data.
            const receiver = udpSocket();
            const sender = udpSocket();
            const udpMsg = new Msghdr();
            udpMsg.msg_namelen = 16;
            udpMsg.msg_controllen = 32;
            arm(receiver.fd, udpMsg);
            sendto(sender.fd, Buffer.from('plain'), 5, 0, loopback(receiver.port).bytes, 16);
            const plain = next();
            const p = io_uring_recvmsg_validate(plain.buf, plain.len, udpMsg)!;
            expect(p.controllen).toBe(0);
            expect(io_uring_recvmsg_cmsg_firsthdr(p, udpMsg)).toBeNull();
            closeSync(receiver.fd);
            closeSync(sender.fd);
            // The descriptor passed along was installed in this process: close it.
            closeSync(dataInt(io_uring_recvmsg_cmsg_nexthdr(o, msg, first)!, 0));
            for (const fd of [tx, rx, passed]) closeSync(fd);
          } finally {
            io_uring_queue_exit(ring);
          }
    },
    async valid({ exitQuietly, io_uring_recvmsg_cmsg_firsthdr, IoUringRecvmsgOut, Msghdr, newRing }) {
      const ring = newRing(4);
      const msg = new Msghdr();
      msg.msg_controllen = 64;
      const args = [new IoUringRecvmsgOut(), msg] as Parameters<typeof io_uring_recvmsg_cmsg_firsthdr>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
