import { defineFunction } from '../../language.js';

/** Test prelude: node:fs's descriptor calls (the loopback sockets come from the test helpers: tcpPair, udpSocket, loopback, portOf). */
const NET = `
  const { closeSync, readSync, writeSync } = await import('node:fs');
`;

export default defineFunction({
  name: 'io_uring_prep_send_zc_fixed',
  since: '2.3',
  category: 'prep',
  inline: true,
  summary: 'Prepare a zero-copy send from a registered buffer: buf and len must lie inside registered buffer buf_index.',
  description:
    'Like io_uring_prep_send_zc, with IORING_RECVSEND_FIXED_BUF: the data is sent from the ring\'s registered buffer buf_index (io_uring_register_buffers), ' +
    'which saves pinning the pages per request. buf need not start at the registered buffer\'s start, but [buf, buf + len) must lie inside it. ' +
    'Two completions: the byte count with IORING_CQE_F_MORE, then the IORING_CQE_F_NOTIF notification.',
  man: 'io_uring_prep_send_zc_fixed(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'sockfd',
      type: 'int',
      doc: 'The socket (with IOSQE_FIXED_FILE: a registered file index).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'sockfd must be an open socket descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'send(2) EBADF; io_uring_prep_send_zc(3) ERRORS (res is -errno); observed res -EBADF for sockfd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'buf',
      type: 'const void *',
      ownership: 'completion',
      doc: 'The data: memory inside registered buffer buf_index (for instance a subarray of the memory registered).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'len <= byteLength(buf)', says: 'len must not exceed the byte length of buf, or the kernel would read past it' },
          message: 'len must not be larger than buf: the kernel sends len bytes from it',
          source: 'io_uring_prep_send_zc_fixed(3) lines 50-57: buf and len "must fall within a region specified by buf_index"; the kernel checks the registered buffer\'s bounds (res -EFAULT), not those of buf',
          errno: null,
        },
      ],
    },
    { name: 'len', type: 'size_t', doc: 'How many bytes to send; stored as a 32-bit length ((__u32) len).' },
    { name: 'flags', type: 'int', doc: 'MSG_* flags as for send(2), e.g. MSG_WAITALL.' },
    {
      name: 'zc_flags',
      type: 'unsigned',
      doc: 'IORING_RECVSEND_POLL_FIRST and IORING_SEND_ZC_REPORT_USAGE; IORING_RECVSEND_FIXED_BUF is added by the helper.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['IORING_RECVSEND_POLL_FIRST', 'IORING_RECVSEND_FIXED_BUF', 'IORING_SEND_ZC_REPORT_USAGE'] },
          message: 'zc_flags may hold only IORING_RECVSEND_POLL_FIRST, IORING_RECVSEND_FIXED_BUF and IORING_SEND_ZC_REPORT_USAGE',
          source: 'io_uring_enter(2) IORING_OP_SEND_ZC (zerocopy flags in sqe.ioprio); kernel io_uring/net.c io_send_zc_prep() ("zc->flags & ~IO_ZC_FLAGS_VALID" gives -EINVAL); observed res -EINVAL for 2 (IORING_RECV_MULTISHOT) on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'buf_index', type: 'unsigned', doc: 'The index of the registered buffer buf lies in; stored as 16 bits (sqe.buf_index).' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the first completion res is the number of bytes sent, or -errno; the second is the notification.' },
  sqe: {
    // io_uring_prep_send_zc(sqe, sockfd, buf, len, flags, zc_flags); sqe->ioprio |= IORING_RECVSEND_FIXED_BUF; sqe->buf_index = buf_index.
    rw: { op: 'IORING_OP_SEND_ZC', fd: 'sockfd', addr: 'buf', len: 'len', off: '0' },
    set: [['msg_flags', 'flags'], ['ioprio', 'zc_flags'], ['ioprio', 'zc_flags | IORING_RECVSEND_FIXED_BUF'], ['buf_index', 'buf_index']],
  },
  errors: {
    EFAULT: 'no registered buffer buf_index, or [buf, buf + len) is not inside it',
    EOPNOTSUPP: 'the socket does not support zero-copy sends (AF_UNIX)',
    ENOTSOCK: 'sockfd is not a socket',
    EINVAL: 'zc_flags hold unknown bits',
  },
  quirks: [
    { text: 'a zero-copy send posts two completions: the result (res is the byte count, flags have IORING_CQE_F_MORE), then a notification (flags IORING_CQE_F_NOTIF) once the kernel no longer needs buf; liburing-ts keeps buf until the notification is seen. Even a request the kernel refuses posts both', source: 'io_uring_enter(2) IORING_OP_SEND_ZC; observed on Linux 6.18 (-EINVAL and -EBADF results also came with IORING_CQE_F_MORE and a notification)' },
    { text: 'AF_UNIX sockets do not do zero-copy: res is -EOPNOTSUPP; over loopback the data is copied anyway (with IORING_SEND_ZC_REPORT_USAGE the notification res is IORING_NOTIF_USAGE_ZC_COPIED)', source: 'observed on Linux 6.18 (socketpair(AF_UNIX) -EOPNOTSUPP; TCP and UDP over 127.0.0.1 report copied)' },
    { text: 'with IOSQE_IO_LINK, set MSG_WAITALL: a short send is not an error, so it would not break the link', source: 'io_uring_prep_send_zc(3)' },
    { text: 'the buffers must be registered with io_uring_register_buffers first; a buf_index that is not registered, or a range not inside it, gives res -EFAULT. The wrapper cannot check it: the SQE does not know its ring', source: 'io_uring_prep_send_zc_fixed(3); observed on Linux 6.18 (index 5 of 1, a buffer outside, a range crossing the end: all -EFAULT)' },
  ],
  test: {
    async effect({ allocAligned, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_send_zc_fixed, io_uring_queue_exit, io_uring_register_buffers, io_uring_sqe_set_data64, IORING_CQE_F_MORE, IORING_CQE_F_NOTIF, IORING_OP_SEND_ZC, IORING_RECVSEND_FIXED_BUF, Iovec, newRing, tcpPair, waitOne }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const [a, b] = tcpPair();
          try {
            const region = allocAligned(4096);
            region.set(Buffer.from('....registered bytes....'));
            const iov = Iovec.array(1);
            iov.item(0).iov_base = region;
            iov.item(0).iov_len = region.byteLength;
            expect(io_uring_register_buffers(ring, iov, 1)).toBe(0);
            // From the middle of registered buffer 0.
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_send_zc_fixed(sqe, a, region.subarray(4), 16, 0, 0, 0);
            expect(sqe.opcode).toBe(IORING_OP_SEND_ZC);
            expect(sqe.ioprio & IORING_RECVSEND_FIXED_BUF).toBe(IORING_RECVSEND_FIXED_BUF);
            io_uring_sqe_set_data64(sqe, 5n);
            const result = waitOne(ring);
            expect(result).toMatchObject({ user_data: 5n, res: 16 });
            expect(result.flags & IORING_CQE_F_MORE).toBe(IORING_CQE_F_MORE);
            expect(waitOne(ring).flags & IORING_CQE_F_NOTIF).toBe(IORING_CQE_F_NOTIF);
            const got = Buffer.alloc(64);
            expect(got.toString('utf8', 0, readSync(b, got))).toBe('registered bytes');
            // A buffer index that is not registered: -EFAULT (and still a notification).
            io_uring_prep_send_zc_fixed(io_uring_get_sqe(ring)!, a, region, 16, 0, 0, 5);
            expect(waitOne(ring).res).toBe(-errnoNumber('EFAULT'));
            expect(waitOne(ring).flags & IORING_CQE_F_NOTIF).toBe(IORING_CQE_F_NOTIF);
          } finally {
            io_uring_queue_exit(ring);
            closeSync(a);
            closeSync(b);
          }
    },
    async valid({ allocAligned, exitQuietly, expect, io_uring_get_sqe, io_uring_prep_send_zc_fixed, io_uring_register_buffers, Iovec, newRing, tcpPair }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const [a, b] = tcpPair();
          const region = allocAligned(4096);
          const iov = Iovec.array(1);
          iov.item(0).iov_base = region;
          iov.item(0).iov_len = region.byteLength;
          expect(io_uring_register_buffers(ring, iov, 1)).toBe(0);
          const sqe = io_uring_get_sqe(ring)!;
          const args = [sqe, a, region.subarray(0, 5), 5, 0, 0, 0] as Parameters<typeof io_uring_prep_send_zc_fixed>;
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
