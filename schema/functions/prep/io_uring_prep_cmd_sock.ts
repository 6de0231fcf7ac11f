import { defineFunction } from '../../language.js';

/** Test prelude: node:fs's descriptor calls (the loopback sockets come from the test helpers: tcpPair, udpSocket, loopback, portOf). */
const NET = `
  const { closeSync, readSync, writeSync } = await import('node:fs');
`;

export default defineFunction({
  name: 'io_uring_prep_cmd_sock',
  since: '2.5',
  category: 'prep',
  inline: true,
  summary: 'Prepare a socket command (IORING_OP_URING_CMD): SIOCINQ, SIOCOUTQ, getsockopt or setsockopt.',
  description:
    'cmd_op picks the command: SOCKET_URING_OP_SIOCINQ and SOCKET_URING_OP_SIOCOUTQ complete with the bytes queued for reading or not yet sent (level, optname, optval, optlen unused); ' +
    'SOCKET_URING_OP_GETSOCKOPT (SOL_SOCKET only) writes the option into optval and completes with its length; SOCKET_URING_OP_SETSOCKOPT sets it from optval and completes with 0. ' +
    'Linux 6.7 and later.',
  man: 'io_uring_prep_cmd(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'cmd_op',
      type: 'int',
      doc: 'SOCKET_URING_OP_SIOCINQ, SOCKET_URING_OP_SIOCOUTQ, SOCKET_URING_OP_GETSOCKOPT, SOCKET_URING_OP_SETSOCKOPT, SOCKET_URING_OP_TX_TIMESTAMP or SOCKET_URING_OP_GETSOCKNAME (prefer io_uring_prep_cmd_getsockname for that one).',
      preconditions: [
        {
          rule: {
            kind: 'relation',
            holds: 'cmd_op >= SOCKET_URING_OP_SIOCINQ && cmd_op <= SOCKET_URING_OP_GETSOCKNAME',
            says: 'cmd_op must be a SOCKET_URING_OP_* command some kernel defines (liburing passes it on; the running kernel decides)',
          },
          message: 'cmd_op must be a socket command some kernel defines: SOCKET_URING_OP_SIOCINQ (0), _SIOCOUTQ (1), _GETSOCKOPT (2), _SETSOCKOPT (3), _TX_TIMESTAMP (4, Linux 6.17) or _GETSOCKNAME (5, Linux 6.19); a kernel that does not know one completes the request with -EOPNOTSUPP',
          source: 'io_uring_prep_cmd(3) "Available commands"; kernel net/socket.c io_uring_cmd_sock() (default: -EOPNOTSUPP); observed res -EOPNOTSUPP for 99 and -1 on Linux 6.18',
          errno: 'EOPNOTSUPP',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'fd',
      type: 'int',
      doc: 'The socket (with IOSQE_FIXED_FILE: a registered file index).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open socket descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'getsockopt(2) EBADF; io_uring_prep_cmd(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'level',
      type: 'int',
      doc: 'The option level for GETSOCKOPT/SETSOCKOPT, e.g. SOL_SOCKET; unused by SIOCINQ/SIOCOUTQ.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'cmd_op !== SOCKET_URING_OP_GETSOCKOPT || level === SOL_SOCKET', says: 'SOCKET_URING_OP_GETSOCKOPT only reads SOL_SOCKET options' },
          message: 'level must be SOL_SOCKET for SOCKET_URING_OP_GETSOCKOPT: io_uring reads no other level',
          source: 'io_uring_prep_cmd(3) lines 84-88: "The SOCKET_URING_OP_GETSOCKOPT command is limited to SOL_SOCKET level"; observed res -EOPNOTSUPP for IPPROTO_TCP on Linux 6.18',
          errno: 'EOPNOTSUPP',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'optname', type: 'int', doc: 'The option for GETSOCKOPT/SETSOCKOPT, e.g. SO_RCVBUF; unused by SIOCINQ/SIOCOUTQ.' },
    {
      name: 'optval',
      type: 'void *',
      nullable: true,
      ownership: 'completion',
      doc: 'GETSOCKOPT: receives the value; SETSOCKOPT: holds it (e.g. an Int32Array). Null for SIOCINQ/SIOCOUTQ.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'cmd_op < SOCKET_URING_OP_GETSOCKOPT || optval !== null', says: 'GETSOCKOPT and SETSOCKOPT need optval' },
          message: 'optval must not be null for SOCKET_URING_OP_GETSOCKOPT and SOCKET_URING_OP_SETSOCKOPT',
          source: 'getsockopt(2) EFAULT; observed res -EFAULT for a null optval (both commands) on Linux 6.18',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: 'optval === null || optlen <= byteLength(optval)', says: 'optlen must not exceed the byte length of optval, or the kernel would write (or read) past it' },
          message: 'optlen must not be larger than optval: GETSOCKOPT writes up to optlen bytes into it, SETSOCKOPT reads optlen bytes',
          source: 'getsockopt(2): optlen is the size of the buffer at optval; io_uring_prep_cmd(3) lines 31-34: "The optlen defines the size pointed by optval"; kernel net/core/sock.c sk_getsockopt() writes min(optlen, the value\'s size) bytes; observed res -EFAULT on Linux 6.18 for SO_LINGER (an 8-byte struct linger) with optlen 8 and a 4-byte optval ending at an inaccessible page',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'optlen',
      type: 'int',
      doc: 'The byte length of optval for GETSOCKOPT/SETSOCKOPT; unused by SIOCINQ/SIOCOUTQ.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'cmd_op < SOCKET_URING_OP_GETSOCKOPT || optlen >= 0', says: 'optlen must not be negative for GETSOCKOPT and SETSOCKOPT' },
          message: 'optlen must not be negative for SOCKET_URING_OP_GETSOCKOPT and SOCKET_URING_OP_SETSOCKOPT',
          source: 'getsockopt(2) EINVAL ("optlen invalid"); kernel net/core/sock.c sk_getsockopt() (len < 0); observed res -EINVAL for -1 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res depends on the command: bytes queued (SIOCINQ, SIOCOUTQ), the option\'s length (GETSOCKOPT), 0 (SETSOCKOPT), or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_URING_CMD', fd: 'fd', addr: '0', len: '0', off: '0' },
    set: [['optval', 'optval'], ['optname', 'optname'], ['optlen', 'optlen'], ['cmd_op', 'cmd_op'], ['level', 'level']],
  },
  errors: {
    EOPNOTSUPP: 'an unknown command, GETSOCKOPT at a level other than SOL_SOCKET, or a socket (or file) without io_uring commands (AF_UNIX for SIOCINQ/SIOCOUTQ)',
    EINVAL: 'SIOCINQ/SIOCOUTQ on a listening socket, or an invalid optlen',
    EFAULT: 'optval is null or not writable memory',
    ENOPROTOOPT: 'the option is unknown at that level',
  },
  quirks: [
    { text: 'SIOCINQ and SIOCOUTQ work on TCP and UDP sockets; on AF_UNIX sockets and on files that are not sockets res is -EOPNOTSUPP (not -ENOTSOCK)', source: 'observed on Linux 6.18 (socketpair(AF_UNIX), a regular file, a pipe)' },
    { text: 'SIOCINQ or SIOCOUTQ on a listening socket gives -EINVAL', source: 'io_uring_prep_cmd(3) lines 39-45: "The socket must not be in LISTEN state, otherwise an error -EINVAL is returned"; observed on Linux 6.18' },
    { text: 'GETSOCKOPT completes with the option\'s length (what getsockopt(2) would write to *optlen) rather than 0', source: 'io_uring_prep_cmd(3) lines 90-98: "the updated optlen value is returned in the CQE res field"' },
    { text: 'kernels newer than liburing 2.9 know more commands, such as SOCKET_URING_OP_TX_TIMESTAMP (4): Linux 6.18 answers cmd_op 4 with -EINVAL (its arguments missing) rather than -EOPNOTSUPP. liburing 2.9 does not define them, and the cmd_op rule refuses them', source: 'liburing 2.9 liburing/io_uring.h enum io_uring_socket_op (0 to 3); observed on Linux 6.18 (cmd_op 4: -EINVAL; 5, 99 and -1: -EOPNOTSUPP)' },
  ],
  test: {
    async effect({ AF_INET, bind, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_cmd_sock, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_URING_CMD, listen, loopback, newRing, SO_RCVBUF, SO_TYPE, SOCK_STREAM, socket, SOCKET_URING_OP_GETSOCKOPT, SOCKET_URING_OP_SETSOCKOPT, SOCKET_URING_OP_SIOCINQ, SOCKET_URING_OP_SIOCOUTQ, SOL_SOCKET, tcpPair, waitOne }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const [a, b] = tcpPair();
          const l = socket(AF_INET, SOCK_STREAM, 0);
          try {
            // GETSOCKOPT SO_TYPE: res is the option's length, optval the socket type.
            const optval = new Int32Array(1);
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_cmd_sock(sqe, SOCKET_URING_OP_GETSOCKOPT, a, SOL_SOCKET, SO_TYPE, optval, 4);
            expect(sqe.opcode).toBe(IORING_OP_URING_CMD);
            io_uring_sqe_set_data64(sqe, 1n);
            expect(waitOne(ring)).toMatchObject({ user_data: 1n, res: 4 });
            expect(optval[0]).toBe(SOCK_STREAM);
            // SETSOCKOPT SO_RCVBUF, read back: the kernel doubles the value (socket(7)).
            io_uring_prep_cmd_sock(io_uring_get_sqe(ring)!, SOCKET_URING_OP_SETSOCKOPT, a, SOL_SOCKET, SO_RCVBUF, new Int32Array([65536]), 4);
            expect(waitOne(ring).res).toBe(0);
            io_uring_prep_cmd_sock(io_uring_get_sqe(ring)!, SOCKET_URING_OP_GETSOCKOPT, a, SOL_SOCKET, SO_RCVBUF, optval, 4);
            expect(waitOne(ring).res).toBe(4);
            expect(optval[0]).toBe(2 * 65536);
            // SIOCINQ: the bytes waiting to be read.
            expect(writeSync(b, 'seven b')).toBe(7);
            io_uring_prep_cmd_sock(io_uring_get_sqe(ring)!, SOCKET_URING_OP_SIOCINQ, a, 0, 0, null, 0);
            expect(waitOne(ring).res).toBe(7);
            // SIOCOUTQ on a socket that sent nothing: 0.
            io_uring_prep_cmd_sock(io_uring_get_sqe(ring)!, SOCKET_URING_OP_SIOCOUTQ, a, 0, 0, null, 0);
            expect(waitOne(ring).res).toBe(0);
            // SIOCINQ on a listening socket: -EINVAL.
            expect(bind(l, loopback(0).bytes, 16)).toBe(0);
            expect(listen(l, 1)).toBe(0);
            io_uring_prep_cmd_sock(io_uring_get_sqe(ring)!, SOCKET_URING_OP_SIOCINQ, l, 0, 0, null, 0);
            expect(waitOne(ring).res).toBe(-errnoNumber('EINVAL'));
          } finally {
            io_uring_queue_exit(ring);
            for (const fd of [a, b, l]) closeSync(fd);
          }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_cmd_sock, newRing, SO_TYPE, SOCKET_URING_OP_GETSOCKOPT, SOL_SOCKET, tcpPair }) {
      const { closeSync, readSync, writeSync } = await import('node:fs');
  
          const ring = newRing(4);
          const [a, b] = tcpPair();
          const sqe = io_uring_get_sqe(ring)!;
          const args = [sqe, SOCKET_URING_OP_GETSOCKOPT, a, SOL_SOCKET, SO_TYPE, new Int32Array(1), 4] as Parameters<typeof io_uring_prep_cmd_sock>;
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
      'cmd_op.relation': { args: { cmd_op: 99 } },
      'level.relation': { args: { level: (_, { IPPROTO_TCP }) => IPPROTO_TCP, optname: 1 } },
      'optval.relation': { args: { optval: null } },
      'optval.relation#2': { args: { optname: (_, { SO_LINGER }) => SO_LINGER, optval: (_, { beforeGuardPage }) => new Int32Array(beforeGuardPage(4).buffer), optlen: 8 } },
      'optlen.relation': { args: { optlen: -1 } },
    },
  },
});
