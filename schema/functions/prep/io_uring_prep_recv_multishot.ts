import { defineFunction } from '../../language.js';

/** Test prelude: node:fs's descriptor calls (the loopback sockets come from the test helpers: tcpPair, udpSocket, loopback, portOf). */
const NET = `
  const { closeSync, readSync, writeSync } = await import('node:fs');
`;

export default defineFunction({
  name: 'io_uring_prep_recv_multishot',
  since: '2.3',
  category: 'prep',
  inline: true,
  summary: 'Prepare a multishot receive: one request that posts a completion, into a provided buffer, whenever data arrives.',
  description:
    'Like io_uring_prep_recv, but the request stays armed: each time data arrives the kernel takes a buffer from the provided-buffer group in sqe.buf_group, ' +
    'fills it and posts a CQE whose res is the byte count and whose flags carry IORING_CQE_F_BUFFER, the buffer ID (flags >> IORING_CQE_BUFFER_SHIFT) and, while more may follow, IORING_CQE_F_MORE. ' +
    'Set IOSQE_BUFFER_SELECT and sqe.buf_group after this call. A CQE without IORING_CQE_F_MORE ends it: res 0 at end of stream, -ENOBUFS when the group ran dry, or another -errno. Linux 6.0 and later.',
  man: 'io_uring_prep_recv_multishot(3)',
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
          source: 'recv(2) EBADF; io_uring_prep_recv_multishot(3) ERRORS (res is -errno); observed res -EBADF for sockfd -1 on Linux 6.18',
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
      doc: 'Null: the data goes into provided buffers (IOSQE_BUFFER_SELECT); the kernel never writes to buf.',
    },
    { name: 'len', type: 'size_t', doc: '0 (the man page of liburing 2.9 requires it); Linux 6.18 takes another value as the most bytes per completion.' },
    {
      name: 'flags',
      type: 'int',
      doc: 'MSG_* flags as for recv(2), without MSG_WAITALL.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: '(flags & MSG_WAITALL) === 0', says: 'a multishot receive cannot wait for a full buffer: no MSG_WAITALL' },
          message: 'flags must not hold MSG_WAITALL: a multishot receive posts whatever arrives',
          source: 'io_uring_prep_recv_multishot(3) lines 45-51: "It requires ... no MSG_WAITALL flag to be set"; kernel io_uring/net.c io_recvmsg_prep(); observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; each completion res is the number of bytes received into the buffer its flags name, 0 at end of stream, or -errno.' },
  sqe: {
    // io_uring_prep_recv(sqe, sockfd, buf, len, flags); sqe->ioprio |= IORING_RECV_MULTISHOT.
    rw: { op: 'IORING_OP_RECV', fd: 'sockfd', addr: 'buf', len: 'len', off: '0' },
    set: [['msg_flags', 'flags'], ['ioprio', 'sqe.ioprio | IORING_RECV_MULTISHOT']],
  },
  errors: {
    EINVAL: 'IOSQE_BUFFER_SELECT is not set, or flags hold MSG_WAITALL',
    ENOBUFS: 'the buffer group has no buffer left, or does not exist (this ends the request)',
    ENOTSOCK: 'sockfd is not a socket',
    ECONNRESET: 'the peer reset the connection',
  },
  quirks: [
    { text: 'buf is never written: a multishot receive takes IOSQE_BUFFER_SELECT, and then the kernel receives into the selected provided buffer whatever buf and len say (len only caps each completion); without IOSQE_BUFFER_SELECT the request fails with -EINVAL before anything is received. So no len is too large for buf, and none is refused', source: 'kernel io_uring/net.c io_recv_prep() (RECV_MULTISHOT without REQ_F_BUFFER_SELECT gives -EINVAL) and io_recv_buf_select(); observed on Linux 6.18' },
    { text: 'IOSQE_BUFFER_SELECT must be set on the SQE (io_uring_sqe_set_flags) and sqe.buf_group name a group of provided buffers; the prep helper sets neither, so the wrapper cannot check it. Without IOSQE_BUFFER_SELECT res is -EINVAL; with an empty or unknown group -ENOBUFS', source: 'io_uring_prep_recv_multishot(3) lines 45-51: "It requires ... the IOSQE_BUFFER_SELECT flag to be set"; observed on Linux 6.18' },
    { text: 'the man page of liburing 2.9 says len must be 0; Linux 6.18 accepts a non-zero len and caps each completion at len bytes (the rest follows in further completions)', source: 'io_uring_prep_recv_multishot(3) lines 45-47 ("It requires length to be 0"); observed on Linux 6.18 (len 4: 13 queued bytes came as 4, 4, 4, 1)' },
  ],
  test: {
    async effect({ expect, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_get_sqe, io_uring_prep_recv_multishot, io_uring_queue_exit, io_uring_setup_buf_ring, io_uring_sqe_set_data64, io_uring_sqe_set_flags, io_uring_submit, IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IORING_CQE_F_MORE, IORING_OP_RECV, IORING_RECV_MULTISHOT, IOSQE_BUFFER_SELECT, libc, newRing, SHUT_WR, tcpPair, waitOne }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(8);
          const [a, b] = tcpPair();
          try {
          // A ring of provided buffers, group 1: 4 buffers of 256 bytes, their IDs 0 to 4 - 1.
          const err = new Int32Array(1);
          const br = io_uring_setup_buf_ring(ring, 4, 1, 0, err)!;
          expect(err[0]).toBe(0);
          const bufs = [0, 1, 2, 3].map(() => new Uint8Array(256));
          bufs.forEach((b, i) => io_uring_buf_ring_add(br, b, b.byteLength, i, 3, i));
          io_uring_buf_ring_advance(br, bufs.length);
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_recv_multishot(sqe, b, null, 0, 0);
            expect(sqe.opcode).toBe(IORING_OP_RECV);
            expect(sqe.ioprio & IORING_RECV_MULTISHOT).toBe(IORING_RECV_MULTISHOT);
            io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
            sqe.buf_group = 1;
            io_uring_sqe_set_data64(sqe, 9n);
            io_uring_submit(ring);
            // Each arrival posts a completion naming the provided buffer it filled, with IORING_CQE_F_MORE.
            const seen = new Set<number>();
            for (const text of ['first', 'second']) {
              expect(writeSync(a, text)).toBe(text.length);
              const cqe = waitOne(ring);
              expect(cqe).toMatchObject({ user_data: 9n, res: text.length });
              expect(cqe.flags & IORING_CQE_F_BUFFER).toBe(IORING_CQE_F_BUFFER);
              expect(cqe.flags & IORING_CQE_F_MORE).toBe(IORING_CQE_F_MORE);
              const bid = cqe.flags >>> IORING_CQE_BUFFER_SHIFT;
              expect(Buffer.from(bufs[bid]!.subarray(0, cqe.res)).toString()).toBe(text);
              seen.add(bid);
            }
            expect(seen.size).toBe(2);
            // End of stream ends the request: res 0 and no IORING_CQE_F_MORE.
            expect(libc.func('int shutdown(int, int)')(a, SHUT_WR)).toBe(0);
            const last = waitOne(ring);
            expect(last).toMatchObject({ user_data: 9n, res: 0 });
            expect(last.flags & IORING_CQE_F_MORE).toBe(0);
          } finally {
            io_uring_queue_exit(ring);
            closeSync(a);
            closeSync(b);
          }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_recv_multishot, io_uring_sqe_set_flags, IOSQE_BUFFER_SELECT, newRing, tcpPair }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const [a, b] = tcpPair();
          const sqe = io_uring_get_sqe(ring)!;
          // As the request needs: buffer selection from group 1 (nothing arrives, so no buffer is taken).
          io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
          sqe.buf_group = 1;
          const args = [sqe, b, null, 0, 0] as Parameters<typeof io_uring_prep_recv_multishot>;
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
      'flags.relation': { args: { flags: (_, { MSG_WAITALL }) => MSG_WAITALL } },
    },
  },
});
