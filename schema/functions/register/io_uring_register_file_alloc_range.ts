import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_file_alloc_range',
  since: '2.3',
  category: 'register',
  summary: 'Limit the fixed-file slots the kernel allocates from (IORING_FILE_INDEX_ALLOC) to len slots from off.',
  description:
    'Direct-descriptor requests with IORING_FILE_INDEX_ALLOC (openat_direct, accept_direct, socket_direct...) take the first ' +
    'free slot in [off, off + len); the other slots stay for explicit indexes. The ring must have a file table with at least ' +
    'off + len slots. Linux 6.0+.',
  man: 'io_uring_register_file_alloc_range(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring, with a file table.' },
    { name: 'off', type: 'unsigned', doc: 'The first slot allocations may use.' },
    {
      name: 'len',
      type: 'unsigned',
      doc: 'How many slots from off allocations may use.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'off + len <= 0xffffffff', says: 'off + len must not overflow 32 bits' },
          message: 'off + len must fit in 32 bits (and, for the kernel, not exceed the file table size)',
          source: 'io_uring_register_file_alloc_range(3); kernel io_uring/filetable.c io_register_file_alloc_range() (check_add_overflow gives -EOVERFLOW before any other check); observed -EOVERFLOW for off 0xffffffff, len 1 on Linux 6.18',
          errno: 'EOVERFLOW',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EINVAL: 'off + len is beyond the file table, or the ring has no file table',
    EOVERFLOW: 'off + len overflows',
  },
  quirks: [
    { text: 'without a file table the kernel answers -EINVAL (not -ENXIO as the other file registrations do)', source: 'kernel io_uring/filetable.c io_register_file_alloc_range(); observed on Linux 6.18' },
  ],
  test: {
    async effect({ addressOf, catchError, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_register_file_alloc_range, io_uring_register_files_sparse, IORING_FILE_INDEX_ALLOC, IORING_OP_FILES_UPDATE, newRing, tempDir, waitOne }) {
      const { openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync('/dev/null', 'r');
      // A FILES_UPDATE request with IORING_FILE_INDEX_ALLOC installs fds in allocated slots and writes the slots back.
      const allocate = (fds: Int32Array) => {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        sqe.opcode = IORING_OP_FILES_UPDATE;
        sqe.fd = -1;
        sqe.addr = addressOf(fds);
        sqe.len = fds.length;
        sqe.off = BigInt(IORING_FILE_INDEX_ALLOC);
        return waitOne(ring).res;
      };
      try {
        expect(catchError(() => io_uring_register_file_alloc_range(ring, 0, 1))).toMatchObject({ name: 'UringError', code: 'EINVAL' });
        expect(io_uring_register_files_sparse(ring, 8)).toBe(0);
        expect(io_uring_register_file_alloc_range(ring, 5, 2)).toBe(0);
        // Allocation starts at slot 5 and stops after slot 6.
        const fds = Int32Array.of(fd, fd);
        expect(allocate(fds)).toBe(2);
        expect([...fds]).toEqual([5, 6]);
        expect(allocate(Int32Array.of(fd))).toBe(-errnoNumber('ENFILE'));
        // The range must lie in the table.
        expect(catchError(() => io_uring_register_file_alloc_range(ring, 6, 3))).toMatchObject({ name: 'UringError', code: 'EINVAL' });
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_register_file_alloc_range, io_uring_register_files_sparse, newRing }) {
      const ring = newRing(4);
      io_uring_register_files_sparse(ring, 4);
      const args = [ring, 0, 4] as Parameters<typeof io_uring_register_file_alloc_range>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'len.relation': { args: { off: 0xffffffff, len: 1 } },
    },
  },
});
