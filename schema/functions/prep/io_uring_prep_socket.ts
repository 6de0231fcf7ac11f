import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_socket',
  since: '2.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare the creation of a socket, as socket(2); the completion res is the new file descriptor.',
  description:
    'Like socket(2): the completion res is the new file descriptor, or -errno (e.g. -EAFNOSUPPORT for an unknown domain, ' +
    '-EPROTONOSUPPORT for a protocol the type does not have). SOCK_NONBLOCK and SOCK_CLOEXEC may be ORed into type. Linux 5.19 and later.',
  man: 'io_uring_prep_socket(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'domain', type: 'int', doc: 'The address family: AF_INET, AF_INET6, AF_UNIX...' },
    {
      name: 'type',
      type: 'int',
      doc: 'The socket type (SOCK_STREAM, SOCK_DGRAM...), optionally ORed with SOCK_NONBLOCK and SOCK_CLOEXEC.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: '((type & ~0xf) & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) === 0', says: 'type may carry only SOCK_NONBLOCK and SOCK_CLOEXEC besides the socket type (the low 4 bits)' },
          message: 'type must be a socket type (SOCK_STREAM, SOCK_DGRAM...) ORed with nothing but SOCK_NONBLOCK and SOCK_CLOEXEC',
          source: 'socket(2) ERRORS ("EINVAL Unknown protocol, or protocol family not available, or invalid flags in type"); kernel io_uring/net.c io_socket_prep(); observed res -EINVAL for SOCK_STREAM | 0x10 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'protocol', type: 'int', doc: 'The protocol, 0 for the type\'s default (IPPROTO_TCP for SOCK_STREAM on AF_INET).' },
    {
      name: 'flags',
      type: 'unsigned int',
      doc: 'Unused: pass 0.',
      preconditions: [
        {
          rule: { kind: 'range', max: 0 },
          message: 'flags must be 0: the man page says they are unused, and the kernel refuses anything else',
          source: 'io_uring_prep_socket(3) lines 44-46: "The flags argument are currently unused"; kernel io_uring/net.c io_socket_prep() (sqe->rw_flags must be 0); observed res -EINVAL for 1 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the new socket\'s file descriptor, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_SOCKET', fd: 'domain', addr: '0', len: 'protocol', off: 'type' }, set: [['rw_flags', 'flags']] },
  errors: {
    EAFNOSUPPORT: 'the domain (address family) is not supported',
    EPROTONOSUPPORT: 'the protocol is not supported by this domain and type',
    EINVAL: 'unknown flags in type, or flags not 0',
    EMFILE: 'the process has too many open files',
  },
  quirks: [
    { text: 'the helper stores domain in sqe.fd, protocol in sqe.len and type in sqe.off; IOSQE_FIXED_FILE is ignored (the socket is still a regular descriptor: use io_uring_prep_socket_direct for a direct one)', source: 'liburing.h io_uring_prep_socket(); kernel io_uring/opdef.c (IORING_OP_SOCKET has no needs_file); observed on Linux 6.18' },
    { text: 'an unknown socket type gives res -ESOCKTNOSUPPORT (94), a protocol the type lacks -EPROTONOSUPPORT', source: 'socket(2) ERRORS; observed on Linux 6.18 (type 9, and SOCK_STREAM with IPPROTO_UDP)' },
  ],
  test: {
    async effect({ AF_INET, AF_UNIX, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_socket, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_SOCKET, newRing, O_CLOEXEC, SOCK_CLOEXEC, SOCK_DGRAM, SOCK_STREAM, waitOne }) {
      const { closeSync, fstatSync, readlinkSync } = await import('node:fs');
      const ring = newRing(4);
      const fds: number[] = [];
      try {
        // A TCP socket: res is a new descriptor that refers to a socket.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_socket(sqe, AF_INET, SOCK_STREAM, 0, 0);
        expect(sqe.opcode).toBe(IORING_OP_SOCKET);
        io_uring_sqe_set_data64(sqe, 7n);
        const { user_data, res } = waitOne(ring);
        expect(user_data).toBe(7n);
        expect(res).toBeGreaterThanOrEqual(0);
        fds.push(res);
        expect(fstatSync(res).isSocket()).toBe(true);
        expect(readlinkSync('/proc/self/fd/' + res)).toMatch(/^socket:\[\d+\]$/);
        // SOCK_CLOEXEC in type reaches the new descriptor: FD_CLOEXEC shows in /proc/self/fdinfo.
        io_uring_prep_socket(io_uring_get_sqe(ring)!, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, 0);
        const udp = waitOne(ring).res;
        expect(udp).toBeGreaterThanOrEqual(0);
        fds.push(udp);
        const { readFileSync } = await import('node:fs');
        const flags = Number.parseInt(/flags:\s*(\d+)/.exec(readFileSync('/proc/self/fdinfo/' + udp, 'utf8'))![1]!, 8);
        expect(flags & O_CLOEXEC).toBe(O_CLOEXEC);
        // An unknown address family: -EAFNOSUPPORT.
        io_uring_prep_socket(io_uring_get_sqe(ring)!, 12345, SOCK_STREAM, 0, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('EAFNOSUPPORT'));
      } finally {
        io_uring_queue_exit(ring);
        for (const fd of fds) closeSync(fd);
      }
    },
    async valid({ AF_INET, exitQuietly, io_uring_get_sqe, io_uring_prep_socket, newRing, SOCK_STREAM }) {
      const ring = newRing(4);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, AF_INET, SOCK_STREAM, 0, 0] as Parameters<typeof io_uring_prep_socket>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'type.relation': { args: { type: (_, { SOCK_STREAM }) => SOCK_STREAM | 0x10 } },
    },
  },
});
