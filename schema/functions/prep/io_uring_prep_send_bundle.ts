import { defineFunction } from '../../language.js';

/** Test prelude: node:fs's descriptor calls (the loopback sockets come from the test helpers: tcpPair, udpSocket, loopback, portOf). */
const NET = `
  const { closeSync, readSync, writeSync } = await import('node:fs');
`;

export default defineFunction({
  name: 'io_uring_prep_send_bundle',
  since: '2.7',
  category: 'prep',
  inline: true,
  summary: 'Prepare a bundle send: one request that sends the queued provided buffers of a group, in order, as one stream.',
  description:
    'With IOSQE_BUFFER_SELECT and sqe.buf_group naming a ring of provided buffers (set both after this call), the kernel sends as many of the group\'s buffers as it can, contiguous from the ring\'s head. ' +
    'The completion res is the total number of bytes sent, and its flags carry IORING_CQE_F_BUFFER and the ID of the first buffer; the buffers sent are consumed. ' +
    'Pass len 0. Linux 6.10 and later (IORING_FEAT_SEND_BUF_SELECT).',
  man: 'io_uring_prep_send_bundle(3)',
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
          source: 'send(2) EBADF; io_uring_prep_send_bundle(3) ERRORS (res is -errno); observed res -EBADF for sockfd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'len', type: 'size_t', doc: '0 (the man page of liburing 2.9 requires it); see the quirks for what Linux 6.18 does with another value.' },
    { name: 'flags', type: 'int', doc: 'MSG_* flags as for send(2).' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of bytes sent from the group\'s buffers, or -errno.' },
  sqe: {
    // io_uring_prep_send(sqe, sockfd, NULL, len, flags); sqe->ioprio |= IORING_RECVSEND_BUNDLE.
    rw: { op: 'IORING_OP_SEND', fd: 'sockfd', addr: '0', len: 'len', off: '0' },
    set: [['msg_flags', 'flags'], ['ioprio', 'sqe.ioprio | IORING_RECVSEND_BUNDLE']],
  },
  errors: {
    ENOBUFS: 'the buffer group has no buffer queued',
    ENOENT: 'sqe.buf_group names no registered buffer ring',
    ENOTSOCK: 'sockfd is not a socket',
    EPIPE: 'the connection was shut down for writing',
  },
  quirks: [
    { text: 'IOSQE_BUFFER_SELECT and sqe.buf_group must be set after the prep call, which sets neither; without IOSQE_BUFFER_SELECT Linux 6.18 sends nothing and completes with res 0; an unknown group gives -ENOENT, an empty one -ENOBUFS', source: 'io_uring_prep_send_bundle(3) lines 94-102: "IOSQE_BUFFER_SELECT must also be set in the SQE flags before submission"; observed on Linux 6.18' },
    { text: 'the man page of liburing 2.9 says len must be 0 or the request fails with -EINVAL; Linux 6.18 accepts another len and then posts several completions (the first ones with IORING_CQE_F_MORE), each sending at most about len bytes of whole buffers', source: 'io_uring_prep_send_bundle(3) lines 102-108 ("len must be given as 0 otherwise the request will be errored with -EINVAL"); observed on Linux 6.18 (len 5 over buffers of 3, 4 and 2 bytes: res 3 with IORING_CQE_F_MORE, then res 6)' },
    { text: 'the first release whose liburing.h has io_uring_prep_send_bundle is 2.7, though its symbol is versioned LIBURING_2.6 in liburing-ffi', source: 'liburing-2.9 liburing-ffi.map; liburing git tags' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_get_sqe, io_uring_prep_send_bundle, io_uring_queue_exit, io_uring_setup_buf_ring, io_uring_sqe_set_data64, io_uring_sqe_set_flags, IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IORING_OP_SEND, IORING_RECVSEND_BUNDLE, IOSQE_BUFFER_SELECT, newRing, tcpPair, waitOne }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(8);
          const [a, b] = tcpPair();
          try {
          // A ring of provided buffers, group 2: 3 buffers of 256 bytes, their IDs 0 to 3 - 1.
          const err = new Int32Array(1);
          const br = io_uring_setup_buf_ring(ring, 4, 2, 0, err)!;
          expect(err[0]).toBe(0);
          const bufs = ['aaa', 'bbbb', 'cc'].map((s) => new Uint8Array(Buffer.from(s)));
          bufs.forEach((b, i) => io_uring_buf_ring_add(br, b, b.byteLength, i, 3, i));
          io_uring_buf_ring_advance(br, bufs.length);
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_send_bundle(sqe, a, 0, 0);
            expect(sqe.opcode).toBe(IORING_OP_SEND);
            expect(sqe.ioprio & IORING_RECVSEND_BUNDLE).toBe(IORING_RECVSEND_BUNDLE);
            io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
            sqe.buf_group = 2;
            io_uring_sqe_set_data64(sqe, 12n);
            // All three buffers go out in one request: res is their total, the flags name the first.
            const cqe = waitOne(ring);
            expect(cqe).toMatchObject({ user_data: 12n, res: 9 });
            expect(cqe.flags & IORING_CQE_F_BUFFER).toBe(IORING_CQE_F_BUFFER);
            expect(cqe.flags >>> IORING_CQE_BUFFER_SHIFT).toBe(0);
            const got = Buffer.alloc(64);
            expect(got.toString('utf8', 0, readSync(b, got))).toBe('aaabbbbcc');
            // They were consumed: the group is empty now, -ENOBUFS.
            const again = io_uring_get_sqe(ring)!;
            io_uring_prep_send_bundle(again, a, 0, 0);
            io_uring_sqe_set_flags(again, IOSQE_BUFFER_SELECT);
            again.buf_group = 2;
            expect(waitOne(ring).res).toBe(-errnoNumber('ENOBUFS'));
          } finally {
            io_uring_queue_exit(ring);
            closeSync(a);
            closeSync(b);
          }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_send_bundle, io_uring_sqe_set_flags, IOSQE_BUFFER_SELECT, newRing, tcpPair }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const [a, b] = tcpPair();
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
          sqe.buf_group = 2;
          const args = [sqe, a, 0, 0] as Parameters<typeof io_uring_prep_send_bundle>;
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
