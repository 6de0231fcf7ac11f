import { defineFunction } from '../../language.js';

/** Test prelude: a TCP listener on 127.0.0.1 and connected clients, made with the test helpers' libc socket calls. */
const NET = `
  const { closeSync, readSync, writeSync, readFileSync } = await import('node:fs');
  /** A TCP socket listening on 127.0.0.1 at a port the kernel chose. */
  const listener = socket(AF_INET, SOCK_STREAM, 0);
  expect(bind(listener, loopback(0).bytes, 16)).toBe(0);
  expect(listen(listener, 16)).toBe(0);
  const port = portOf(listener);
  /** A client connected to the listener: the kernel queues the connection until it is accepted. */
  const dial = () => {
    const fd = socket(AF_INET, SOCK_STREAM, 0);
    expect(connect(fd, loopback(port).bytes, 16)).toBe(0);
    return fd;
  };
`;

export default defineFunction({
  name: 'io_uring_prep_multishot_accept_direct',
  since: '2.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare a multishot accept that installs each connection in a free slot of the ring\'s registered file table.',
  description:
    'Like io_uring_prep_multishot_accept, but each connected socket goes into a free slot of the ring\'s registered file table (a direct descriptor, used with IOSQE_FIXED_FILE) ' +
    'instead of the process\'s file table: each completion res is the slot chosen, or -errno. A file table must be registered first (io_uring_register_files_sparse). Linux 5.19 and later.',
  man: 'io_uring_prep_multishot_accept_direct(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The listening socket (with IOSQE_FIXED_FILE: a registered file index).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open, listening socket descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'accept4(2) EBADF; io_uring_prep_accept(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'addr',
      type: 'struct sockaddr *',
      dir: 'out',
      nullable: true,
      ownership: 'completion',
      doc: 'Receives the peer\'s address, or null to not ask for it.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'addr === null || addrlen === null || addrlen.length === 0 || addrlen[0]! <= addr.bytes.buffer.byteLength - addr.bytes.byteOffset', says: 'addrlen[0] must not exceed the bytes of memory behind addr, or the kernel could write past it' },
          message: 'addrlen[0] must not be larger than the memory addr lives in: the kernel writes up to addrlen[0] bytes of address into it',
          source: 'accept(2): "addrlen ... should initially contain the size of the structure pointed to by addr"; kernel net/socket.c move_addr_to_user() writes min(addrlen[0], the address size) bytes; observed res -EFAULT on Linux 6.18 for an 8-byte addr ending at an inaccessible page with addrlen[0] 16 and an IPv4 peer (its 16 bytes are written: the kernel truncates to addrlen[0], not to the memory)',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'addrlen',
      type: 'socklen_t *',
      dir: 'inout',
      nullable: true,
      ownership: 'completion',
      doc: 'A Uint32Array whose element 0 holds addr\'s size before, and the peer address\'s length after; null when addr is null.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'addr === null || addrlen !== null', says: 'when addr is given, addrlen must be given too' },
          message: 'addrlen must not be null when addr is given: the kernel reads the size of addr from it',
          source: 'accept(2) EFAULT; kernel net/socket.c move_addr_to_user() (get_user on addrlen); observed res -EFAULT on Linux 6.18, after the connection was taken from the queue and closed',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: 'addrlen === null || addrlen.length >= 1', says: 'addrlen must have room for one socklen_t' },
          message: 'addrlen must be a Uint32Array of at least one element: the kernel reads and writes addrlen[0]',
          source: 'accept(2): addrlen is a value-result argument; liburing-ts: an empty array has no element 0 for the kernel to use; kernel net/socket.c do_accept() reads addrlen[0] with get_user(); observed res -EFAULT on Linux 6.18 for an empty array ending at an inaccessible page',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'flags',
      type: 'int',
      doc: 'SOCK_NONBLOCK, for each new socket; SOCK_CLOEXEC is refused (a direct descriptor is not in the process\'s file table).',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['SOCK_NONBLOCK'] },
          message: 'flags may hold only SOCK_NONBLOCK: the direct variants refuse SOCK_CLOEXEC',
          source: 'io_uring_prep_accept(3) NOTES, lines 191-195: "the direct versions of accept do not accept SOCK_CLOEXEC, and setting that flag will result in an -EINVAL error in the CQE"; kernel io_uring/net.c io_accept_prep(); observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; each completion res is the slot the connection was installed in, or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_ACCEPT', fd: 'fd', addr: 'addr', len: '0', off: 'addrlen' },
    // io_uring_prep_multishot_accept (io_uring_prep_accept; sqe->ioprio |= IORING_ACCEPT_MULTISHOT),
    // then __io_uring_set_target_fixed_file(sqe, IORING_FILE_INDEX_ALLOC - 1): file_index = IORING_FILE_INDEX_ALLOC - 1 + 1.
    set: [['accept_flags', 'flags'], ['ioprio', 'sqe.ioprio | IORING_ACCEPT_MULTISHOT'], ['file_index', 'IORING_FILE_INDEX_ALLOC - 1 + 1']],
  },
  errors: {
    ENXIO: 'no file table is registered on the ring',
    ENFILE: 'the registered file table has no free slot (this ends the multishot request)',
    EINVAL: 'fd is not listening, or flags hold SOCK_CLOEXEC',
    EBADF: 'fd is not an open descriptor (or registered file)',
    ENOTSOCK: 'fd is not a socket',
  },
  quirks: [
    { text: 'multishot accept is available since Linux 5.19; each connection posts a CQE with IORING_CQE_F_MORE while the request stays armed; a CQE without it (an error, or after a cancel) ends it', source: 'io_uring_prep_multishot_accept(3) lines 113-131 (DESCRIPTION)' },
    { text: 'addr and addrlen are shared by every connection: the kernel overwrites them for each one, possibly before the previous one was processed, so pass null unless connections cannot overlap', source: 'io_uring_prep_multishot_accept(3) lines 121-131: "setting addr and addrlen may not make a lot of sense, as the same value would be used for every accepted connection"' },
    { text: 'a file table must be registered first (io_uring_register_files or io_uring_register_files_sparse): without one res is -ENXIO; with no free slot left res is -ENFILE, which ends the multishot request. The wrapper cannot check these: the SQE does not know its ring', source: 'io_uring_prep_accept(3) DESCRIPTION and ERRORS; kernel io_uring/filetable.c io_fixed_fd_install(); observed on Linux 6.18' },
  ],
  test: {
    async effect({ AF_INET, bind, connect, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_multishot_accept_direct, io_uring_prep_send, io_uring_queue_exit, io_uring_register_files_sparse, io_uring_sqe_set_data64, io_uring_sqe_set_flags, io_uring_submit, IORING_ACCEPT_MULTISHOT, IORING_CQE_F_MORE, IORING_FILE_INDEX_ALLOC, IORING_OP_ACCEPT, IOSQE_FIXED_FILE, listen, loopback, newRing, portOf, SOCK_STREAM, socket, waitOne }) {
      const { closeSync, readSync, writeSync, readFileSync } = await import('node:fs');
      /** A TCP socket listening on 127.0.0.1 at a port the kernel chose. */
      const listener = socket(AF_INET, SOCK_STREAM, 0);
      expect(bind(listener, loopback(0).bytes, 16)).toBe(0);
      expect(listen(listener, 16)).toBe(0);
      const port = portOf(listener);
      /** A client connected to the listener: the kernel queues the connection until it is accepted. */
      const dial = () => {
        const fd = socket(AF_INET, SOCK_STREAM, 0);
        expect(connect(fd, loopback(port).bytes, 16)).toBe(0);
        return fd;
      };
  
          const ring = newRing(8);
          const fds = [listener];
          try {
            expect(io_uring_register_files_sparse(ring, 2)).toBe(0);
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_multishot_accept_direct(sqe, listener, null, null, 0);
            expect(sqe.opcode).toBe(IORING_OP_ACCEPT);
            expect(sqe.ioprio & IORING_ACCEPT_MULTISHOT).toBe(IORING_ACCEPT_MULTISHOT);
            expect(sqe.file_index).toBe(IORING_FILE_INDEX_ALLOC);
            io_uring_sqe_set_data64(sqe, 6n);
            io_uring_submit(ring);
            // Each connection gets the next free slot, with IORING_CQE_F_MORE: the request stays armed.
            const first = dial();
            const second = dial();
            fds.push(first, second);
            const a = waitOne(ring);
            expect(a).toMatchObject({ user_data: 6n, res: 0 });
            expect(a.flags & IORING_CQE_F_MORE).toBe(IORING_CQE_F_MORE);
            const b = waitOne(ring);
            expect(b).toMatchObject({ user_data: 6n, res: 1 });
            expect(b.flags & IORING_CQE_F_MORE).toBe(IORING_CQE_F_MORE);
            // Slot 1 holds the second connection: a send through it reaches the second client.
            const hello = Buffer.from('via slot 1');
            const send = io_uring_get_sqe(ring)!;
            io_uring_prep_send(send, 1, hello, hello.length, 0);
            io_uring_sqe_set_flags(send, IOSQE_FIXED_FILE);
            io_uring_sqe_set_data64(send, 7n);
            expect(waitOne(ring)).toMatchObject({ user_data: 7n, res: hello.length });
            const buf = Buffer.alloc(64);
            expect(buf.toString('utf8', 0, readSync(second, buf))).toBe('via slot 1');
            // The table is full now: the next connection ends the request with -ENFILE and no IORING_CQE_F_MORE.
            fds.push(dial());
            const c = waitOne(ring);
            expect(c).toMatchObject({ user_data: 6n, res: -errnoNumber('ENFILE') });
            expect(c.flags & IORING_CQE_F_MORE).toBe(0);
          } finally {
            io_uring_queue_exit(ring);
            for (const fd of fds) closeSync(fd);
          }
    },
    async valid({ AF_INET, bind, connect, exitQuietly, expect, io_uring_get_sqe, io_uring_prep_multishot_accept_direct, io_uring_register_files_sparse, listen, loopback, newRing, OWNED, portOf, SOCK_STREAM, Sockaddr, SockaddrIn, socket }) {
      const { closeSync, readSync, writeSync, readFileSync } = await import('node:fs');
      /** A TCP socket listening on 127.0.0.1 at a port the kernel chose. */
      const listener = socket(AF_INET, SOCK_STREAM, 0);
      expect(bind(listener, loopback(0).bytes, 16)).toBe(0);
      expect(listen(listener, 16)).toBe(0);
      const port = portOf(listener);
      /** A client connected to the listener: the kernel queues the connection until it is accepted. */
      const dial = () => {
        const fd = socket(AF_INET, SOCK_STREAM, 0);
        expect(connect(fd, loopback(port).bytes, 16)).toBe(0);
        return fd;
      };
  
          const ring = newRing(4);
          expect(io_uring_register_files_sparse(ring, 4)).toBe(0);
          // A pending connection, so that a raw accept completes instead of waiting.
          const client = dial();
          const sin = new SockaddrIn();
          const addr = Sockaddr.at(new DataView(sin.bytes.buffer, sin.bytes.byteOffset, 16), 0, sin.address, OWNED);
          const addrlen = new Uint32Array([16]);
          const sqe = io_uring_get_sqe(ring)!;
          const args = [sqe, listener, addr, addrlen, 0] as Parameters<typeof io_uring_prep_multishot_accept_direct>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(client);
          closeSync(listener);
        },
        addrlen,
      };
    },
    violations: {
      'addr.relation': { args: { addr: (_, { beforeGuardPage, Sockaddr, structOver }) => structOver(Sockaddr, beforeGuardPage(8)) } },
      'addrlen.relation': { args: { addrlen: null } },
      'addrlen.relation#2': {
        args: {
          addrlen: (_, { beforeGuardPage }) => {
            // An empty array whose address is the first byte of an inaccessible page.
            const end = beforeGuardPage(4);
            return new Uint32Array(end.buffer, end.byteOffset + 4, 0);
          },
        },
      },
      'flags.flags': { args: { flags: (_, { SOCK_CLOEXEC }) => SOCK_CLOEXEC } },
    },
  },
});
