import { defineFunction } from '../../language.js';

/** Test prelude: node:fs's descriptor calls (the loopback sockets come from the test helpers: tcpPair, udpSocket, loopback, portOf). */
const NET = `
  const { closeSync, readSync, writeSync } = await import('node:fs');
`;

export default defineFunction({
  name: 'io_uring_prep_send_set_addr',
  since: '2.3',
  category: 'prep',
  inline: true,
  summary: 'Give an SQE already prepared as a send (or zero-copy send) a destination address, turning it into a sendto.',
  description:
    'Sets sqe.addr2 and sqe.addr_len; call it after io_uring_prep_send or io_uring_prep_send_zc. The completion res is then that of sendto(2). ' +
    'dest_addr is any sockaddr struct: Sockaddr, SockaddrIn, SockaddrIn6, SockaddrUn or SockaddrStorage.',
  man: 'io_uring_prep_send_set_addr(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE, already prepared with io_uring_prep_send or io_uring_prep_send_zc.' },
    {
      name: 'dest_addr',
      type: 'const struct sockaddr *',
      ownership: 'completion',
      doc: 'The destination address: a Sockaddr, typically a view of a SockaddrIn or SockaddrIn6 (see the description).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'addr_len <= dest_addr.bytes.buffer.byteLength - dest_addr.bytes.byteOffset', says: 'addr_len must not exceed the bytes of memory behind dest_addr, or the kernel would read past it' },
          message: 'addr_len must not be larger than the memory dest_addr lives in: the kernel copies addr_len bytes from it',
          source: 'sendto(2): addrlen is the size of dest_addr; kernel net/socket.c move_addr_to_kernel() copies that many bytes; observed res -EFAULT on Linux 6.18 for a 16-byte sockaddr ending at an inaccessible page and addr_len 17',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'addr_len',
      type: '__u16',
      doc: 'The size of the address: 16 for sockaddr_in, 28 for sockaddr_in6. Stored in the SQE as 16 bits (sqe.addr_len).',
      preconditions: [
        {
          rule: { kind: 'range', max: 128 },
          message: 'addr_len must be at most 128, sizeof(struct sockaddr_storage)',
          source: 'kernel net/socket.c move_addr_to_kernel() ("ulen > sizeof(struct sockaddr_storage)" gives -EINVAL), called by io_uring/net.c io_send_setup(); observed res -EINVAL for 129 (after io_uring_prep_send) on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: 'addr_len >= (sockaddrFamily(dest_addr) === AF_INET ? 16 : sockaddrFamily(dest_addr) === AF_INET6 ? 24 : 0)', says: 'addr_len must cover the whole address: at least 16 for AF_INET, 24 for AF_INET6' },
          message: 'addr_len must be at least the size of the address family\'s sockaddr: 16 (sizeof(struct sockaddr_in)) for AF_INET, 24 for AF_INET6',
          source: 'ip(7) EINVAL; kernel net/ipv4/udp.c udp_sendmsg() ("msg->msg_namelen < sizeof(*usin)" gives -EINVAL); observed res -EINVAL for 8 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of bytes sent, or -errno.' },
  sqe: { set: [['addr2', 'dest_addr'], ['addr_len', 'addr_len']] },
  errors: {
    EINVAL: 'addr_len is wrong for the family, or the request is not a send (IORING_OP_SEND or IORING_OP_SEND_ZC)',
    EAFNOSUPPORT: 'the address family does not match the socket',
  },
  quirks: [
    { text: 'only IORING_OP_SEND and IORING_OP_SEND_ZC read sqe.addr2 as a destination; on an SQE prepared for another operation the bytes mean something else: sqe.addr2 shares them with sqe.off (a read\'s file offset, silently changed), and recv and sendmsg refuse a non-zero addr2 with -EINVAL', source: 'io_uring_prep_send_set_addr(3) lines 18-31 ("It can be used once sqe is prepared using any of the send(2) io_uring helpers"); liburing io_uring_sqe union (off/addr2); observed on Linux 6.18 (recv, sendmsg: -EINVAL; read: offset changed)' },
    { text: 'the kernel copies the address when the request is submitted; liburing-ts keeps dest_addr until the completion anyway', source: 'kernel io_uring/net.c io_send_setup()' },
  ],
  test: {
    async effect({ AF_INET, expect, io_uring_get_sqe, io_uring_prep_send, io_uring_prep_send_set_addr, io_uring_prep_send_zc, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_CQE_F_MORE, IORING_CQE_F_NOTIF, loopback, newRing, SOCK_DGRAM, socket, udpSocket, waitOne }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const receiver = udpSocket();
          const sender = socket(AF_INET, SOCK_DGRAM, 0);
          try {
            // A plain send, given an address afterwards: a sendto.
            const data = Buffer.from('addressed later');
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_send(sqe, sender, data, data.length, 0);
            const dest = loopback(receiver.port);
            io_uring_prep_send_set_addr(sqe, dest, 16);
            expect(sqe.addr2).toBe(dest.address);
            expect(sqe.addr_len).toBe(16);
            io_uring_sqe_set_data64(sqe, 3n);
            expect(waitOne(ring)).toMatchObject({ user_data: 3n, res: data.length });
            const got = Buffer.alloc(64);
            expect(got.toString('utf8', 0, readSync(receiver.fd, got))).toBe('addressed later');
            // The same for a zero-copy send: the datagram arrives, then the notification completion.
            const zc = io_uring_get_sqe(ring)!;
            io_uring_prep_send_zc(zc, sender, data, 9, 0, 0);
            io_uring_prep_send_set_addr(zc, dest, 16);
            const sent = waitOne(ring);
            expect(sent.res).toBe(9);
            expect(sent.flags & IORING_CQE_F_MORE).toBe(IORING_CQE_F_MORE);
            expect(waitOne(ring).flags & IORING_CQE_F_NOTIF).toBe(IORING_CQE_F_NOTIF);
            expect(got.toString('utf8', 0, readSync(receiver.fd, got))).toBe('addressed');
          } finally {
            io_uring_queue_exit(ring);
            closeSync(receiver.fd);
            closeSync(sender);
          }
    },
    async valid({ addressOf, AF_INET, exitQuietly, io_uring_get_sqe, io_uring_prep_send, io_uring_prep_send_set_addr, loopback, newRing, OWNED, SOCK_DGRAM, Sockaddr, socket, udpSocket }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const receiver = udpSocket();
          const sender = socket(AF_INET, SOCK_DGRAM, 0);
          // A sockaddr with room for more than sizeof(struct sockaddr_storage) bytes, for addr_len 129.
          const roomyBytes = new Uint8Array(256);
          const roomy = Sockaddr.at(new DataView(roomyBytes.buffer), 0, addressOf(roomyBytes), OWNED);
          roomyBytes.set(loopback(receiver.port).bytes);
          // The SQE is a send already: set_addr completes it.
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_send(sqe, sender, Buffer.from('hello'), 5, 0);
          const args = [sqe, loopback(receiver.port), 16] as Parameters<typeof io_uring_prep_send_set_addr>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(receiver.fd);
          closeSync(sender);
        },
        roomy,
      };
    },
    violations: {
      'dest_addr.relation': { args: { dest_addr: (_, { beforeGuardPage, Sockaddr, structOver }) => structOver(Sockaddr, beforeGuardPage(16)), addr_len: 17 } },
      'addr_len.range': { args: { dest_addr: ({ roomy }) => roomy, addr_len: 129 } },
      'addr_len.relation': { args: { addr_len: 8 } },
    },
  },
});
