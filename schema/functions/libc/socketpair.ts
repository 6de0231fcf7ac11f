import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'socketpair',
  since: 'glibc 2.0',
  category: 'libc',
  library: 'libc',
  summary: 'Create a pair of connected sockets: what one end sends, the other receives (socketpair(2)).',
  description:
    'On Linux only AF_UNIX (AF_LOCAL) makes pairs, of type SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET, optionally ORed with ' +
    'SOCK_NONBLOCK and SOCK_CLOEXEC: the usual fixture for io_uring send, recv and their multishot and buffer-ring variants. ' +
    'Both descriptors are new: close them (fs.closeSync) when done.',
  man: 'socketpair(2)',
  params: [
    { name: 'domain', type: 'int', doc: 'The address family: AF_UNIX (other families refuse with EOPNOTSUPP or EAFNOSUPPORT).' },
    {
      name: 'type',
      type: 'int',
      doc: 'SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET, ORed with SOCK_NONBLOCK and SOCK_CLOEXEC as wanted.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: '(type & ~0xf & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) === 0', says: 'type may hold only a socket type (its low 4 bits) and SOCK_NONBLOCK and SOCK_CLOEXEC' },
          message: 'type must be a socket type (SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET) ORed only with SOCK_NONBLOCK and SOCK_CLOEXEC',
          source: 'socket(2) ("the type argument ... may include the bitwise OR of SOCK_NONBLOCK, SOCK_CLOEXEC"); kernel net/socket.c __sys_socketpair() (type & ~SOCK_TYPE_MASK outside SOCK_CLOEXEC | SOCK_NONBLOCK gives -EINVAL); observed -1/EINVAL for SOCK_STREAM | 0x10 on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
    { name: 'protocol', type: 'int', doc: 'The protocol: 0 for AF_UNIX.' },
    {
      name: 'sv',
      type: 'int *',
      dir: 'out',
      count: 2,
      countSource: 'socketpair(2): the new sockets are returned in sv[0] and sv[1]',
      newFd: true,
      doc: 'Two ints (an Int32Array of length 2, C\'s int sv[2]) that receive the two connected ends.',
    },
  ],
  returns: { kind: 'libc', type: 'int', doc: '0: sv holds the two new descriptors.' },
  errors: {
    EAFNOSUPPORT: 'the address family is not supported on this machine',
    EFAULT: 'sv is not writable memory',
    EINVAL: 'type holds a flag other than SOCK_NONBLOCK and SOCK_CLOEXEC',
    EMFILE: 'the process has no free file descriptors (ulimit -n)',
    ENFILE: 'the system-wide limit on open files was reached',
    EOPNOTSUPP: 'the protocol (family) cannot make socket pairs: on Linux only AF_UNIX can',
    EPROTONOSUPPORT: 'the protocol is not supported for this family (AF_UNIX takes 0)',
    ESOCKTNOSUPPORT: 'the socket type is not supported in this family',
  },
  quirks: [
    { text: 'after a failure sv may hold two numbers that are not open descriptors: the kernel stores the descriptors it reserved before it creates the sockets, and releases them when that fails', source: 'kernel net/socket.c __sys_socketpair() (put_user of fd1 and fd2 before sock_create); observed on Linux 6.18: closing sv[0] after socketpair(0, 0, 0, sv) failed gave EBADF' },
  ],
  test: {
    async effect({ AF_INET, AF_UNIX, catchError, expect, SOCK_CLOEXEC, SOCK_DGRAM, SOCK_STREAM, socketpair }) {
      const { closeSync, readlinkSync, readSync, writeSync } = await import('node:fs');
      const sv = new Int32Array([-1, -1]);
      expect(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)).toBe(0);
      const [a, b] = [sv[0]!, sv[1]!];
      try {
        expect(readlinkSync(`/proc/self/fd/${a}`)).toMatch(/^socket:\[\d+\]$/);
        // Connected both ways.
        const back = Buffer.alloc(16);
        expect(writeSync(a, 'ping')).toBe(4);
        expect(readSync(b, back)).toBe(4);
        expect(back.subarray(0, 4).toString()).toBe('ping');
        expect(writeSync(b, 'pong!')).toBe(5);
        expect(readSync(a, back)).toBe(5);
        expect(back.subarray(0, 5).toString()).toBe('pong!');
      } finally {
        closeSync(a);
        closeSync(b);
      }
      // A datagram pair keeps message boundaries.
      const dv = new Int32Array(2);
      expect(socketpair(AF_UNIX, SOCK_DGRAM, 0, dv)).toBe(0);
      try {
        writeSync(dv[0]!, 'one');
        writeSync(dv[0]!, 'two');
        const msg = Buffer.alloc(16);
        expect(readSync(dv[1]!, msg)).toBe(3);
        expect(readSync(dv[1]!, msg)).toBe(3);
        expect(msg.subarray(0, 3).toString()).toBe('two');
      } finally {
        closeSync(dv[0]!);
        closeSync(dv[1]!);
      }
      // C's failure is a Node-shaped UringError: only AF_UNIX makes pairs.
      const error = catchError(() => socketpair(AF_INET, SOCK_STREAM, 0, new Int32Array(2)));
      expect(error).toMatchObject({ name: 'UringError', code: 'EOPNOTSUPP', errno: -95, syscall: 'socketpair' });
      expect(error.message).toMatch(/^EOPNOTSUPP: .*, socketpair: the protocol \(family\) cannot make socket pairs/);
    },
    async valid({ AF_UNIX, SOCK_STREAM, socketpair }) {
      return { args: [AF_UNIX, SOCK_STREAM, 0, new Int32Array(2)] as Parameters<typeof socketpair> };
    },
    violations: {
      'type.relation': { args: { type: (_f, { SOCK_STREAM }) => SOCK_STREAM | 0x10 } },
    },
  },
});
