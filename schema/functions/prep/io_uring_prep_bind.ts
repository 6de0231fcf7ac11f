import { defineFunction } from '../../language.js';

/** Test prelude: what a socket is bound to, read with the test helpers' getsockname (loopback gives 127.0.0.1 addresses). */
const NET = `
  const { closeSync } = await import('node:fs');
  /** The address a socket is bound to, read back with getsockname(2). */
  const nameOf = (fd: number) => {
    const sin = new SockaddrIn();
    expect(getsockname(fd, sin.bytes, new Uint32Array([16]))).toBe(0);
    return { family: sin.sin_family, port: htons(sin.sin_port), addr: sin.sin_addr.s_addr };
  };
`;

export default defineFunction({
  name: 'io_uring_prep_bind',
  since: '2.7',
  category: 'prep',
  inline: true,
  summary: 'Prepare a bind of a socket to a local address, as bind(2).',
  description:
    'Like bind(2): the completion res is 0, or -errno (-EADDRINUSE when another socket has the address, -EINVAL when the socket is already bound). ' +
    'addr is any sockaddr struct: Sockaddr, SockaddrIn, SockaddrIn6, SockaddrUn or SockaddrStorage. ' +
    'Linux 6.11 and later (IORING_OP_BIND).',
  man: 'io_uring_prep_bind(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The socket to bind (with IOSQE_FIXED_FILE: a registered file index).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open socket descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'bind(2) EBADF; io_uring_prep_bind(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'addr',
      type: 'struct sockaddr *',
      headerType: { since: '2.13', type: 'const struct sockaddr *' },
      ownership: 'completion',
      doc: 'The local address: a Sockaddr, typically a view of a SockaddrIn, SockaddrIn6 or SockaddrUn (see the description).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'addrlen <= addr.bytes.buffer.byteLength - addr.bytes.byteOffset', says: 'addrlen must not exceed the bytes of memory behind addr, or the kernel would read past it' },
          message: 'addrlen must not be larger than the memory addr lives in: the kernel copies addrlen bytes from it',
          source: 'bind(2): addrlen "specifies the size, in bytes, of the address structure pointed to by addr"; kernel net/socket.c move_addr_to_kernel() copies addrlen bytes; observed res -EFAULT on Linux 6.18 for a 16-byte sockaddr ending at an inaccessible page and addrlen 17',
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
          source: 'kernel net/socket.c move_addr_to_kernel() ("ulen > sizeof(struct sockaddr_storage)" gives -EINVAL); observed res -EINVAL for 129 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: 'addrlen >= (sockaddrFamily(addr) === AF_INET ? 16 : sockaddrFamily(addr) === AF_INET6 ? 24 : 0)', says: 'addrlen must cover the whole address: at least 16 for AF_INET, 24 for AF_INET6' },
          message: 'addrlen must be at least the size of the address family\'s sockaddr: 16 (sizeof(struct sockaddr_in)) for AF_INET, 24 for AF_INET6',
          source: 'ip(7) and ipv6(7) EINVAL; kernel net/ipv4/af_inet.c inet_bind_sk() ("addr_len < sizeof(struct sockaddr_in)"), net/ipv6/af_inet6.c inet6_bind_sk() (SIN6_LEN_RFC2133); observed res -EINVAL for 8 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_BIND', fd: 'fd', addr: 'addr', len: '0', off: 'addrlen' } },
  errors: {
    EADDRINUSE: 'another socket is bound to that address',
    EINVAL: 'the socket is already bound, or addrlen is wrong for the family',
    EACCES: 'the port is privileged (below 1024) and the process lacks CAP_NET_BIND_SERVICE',
    ENOTSOCK: 'fd is not a socket',
  },
  quirks: [
    { text: 'the kernel copies the address when the request is submitted; liburing-ts keeps addr until the completion anyway', source: 'kernel io_uring/net.c io_bind_prep() (move_addr_to_kernel at prep time)' },
    { text: 'a fd that is not a socket gives res -ENOTSOCK', source: 'kernel io_uring/net.c io_bind() (sock_from_file); observed on Linux 6.18' },
  ],
  test: {
    async effect({ AF_INET, errnoNumber, expect, getsockname, htons, io_uring_get_sqe, io_uring_prep_bind, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_BIND, loopback, newRing, SOCK_STREAM, SockaddrIn, socket, waitOne }) {
      const { closeSync } = await import('node:fs');
      /** The address a socket is bound to, read back with getsockname(2). */
      const nameOf = (fd: number) => {
        const sin = new SockaddrIn();
        expect(getsockname(fd, sin.bytes, new Uint32Array([16]))).toBe(0);
        return { family: sin.sin_family, port: htons(sin.sin_port), addr: sin.sin_addr.s_addr };
      };
  
          const ring = newRing(4);
          const a = socket(AF_INET, SOCK_STREAM, 0);
          const b = socket(AF_INET, SOCK_STREAM, 0);
          try {
            // Bind to 127.0.0.1 with port 0: the kernel picks a port, which getsockname shows.
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_bind(sqe, a, loopback(0), 16);
            expect(sqe.opcode).toBe(IORING_OP_BIND);
            io_uring_sqe_set_data64(sqe, 5n);
            expect(waitOne(ring)).toMatchObject({ user_data: 5n, res: 0 });
            const name = nameOf(a);
            expect(name.family).toBe(AF_INET);
            expect(name.addr).toBe(0x0100007f);
            expect(name.port).toBeGreaterThan(0);
            // The address is taken now: another socket gets -EADDRINUSE.
            io_uring_prep_bind(io_uring_get_sqe(ring)!, b, loopback(name.port), 16);
            expect(waitOne(ring).res).toBe(-errnoNumber('EADDRINUSE'));
            // A socket binds once: -EINVAL the second time.
            io_uring_prep_bind(io_uring_get_sqe(ring)!, a, loopback(0), 16);
            expect(waitOne(ring).res).toBe(-errnoNumber('EINVAL'));
          } finally {
            io_uring_queue_exit(ring);
            closeSync(a);
            closeSync(b);
          }
    },
    async valid({ addressOf, AF_INET, exitQuietly, expect, getsockname, htons, io_uring_get_sqe, io_uring_prep_bind, loopback, newRing, OWNED, SOCK_STREAM, Sockaddr, SockaddrIn, socket }) {
      const { closeSync } = await import('node:fs');
      /** The address a socket is bound to, read back with getsockname(2). */
      const nameOf = (fd: number) => {
        const sin = new SockaddrIn();
        expect(getsockname(fd, sin.bytes, new Uint32Array([16]))).toBe(0);
        return { family: sin.sin_family, port: htons(sin.sin_port), addr: sin.sin_addr.s_addr };
      };
  
          const ring = newRing(4);
          const fd = socket(AF_INET, SOCK_STREAM, 0);
          // A sockaddr with room for more than sizeof(struct sockaddr_storage) bytes, for addrlen 129.
          const roomyBytes = new Uint8Array(256);
          const roomy = Sockaddr.at(new DataView(roomyBytes.buffer), 0, addressOf(roomyBytes), OWNED);
          roomyBytes.set(loopback(0).bytes);
          const sqe = io_uring_get_sqe(ring)!;
          const args = [sqe, fd, loopback(0), 16] as Parameters<typeof io_uring_prep_bind>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(fd);
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
