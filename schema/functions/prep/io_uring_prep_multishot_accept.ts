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
  name: 'io_uring_prep_multishot_accept',
  since: '2.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare a multishot accept: one request that posts a completion, with a new descriptor, for every incoming connection.',
  description:
    'Like io_uring_prep_accept, but the request stays armed: each connection posts a CQE whose res is the new descriptor (or -errno) ' +
    'and whose flags have IORING_CQE_F_MORE while more may follow. Linux 5.19 and later.',
  man: 'io_uring_prep_multishot_accept(3)',
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
      doc: 'SOCK_NONBLOCK and SOCK_CLOEXEC, for each new descriptor, as accept4(2).',
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
  returns: { kind: 'void', type: 'void', doc: 'Nothing; each completion res is a new socket\'s file descriptor, or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_ACCEPT', fd: 'fd', addr: 'addr', len: '0', off: 'addrlen' },
    // io_uring_prep_accept, then sqe->ioprio |= IORING_ACCEPT_MULTISHOT.
    set: [['accept_flags', 'flags'], ['ioprio', 'sqe.ioprio | IORING_ACCEPT_MULTISHOT']],
  },
  errors: {
    EINVAL: 'fd is not listening, or flags are invalid',
    EMFILE: 'the process has too many open files',
    ENOTSOCK: 'fd is not a socket',
    EOPNOTSUPP: 'the socket type does not accept connections',
    EFAULT: 'addr or addrlen is not writable memory',
  },
  quirks: [
    { text: 'multishot accept is available since Linux 5.19; each connection posts a CQE with IORING_CQE_F_MORE while the request stays armed; a CQE without it (an error, or after a cancel) ends it', source: 'io_uring_prep_multishot_accept(3) lines 113-131 (DESCRIPTION)' },
    { text: 'addr and addrlen are shared by every connection: the kernel overwrites them for each one, possibly before the previous one was processed, so pass null unless connections cannot overlap', source: 'io_uring_prep_multishot_accept(3) lines 121-131: "setting addr and addrlen may not make a lot of sense, as the same value would be used for every accepted connection"' },
  ],
  test: {
    async effect({ AF_INET, bind, connect, expect, io_uring_get_sqe, io_uring_prep_multishot_accept, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, IORING_ACCEPT_MULTISHOT, IORING_CQE_F_MORE, IORING_OP_ACCEPT, listen, loopback, newRing, O_CLOEXEC, portOf, SOCK_CLOEXEC, SOCK_STREAM, socket, waitOne }) {
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
  
          const ring = newRing(8);
          const fds = [listener];
          try {
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_multishot_accept(sqe, listener, null, null, SOCK_CLOEXEC);
            expect(sqe.opcode).toBe(IORING_OP_ACCEPT);
            expect(sqe.ioprio & IORING_ACCEPT_MULTISHOT).toBe(IORING_ACCEPT_MULTISHOT);
            io_uring_sqe_set_data64(sqe, 5n);
            io_uring_submit(ring);
            // One request, two connections: two completions, each with a descriptor and IORING_CQE_F_MORE.
            const first = dial();
            const second = dial();
            fds.push(first, second);
            const accepted: number[] = [];
            for (let i = 0; i < 2; i++) {
              const cqe = waitOne(ring);
              expect(cqe.user_data).toBe(5n);
              expect(cqe.res).toBeGreaterThanOrEqual(0);
              expect(cqe.flags & IORING_CQE_F_MORE).toBe(IORING_CQE_F_MORE);
              accepted.push(cqe.res);
              fds.push(cqe.res);
            }
            // Connections are accepted in the order they were queued, and each descriptor is connected to its client.
            const buf = Buffer.alloc(64);
            expect(writeSync(accepted[0]!, 'to the first')).toBe(12);
            expect(buf.toString('utf8', 0, readSync(first, buf))).toBe('to the first');
            expect(writeSync(accepted[1]!, 'to the second')).toBe(13);
            expect(buf.toString('utf8', 0, readSync(second, buf))).toBe('to the second');
            // SOCK_CLOEXEC applies to every one of them.
            for (const fd of accepted) {
              const flags = Number.parseInt(/flags:\s*(\d+)/.exec(readFileSync('/proc/self/fdinfo/' + fd, 'utf8'))![1]!, 8);
              expect(flags & O_CLOEXEC).toBe(O_CLOEXEC);
            }
          } finally {
            io_uring_queue_exit(ring);
            for (const fd of fds) closeSync(fd);
          }
    },
    async valid({ AF_INET, bind, connect, exitQuietly, expect, io_uring_get_sqe, io_uring_prep_multishot_accept, listen, loopback, newRing, OWNED, portOf, SOCK_STREAM, Sockaddr, SockaddrIn, socket }) {
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
          const args = [sqe, listener, addr, addrlen, 0] as Parameters<typeof io_uring_prep_multishot_accept>;
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
