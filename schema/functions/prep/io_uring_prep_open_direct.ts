import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_open_direct',
  since: '2.8',
  category: 'prep',
  inline: true,
  summary: 'Prepare an open (relative to the current working directory) whose result goes straight into the registered file table at file_index.',
  description:
    'io_uring_prep_openat_direct(sqe, AT_FDCWD, path, flags, mode, file_index): the completion res is 0 (or, with IORING_FILE_INDEX_ALLOC, the slot it chose), or -errno. ' +
    'Use the slot as fd with IOSQE_FIXED_FILE. liburing-ts keeps the path\'s C string until the completion is seen.',
  man: 'io_uring_prep_open_direct(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'path', type: 'const char *', ownership: 'completion', doc: 'The path to open; a relative one starts at the current working directory.' },
    {
      name: 'flags',
      type: 'int',
      doc: 'O_* open flags, as for open(2), without O_CLOEXEC.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: '!hasFlag(flags, O_CLOEXEC)', says: 'flags cannot have O_CLOEXEC: a direct descriptor is not in the process\'s file table' },
          message: 'flags must not have O_CLOEXEC for a direct open',
          source: 'kernel io_uring/openclose.c __io_openat_prep() (file_slot with O_CLOEXEC gives -EINVAL); liburing-preconditions reference; observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'mode', type: 'mode_t', doc: 'The permission bits of a file created with O_CREAT or O_TMPFILE (less the umask); ignored otherwise.' },
    { name: 'file_index', type: 'unsigned', doc: 'The slot (from 0) of the registered file table, or IORING_FILE_INDEX_ALLOC to let the kernel pick a free one.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0 (the slot with IORING_FILE_INDEX_ALLOC), or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_OPENAT', fd: 'AT_FDCWD', addr: 'path', len: 'mode', off: '0' },
    set: [['open_flags', 'flags'], ['file_index', 'file_index === IORING_FILE_INDEX_ALLOC ? file_index : file_index + 1']],
  },
  quirks: [
    { text: 'new in liburing 2.8; it is io_uring_prep_openat_direct(sqe, AT_FDCWD, path, flags, mode, file_index)', source: 'liburing 2.9 liburing.h io_uring_prep_open_direct; liburing-ffi.map LIBURING_2.8' },
    { text: 'file_index must be below the size of the registered file table (or IORING_FILE_INDEX_ALLOC): a slot past it gives res -EINVAL, and a ring without a file table gives -ENXIO; liburing-ts does not know the table\'s size', source: 'io_uring_prep_open_direct(3) ("as long as it is within the size of the registered table"); observed on Linux 6.18' },
    { text: 'the SQE stores file_index + 1 (0 means "not direct"); IORING_FILE_INDEX_ALLOC is stored as is', source: 'liburing 2.9 liburing.h io_uring_prep_openat_direct and __io_uring_set_target_fixed_file' },
  ],
  test: {
    async effect({ AT_FDCWD, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_open_direct, io_uring_prep_read, io_uring_queue_exit, io_uring_register_files, io_uring_sqe_set_data64, io_uring_sqe_set_flags, IORING_FILE_INDEX_ALLOC, IORING_OP_OPENAT, IOSQE_FIXED_FILE, newRing, O_RDONLY, tempDir, waitOne }) {
      const { writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'direct data');
      try {
        expect(io_uring_register_files(ring, new Int32Array([-1, -1, -1]), 3)).toBe(0);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_open_direct(sqe, dir.file('data'), O_RDONLY, 0, 2);
        expect(sqe.opcode).toBe(IORING_OP_OPENAT);
        expect(sqe.fd).toBe(AT_FDCWD);
        expect(sqe.file_index).toBe(3);
        io_uring_sqe_set_data64(sqe, 2n);
        expect(waitOne(ring)).toMatchObject({ user_data: 2n, res: 0 });
        // The file is in slot 2.
        const buf = new Uint8Array(32);
        const read = io_uring_get_sqe(ring)!;
        io_uring_prep_read(read, 2, buf, 32, 7);
        io_uring_sqe_set_flags(read, IOSQE_FIXED_FILE);
        expect(waitOne(ring).res).toBe(4);
        expect(Buffer.from(buf.subarray(0, 4)).toString()).toBe('data');
        // IORING_FILE_INDEX_ALLOC: the kernel picks a free slot and returns it.
        io_uring_prep_open_direct(io_uring_get_sqe(ring)!, dir.file('data'), O_RDONLY, 0, IORING_FILE_INDEX_ALLOC);
        const slot = waitOne(ring).res;
        expect([0, 1]).toContain(slot);
        // A missing file: -ENOENT, and nothing is installed.
        io_uring_prep_open_direct(io_uring_get_sqe(ring)!, dir.file('missing'), O_RDONLY, 0, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
      } finally {
        io_uring_queue_exit(ring);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_open_direct, io_uring_register_files, newRing, O_RDONLY, tempDir }) {
      const { writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      io_uring_register_files(ring, new Int32Array([-1, -1]), 2);
      writeFileSync(dir.file('data'), 'x');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, dir.file('data'), O_RDONLY, 0, 0] as Parameters<typeof io_uring_prep_open_direct>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          dir.remove();
        },
      };
    },
    violations: {
      'flags.relation': { args: { flags: (_, { O_CLOEXEC, O_RDONLY }) => O_RDONLY | O_CLOEXEC } },
    },
  },
});
