import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_cmd_getsockname',
  since: '2.13',
  category: 'prep',
  inline: true,
  summary: 'Prepare a getsockname(2) (peer 0) or getpeername(2) (peer 1) on a socket, as a socket uring_cmd.',
  description:
    'An IORING_OP_URING_CMD with SOCKET_URING_OP_GETSOCKNAME: the address is stored in sockaddr and its length in sockaddr_len[0] ' +
    '(which holds the room in sockaddr on input). The completion res is 0, or -errno; on a descriptor that is not a socket it is ' +
    '-EOPNOTSUPP, not -ENOTSOCK. Needs a kernel with SOCKET_URING_OP_GETSOCKNAME.',
  man: 'io_uring_prep_cmd_getsockname(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'fd', type: 'int', doc: 'The socket.' },
    { name: 'sockaddr', type: 'struct sockaddr *', dir: 'out', ownership: 'completion', doc: 'Receives the address: a SockaddrIn, SockaddrIn6, SockaddrStorage...' },
    { name: 'sockaddr_len', type: 'socklen_t *', dir: 'inout', ownership: 'completion', count: 1, countSource: 'io_uring_prep_cmd_getsockname(3) ("sockaddr_len is modified by the kernel on return to indicate how many bytes were written"): one socklen_t, read and written as getsockname(2)\'s addrlen; kernel net/socket.c do_getsockname() (move_addr_to_user)', doc: 'One socklen_t (a Uint32Array of length 1): the room in sockaddr in, the address length out.' },
    { name: 'peer', type: 'int', doc: '0 for the socket\'s own address (getsockname), 1 for the peer\'s (getpeername).' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: {
    // io_uring_prep_uring_cmd(sqe, SOCKET_URING_OP_GETSOCKNAME, fd), then the address, the length's address and peer.
    set: [
      ['opcode', 'IORING_OP_URING_CMD'], ['fd', 'fd'], ['cmd_op', 'SOCKET_URING_OP_GETSOCKNAME'], ['__pad1', '0'], ['addr', '0'], ['len', '0'],
      ['addr', 'sockaddr'], ['addr3', 'sockaddr_len'], ['optlen', 'peer'],
    ],
  },
  errors: {
    EOPNOTSUPP: 'fd is not a socket, or the kernel has no SOCKET_URING_OP_GETSOCKNAME',
    ENOTCONN: 'peer is 1 and the socket is not connected',
    EBADF: 'fd is not open',
  },
  test: {
    async effect({ addressOf, AF_INET, bind, catchError, completeOne, errnoNumber, expect, htons, io_uring_check_version, io_uring_get_sqe, io_uring_prep_cmd_getsockname, io_uring_queue_exit, IORING_OP_URING_CMD, liburingVersion, loopback, newRing, SOCK_STREAM, Sockaddr, SockaddrIn, socket, SOCKET_URING_OP_GETSOCKNAME, UnsupportedError }) {
      const { closeSync } = await import('node:fs');
      const { release } = await import('node:os');
      // A TCP socket bound to 127.0.0.1 at a port the kernel chooses.
      const fd = socket(AF_INET, SOCK_STREAM, 0) as number;
      const here = loopback(0);
      expect(bind(fd, here.bytes, 16)).toBe(0);
      const ring = newRing(4);
      try {
        const addr = new Sockaddr();
        const len = new Uint32Array([16]);
        const sqe = io_uring_get_sqe(ring)!;
        if (io_uring_check_version(2, 13)) {
          // liburing older than 2.13 has no io_uring_prep_cmd_getsockname: importing works, calling throws UnsupportedError.
          const error = catchError(() => io_uring_prep_cmd_getsockname(sqe, fd, addr, len, 0));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: 'io_uring_prep_cmd_getsockname', needed: '2.13', loaded: liburingVersion() });
          expect(error.message).toContain(`needs liburing 2.13 or newer, but liburing ${liburingVersion()} is loaded`);
          return;
        }
        io_uring_prep_cmd_getsockname(sqe, fd, addr, len, 0);
        expect(sqe.opcode).toBe(IORING_OP_URING_CMD);
        expect(sqe.cmd_op).toBe(SOCKET_URING_OP_GETSOCKNAME);
        expect(sqe.fd).toBe(fd);
        expect(sqe.addr).toBe(addr.address);
        expect(sqe.addr3).toBe(addressOf(len));
        const res = await completeOne(ring);
        const [major, minor] = release().split('.').map(Number) as [number, number];
        if (res === -errnoNumber('EOPNOTSUPP') && (major < 6 || (major === 6 && minor < 19))) {
          // Kernels before 6.19 have no SOCKET_URING_OP_GETSOCKNAME: the socket refuses the command.
          return;
        }
        expect(res).toBe(0);
        // What getsockname(2) says: AF_INET, 127.0.0.1, the port the kernel chose.
        expect(len[0]).toBe(16);
        const sin = SockaddrIn.borrow(addr.address, addr.lifetime);
        expect(sin.sin_family).toBe(AF_INET);
        expect(sin.sin_addr.s_addr).toBe(0x0100007f);
        expect(htons(sin.sin_port)).toBeGreaterThan(0);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
      }
    },
    async valid({ AF_INET, exitQuietly, io_uring_get_sqe, io_uring_prep_cmd_getsockname, newRing, SOCK_STREAM, SockaddrIn, socket }) {
      const { closeSync } = await import('node:fs');
      const ring = newRing(4);
      const fd = socket(AF_INET, SOCK_STREAM, 0);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, fd, new SockaddrIn(), new Uint32Array([16]), 0] as Parameters<typeof io_uring_prep_cmd_getsockname>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(fd);
        },
      };
    },
  },
});
