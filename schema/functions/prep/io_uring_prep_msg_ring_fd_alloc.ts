import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_msg_ring_fd_alloc',
  since: '2.4',
  category: 'prep',
  inline: true,
  summary: "Prepare sending one of this ring's registered files to another ring, into a free slot the kernel picks.",
  description:
    'Like io_uring_prep_msg_ring_fd with target_fd IORING_FILE_INDEX_ALLOC: both the target ring\'s completion (user_data data) and this ' +
    'request\'s own carry the index the file got in the target\'s registered file table as res; or this request\'s res is -errno (-ENFILE when the target table is full).',
  man: 'io_uring_prep_msg_ring_fd_alloc(3)',
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
          source: 'io_uring_prep_msg_ring_fd(3); kernel io_uring/msg_ring.c io_msg_grab_file() (index past the table: -EBADF); observed res -EBADF for -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'data', type: '__u64', doc: 'The user_data of the target\'s completion.' },
    {
      name: 'flags',
      type: 'unsigned int',
      doc: 'IORING_MSG_RING_CQE_SKIP: post no completion to the target ring (it then cannot learn the index); otherwise 0.',
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
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the index the file got in the target ring, or -errno.' },
  // io_uring_prep_msg_ring_fd(sqe, fd, source_fd, IORING_FILE_INDEX_ALLOC, data, flags), inlined: target_fd-- and then + 1 leave file_index IORING_FILE_INDEX_ALLOC.
  sqe: {
    rw: { op: 'IORING_OP_MSG_RING', fd: 'fd', addr: 'IORING_MSG_SEND_FD', len: '0', off: 'data' },
    set: [['addr3', 'source_fd'], ['file_index', 'IORING_FILE_INDEX_ALLOC - 1 + 1'], ['msg_ring_flags', 'flags']],
  },
  quirks: [
    { text: 'this request\'s own completion res is the index allocated in the target ring, not 0', source: 'kernel io_uring/msg_ring.c io_msg_install_complete() (returns __io_fixed_fd_install\'s result); observed on Linux 6.18' },
    { text: 'the target must be another ring (the ring itself: res -EINVAL) with a registered file table (none: -ENXIO; full: -ENFILE)', source: 'io_uring_prep_msg_ring_fd(3) ERRORS; observed -EINVAL for the ring itself on Linux 6.18' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_msg_ring_fd_alloc, io_uring_prep_read, io_uring_queue_exit, io_uring_register_files, io_uring_register_files_sparse, io_uring_sqe_set_flags, IORING_FILE_INDEX_ALLOC, IOSQE_FIXED_FILE, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), 'allocated slot');
      const file = openSync(dir.file('data'), 'r');
      const source = newRing(4);
      const target = newRing(4);
      try {
        // Registered file tables: the source holds the file at index 0, the target has empty slots.
        expect(io_uring_register_files(source, Int32Array.of(file), 1)).toBe(0);
        expect(io_uring_register_files_sparse(target, 2)).toBe(0);
        const slots: number[] = [];
        for (let i = 0; i < 2; i++) {
          const sqe = io_uring_get_sqe(source)!;
          io_uring_prep_msg_ring_fd_alloc(sqe, target.ring_fd, 0, 0x77n, 0);
          expect(sqe.file_index).toBe(IORING_FILE_INDEX_ALLOC);
          const mine = waitOne(source).res;
          // The target's completion names the slot the file got, as does the request's own.
          const c = waitOne(target);
          expect(c.user_data).toBe(0x77n);
          expect(c.res).toBe(mine);
          slots.push(c.res);
        }
        expect(slots.sort()).toEqual([0, 1]);
        // The file is readable through the slot.
        const buf = new Uint8Array(16);
        const r = io_uring_get_sqe(target)!;
        io_uring_prep_read(r, slots[1]!, buf, 16, 0);
        io_uring_sqe_set_flags(r, IOSQE_FIXED_FILE);
        expect(waitOne(target).res).toBe(14);
        expect(Buffer.from(buf.subarray(0, 14)).toString()).toBe('allocated slot');
        // Both slots are taken: the table is full.
        io_uring_prep_msg_ring_fd_alloc(io_uring_get_sqe(source)!, target.ring_fd, 0, 0x78n, 0);
        expect(waitOne(source).res).toBe(-errnoNumber('ENFILE'));
      } finally {
        io_uring_queue_exit(source);
        io_uring_queue_exit(target);
        closeSync(file);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_msg_ring_fd_alloc, io_uring_register_files, io_uring_register_files_sparse, newRing, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const file = openSync(dir.file('data'), 'w');
      const source = newRing(4);
      const target = newRing(4);
      const ring = source;
      io_uring_register_files(source, Int32Array.of(file), 1);
      io_uring_register_files_sparse(target, 4);
      const sqe = io_uring_get_sqe(source)!;
      const args = [sqe, target.ring_fd, 0, 1n, 0] as Parameters<typeof io_uring_prep_msg_ring_fd_alloc>;
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
  },
});
