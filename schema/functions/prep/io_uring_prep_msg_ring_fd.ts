import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_msg_ring_fd',
  since: '2.4',
  category: 'prep',
  inline: true,
  summary: "Prepare sending one of this ring's registered files to another ring, into slot target_fd of its registered file table.",
  description:
    'source_fd is an index into this ring\'s registered files; the file is installed in the target ring (fd is its ring_fd) at index target_fd, ' +
    'or at a free index the kernel picks when target_fd is IORING_FILE_INDEX_ALLOC (see io_uring_prep_msg_ring_fd_alloc). The target gets a ' +
    'completion with user_data data (unless flags has IORING_MSG_RING_CQE_SKIP); its res and this request\'s own res are 0 ' +
    '(the index picked, with IORING_FILE_INDEX_ALLOC), or this request\'s res is -errno.',
  man: 'io_uring_prep_msg_ring_fd(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The target ring\'s file descriptor; it must be another ring, with a registered file table.',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be the file descriptor of another io_uring (or, with IOSQE_FIXED_FILE, a registered file index holding one), not negative',
          source: 'io_uring_prep_msg_ring_fd(3) ("fd, which must identify a target io_uring context"); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'source_fd',
      type: 'int',
      doc: 'The index of the file in this ring\'s registered file table (not a plain file descriptor).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'source_fd must be an index into this ring\'s registered files (0 or more)',
          source: 'io_uring_prep_msg_ring_fd(3) ("the locally registered file descriptor with value source_fd"); kernel io_uring/msg_ring.c io_msg_grab_file() (index past the table: -EBADF); observed res -EBADF for -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'target_fd',
      type: 'int',
      doc: 'The index in the target ring\'s registered file table to install the file at, or IORING_FILE_INDEX_ALLOC (-1 as an int) for any free one.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'target_fd >= 0 || target_fd === -1', says: 'target_fd must be a slot index (0 or more) or IORING_FILE_INDEX_ALLOC (-1 as an int)' },
          message: 'target_fd must be an index into the target ring\'s registered files, or IORING_FILE_INDEX_ALLOC (which is -1 as an int)',
          source: 'io_uring_prep_msg_ring_fd(3); liburing.h io_uring_prep_msg_ring_fd (file_index = target_fd + 1, -1 meaning IORING_FILE_INDEX_ALLOC); observed res -EINVAL for -3 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'data', type: '__u64', doc: 'The user_data of the target\'s completion.' },
    {
      name: 'flags',
      type: 'unsigned int',
      doc: 'IORING_MSG_RING_CQE_SKIP: post no completion to the target ring; otherwise 0.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['IORING_MSG_RING_CQE_SKIP', 'IORING_MSG_RING_FLAGS_PASS'] },
          message: 'flags may hold only IORING_MSG_RING_CQE_SKIP (and IORING_MSG_RING_FLAGS_PASS, which has no effect here)',
          source: 'kernel io_uring/msg_ring.c io_msg_ring_prep() (flags & ~IORING_MSG_RING_MASK gives -EINVAL); observed res -EINVAL for 0x4 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0 once the file is installed (the index, with IORING_FILE_INDEX_ALLOC), or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_MSG_RING', fd: 'fd', addr: 'IORING_MSG_SEND_FD', len: '0', off: 'data' },
    set: [
      ['addr3', 'source_fd'],
      // if ((unsigned int) target_fd == IORING_FILE_INDEX_ALLOC) target_fd--; then __io_uring_set_target_fixed_file: file_index = target_fd + 1
      ['file_index', '((target_fd >>> 0) === IORING_FILE_INDEX_ALLOC ? target_fd - 1 : target_fd) + 1'],
      ['msg_ring_flags', 'flags'],
    ],
  },
  quirks: [
    { text: 'the target must be another ring: sending to the ring itself gives res -EINVAL', source: 'io_uring_prep_msg_ring_fd(3) ERRORS ("Target ring is identical to the source ring"); observed on Linux 6.18' },
    { text: 'the target needs a registered file table (io_uring_register_files or _sparse): without one res is -ENXIO; an index past its end gives -EINVAL, a full table with IORING_FILE_INDEX_ALLOC gives -ENFILE', source: 'io_uring_prep_msg_ring_fd(3) ERRORS; kernel io_uring/filetable.c __io_fixed_fd_install(); observed -ENXIO and -EINVAL on Linux 6.18' },
    { text: 'target_fd -2 is stored as file_index 0xffffffff and so also means IORING_FILE_INDEX_ALLOC; liburing-ts refuses it', source: 'liburing 2.9 liburing.h io_uring_prep_msg_ring_fd (file_index = target_fd + 1); observed on Linux 6.18' },
    { text: 'the man page of 2.9 says flags must be 0; Linux 6.18 takes IORING_MSG_RING_CQE_SKIP', source: 'io_uring_prep_msg_ring_fd(3); kernel io_uring/msg_ring.c io_msg_install_complete()' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_cq_ready, io_uring_get_sqe, io_uring_prep_msg_ring_fd, io_uring_prep_read, io_uring_queue_exit, io_uring_register_files, io_uring_register_files_sparse, io_uring_sqe_set_data64, io_uring_sqe_set_flags, IORING_MSG_RING_CQE_SKIP, IORING_MSG_SEND_FD, IOSQE_FIXED_FILE, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), 'sent between rings');
      const file = openSync(dir.file('data'), 'r');
      const source = newRing(4);
      const target = newRing(4);
      try {
        // Registered file tables: the source holds the file at index 0, the target has empty slots.
        expect(io_uring_register_files(source, Int32Array.of(file), 1)).toBe(0);
        expect(io_uring_register_files_sparse(target, 4)).toBe(0);
        // Send source's registered file 0 to target's slot 2.
        const sqe = io_uring_get_sqe(source)!;
        io_uring_prep_msg_ring_fd(sqe, target.ring_fd, 0, 2, 0x5151n, 0);
        expect(sqe.addr).toBe(BigInt(IORING_MSG_SEND_FD));
        expect(sqe.file_index).toBe(3);
        io_uring_sqe_set_data64(sqe, 1n);
        expect(waitOne(source)).toMatchObject({ user_data: 1n, res: 0 });
        expect(waitOne(target)).toMatchObject({ user_data: 0x5151n, res: 0 });
        // The target reads the file through its slot 2.
        const buf = new Uint8Array(32);
        const r = io_uring_get_sqe(target)!;
        io_uring_prep_read(r, 2, buf, 32, 0);
        io_uring_sqe_set_flags(r, IOSQE_FIXED_FILE);
        expect(waitOne(target).res).toBe(18);
        expect(Buffer.from(buf.subarray(0, 18)).toString()).toBe('sent between rings');
        // With IORING_MSG_RING_CQE_SKIP the target gets the file but no completion.
        io_uring_prep_msg_ring_fd(io_uring_get_sqe(source)!, target.ring_fd, 0, 3, 9n, IORING_MSG_RING_CQE_SKIP);
        expect(waitOne(source).res).toBe(0);
        expect(io_uring_cq_ready(target)).toBe(0);
        // A ring cannot send to itself.
        io_uring_prep_msg_ring_fd(io_uring_get_sqe(source)!, source.ring_fd, 0, 1, 9n, 0);
        expect(waitOne(source).res).toBe(-errnoNumber('EINVAL'));
      } finally {
        io_uring_queue_exit(source);
        io_uring_queue_exit(target);
        closeSync(file);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_msg_ring_fd, io_uring_register_files, io_uring_register_files_sparse, newRing, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const file = openSync(dir.file('data'), 'w');
      const source = newRing(4);
      const target = newRing(4);
      const ring = source;
      io_uring_register_files(source, Int32Array.of(file), 1);
      io_uring_register_files_sparse(target, 4);
      const sqe = io_uring_get_sqe(source)!;
      const args = [sqe, target.ring_fd, 0, 1, 1n, 0] as Parameters<typeof io_uring_prep_msg_ring_fd>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(source);
          exitQuietly(target);
          closeSync(file);
          dir.remove();
        },
      };
    },
    violations: {
      'target_fd.relation': { args: { target_fd: -3 } },
    },
  },
});
