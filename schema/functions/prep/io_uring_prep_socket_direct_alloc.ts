import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_socket_direct_alloc',
  since: '2.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare the creation of a socket in a free slot of the ring\'s registered file table; the completion res is the slot.',
  description:
    'Like io_uring_prep_socket_direct with IORING_FILE_INDEX_ALLOC: the kernel picks a free slot of the ring\'s registered file table and the completion res is its index, ' +
    'or -ENFILE when the table is full, or another -errno. Use the slot with IOSQE_FIXED_FILE. Linux 5.19 and later.',
  man: 'io_uring_prep_socket_direct_alloc(3)',
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
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the slot the socket was installed in, or -errno.' },
  sqe: {
    // io_uring_prep_rw(IORING_OP_SOCKET, sqe, domain, NULL, protocol, type); sqe->rw_flags = flags;
    // then __io_uring_set_target_fixed_file(sqe, IORING_FILE_INDEX_ALLOC - 1): file_index = IORING_FILE_INDEX_ALLOC - 1 + 1.
    rw: { op: 'IORING_OP_SOCKET', fd: 'domain', addr: '0', len: 'protocol', off: 'type' },
    set: [['rw_flags', 'flags'], ['file_index', 'IORING_FILE_INDEX_ALLOC - 1 + 1']],
  },
  errors: {
    ENFILE: 'the registered file table has no free slot, or no table is registered',
    EINVAL: 'type holds SOCK_CLOEXEC or unknown flags, or flags are not 0',
    EAFNOSUPPORT: 'the domain (address family) is not supported',
    EPROTONOSUPPORT: 'the protocol is not supported by this domain and type',
  },
  quirks: [
    { text: 'a file table must be registered first (io_uring_register_files or io_uring_register_files_sparse); the wrapper cannot check it, as the SQE does not know its ring', source: 'io_uring_prep_socket(3) lines 74-78: "the application must first have registered a file table"' },
    { text: 'without a registered table res is -ENFILE (not -ENXIO as for an explicit slot)', source: 'observed on Linux 6.18; kernel io_uring/filetable.c io_file_bitmap_get() finds no free bit in an empty bitmap' },
  ],
  test: {
    async effect({ AF_INET, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_cmd_sock, io_uring_prep_socket_direct_alloc, io_uring_queue_exit, io_uring_register_files_sparse, io_uring_sqe_set_data64, io_uring_sqe_set_flags, IORING_FILE_INDEX_ALLOC, IORING_OP_SOCKET, IOSQE_FIXED_FILE, newRing, SO_TYPE, SOCK_DGRAM, SOCK_STREAM, SOCKET_URING_OP_GETSOCKOPT, SOL_SOCKET, waitOne }) {
      const ring = newRing(8);
      try {
        expect(io_uring_register_files_sparse(ring, 2)).toBe(0);
        // Free slots are handed out in order: 0, then 1.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_socket_direct_alloc(sqe, AF_INET, SOCK_STREAM, 0, 0);
        expect(sqe.opcode).toBe(IORING_OP_SOCKET);
        expect(sqe.file_index).toBe(IORING_FILE_INDEX_ALLOC);
        io_uring_sqe_set_data64(sqe, 1n);
        expect(waitOne(ring)).toMatchObject({ user_data: 1n, res: 0 });
        io_uring_prep_socket_direct_alloc(io_uring_get_sqe(ring)!, AF_INET, SOCK_DGRAM, 0, 0);
        expect(waitOne(ring).res).toBe(1);
        // Slot 1 holds the datagram socket: getsockopt(SO_TYPE) through the direct descriptor says so.
        const optval = new Int32Array(1);
        const get = io_uring_get_sqe(ring)!;
        io_uring_prep_cmd_sock(get, SOCKET_URING_OP_GETSOCKOPT, 1, SOL_SOCKET, SO_TYPE, optval, 4);
        io_uring_sqe_set_flags(get, IOSQE_FIXED_FILE);
        expect(waitOne(ring).res).toBe(4);
        expect(optval[0]).toBe(SOCK_DGRAM);
        // The table is full: -ENFILE.
        io_uring_prep_socket_direct_alloc(io_uring_get_sqe(ring)!, AF_INET, SOCK_STREAM, 0, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENFILE'));
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ AF_INET, exitQuietly, expect, io_uring_get_sqe, io_uring_prep_socket_direct_alloc, io_uring_register_files_sparse, newRing, SOCK_STREAM }) {
      const ring = newRing(4);
      expect(io_uring_register_files_sparse(ring, 4)).toBe(0);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, AF_INET, SOCK_STREAM, 0, 0] as Parameters<typeof io_uring_prep_socket_direct_alloc>;
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
