import { defineFunction } from '../../language.js';

/** Test prelude: node:fs's descriptor calls (the loopback sockets come from the test helpers: tcpPair, udpSocket, loopback, portOf). */
const NET = `
  const { closeSync, readSync, writeSync } = await import('node:fs');
`;

export default defineFunction({
  name: 'io_uring_prep_sendto',
  since: '2.4',
  category: 'prep',
  inline: true,
  summary: 'Prepare a send of len bytes from buf to the address addr, as sendto(2).',
  description:
    'Like sendto(2), typically on a datagram socket: the completion res is the number of bytes sent, or -errno. ' +
    'It is io_uring_prep_send followed by io_uring_prep_send_set_addr. addr is any sockaddr struct: Sockaddr, SockaddrIn, SockaddrIn6, SockaddrUn or SockaddrStorage.',
  man: 'io_uring_prep_sendto(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'sockfd',
      type: 'int',
      doc: 'The socket to send on (with IOSQE_FIXED_FILE: a registered file index).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'sockfd must be an open socket descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'sendto(2) EBADF; io_uring_prep_sendto(3) ERRORS (res is -errno); observed res -EBADF for sockfd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'buf',
      type: 'const void *',
      ownership: 'completion',
      doc: 'The data to send.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'len <= byteLength(buf)', says: 'len must not exceed the byte length of buf, or the kernel would read past it' },
          message: 'len must not be larger than buf: the kernel sends len bytes from it',
          source: 'sendto(2): sends len bytes from buf; nothing in liburing or the kernel knows the buffer\'s size',
          errno: null,
          effect: 'the kernel reads past buf: the peer receives the byte after buf\'s 5 as the 6th',
        },
      ],
    },
    { name: 'len', type: 'size_t', doc: 'How many bytes to send; stored as a 32-bit length ((__u32) len).' },
    { name: 'flags', type: 'int', doc: 'MSG_* flags as for sendto(2).' },
    {
      name: 'addr',
      type: 'const struct sockaddr *',
      nullable: true,
      ownership: 'completion',
      doc: 'The destination address, or null for a connected socket: a Sockaddr, typically a view of a SockaddrIn or SockaddrIn6 (see the description).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'addr === null || addrlen <= addr.bytes.buffer.byteLength - addr.bytes.byteOffset', says: 'addrlen must not exceed the bytes of memory behind addr, or the kernel would read past it' },
          message: 'addrlen must not be larger than the memory addr lives in: the kernel copies addrlen bytes from it',
          source: 'sendto(2): addrlen is the size of dest_addr; kernel net/socket.c move_addr_to_kernel() copies that many bytes; observed res -EFAULT on Linux 6.18 for a 16-byte sockaddr ending at an inaccessible page and addrlen 17',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'addrlen',
      type: 'socklen_t',
      doc: 'The size of the address: 16 for sockaddr_in, 28 for sockaddr_in6. Stored in the SQE as 16 bits (sqe.addr_len).',
      preconditions: [
        {
          rule: { kind: 'range', max: 128 },
          message: 'addrlen must be at most 128, sizeof(struct sockaddr_storage)',
          source: 'kernel net/socket.c move_addr_to_kernel() ("ulen > sizeof(struct sockaddr_storage)" gives -EINVAL), called by io_uring/net.c io_send_setup(); observed res -EINVAL for 129 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: 'addr === null || addrlen >= (sockaddrFamily(addr) === AF_INET ? 16 : sockaddrFamily(addr) === AF_INET6 ? 24 : 0)', says: 'addrlen must cover the whole address: at least 16 for AF_INET, 24 for AF_INET6' },
          message: 'addrlen must be at least the size of the address family\'s sockaddr: 16 (sizeof(struct sockaddr_in)) for AF_INET, 24 for AF_INET6',
          source: 'ip(7) EINVAL; kernel net/ipv4/udp.c udp_sendmsg() ("msg->msg_namelen < sizeof(*usin)" gives -EINVAL); observed res -EINVAL for 8 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of bytes sent, or -errno.' },
  sqe: {
    // io_uring_prep_send(sqe, sockfd, buf, len, flags), then io_uring_prep_send_set_addr(sqe, addr, addrlen).
    rw: { op: 'IORING_OP_SEND', fd: 'sockfd', addr: 'buf', len: 'len', off: '0' },
    set: [['msg_flags', 'flags'], ['addr2', 'addr'], ['addr_len', 'addrlen']],
  },
  errors: {
    EDESTADDRREQ: 'addr is null and the socket is not connected',
    EINVAL: 'addrlen is wrong for the family',
    EAFNOSUPPORT: 'the address family does not match the socket',
    EMSGSIZE: 'the datagram is too large',
    ENOTSOCK: 'sockfd is not a socket',
  },
  quirks: [
    { text: 'addrlen is stored in the 16-bit sqe.addr_len ((__u16) addrlen): values from 65536 on wrap', source: 'liburing.h io_uring_prep_send_set_addr() (__u16 addr_len)' },
    { text: 'the kernel copies the address when the request is submitted; liburing-ts keeps addr until the completion anyway', source: 'kernel io_uring/net.c io_send_setup()' },
  ],
  test: {
    async effect({ AF_INET, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_sendto, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_SEND, loopback, newRing, SOCK_DGRAM, socket, udpSocket, waitOne }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const receiver = udpSocket();
          const sender = socket(AF_INET, SOCK_DGRAM, 0);
          try {
            const data = Buffer.from('one datagram');
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_sendto(sqe, sender, data, data.length, 0, loopback(receiver.port), 16);
            expect(sqe.opcode).toBe(IORING_OP_SEND);
            io_uring_sqe_set_data64(sqe, 2n);
            expect(waitOne(ring)).toMatchObject({ user_data: 2n, res: data.length });
            // The datagram reaches the receiver, from the sender's port.
            const got = Buffer.alloc(64);
            expect(got.toString('utf8', 0, readSync(receiver.fd, got))).toBe('one datagram');
            // Without an address an unconnected datagram socket has nowhere to send: -EDESTADDRREQ.
            io_uring_prep_sendto(io_uring_get_sqe(ring)!, sender, data, data.length, 0, null, 0);
            expect(waitOne(ring).res).toBe(-errnoNumber('EDESTADDRREQ'));
          } finally {
            io_uring_queue_exit(ring);
            closeSync(receiver.fd);
            closeSync(sender);
          }
    },
    async valid({ addressOf, AF_INET, exitQuietly, io_uring_get_sqe, io_uring_prep_sendto, loopback, newRing, OWNED, SOCK_DGRAM, Sockaddr, socket, udpSocket, withSpare }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const receiver = udpSocket();
          const sender = socket(AF_INET, SOCK_DGRAM, 0);
          // A sockaddr with room for more than sizeof(struct sockaddr_storage) bytes, for addrlen 129.
          const roomyBytes = new Uint8Array(256);
          const roomy = Sockaddr.at(new DataView(roomyBytes.buffer), 0, addressOf(roomyBytes), OWNED);
          roomyBytes.set(loopback(receiver.port).bytes);
          const sqe = io_uring_get_sqe(ring)!;
          const args = [sqe, sender, Buffer.from('hello'), 5, 0, loopback(receiver.port), 16] as Parameters<typeof io_uring_prep_sendto>;
      return {
        args,
        receiver,
        // 'hello', followed by memory of our own holding '!'.
        spare: (() => {
          const spare = withSpare(5, 3);
          spare.memory.set(Buffer.from('hello'));
          spare.after[0] = 0x21;
          return spare;
        })(),
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
      'buf.relation': {
        args: { buf: ({ spare }) => spare.memory, len: 6 },
        effect: async ({ receiver, ring }, { expect, waitOne }) => {
          const { readSync } = await import('node:fs');
          expect(waitOne(ring).res).toBe(6);
          const got = Buffer.alloc(16);
          expect(readSync(receiver.fd, got)).toBe(6);
          expect(got.subarray(0, 6).toString()).toBe('hello!');
        },
      },
      'addr.relation': { args: { addr: (_, { beforeGuardPage, Sockaddr, structOver }) => structOver(Sockaddr, beforeGuardPage(16)), addrlen: 17 } },
      'addrlen.range': { args: { addr: ({ roomy }) => roomy, addrlen: 129 } },
      'addrlen.relation': { args: { addrlen: 8 } },
    },
  },
});
