import { defineFunction } from '../../language.js';

/** Test prelude: node:fs's descriptor calls (the loopback sockets come from the test helpers: tcpPair, udpSocket, loopback, portOf). */
const NET = `
  const { closeSync, readSync, writeSync } = await import('node:fs');
`;

export default defineFunction({
  name: 'io_uring_prep_sendmsg_zc',
  since: '2.3',
  category: 'prep',
  inline: true,
  summary: 'Prepare a zero-copy sendmsg: a result completion, then a notification when the buffers are free again.',
  description:
    'Like io_uring_prep_sendmsg, but the kernel sends from the iovecs\' pages instead of copying them. Two completions: the byte count (or -errno) with IORING_CQE_F_MORE, ' +
    'then, with IORING_CQE_F_NOTIF, the notification that the buffers are free again; liburing-ts keeps msg (and so what it points to) until then. TCP and UDP sockets; Linux 6.1 and later.',
  man: 'io_uring_prep_sendmsg_zc(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The socket (with IOSQE_FIXED_FILE: a registered file index).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open socket descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'sendmsg(2) EBADF; io_uring_prep_sendmsg_zc(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'msg',
      type: 'const struct msghdr *',
      ownership: 'completion',
      doc: 'What to send: msg_iov/msg_iovlen (an Iovec array), msg_name/msg_namelen (the destination, or null), msg_control/msg_controllen (ancillary data, or null).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'msg.msg_iovlen <= 1024n', says: 'msg.msg_iovlen must be at most 1024 (UIO_MAXIOV)' },
          message: 'msg.msg_iovlen must be at most 1024 (UIO_MAXIOV)',
          source: 'sendmsg(2) EMSGSIZE; kernel net/socket.c __copy_msghdr() ("msg_iovlen > UIO_MAXIOV" gives -EMSGSIZE); observed res -EMSGSIZE for 1025 on Linux 6.18',
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
          source: 'sendmsg(2) (msg_iov "scatter/gather array", msg_iovlen its elements); nothing in liburing or the kernel knows the array\'s length. liburing-ts checks it when msg_iov was set to an Iovec array (an item() view counts as one iovec); not for a raw address; kernel lib/iov_iter.c __import_iovec() copies msg_iovlen iovecs; observed res -EFAULT on Linux 6.18 for one Iovec ending at an inaccessible page and msg_iovlen 2',
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
          source: 'sendmsg(2) (msg_name "optional address", msg_namelen its size); kernel net/socket.c __copy_msghdr() reads up to 128 bytes of it; liburing-ts checks it when msg_name was set to a struct (SockaddrIn...), not for plain memory; kernel net/socket.c move_addr_to_kernel() copies msg_namelen bytes; observed res -EFAULT on Linux 6.18 for a 16-byte SockaddrIn ending at an inaccessible page and msg_namelen 28',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'flags', type: 'unsigned', doc: 'MSG_* flags as for sendmsg(2).' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the first completion res is the number of bytes sent, or -errno; the second is the notification.' },
  sqe: {
    // io_uring_prep_sendmsg(sqe, fd, msg, flags), then sqe->opcode = IORING_OP_SENDMSG_ZC.
    rw: { op: 'IORING_OP_SENDMSG', fd: 'fd', addr: 'msg', len: '1', off: '0' },
    set: [['msg_flags', 'flags'], ['opcode', 'IORING_OP_SENDMSG_ZC']],
  },
  errors: {
    ENOTSOCK: 'fd is not a socket',
    EMSGSIZE: 'msg_iovlen is over 1024, or the datagram is too large',
    EINVAL: 'msg_namelen is too short for the address family, or the control data is malformed',
    ENOBUFS: 'msg_controllen is too large',
    EDESTADDRREQ: 'no msg_name and the socket is not connected',
    EOPNOTSUPP: 'the socket does not support zero-copy sends (AF_UNIX)',
  },
  quirks: [
    { text: 'liburing-ts checks msg_iovlen and msg_namelen only against Iovec arrays and address structs set through the Msghdr fields; it cannot check msg_controllen against msg_control, nor lengths against plain memory or raw addresses (the kernel would read or write past them), nor each iovec\'s iov_len against its iov_base', source: 'sendmsg(2)/recvmsg(2) (struct msghdr); liburing-ts runtime/struct.ts pointees() gives the objects a struct points to, but memory pointees carry no address a rule can match' },
    { text: 'a zero-copy sendmsg posts two completions: the result (flags IORING_CQE_F_MORE), then a notification (IORING_CQE_F_NOTIF) once the kernel no longer needs the buffers; even a refused request posts both', source: 'io_uring_enter(2) IORING_OP_SENDMSG_ZC; observed on Linux 6.18' },
    { text: 'AF_UNIX sockets do not do zero-copy: res -EOPNOTSUPP', source: 'observed on Linux 6.18 (socketpair(AF_UNIX))' },
    { text: 'msg_namelen above 128 is not an error: the kernel reads only sizeof(struct sockaddr_storage) bytes of msg_name', source: 'kernel net/socket.c __copy_msghdr() (clamps msg_namelen); observed on Linux 6.18 (namelen 129 sent normally)' },
    { text: 'the kernel copies the msghdr and iovec array when the request is submitted; the buffers and msg_name are used until the completion, and liburing-ts keeps msg (and what it references) until then', source: 'io_uring_prep_sendmsg(3) NOTES' },
    { text: 'with IOSQE_IO_LINK, set MSG_WAITALL: a short send is not an error', source: 'io_uring_prep_sendmsg(3)' },
  ],
  test: {
    async effect({ AF_UNIX, errnoNumber, expect, heldRequestCount, io_uring_get_sqe, io_uring_prep_sendmsg_zc, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_CQE_F_MORE, IORING_CQE_F_NOTIF, IORING_OP_SENDMSG_ZC, Iovec, Msghdr, newRing, SOCK_STREAM, socketpair, tcpPair, waitOne }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const [a, b] = tcpPair();
          try {
            const parts = [Buffer.from('zero-'), Buffer.from('copy '), Buffer.from('message')];
            const iov = Iovec.array(3);
            parts.forEach((p, i) => {
              iov.item(i).iov_base = p;
              iov.item(i).iov_len = p.length;
            });
            const msg = new Msghdr();
            msg.msg_iov = iov;
            msg.msg_iovlen = 3;
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_sendmsg_zc(sqe, a, msg, 0);
            expect(sqe.opcode).toBe(IORING_OP_SENDMSG_ZC);
            io_uring_sqe_set_data64(sqe, 9n);
            // The result, with IORING_CQE_F_MORE, then the notification.
            const result = waitOne(ring);
            expect(result).toMatchObject({ user_data: 9n, res: 17 });
            expect(result.flags & IORING_CQE_F_MORE).toBe(IORING_CQE_F_MORE);
            expect(heldRequestCount(ring)).toBe(1);
            const notif = waitOne(ring);
            expect(notif.flags & IORING_CQE_F_NOTIF).toBe(IORING_CQE_F_NOTIF);
            expect(heldRequestCount(ring)).toBe(0);
            const got = Buffer.alloc(64);
            expect(got.toString('utf8', 0, readSync(b, got))).toBe('zero-copy message');
            // An AF_UNIX socket cannot send zero-copy: -EOPNOTSUPP.
            const pair = new Int32Array(2);
            expect(socketpair(AF_UNIX, SOCK_STREAM, 0, pair)).toBe(0);
            io_uring_prep_sendmsg_zc(io_uring_get_sqe(ring)!, pair[0]!, msg, 0);
            expect(waitOne(ring).res).toBe(-errnoNumber('EOPNOTSUPP'));
            expect(waitOne(ring).flags & IORING_CQE_F_NOTIF).toBe(IORING_CQE_F_NOTIF);
            closeSync(pair[0]!);
            closeSync(pair[1]!);
          } finally {
            io_uring_queue_exit(ring);
            closeSync(a);
            closeSync(b);
          }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_sendmsg_zc, Iovec, Msghdr, newRing, tcpPair }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const [a, b] = tcpPair();
          const msg = new Msghdr();
          const iov = Iovec.array(1);
          iov.item(0).iov_base = Buffer.from('hello');
          iov.item(0).iov_len = 5;
          msg.msg_iov = iov;
          msg.msg_iovlen = 1;
          const sqe = io_uring_get_sqe(ring)!;
          const args = [sqe, a, msg, 0] as Parameters<typeof io_uring_prep_sendmsg_zc>;
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
      'msg.relation#3': { before: ({ msg }, { beforeGuardPage, SockaddrIn, structOver }) => {
          msg.msg_name = structOver(SockaddrIn, beforeGuardPage(16));
          msg.msg_namelen = 28;
        } },
    },
  },
});
