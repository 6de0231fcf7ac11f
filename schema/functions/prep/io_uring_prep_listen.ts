import { defineFunction } from '../../language.js';

/** Test prelude: a bound, not yet listening TCP socket, made with the test helpers' libc socket calls. */
const NET = `
  const { closeSync } = await import('node:fs');
  const { default: koffi } = await import('koffi');
  /** A TCP socket bound to 127.0.0.1 at a port the kernel chose (read back with getsockname(2)), not listening yet. */
  const bound = () => {
    const fd = socket(AF_INET, SOCK_STREAM, 0);
    expect(bind(fd, loopback(0).bytes, 16)).toBe(0);
    return { fd, port: portOf(fd) };
  };
`;

export default defineFunction({
  name: 'io_uring_prep_listen',
  since: '2.7',
  category: 'prep',
  inline: true,
  summary: 'Prepare a listen on a bound socket, so that it accepts connections, as listen(2).',
  description:
    'Like listen(2): the completion res is 0, or -errno. A socket that was not bound is bound to an ephemeral port on the wildcard address first, as listen(2) does. ' +
    'Linux 6.11 and later (IORING_OP_LISTEN).',
  man: 'io_uring_prep_listen(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The socket (SOCK_STREAM or SOCK_SEQPACKET), with IOSQE_FIXED_FILE a registered file index.',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open socket descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'listen(2) EBADF; io_uring_prep_listen(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'backlog', type: 'int', doc: 'The length of the queue of pending connections; capped at net.core.somaxconn.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_LISTEN', fd: 'fd', addr: '0', len: 'backlog', off: '0' } },
  errors: {
    EOPNOTSUPP: 'the socket type does not accept connections (e.g. SOCK_DGRAM)',
    ENOTSOCK: 'fd is not a socket',
    EADDRINUSE: 'the socket was not bound and no ephemeral port was free, or another socket listens on the port',
  },
  quirks: [
    { text: 'a datagram socket gives res -EOPNOTSUPP, a descriptor that is not a socket -ENOTSOCK', source: 'listen(2) ERRORS; observed on Linux 6.18' },
  ],
  test: {
    async effect({ AF_INET, bind, connect, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_listen, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_LISTEN, loopback, newRing, portOf, SOCK_DGRAM, SOCK_STREAM, socket, waitOne }) {
      const { closeSync } = await import('node:fs');
      const { default: koffi } = await import('koffi');
      /** A TCP socket bound to 127.0.0.1 at a port the kernel chose (read back with getsockname(2)), not listening yet. */
      const bound = () => {
        const fd = socket(AF_INET, SOCK_STREAM, 0);
        expect(bind(fd, loopback(0).bytes, 16)).toBe(0);
        return { fd, port: portOf(fd) };
      };
  
          const ring = newRing(4);
          const server = bound();
          const early = socket(AF_INET, SOCK_STREAM, 0);
          const client = socket(AF_INET, SOCK_STREAM, 0);
          const udp = socket(AF_INET, SOCK_DGRAM, 0);
          try {
            // Bound but not listening: a connection is refused.
            expect(connect(early, loopback(server.port).bytes, 16)).toBe(-1);
            expect(koffi.errno()).toBe(errnoNumber('ECONNREFUSED'));
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_listen(sqe, server.fd, 8);
            expect(sqe.opcode).toBe(IORING_OP_LISTEN);
            io_uring_sqe_set_data64(sqe, 3n);
            expect(waitOne(ring)).toMatchObject({ user_data: 3n, res: 0 });
            // Listening: the kernel completes the handshake and queues the connection.
            expect(connect(client, loopback(server.port).bytes, 16)).toBe(0);
            // A datagram socket cannot listen.
            io_uring_prep_listen(io_uring_get_sqe(ring)!, udp, 8);
            expect(waitOne(ring).res).toBe(-errnoNumber('EOPNOTSUPP'));
          } finally {
            io_uring_queue_exit(ring);
            for (const fd of [server.fd, early, client, udp]) closeSync(fd);
          }
    },
    async valid({ AF_INET, bind, exitQuietly, expect, io_uring_get_sqe, io_uring_prep_listen, loopback, newRing, portOf, SOCK_STREAM, socket }) {
      const { closeSync } = await import('node:fs');
      const { default: koffi } = await import('koffi');
      /** A TCP socket bound to 127.0.0.1 at a port the kernel chose (read back with getsockname(2)), not listening yet. */
      const bound = () => {
        const fd = socket(AF_INET, SOCK_STREAM, 0);
        expect(bind(fd, loopback(0).bytes, 16)).toBe(0);
        return { fd, port: portOf(fd) };
      };
  
          const ring = newRing(4);
          const server = bound();
          const sqe = io_uring_get_sqe(ring)!;
          const args = [sqe, server.fd, 8] as Parameters<typeof io_uring_prep_listen>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(server.fd);
        },
      };
    },
  },
});
