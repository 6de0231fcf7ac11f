import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_files_update',
  since: '0.2',
  category: 'register',
  summary: 'Replace nr_files slots of the fixed-file table from slot off on; returns how many were updated.',
  description:
    'Slot off + i gets files[i]: an fd, -1 to empty the slot, or IORING_REGISTER_FILES_SKIP (-2) to leave it as it is ' +
    '(IORING_REGISTER_FILES_UPDATE). The ring must have a file table (io_uring_register_files, _tags or _sparse) with at ' +
    'least off + nr_files slots. The file a slot held is released once no request uses it.',
  man: 'io_uring_register_files_update(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring, with a file table.' },
    {
      name: 'off',
      type: 'unsigned',
      doc: 'The first slot to update.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'off + nr_files <= 0xffffffff', says: 'off + nr_files must not overflow 32 bits' },
          message: 'off + nr_files must fit in 32 bits (and, for the kernel, not exceed the table size)',
          source: 'kernel io_uring/rsrc.c __io_register_rsrc_update() (check_add_overflow gives -EOVERFLOW); observed -EOVERFLOW for off 0xffffffff on Linux 6.18',
          errno: 'EOVERFLOW',
        },
      ],
    },
    {
      name: 'files',
      type: 'const int *',
      count: 'nr_files',
      countSource: 'io_uring_register_files_update(3): nr_files file descriptors from the array files; kernel io_uring/rsrc.c __io_sqe_files_update() reads nr_files ints',
      doc: 'The new fds: an fd, -1 (empty the slot) or IORING_REGISTER_FILES_SKIP (-2, leave it).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'files.subarray(0, nr_files).every((fd) => fd >= IORING_REGISTER_FILES_SKIP)', says: 'every entry must be an fd, -1 or IORING_REGISTER_FILES_SKIP (-2)' },
          message: 'each entry must be an open file descriptor, -1 (empty the slot) or IORING_REGISTER_FILES_SKIP (-2)',
          source: 'io_uring_register(2) IORING_REGISTER_FILES_UPDATE (-1 and IORING_REGISTER_FILES_SKIP, man2/io_uring_register.2:296-316); kernel io_uring/rsrc.c __io_sqe_files_update(); observed -EBADF for -3 on Linux 6.18',
          errno: 'EBADF',
        },
        {
          rule: { kind: 'relation', holds: 'ring.ring_fd < 0 || !files.subarray(0, nr_files).includes(ring.ring_fd)', says: 'the ring\'s own fd cannot be put in its table' },
          message: 'files must not contain the ring\'s own fd: io_uring instances cannot be registered as fixed files (liburing-ts checks only this ring\'s fd)',
          source: 'kernel io_uring/rsrc.c __io_sqe_files_update() (io_is_uring_fops gives -EBADF); observed -EBADF on Linux 6.18',
          errno: 'EBADF',
        },
      ],
    },
    {
      name: 'nr_files',
      type: 'unsigned',
      doc: 'How many slots to update, from 1 on.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1 },
          message: 'nr_files must be at least 1',
          source: 'kernel io_uring/rsrc.c __io_register_rsrc_update() (!nr_args gives -EINVAL); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  returns: { kind: 'count', type: 'int', doc: 'How many slots were updated: nr_files, or fewer when an entry failed after some succeeded.' },
  errors: {
    ENXIO: 'the ring has no file table: register one first (io_uring_register_files_sparse)',
    EINVAL: 'off + nr_files is beyond the table, or nr_files is 0',
    EOVERFLOW: 'off + nr_files overflows',
    EBADF: 'an entry is not an open fd, -1 or IORING_REGISTER_FILES_SKIP, or is an io_uring fd',
  },
  quirks: [
    { text: 'when an entry after the first fails, the call returns the number updated so far instead of the error', source: 'kernel io_uring/rsrc.c __io_register_rsrc_update(); observed 1 for [fd, ring fd] on Linux 6.18' },
  ],
  test: {
    async effect({ catchError, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_register_files, io_uring_register_files_update, io_uring_sqe_set_flags, io_uring_unregister_files, IORING_REGISTER_FILES_SKIP, IOSQE_FIXED_FILE, newRing, tempDir, unchecked_io_uring_register_files_update, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('a'), 'file a');
      writeFileSync(dir.file('b'), 'file b');
      const fa = openSync(dir.file('a'), 'r');
      const fb = openSync(dir.file('b'), 'r');
      const ring = newRing(4);
      const buf = new Uint8Array(8);
      const readSlot = (slot: number) => {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_read(sqe, slot, buf, 6, 0);
        io_uring_sqe_set_flags(sqe, IOSQE_FIXED_FILE);
        const res = waitOne(ring).res;
        return res < 0 ? res : Buffer.from(buf.subarray(0, res)).toString();
      };
      try {
        expect(io_uring_register_files(ring, Int32Array.of(fa, -1, -1), 3)).toBe(0);
        // Slot 0 kept (SKIP), slot 1 gets b, slot 2 stays empty (-1).
        expect(io_uring_register_files_update(ring, 0, Int32Array.of(IORING_REGISTER_FILES_SKIP, fb, -1), 3)).toBe(3);
        expect(readSlot(0)).toBe('file a');
        expect(readSlot(1)).toBe('file b');
        expect(readSlot(2)).toBe(-errnoNumber('EBADF'));
        // Emptying slot 0.
        expect(io_uring_register_files_update(ring, 0, Int32Array.of(-1), 1)).toBe(1);
        expect(readSlot(0)).toBe(-errnoNumber('EBADF'));
        // Past the table, and a partial update stopped by the ring's own fd.
        expect(catchError(() => io_uring_register_files_update(ring, 2, Int32Array.of(fa, fa), 2))).toMatchObject({ name: 'UringError', code: 'EINVAL' });
        expect(Number(unchecked_io_uring_register_files_update(ring, 0, Int32Array.of(fa, ring.ring_fd), 2))).toBe(1);
        expect(readSlot(0)).toBe('file a');
        expect(io_uring_unregister_files(ring)).toBe(0);
        expect(catchError(() => io_uring_register_files_update(ring, 0, Int32Array.of(fa), 1))).toMatchObject({ name: 'UringError', code: 'ENXIO' });
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fa);
        closeSync(fb);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_register_files_sparse, io_uring_register_files_update, newRing }) {
      const { openSync, closeSync } = await import('node:fs');
      const ring = newRing(4);
      io_uring_register_files_sparse(ring, 4);
      const fd = openSync('/dev/null', 'r');
      const files = Int32Array.of(fd);
      const args = [ring, 0, files, 1] as Parameters<typeof io_uring_register_files_update>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(fd);
        },
        files,
        ring,
      };
    },
    violations: {
      'off.relation': { args: { off: 0xffffffff } },
      'files.relation': { args: { files: () => Int32Array.of(-3) } },
      'files.relation#2': { args: { files: ({ ring }) => Int32Array.of(ring.ring_fd) } },
      'files.count': { args: { nr_files: ({ files }) => files.length + 1 } },
    },
  },
});
