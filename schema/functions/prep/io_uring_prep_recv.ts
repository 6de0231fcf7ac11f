import { defineFunction } from '../../language.js';

/** Test prelude: node:fs's descriptor calls (the loopback sockets come from the test helpers: tcpPair, udpSocket, loopback, portOf). */
const NET = `
  const { closeSync, readSync, writeSync } = await import('node:fs');
`;

export default defineFunction({
  name: 'io_uring_prep_recv',
  since: '0.4',
  category: 'prep',
  inline: true,
  summary: 'Prepare a receive of up to len bytes into buf from a socket, as recv(2).',
  description:
    'Like recv(2): the completion res is the number of bytes received (0 when the peer has shut down its side), or -errno. ' +
    'With IOSQE_BUFFER_SELECT and sqe.buf_group set, buf is null and the kernel picks a provided buffer (its ID is in the completion flags, above IORING_CQE_BUFFER_SHIFT). ' +
    'liburing-ts keeps buf reachable until the completion is seen.',
  man: 'io_uring_prep_recv(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'sockfd',
      type: 'int',
      doc: 'The socket to receive from (with IOSQE_FIXED_FILE: a registered file index).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'sockfd must be an open socket descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'recv(2) EBADF; io_uring_prep_recv(3) ERRORS (res is -errno); observed res -EBADF for sockfd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'buf',
      type: 'void *',
      nullable: true,
      ownership: 'completion',
      doc: 'The memory the data is received into; null with IOSQE_BUFFER_SELECT.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'buf === null || len <= byteLength(buf)', says: 'len must not exceed the byte length of buf, or the kernel would write past it' },
          message: 'len must not be larger than buf: the kernel writes up to len bytes into it',
          source: 'recv(2): receives up to len bytes into buf; nothing in liburing or the kernel knows the buffer\'s size',
          errno: null,
          unprovable: 'the kernel would write past the buffer',
        },
      ],
    },
    { name: 'len', type: 'size_t', doc: 'How many bytes to receive at most; stored as a 32-bit length ((__u32) len).' },
    { name: 'flags', type: 'int', doc: 'MSG_* flags as for recv(2): MSG_PEEK, MSG_WAITALL, MSG_TRUNC, MSG_DONTWAIT...' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of bytes received (0 at end of stream), or -errno.' },
  sqe: { rw: { op: 'IORING_OP_RECV', fd: 'sockfd', addr: 'buf', len: 'len', off: '0' }, set: [['msg_flags', 'flags']] },
  errors: {
    ENOTSOCK: 'sockfd is not a socket',
    ENOTCONN: 'the socket is not connected',
    ECONNRESET: 'the peer reset the connection',
    ENOBUFS: 'IOSQE_BUFFER_SELECT was set and the buffer group has no buffer left',
    EFAULT: 'buf is not writable memory (or null without IOSQE_BUFFER_SELECT)',
  },
  quirks: [
    { text: 'the kernel waits (by polling the socket) until data arrives, even for a non-blocking socket, unless MSG_DONTWAIT is given', source: 'kernel io_uring/net.c io_recv() (-EAGAIN is retried through poll unless MSG_DONTWAIT); observed on Linux 6.18' },
    { text: 'len is stored as a 32-bit value ((__u32) len): a length of 4 GiB or more wraps', source: 'liburing.h io_uring_prep_recv()' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_recv, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_RECV, libc, MSG_DONTWAIT, MSG_PEEK, newRing, SHUT_WR, tcpPair, waitOne }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const [a, b] = tcpPair();
          try {
            expect(writeSync(a, 'bytes in flight')).toBe(15);
            // MSG_PEEK leaves the data queued...
            const buf = new Uint8Array(64);
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_recv(sqe, b, buf, 5, MSG_PEEK);
            expect(sqe.opcode).toBe(IORING_OP_RECV);
            io_uring_sqe_set_data64(sqe, 1n);
            expect(waitOne(ring)).toMatchObject({ user_data: 1n, res: 5 });
            expect(Buffer.from(buf.subarray(0, 5)).toString()).toBe('bytes');
            // ...so a plain recv gets it all, up to len.
            io_uring_prep_recv(io_uring_get_sqe(ring)!, b, buf, 64, 0);
            expect(waitOne(ring).res).toBe(15);
            expect(Buffer.from(buf.subarray(0, 15)).toString()).toBe('bytes in flight');
            // Nothing queued and MSG_DONTWAIT: -EAGAIN instead of waiting.
            io_uring_prep_recv(io_uring_get_sqe(ring)!, b, buf, 64, MSG_DONTWAIT);
            expect(waitOne(ring).res).toBe(-errnoNumber('EAGAIN'));
            // The peer shuts down its side: 0, end of stream.
            expect(libc.func('int shutdown(int, int)')(a, SHUT_WR)).toBe(0);
            io_uring_prep_recv(io_uring_get_sqe(ring)!, b, buf, 64, 0);
            expect(waitOne(ring).res).toBe(0);
          } finally {
            io_uring_queue_exit(ring);
            closeSync(a);
            closeSync(b);
          }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_recv, newRing, tcpPair }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const [a, b] = tcpPair();
          const sqe = io_uring_get_sqe(ring)!;
          const args = [sqe, b, new Uint8Array(16), 16, 0] as Parameters<typeof io_uring_prep_recv>;
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
      'buf.relation': { args: { len: 17 } },
    },
  },
});
