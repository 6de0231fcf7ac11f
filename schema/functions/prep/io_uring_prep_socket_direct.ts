import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_socket_direct',
  since: '2.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare the creation of a socket in a given slot of the ring\'s registered file table (a direct descriptor).',
  description:
    'Like io_uring_prep_socket, but the socket is installed in the ring\'s registered file table at file_index instead of the process\'s file table: ' +
    'use it with IOSQE_FIXED_FILE and the slot index as fd. The completion res is 0 (or, with IORING_FILE_INDEX_ALLOC, the slot chosen), or -errno. Linux 5.19 and later.',
  man: 'io_uring_prep_socket_direct(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'domain', type: 'int', doc: 'The address family: AF_INET, AF_INET6, AF_UNIX...' },
    {
      name: 'type',
      type: 'int',
      doc: 'The socket type (SOCK_STREAM, SOCK_DGRAM...), optionally ORed with SOCK_NONBLOCK; SOCK_CLOEXEC is refused (a direct descriptor is not in the process\'s file table).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: '((type & ~0xf) & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) === 0', says: 'type may carry only SOCK_NONBLOCK and SOCK_CLOEXEC besides the socket type (the low 4 bits)' },
          message: 'type must be a socket type (SOCK_STREAM, SOCK_DGRAM...) ORed with nothing but SOCK_NONBLOCK',
          source: 'socket(2) ERRORS ("EINVAL ... invalid flags in type"); kernel io_uring/net.c io_socket_prep(); observed res -EINVAL for SOCK_STREAM | 0x10 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: '(type & SOCK_CLOEXEC) === 0', says: 'a direct socket cannot be SOCK_CLOEXEC' },
          message: 'type must not include SOCK_CLOEXEC: a direct descriptor lives in the ring\'s file table, where close-on-exec means nothing, and the kernel refuses it',
          source: 'kernel io_uring/net.c io_socket_prep() ("if (sock->file_slot && (sock->flags & SOCK_CLOEXEC)) return -EINVAL"); observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'protocol', type: 'int', doc: 'The protocol, 0 for the type\'s default.' },
    { name: 'file_index', type: 'unsigned', doc: 'The slot to install the socket in (0-based), or IORING_FILE_INDEX_ALLOC for a free one.' },
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
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0 (explicit slot) or the allocated slot (IORING_FILE_INDEX_ALLOC), or -errno.' },
  sqe: {
    // io_uring_prep_rw(IORING_OP_SOCKET, sqe, domain, NULL, protocol, type); sqe->rw_flags = flags;
    // then: if (file_index == IORING_FILE_INDEX_ALLOC) file_index--; __io_uring_set_target_fixed_file(sqe, file_index): file_index + 1.
    rw: { op: 'IORING_OP_SOCKET', fd: 'domain', addr: '0', len: 'protocol', off: 'type' },
    set: [['rw_flags', 'flags'], ['file_index', '(file_index === IORING_FILE_INDEX_ALLOC ? file_index - 1 : file_index) + 1']],
  },
  errors: {
    ENXIO: 'no file table is registered on the ring',
    EINVAL: 'file_index is past the registered table, type holds SOCK_CLOEXEC or unknown flags, or flags are not 0',
    ENFILE: 'IORING_FILE_INDEX_ALLOC found no free slot',
    EAFNOSUPPORT: 'the domain (address family) is not supported',
    EPROTONOSUPPORT: 'the protocol is not supported by this domain and type',
  },
  quirks: [
    { text: 'a file table must be registered first (io_uring_register_files or io_uring_register_files_sparse); the wrapper cannot check it, as the SQE does not know its ring', source: 'io_uring_prep_socket(3) lines 74-78: "the application must first have registered a file table"' },
    { text: 'without a registered table res is -ENXIO; an index past the table gives -EINVAL; a slot that holds a file is replaced, closing the old file', source: 'io_uring_prep_socket(3) DESCRIPTION; kernel io_uring/filetable.c io_fixed_fd_install(); observed on Linux 6.18' },
    { text: 'the slot is encoded as file_index + 1 in sqe.file_index (0 means "not direct"); IORING_FILE_INDEX_ALLOC is stored as itself', source: 'liburing.h io_uring_prep_socket_direct(), __io_uring_set_target_fixed_file()' },
  ],
  test: {
    async effect({ AF_INET, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_cmd_sock, io_uring_prep_socket_direct, io_uring_queue_exit, io_uring_register_files_sparse, io_uring_sqe_set_data64, io_uring_sqe_set_flags, IORING_FILE_INDEX_ALLOC, IORING_OP_SOCKET, IOSQE_FIXED_FILE, newRing, SO_TYPE, SOCK_DGRAM, SOCK_STREAM, SOCKET_URING_OP_GETSOCKOPT, SOL_SOCKET, waitOne }) {
      const ring = newRing(8);
      try {
        expect(io_uring_register_files_sparse(ring, 4)).toBe(0);
        // A TCP socket in slot 3: res 0.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_socket_direct(sqe, AF_INET, SOCK_STREAM, 0, 3, 0);
        expect(sqe.opcode).toBe(IORING_OP_SOCKET);
        expect(sqe.file_index).toBe(4);
        io_uring_sqe_set_data64(sqe, 2n);
        expect(waitOne(ring)).toMatchObject({ user_data: 2n, res: 0 });
        // Slot 3 holds a SOCK_STREAM socket: getsockopt(SO_TYPE) through the direct descriptor says so.
        const optval = new Int32Array(1);
        const get = io_uring_get_sqe(ring)!;
        io_uring_prep_cmd_sock(get, SOCKET_URING_OP_GETSOCKOPT, 3, SOL_SOCKET, SO_TYPE, optval, 4);
        io_uring_sqe_set_flags(get, IOSQE_FIXED_FILE);
        expect(waitOne(ring).res).toBe(4);
        expect(optval[0]).toBe(SOCK_STREAM);
        // An empty slot is not a socket: -EBADF.
        const empty = io_uring_get_sqe(ring)!;
        io_uring_prep_cmd_sock(empty, SOCKET_URING_OP_GETSOCKOPT, 0, SOL_SOCKET, SO_TYPE, optval, 4);
        io_uring_sqe_set_flags(empty, IOSQE_FIXED_FILE);
        expect(waitOne(ring).res).toBe(-errnoNumber('EBADF'));
        // A slot past the table: -EINVAL.
        io_uring_prep_socket_direct(io_uring_get_sqe(ring)!, AF_INET, SOCK_STREAM, 0, 9, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('EINVAL'));
        // IORING_FILE_INDEX_ALLOC: res is the slot chosen, the first free one.
        io_uring_prep_socket_direct(io_uring_get_sqe(ring)!, AF_INET, SOCK_DGRAM, 0, IORING_FILE_INDEX_ALLOC, 0);
        expect(waitOne(ring).res).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ AF_INET, exitQuietly, expect, io_uring_get_sqe, io_uring_prep_socket_direct, io_uring_register_files_sparse, newRing, SOCK_STREAM }) {
      const ring = newRing(4);
      expect(io_uring_register_files_sparse(ring, 4)).toBe(0);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, AF_INET, SOCK_STREAM, 0, 1, 0] as Parameters<typeof io_uring_prep_socket_direct>;
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
      'type.relation#2': { args: { type: (_, { SOCK_CLOEXEC, SOCK_STREAM }) => SOCK_STREAM | SOCK_CLOEXEC } },
    },
  },
});
