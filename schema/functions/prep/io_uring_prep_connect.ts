import { defineFunction } from '../../language.js';

/** Test prelude: a node:net server on 127.0.0.1 (sockets and addresses come from the test helpers: socket, loopback). */
const NET = `
  const { closeSync, writeSync } = await import('node:fs');
  const net = await import('node:net');
  /** The arguments of the next event of that name the emitter emits. */
  const once = (emitter: import('node:events').EventEmitter, event: string) => new Promise<unknown[]>((resolve) => emitter.once(event, (...a: unknown[]) => resolve(a)));
  /** A node:net server on 127.0.0.1 at a port the kernel chose. */
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
`;

export default defineFunction({
  name: 'io_uring_prep_connect',
  since: '0.3',
  category: 'prep',
  inline: true,
  summary: 'Prepare a connect of a socket to a remote address, as connect(2).',
  description:
    'Like connect(2) on a blocking socket: the completion comes once the connection is established (res 0) or has failed ' +
    '(-ECONNREFUSED, -ETIMEDOUT, -ENETUNREACH...). addr is any sockaddr struct: Sockaddr, SockaddrIn, SockaddrIn6, SockaddrUn or SockaddrStorage.',
  man: 'io_uring_prep_connect(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The socket to connect (with IOSQE_FIXED_FILE: a registered file index).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open socket descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'connect(2) EBADF; io_uring_prep_connect(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'addr',
      type: 'const struct sockaddr *',
      ownership: 'completion',
      doc: 'The address to connect to: a Sockaddr, typically a view of a SockaddrIn, SockaddrIn6 or SockaddrUn (see the description).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'addrlen <= addr.bytes.buffer.byteLength - addr.bytes.byteOffset', says: 'addrlen must not exceed the bytes of memory behind addr, or the kernel would read past it' },
          message: 'addrlen must not be larger than the memory addr lives in: the kernel copies addrlen bytes from it',
          source: 'connect(2): addrlen is the size of the address at addr; kernel net/socket.c move_addr_to_kernel() copies addrlen bytes; observed res -EFAULT on Linux 6.18 for a 16-byte sockaddr ending at an inaccessible page and addrlen 17',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'addrlen',
      type: 'socklen_t',
      doc: 'The size of the address: 16 for sockaddr_in, 28 for sockaddr_in6, up to 110 for sockaddr_un.',
      preconditions: [
        {
          rule: { kind: 'range', max: 128 },
          message: 'addrlen must be at most 128, sizeof(struct sockaddr_storage)',
          source: 'kernel net/socket.c move_addr_to_kernel() ("ulen > sizeof(struct sockaddr_storage)" gives -EINVAL), called by io_uring/net.c io_connect_prep(); observed res -EINVAL for 129 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: 'addrlen >= (sockaddrFamily(addr) === AF_INET ? 16 : sockaddrFamily(addr) === AF_INET6 ? 24 : 0)', says: 'addrlen must cover the whole address: at least 16 for AF_INET, 24 for AF_INET6' },
          message: 'addrlen must be at least the size of the address family\'s sockaddr: 16 (sizeof(struct sockaddr_in)) for AF_INET, 24 for AF_INET6',
          source: 'ip(7) and ipv6(7) EINVAL; kernel net/ipv4/tcp_ipv4.c tcp_v4_connect() ("addr_len < sizeof(struct sockaddr_in)"); observed res -EINVAL for 8 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0 once connected, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_CONNECT', fd: 'fd', addr: 'addr', len: '0', off: 'addrlen' } },
  errors: {
    ECONNREFUSED: 'nothing listens at the address',
    ETIMEDOUT: 'the peer did not answer',
    EISCONN: 'the socket is already connected',
    EINVAL: 'addrlen is wrong for the family',
    EAFNOSUPPORT: 'the address family does not match the socket',
    ENOTSOCK: 'fd is not a socket',
  },
  quirks: [
    { text: 'the completion waits for the handshake even on a non-blocking socket: io_uring turns -EINPROGRESS into waiting', source: 'kernel io_uring/net.c io_connect() (EINPROGRESS handled by polling)' },
    { text: 'the kernel copies the address when the request is submitted; liburing-ts keeps addr until the completion anyway', source: 'io_uring_prep_connect(3) NOTES; kernel io_uring/net.c io_connect_prep()' },
  ],
  test: {
    async effect({ AF_INET, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_connect, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_CONNECT, loopback, newRing, SOCK_STREAM, socket, waitOne }) {
      const { closeSync, writeSync } = await import('node:fs');
      const net = await import('node:net');
      /** The arguments of the next event of that name the emitter emits. */
      const once = (emitter: import('node:events').EventEmitter, event: string) => new Promise<unknown[]>((resolve) => emitter.once(event, (...a: unknown[]) => resolve(a)));
      /** A node:net server on 127.0.0.1 at a port the kernel chose. */
      const server = net.createServer();
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const port = (server.address() as { port: number }).port;
  
          const ring = newRing(4);
          const fd = socket(AF_INET, SOCK_STREAM, 0);
          const refused = socket(AF_INET, SOCK_STREAM, 0);
          const accepted = once(server, 'connection');
          try {
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_connect(sqe, fd, loopback(port), 16);
            expect(sqe.opcode).toBe(IORING_OP_CONNECT);
            io_uring_sqe_set_data64(sqe, 9n);
            expect(waitOne(ring)).toMatchObject({ user_data: 9n, res: 0 });
            // The server sees the connection, and bytes written on fd arrive.
            const [peer] = (await accepted) as [import('node:net').Socket];
            const data = once(peer, 'data');
            expect(writeSync(fd, 'over the connection')).toBe(19);
            expect(String((await data)[0])).toBe('over the connection');
            peer.destroy();
            // Connecting again: -EISCONN.
            io_uring_prep_connect(io_uring_get_sqe(ring)!, fd, loopback(port), 16);
            expect(waitOne(ring).res).toBe(-errnoNumber('EISCONN'));
            // Once the server is closed, nothing listens on its port: -ECONNREFUSED.
            await new Promise((done) => server.close(done));
            io_uring_prep_connect(io_uring_get_sqe(ring)!, refused, loopback(port), 16);
            expect(waitOne(ring).res).toBe(-errnoNumber('ECONNREFUSED'));
          } finally {
            io_uring_queue_exit(ring);
            closeSync(fd);
            closeSync(refused);
            server.close();
          }
    },
    async valid({ addressOf, AF_INET, exitQuietly, io_uring_get_sqe, io_uring_prep_connect, loopback, newRing, OWNED, SOCK_STREAM, Sockaddr, socket }) {
      const { closeSync, writeSync } = await import('node:fs');
      const net = await import('node:net');
      /** The arguments of the next event of that name the emitter emits. */
      const once = (emitter: import('node:events').EventEmitter, event: string) => new Promise<unknown[]>((resolve) => emitter.once(event, (...a: unknown[]) => resolve(a)));
      /** A node:net server on 127.0.0.1 at a port the kernel chose. */
      const server = net.createServer();
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const port = (server.address() as { port: number }).port;
  
          const ring = newRing(4);
          const fd = socket(AF_INET, SOCK_STREAM, 0);
          // A sockaddr with room for more than sizeof(struct sockaddr_storage) bytes, for addrlen 129.
          const roomyBytes = new Uint8Array(256);
          const roomy = Sockaddr.at(new DataView(roomyBytes.buffer), 0, addressOf(roomyBytes), OWNED);
          roomyBytes.set(loopback(port).bytes);
          const sqe = io_uring_get_sqe(ring)!;
          const args = [sqe, fd, loopback(port), 16] as Parameters<typeof io_uring_prep_connect>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(fd);
          server.close();
        },
        roomy,
      };
    },
    violations: {
      'addr.relation': { args: { addr: (_, { beforeGuardPage, Sockaddr, structOver }) => structOver(Sockaddr, beforeGuardPage(16)), addrlen: 17 } },
      'addrlen.range': { args: { addr: ({ roomy }) => roomy, addrlen: 129 } },
      'addrlen.relation': { args: { addrlen: 8 } },
    },
  },
});
