import { defineFunction } from '../../language.js';

/** Test prelude: node:fs's descriptor calls (the loopback sockets come from the test helpers: tcpPair, udpSocket, loopback, portOf). */
const NET = `
  const { closeSync, readSync, writeSync } = await import('node:fs');
`;

export default defineFunction({
  name: 'io_uring_prep_recvmsg',
  since: '0.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare a recvmsg into the buffers a msghdr describes, with the sender\'s address and control data, as recvmsg(2).',
  description:
    'Like recvmsg(2): scatters the data over the iovecs at msg.msg_iov, writes the sender\'s address into msg.msg_name (and its length into msg.msg_namelen), ' +
    'ancillary data into msg.msg_control (msg.msg_controllen), and flags such as MSG_TRUNC into msg.msg_flags. The completion res is the number of bytes received, or -errno. ' +
    'liburing-ts keeps msg, and so the buffers it points to, until the completion is seen.',
  man: 'io_uring_prep_recvmsg(3)',
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
          source: 'recvmsg(2) EBADF; io_uring_prep_recvmsg(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'msg',
      type: 'struct msghdr *',
      dir: 'inout',
      ownership: 'completion',
      doc: 'Where to receive: msg_iov/msg_iovlen (an Iovec array), msg_name/msg_namelen (room for the sender\'s address, or null), msg_control/msg_controllen (room for ancillary data, or null). The kernel updates msg_namelen, msg_controllen and msg_flags.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'msg.msg_iovlen <= 1024n', says: 'msg.msg_iovlen must be at most 1024 (UIO_MAXIOV)' },
          message: 'msg.msg_iovlen must be at most 1024 (UIO_MAXIOV)',
          source: 'recvmsg(2) (struct msghdr); readv(2) (UIO_MAXIOV); kernel net/socket.c __copy_msghdr() ("msg_iovlen > UIO_MAXIOV" gives -EMSGSIZE); observed res -EMSGSIZE for 1025 on Linux 6.18',
          errno: 'EMSGSIZE',
          reportedIn: 'cqe',
        },
        {
          rule: {
            kind: 'relation',
            holds: "msg.pointees().every((p) => p == null || (p as { address?: unknown }).address !== msg.msg_iov || typeof (p as { count?: unknown }).count !== 'number' || msg.msg_iovlen <= BigInt((p as { count: number }).count))",
            says: 'msg.msg_iovlen must not exceed the number of iovecs in the Iovec array at msg.msg_iov',
          },
          message: 'msg.msg_iovlen must not be larger than the Iovec array msg.msg_iov points to: the kernel reads msg_iovlen iovecs from it',
          source: 'recvmsg(2) (msg_iov "scatter/gather array", msg_iovlen its elements); nothing in liburing or the kernel knows the array\'s length. liburing-ts checks it when msg_iov was set to an Iovec array (an item() view counts as one iovec); not for a raw address; kernel lib/iov_iter.c __import_iovec() copies msg_iovlen iovecs; observed res -EFAULT on Linux 6.18 for one Iovec ending at an inaccessible page and msg_iovlen 2',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
        {
          rule: {
            kind: 'relation',
            holds: "msg.pointees().every((p) => p == null || (p as { address?: unknown }).address !== msg.msg_name || !((p as { bytes?: unknown }).bytes instanceof Uint8Array) || msg.msg_namelen <= (p as { bytes: Uint8Array }).bytes.buffer.byteLength - (p as { bytes: Uint8Array }).bytes.byteOffset)",
            says: 'msg.msg_namelen must not exceed the bytes of the struct at msg.msg_name',
          },
          message: 'msg.msg_namelen must not be larger than the address struct msg.msg_name points to (a SockaddrIn has 16 bytes, a SockaddrIn6 28)',
          source: 'recvmsg(2): "msg_namelen ... should contain the size of the buffer" at msg_name; the kernel writes up to that many bytes of address; liburing-ts checks it when msg_name was set to a struct (SockaddrIn...), not for plain memory',
          errno: null,
          unprovable: 'the kernel would write a larger address past the end of the struct',
        },
      ],
    },
    { name: 'flags', type: 'unsigned', doc: 'MSG_* flags as for recvmsg(2): MSG_PEEK, MSG_WAITALL, MSG_TRUNC, MSG_ERRQUEUE...' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of bytes received, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_RECVMSG', fd: 'fd', addr: 'msg', len: '1', off: '0' }, set: [['msg_flags', 'flags']] },
  errors: {
    ENOTSOCK: 'fd is not a socket',
    EMSGSIZE: 'msg_iovlen is over 1024',
    ENOBUFS: 'IOSQE_BUFFER_SELECT was set and the buffer group has no buffer left',
    EFAULT: 'a buffer, msg_name or msg_control is not writable memory',
  },
  quirks: [
    { text: 'liburing-ts checks msg_iovlen and msg_namelen only against Iovec arrays and address structs set through the Msghdr fields; it cannot check msg_controllen against msg_control, nor lengths against plain memory or raw addresses (the kernel would read or write past them), nor each iovec\'s iov_len against its iov_base', source: 'sendmsg(2)/recvmsg(2) (struct msghdr); liburing-ts runtime/struct.ts pointees() gives the objects a struct points to, but memory pointees carry no address a rule can match' },
    { text: 'the kernel writes msg_namelen, msg_controllen and msg_flags back into msg when the data arrives, after the submit; liburing-ts keeps msg until the completion', source: 'kernel io_uring/net.c io_recvmsg() (io_req_msg_cleanup copies the results out)' },
    { text: 'with IOSQE_BUFFER_SELECT, msg_iovlen must be 0 or 1 (the provided buffer replaces the iovec)', source: 'kernel io_uring/net.c io_recvmsg_copy_hdr()' },
  ],
  test: {
    async effect({ AF_INET, expect, htons, io_uring_get_sqe, io_uring_prep_recvmsg, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_RECVMSG, Iovec, libc, loopback, MSG_TRUNC, Msghdr, newRing, SockaddrIn, udpSocket, waitOne }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const receiver = udpSocket();
          const sender = udpSocket();
          try {
            const sendto = libc.func('int sendto(int, void *, size_t, int, void *, uint32_t)');
            expect(sendto(sender.fd, Buffer.from('scattered datagram'), 18, 0, loopback(receiver.port).bytes, 16)).toBe(18);
            // Two buffers of 9 bytes and room for the sender's address.
            const first = new Uint8Array(9);
            const second = new Uint8Array(9);
            const iov = Iovec.array(2);
            iov.item(0).iov_base = first;
            iov.item(0).iov_len = 9;
            iov.item(1).iov_base = second;
            iov.item(1).iov_len = 9;
            const from = new SockaddrIn();
            const msg = new Msghdr();
            msg.msg_name = from;
            msg.msg_namelen = 16;
            msg.msg_iov = iov;
            msg.msg_iovlen = 2;
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_recvmsg(sqe, receiver.fd, msg, 0);
            expect(sqe.opcode).toBe(IORING_OP_RECVMSG);
            io_uring_sqe_set_data64(sqe, 7n);
            expect(waitOne(ring)).toMatchObject({ user_data: 7n, res: 18 });
            expect(Buffer.from(first).toString() + Buffer.from(second).toString()).toBe('scattered datagram');
            // The kernel filled in the sender's address.
            expect(msg.msg_namelen).toBe(16);
            expect(from.sin_family).toBe(AF_INET);
            expect(from.sin_addr.s_addr).toBe(0x0100007f);
            expect(htons(from.sin_port)).toBe(sender.port);
            expect(msg.msg_flags & MSG_TRUNC).toBe(0);
            // A datagram larger than the buffers is truncated, and msg_flags says so.
            expect(sendto(sender.fd, Buffer.from('a datagram of 27 bytes here'), 27, 0, loopback(receiver.port).bytes, 16)).toBe(27);
            io_uring_prep_recvmsg(io_uring_get_sqe(ring)!, receiver.fd, msg, 0);
            expect(waitOne(ring).res).toBe(18);
            expect(msg.msg_flags & MSG_TRUNC).toBe(MSG_TRUNC);
          } finally {
            io_uring_queue_exit(ring);
            closeSync(receiver.fd);
            closeSync(sender.fd);
          }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_recvmsg, Iovec, Msghdr, newRing, tcpPair }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const [a, b] = tcpPair();
          const msg = new Msghdr();
          const iov = Iovec.array(1);
          iov.item(0).iov_base = new Uint8Array(16);
          iov.item(0).iov_len = 16;
          msg.msg_iov = iov;
          msg.msg_iovlen = 1;
          const sqe = io_uring_get_sqe(ring)!;
          const args = [sqe, b, msg, 0] as Parameters<typeof io_uring_prep_recvmsg>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(a);
          closeSync(b);
        },
        msg,
      };
    },
    violations: {
      'msg.relation': { before: ({ msg }, { Iovec }) => {
          msg.msg_iov = Iovec.array(1025);
          msg.msg_iovlen = 1025;
        } },
      'msg.relation#2': { before: ({ msg }, { beforeGuardPage, Iovec, structOver }) => {
          // One iovec right before an inaccessible page: the kernel's read of the second one faults.
          const iov = structOver(Iovec, beforeGuardPage(16));
          iov.iov_base = new Uint8Array(8);
          iov.iov_len = 8;
          msg.msg_iov = iov;
          msg.msg_iovlen = 2;
        } },
      'msg.relation#3': { before: ({ msg }, { SockaddrIn }) => {
          msg.msg_name = new SockaddrIn();
          msg.msg_namelen = 28;
        } },
    },
  },
});
