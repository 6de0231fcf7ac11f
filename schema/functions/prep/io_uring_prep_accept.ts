import { defineFunction } from '../../language.js';

/** Test prelude: a TCP listener on 127.0.0.1 and connected clients, made with the test helpers' libc socket calls. */
const NET = `
  const { closeSync, readSync, writeSync, readFileSync } = await import('node:fs');
  /** A TCP socket listening on 127.0.0.1 at a port the kernel chose. */
  const listener = socket(AF_INET, SOCK_STREAM, 0);
  expect(bind(listener, loopback(0).bytes, 16)).toBe(0);
  expect(listen(listener, 16)).toBe(0);
  const port = portOf(listener);
  /** A client connected to the listener: the kernel queues the connection until it is accepted. */
  const dial = () => {
    const fd = socket(AF_INET, SOCK_STREAM, 0);
    expect(connect(fd, loopback(port).bytes, 16)).toBe(0);
    return fd;
  };
`;

export default defineFunction({
  name: 'io_uring_prep_accept',
  since: '0.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare an accept of a connection on a listening socket, as accept4(2); the completion res is the new descriptor.',
  description:
    'Like accept4(2): the completion comes when a connection arrives; res is the connected socket\'s new file descriptor, or -errno. ' +
    'When addr is given, the kernel writes the peer\'s address into it and its length into addrlen[0], which must hold addr\'s size beforehand. ' +
    'addr is any sockaddr struct (Sockaddr, SockaddrIn, SockaddrIn6, SockaddrUn, SockaddrStorage); give an IPv6 peer the room of a SockaddrIn6 or SockaddrStorage.',
  man: 'io_uring_prep_accept(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The listening socket (with IOSQE_FIXED_FILE: a registered file index).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open, listening socket descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'accept4(2) EBADF; io_uring_prep_accept(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'addr',
      type: 'struct sockaddr *',
      dir: 'out',
      nullable: true,
      ownership: 'completion',
      doc: 'Receives the peer\'s address, or null to not ask for it.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'addr === null || addrlen === null || addrlen.length === 0 || addrlen[0]! <= addr.bytes.buffer.byteLength - addr.bytes.byteOffset', says: 'addrlen[0] must not exceed the bytes of memory behind addr, or the kernel could write past it' },
          message: 'addrlen[0] must not be larger than the memory addr lives in: the kernel writes up to addrlen[0] bytes of address into it',
          source: 'accept(2): "addrlen ... should initially contain the size of the structure pointed to by addr"; kernel net/socket.c move_addr_to_user() writes min(addrlen[0], the address size) bytes; observed res -EFAULT on Linux 6.18 for an 8-byte addr ending at an inaccessible page with addrlen[0] 16 and an IPv4 peer (its 16 bytes are written: the kernel truncates to addrlen[0], not to the memory)',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'addrlen',
      type: 'socklen_t *',
      dir: 'inout',
      nullable: true,
      ownership: 'completion',
      doc: 'A Uint32Array whose element 0 holds addr\'s size before, and the peer address\'s length after; null when addr is null.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'addr === null || addrlen !== null', says: 'when addr is given, addrlen must be given too' },
          message: 'addrlen must not be null when addr is given: the kernel reads the size of addr from it',
          source: 'accept(2) EFAULT; kernel net/socket.c move_addr_to_user() (get_user on addrlen); observed res -EFAULT on Linux 6.18, after the connection was taken from the queue and closed',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: 'addrlen === null || addrlen.length >= 1', says: 'addrlen must have room for one socklen_t' },
          message: 'addrlen must be a Uint32Array of at least one element: the kernel reads and writes addrlen[0]',
          source: 'accept(2): addrlen is a value-result argument; liburing-ts: an empty array has no element 0 for the kernel to use; kernel net/socket.c do_accept() reads addrlen[0] with get_user(); observed res -EFAULT on Linux 6.18 for an empty array ending at an inaccessible page',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'flags',
      type: 'int',
      doc: 'SOCK_NONBLOCK and SOCK_CLOEXEC, for the new descriptor, as accept4(2).',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['SOCK_NONBLOCK', 'SOCK_CLOEXEC'] },
          message: 'flags may hold only SOCK_NONBLOCK and SOCK_CLOEXEC',
          source: 'accept4(2) EINVAL ("invalid value in flags"); kernel io_uring/net.c io_accept_prep(); observed res -EINVAL for 1 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the new socket\'s file descriptor, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_ACCEPT', fd: 'fd', addr: 'addr', len: '0', off: 'addrlen' }, set: [['accept_flags', 'flags']] },
  errors: {
    EINVAL: 'fd is not listening, or flags are invalid',
    EAGAIN: 'no connection was pending and the socket (or IORING_ACCEPT_DONTWAIT) asked not to wait',
    EMFILE: 'the process has too many open files',
    ENOTSOCK: 'fd is not a socket',
    EOPNOTSUPP: 'the socket type does not accept connections',
    EFAULT: 'addr or addrlen is not writable memory',
  },
  quirks: [
    { text: 'the kernel writes addr and addrlen[0] when the connection is accepted, after the submit; liburing-ts keeps both until the completion', source: 'kernel io_uring/net.c io_accept() (do_accept with the user pointers)' },
    { text: 'a socket that is bound but not listening gives res -EINVAL', source: 'accept(2) EINVAL ("Socket is not listening for connections"); observed on Linux 6.18' },
    { text: 'when addrlen[0] is smaller than the peer address, the address is truncated and addrlen[0] says the full length', source: 'accept(2) "The returned address is truncated if the buffer provided is too small"' },
  ],
  test: {
    async effect({ AF_INET, bind, connect, expect, htons, io_uring_get_sqe, io_uring_prep_accept, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_ACCEPT, listen, loopback, newRing, O_CLOEXEC, O_NONBLOCK, OWNED, portOf, SOCK_CLOEXEC, SOCK_NONBLOCK, SOCK_STREAM, Sockaddr, SockaddrIn, socket, waitOne }) {
      const { closeSync, readSync, writeSync, readFileSync } = await import('node:fs');
      /** A TCP socket listening on 127.0.0.1 at a port the kernel chose. */
      const listener = socket(AF_INET, SOCK_STREAM, 0);
      expect(bind(listener, loopback(0).bytes, 16)).toBe(0);
      expect(listen(listener, 16)).toBe(0);
      const port = portOf(listener);
      /** A client connected to the listener: the kernel queues the connection until it is accepted. */
      const dial = () => {
        const fd = socket(AF_INET, SOCK_STREAM, 0);
        expect(connect(fd, loopback(port).bytes, 16)).toBe(0);
        return fd;
      };
  
          const ring = newRing(4);
          const fds = [listener];
          try {
            const client = dial();
            fds.push(client);
            const sin = new SockaddrIn();
            const addr = Sockaddr.at(new DataView(sin.bytes.buffer, sin.bytes.byteOffset, 16), 0, sin.address, OWNED);
            const addrlen = new Uint32Array([16]);
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_accept(sqe, listener, addr, addrlen, 0);
            expect(sqe.opcode).toBe(IORING_OP_ACCEPT);
            io_uring_sqe_set_data64(sqe, 4n);
            const { user_data, res } = waitOne(ring);
            expect(user_data).toBe(4n);
            expect(res).toBeGreaterThanOrEqual(0);
            fds.push(res);
            // The kernel filled in the peer: the client's own address.
            expect(addrlen[0]).toBe(16);
            expect(sin.sin_family).toBe(AF_INET);
            expect(sin.sin_addr.s_addr).toBe(0x0100007f);
            expect(htons(sin.sin_port)).toBe(portOf(client));
            // The accepted descriptor is connected to the client, both ways.
            expect(writeSync(res, 'from the server')).toBe(15);
            const buf = Buffer.alloc(64);
            expect(buf.toString('utf8', 0, readSync(client, buf))).toBe('from the server');
            expect(writeSync(client, 'from the client')).toBe(15);
            expect(buf.toString('utf8', 0, readSync(res, buf))).toBe('from the client');
            // Without an address, and with flags for the new descriptor.
            fds.push(dial());
            io_uring_prep_accept(io_uring_get_sqe(ring)!, listener, null, null, SOCK_NONBLOCK | SOCK_CLOEXEC);
            const second = waitOne(ring).res;
            expect(second).toBeGreaterThanOrEqual(0);
            fds.push(second);
            const flags = Number.parseInt(/flags:\s*(\d+)/.exec(readFileSync('/proc/self/fdinfo/' + second, 'utf8'))![1]!, 8);
            expect(flags & (O_NONBLOCK | O_CLOEXEC)).toBe(O_NONBLOCK | O_CLOEXEC);
          } finally {
            io_uring_queue_exit(ring);
            for (const fd of fds) closeSync(fd);
          }
    },
    async valid({ AF_INET, bind, connect, exitQuietly, expect, io_uring_get_sqe, io_uring_prep_accept, listen, loopback, newRing, OWNED, portOf, SOCK_STREAM, Sockaddr, SockaddrIn, socket }) {
      const { closeSync, readSync, writeSync, readFileSync } = await import('node:fs');
      /** A TCP socket listening on 127.0.0.1 at a port the kernel chose. */
      const listener = socket(AF_INET, SOCK_STREAM, 0);
      expect(bind(listener, loopback(0).bytes, 16)).toBe(0);
      expect(listen(listener, 16)).toBe(0);
      const port = portOf(listener);
      /** A client connected to the listener: the kernel queues the connection until it is accepted. */
      const dial = () => {
        const fd = socket(AF_INET, SOCK_STREAM, 0);
        expect(connect(fd, loopback(port).bytes, 16)).toBe(0);
        return fd;
      };
  
          const ring = newRing(4);
          // A pending connection, so that a raw accept completes instead of waiting.
          const client = dial();
          const sin = new SockaddrIn();
          const addr = Sockaddr.at(new DataView(sin.bytes.buffer, sin.bytes.byteOffset, 16), 0, sin.address, OWNED);
          const addrlen = new Uint32Array([16]);
          const sqe = io_uring_get_sqe(ring)!;
          const args = [sqe, listener, addr, addrlen, 0] as Parameters<typeof io_uring_prep_accept>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(client);
          closeSync(listener);
        },
        addrlen,
      };
    },
    violations: {
      'addr.relation': { args: { addr: (_, { beforeGuardPage, Sockaddr, structOver }) => structOver(Sockaddr, beforeGuardPage(8)) } },
      'addrlen.relation': { args: { addrlen: null } },
      'addrlen.relation#2': {
        args: {
          addrlen: (_, { beforeGuardPage }) => {
            // An empty array whose address is the first byte of an inaccessible page.
            const end = beforeGuardPage(4);
            return new Uint32Array(end.buffer, end.byteOffset + 4, 0);
          },
        },
      },
    },
  },
});
