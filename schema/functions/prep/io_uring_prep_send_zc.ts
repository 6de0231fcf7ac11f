import { defineFunction } from '../../language.js';

/** Test prelude: node:fs's descriptor calls (the loopback sockets come from the test helpers: tcpPair, udpSocket, loopback, portOf). */
const NET = `
  const { closeSync, readSync, writeSync } = await import('node:fs');
`;

export default defineFunction({
  name: 'io_uring_prep_send_zc',
  since: '2.3',
  category: 'prep',
  inline: true,
  summary: 'Prepare a zero-copy send of len bytes from buf: a result completion, then a notification when buf is free again.',
  description:
    'Like io_uring_prep_send, but the kernel sends from buf\'s pages instead of copying them. The request posts two completions: the first has the byte count (or -errno) ' +
    'and IORING_CQE_F_MORE; the second, with IORING_CQE_F_NOTIF, says the kernel is done with buf. buf must not change until then; liburing-ts keeps it until the notification is seen. ' +
    'TCP and UDP sockets; Linux 6.0 and later.',
  man: 'io_uring_prep_send_zc(3)',
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
      doc: 'The data to send; it must stay unchanged until the notification completion.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'len <= byteLength(buf)', says: 'len must not exceed the byte length of buf, or the kernel would read past it' },
          message: 'len must not be larger than buf: the kernel sends len bytes from it',
          source: 'send(2): sends len bytes from buf; nothing in liburing or the kernel knows the buffer\'s size',
          errno: null,
          unprovable: 'the kernel would read past the buffer and send what lies after it',
        },
      ],
    },
    { name: 'len', type: 'size_t', doc: 'How many bytes to send; stored as a 32-bit length ((__u32) len).' },
    { name: 'flags', type: 'int', doc: 'MSG_* flags as for send(2), e.g. MSG_WAITALL.' },
    {
      name: 'zc_flags',
      type: 'unsigned',
      doc: 'IORING_RECVSEND_POLL_FIRST and IORING_SEND_ZC_REPORT_USAGE (the notification\'s res then says whether the data was copied).',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['IORING_RECVSEND_POLL_FIRST', 'IORING_SEND_ZC_REPORT_USAGE'] },
          message: 'zc_flags may hold only IORING_RECVSEND_POLL_FIRST and IORING_SEND_ZC_REPORT_USAGE (IORING_RECVSEND_FIXED_BUF belongs to io_uring_prep_send_zc_fixed)',
          source: 'io_uring_enter(2) IORING_OP_SEND_ZC (zerocopy flags in sqe.ioprio); kernel io_uring/net.c io_send_zc_prep() ("zc->flags & ~IO_ZC_FLAGS_VALID" gives -EINVAL); observed res -EINVAL for 2 (IORING_RECV_MULTISHOT) on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the first completion res is the number of bytes sent, or -errno; the second is the notification.' },
  sqe: { rw: { op: 'IORING_OP_SEND_ZC', fd: 'sockfd', addr: 'buf', len: 'len', off: '0' }, set: [['msg_flags', 'flags'], ['ioprio', 'zc_flags']] },
  errors: {
    EOPNOTSUPP: 'the socket does not support zero-copy sends (AF_UNIX)',
    ENOTSOCK: 'sockfd is not a socket',
    EINVAL: 'zc_flags hold unknown bits',
    EFAULT: 'buf is not readable memory',
    EPIPE: 'the connection was shut down for writing',
  },
  quirks: [
    { text: 'a zero-copy send posts two completions: the result (res is the byte count, flags have IORING_CQE_F_MORE), then a notification (flags IORING_CQE_F_NOTIF) once the kernel no longer needs buf; liburing-ts keeps buf until the notification is seen. Even a request the kernel refuses posts both', source: 'io_uring_enter(2) IORING_OP_SEND_ZC; observed on Linux 6.18 (-EINVAL and -EBADF results also came with IORING_CQE_F_MORE and a notification)' },
    { text: 'AF_UNIX sockets do not do zero-copy: res is -EOPNOTSUPP; over loopback the data is copied anyway (with IORING_SEND_ZC_REPORT_USAGE the notification res is IORING_NOTIF_USAGE_ZC_COPIED)', source: 'observed on Linux 6.18 (socketpair(AF_UNIX) -EOPNOTSUPP; TCP and UDP over 127.0.0.1 report copied)' },
    { text: 'with IOSQE_IO_LINK, set MSG_WAITALL: a short send is not an error, so it would not break the link', source: 'io_uring_prep_send_zc(3)' },
    { text: 'IORING_RECVSEND_FIXED_BUF in zc_flags makes the kernel take buf as an address inside registered buffer 0 (sqe.buf_index); use io_uring_prep_send_zc_fixed for that', source: 'liburing.h io_uring_prep_send_zc_fixed(); observed res -EFAULT with no registered buffer on Linux 6.18' },
  ],
  test: {
    async effect({ expect, heldRequestCount, io_uring_get_sqe, io_uring_prep_send_zc, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_CQE_F_MORE, IORING_CQE_F_NOTIF, IORING_NOTIF_USAGE_ZC_COPIED, IORING_OP_SEND_ZC, IORING_SEND_ZC_REPORT_USAGE, newRing, tcpPair, waitOne }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const [a, b] = tcpPair();
          try {
            const data = Buffer.from('zero-copy payload');
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_send_zc(sqe, a, data, data.length, 0, IORING_SEND_ZC_REPORT_USAGE);
            expect(sqe.opcode).toBe(IORING_OP_SEND_ZC);
            io_uring_sqe_set_data64(sqe, 4n);
            // First the result, with IORING_CQE_F_MORE: a notification follows, and buf is still held.
            const result = waitOne(ring);
            expect(result).toMatchObject({ user_data: 4n, res: data.length });
            expect(result.flags & IORING_CQE_F_MORE).toBe(IORING_CQE_F_MORE);
            expect(heldRequestCount(ring)).toBe(1);
            // Then the notification: buf is free again. Over loopback the kernel copied the data, and says so.
            const notif = waitOne(ring);
            expect(notif.user_data).toBe(4n);
            expect(notif.flags & IORING_CQE_F_NOTIF).toBe(IORING_CQE_F_NOTIF);
            expect(notif.flags & IORING_CQE_F_MORE).toBe(0);
            expect(notif.res >>> 0).toBe(IORING_NOTIF_USAGE_ZC_COPIED);
            expect(heldRequestCount(ring)).toBe(0);
            const got = Buffer.alloc(64);
            expect(got.toString('utf8', 0, readSync(b, got))).toBe('zero-copy payload');
          } finally {
            io_uring_queue_exit(ring);
            closeSync(a);
            closeSync(b);
          }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_send_zc, newRing, tcpPair }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const [a, b] = tcpPair();
          const sqe = io_uring_get_sqe(ring)!;
          const args = [sqe, a, Buffer.from('hello'), 5, 0, 0] as Parameters<typeof io_uring_prep_send_zc>;
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
