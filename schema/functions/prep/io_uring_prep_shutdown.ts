import { defineFunction } from '../../language.js';

/** Test prelude: node:fs's descriptor calls (the loopback sockets come from the test helpers: tcpPair, udpSocket, loopback, portOf). */
const NET = `
  const { closeSync, readSync, writeSync } = await import('node:fs');
`;

export default defineFunction({
  name: 'io_uring_prep_shutdown',
  since: '2.0',
  category: 'prep',
  inline: true,
  summary: 'Prepare a shutdown of one or both directions of a socket\'s connection, as shutdown(2).',
  description:
    'Like shutdown(2): SHUT_WR sends end-of-stream to the peer (its reads return 0) while this side can still receive; SHUT_RD and SHUT_RDWR stop receiving too. ' +
    'The completion res is 0, or -errno. Linux 5.11 and later.',
  man: 'io_uring_prep_shutdown(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The connected socket (with IOSQE_FIXED_FILE: a registered file index).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open socket descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'shutdown(2) EBADF; io_uring_prep_shutdown(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'how',
      type: 'int',
      doc: 'SHUT_RD, SHUT_WR or SHUT_RDWR.',
      preconditions: [
        {
          rule: { kind: 'range', min: 0, max: 2 },
          message: 'how must be SHUT_RD (0), SHUT_WR (1) or SHUT_RDWR (2)',
          source: 'shutdown(2) EINVAL ("An invalid value was specified in how"); observed res -EINVAL for -1 and 3 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_SHUTDOWN', fd: 'fd', addr: '0', len: 'how', off: '0' } },
  errors: {
    ENOTCONN: 'the socket is not connected',
    ENOTSOCK: 'fd is not a socket',
    EINVAL: 'how is not SHUT_RD, SHUT_WR or SHUT_RDWR',
  },
  quirks: [
    { text: 'a socket that is not connected gives res -ENOTCONN, a descriptor that is not a socket -ENOTSOCK', source: 'shutdown(2) ERRORS; observed on Linux 6.18' },
  ],
  test: {
    async effect({ AF_INET, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_shutdown, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_SHUTDOWN, newRing, SHUT_RDWR, SHUT_WR, SOCK_STREAM, socket, tcpPair, waitOne }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const [a, b] = tcpPair();
          const lone = socket(AF_INET, SOCK_STREAM, 0);
          try {
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_shutdown(sqe, a, SHUT_WR);
            expect(sqe.opcode).toBe(IORING_OP_SHUTDOWN);
            io_uring_sqe_set_data64(sqe, 1n);
            expect(waitOne(ring)).toMatchObject({ user_data: 1n, res: 0 });
            // The peer reads end-of-stream...
            const buf = Buffer.alloc(16);
            expect(readSync(b, buf)).toBe(0);
            // ...and can still send the other way.
            expect(writeSync(b, 'still open')).toBe(10);
            expect(buf.toString('utf8', 0, readSync(a, buf))).toBe('still open');
            // A socket that is not connected: -ENOTCONN.
            io_uring_prep_shutdown(io_uring_get_sqe(ring)!, lone, SHUT_RDWR);
            expect(waitOne(ring).res).toBe(-errnoNumber('ENOTCONN'));
          } finally {
            io_uring_queue_exit(ring);
            for (const fd of [a, b, lone]) closeSync(fd);
          }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_shutdown, newRing, SHUT_WR, tcpPair }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const [a, b] = tcpPair();
          const sqe = io_uring_get_sqe(ring)!;
          const args = [sqe, a, SHUT_WR] as Parameters<typeof io_uring_prep_shutdown>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(a);
          closeSync(b);
        },
      };
    },
  },
});
