import { defineFunction } from '../../language.js';

/** Test prelude: node:fs's descriptor calls (the loopback sockets come from the test helpers: tcpPair, udpSocket, loopback, portOf). */
const NET = `
  const { closeSync, readSync, writeSync } = await import('node:fs');
`;

export default defineFunction({
  name: 'io_uring_prep_send',
  since: '0.4',
  category: 'prep',
  inline: true,
  summary: 'Prepare a send of len bytes from buf on a connected socket, as send(2).',
  description:
    'Like send(2): the completion res is the number of bytes sent (a short send is not an error unless MSG_WAITALL is set), or -errno. ' +
    'With IOSQE_BUFFER_SELECT and sqe.buf_group set, buf may be null: the data comes from a provided buffer (Linux 6.10 and later). ' +
    'liburing-ts keeps buf reachable until the completion is seen.',
  man: 'io_uring_prep_send(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'sockfd',
      type: 'int',
      doc: 'The connected socket (with IOSQE_FIXED_FILE: a registered file index).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'sockfd must be an open socket descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'send(2) EBADF; io_uring_prep_send(3) ERRORS (res is -errno); observed res -EBADF for sockfd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'buf',
      type: 'const void *',
      nullable: true,
      ownership: 'completion',
      doc: 'The data to send; null with IOSQE_BUFFER_SELECT (a provided buffer is used).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'buf === null || len <= byteLength(buf)', says: 'len must not exceed the byte length of buf, or the kernel would read past it' },
          message: 'len must not be larger than buf: the kernel sends len bytes from it',
          source: 'send(2): sends len bytes from buf; nothing in liburing or the kernel knows the buffer\'s size',
          errno: null,
          unprovable: 'the kernel would read past the buffer and send what lies after it',
        },
      ],
    },
    { name: 'len', type: 'size_t', doc: 'How many bytes to send; stored as a 32-bit length ((__u32) len).' },
    { name: 'flags', type: 'int', doc: 'MSG_* flags as for send(2): MSG_WAITALL, MSG_MORE, MSG_NOSIGNAL, MSG_DONTWAIT...' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of bytes sent, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_SEND', fd: 'sockfd', addr: 'buf', len: 'len', off: '0' }, set: [['msg_flags', 'flags']] },
  errors: {
    ENOTSOCK: 'sockfd is not a socket',
    ENOTCONN: 'the socket is not connected',
    EPIPE: 'the connection was shut down for writing (no SIGPIPE: io_uring does not raise it)',
    ECONNRESET: 'the peer reset the connection',
    EDESTADDRREQ: 'a datagram socket has no peer: connect it, or use io_uring_prep_sendto',
    EFAULT: 'buf is not readable memory (or null without IOSQE_BUFFER_SELECT)',
  },
  quirks: [
    { text: 'with IOSQE_IO_LINK, set MSG_WAITALL: a short send is not an error, so it would not break the link', source: 'io_uring_prep_send(3) lines 46-53: "using IOSQE_IO_LINK with this request type requires the setting of MSG_WAITALL"' },
    { text: 'len is stored as a 32-bit value ((__u32) len): a length of 4 GiB or more wraps', source: 'liburing.h io_uring_prep_send()' },
    { text: 'a descriptor that is not a socket gives res -ENOTSOCK', source: 'send(2) ERRORS; observed on Linux 6.18 (a pipe)' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_send, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_SEND, libc, MSG_NOSIGNAL, newRing, SHUT_WR, tcpPair, waitOne }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const [a, b] = tcpPair();
          try {
            const data = Buffer.from('hello over tcp');
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_send(sqe, a, data, data.length, MSG_NOSIGNAL);
            expect(sqe.opcode).toBe(IORING_OP_SEND);
            io_uring_sqe_set_data64(sqe, 8n);
            expect(waitOne(ring)).toMatchObject({ user_data: 8n, res: data.length });
            // The peer receives exactly the bytes sent.
            const got = Buffer.alloc(64);
            expect(got.toString('utf8', 0, readSync(b, got))).toBe('hello over tcp');
            // Only the first len bytes go out.
            io_uring_prep_send(io_uring_get_sqe(ring)!, a, data, 5, 0);
            expect(waitOne(ring).res).toBe(5);
            expect(got.toString('utf8', 0, readSync(b, got))).toBe('hello');
            // After shutdown(SHUT_WR), sending fails with -EPIPE (and no SIGPIPE).
            expect(libc.func('int shutdown(int, int)')(a, SHUT_WR)).toBe(0);
            io_uring_prep_send(io_uring_get_sqe(ring)!, a, data, data.length, 0);
            expect(waitOne(ring).res).toBe(-errnoNumber('EPIPE'));
          } finally {
            io_uring_queue_exit(ring);
            closeSync(a);
            closeSync(b);
          }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_send, newRing, tcpPair }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const [a, b] = tcpPair();
          const sqe = io_uring_get_sqe(ring)!;
          const args = [sqe, a, Buffer.from('hello'), 5, 0] as Parameters<typeof io_uring_prep_send>;
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
    violations: {
      'buf.relation': { args: { len: 6 } },
    },
  },
});
