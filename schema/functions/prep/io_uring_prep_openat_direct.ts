import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_openat_direct',
  since: '2.1',
  category: 'prep',
  inline: true,
  summary: 'Prepare an openat whose result goes straight into the ring\'s registered file table (a direct descriptor) at file_index.',
  description:
    'Like io_uring_prep_openat, but the file is installed in slot file_index of the table registered with io_uring_register_files, not in the process\'s file table: ' +
    'the completion res is 0 (or, with IORING_FILE_INDEX_ALLOC, the slot it chose), or -errno. Use the slot as fd with IOSQE_FIXED_FILE. ' +
    'A file already in the slot is closed first. liburing-ts keeps the path\'s C string until the completion is seen.',
  man: 'io_uring_prep_openat_direct(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'dfd',
      type: 'int',
      doc: 'The directory a relative path starts from: an open directory file descriptor or AT_FDCWD. Always a regular file descriptor.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: "dfd >= 0 || dfd === AT_FDCWD || path.startsWith('/')", says: 'with a relative path, dfd must be an open directory file descriptor or AT_FDCWD' },
          message: 'dfd must be an open directory file descriptor or AT_FDCWD when path is relative',
          source: 'openat(2) ERRORS: "EBADF pathname is relative but dirfd is neither AT_FDCWD nor a valid file descriptor"; observed res -EBADF for dfd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'path', type: 'const char *', ownership: 'completion', doc: 'The path to open.' },
    {
      name: 'flags',
      type: 'int',
      doc: 'O_* open flags, as for openat(2), without O_CLOEXEC.',
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
    rw: { op: 'IORING_OP_OPENAT', fd: 'dfd', addr: 'path', len: 'mode', off: '0' },
    set: [['open_flags', 'flags'], ['file_index', 'file_index === IORING_FILE_INDEX_ALLOC ? file_index : file_index + 1']],
  },
  quirks: [
    { text: 'file_index must be below the size of the registered file table (or IORING_FILE_INDEX_ALLOC): a slot past it gives res -EINVAL, and a ring without a file table gives -ENXIO; liburing-ts does not know the table\'s size', source: 'io_uring_prep_openat(3) ("as long as it is within the size of the registered table"); observed on Linux 6.18' },
    { text: 'with IORING_FILE_INDEX_ALLOC and no free slot the completion is -ENFILE', source: 'io_uring_prep_openat_direct(3)' },
    { text: 'the SQE stores file_index + 1 (0 means "not direct"); IORING_FILE_INDEX_ALLOC is stored as is', source: 'liburing 2.9 liburing.h io_uring_prep_openat_direct and __io_uring_set_target_fixed_file' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_openat_direct, io_uring_prep_read, io_uring_queue_exit, io_uring_register_files, io_uring_sqe_set_data64, io_uring_sqe_set_flags, IORING_FILE_INDEX_ALLOC, IORING_OP_OPENAT, IOSQE_FIXED_FILE, newRing, O_RDONLY, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'direct data');
      const dfd = openSync(dir.path, 'r');
      try {
        // A sparse table of two slots.
        expect(io_uring_register_files(ring, new Int32Array([-1, -1]), 2)).toBe(0);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_openat_direct(sqe, dfd, 'data', O_RDONLY, 0, 1);
        expect(sqe.opcode).toBe(IORING_OP_OPENAT);
        expect(sqe.file_index).toBe(2);
        io_uring_sqe_set_data64(sqe, 1n);
        expect(waitOne(ring)).toMatchObject({ user_data: 1n, res: 0 });
        // The file is in slot 1: read it with IOSQE_FIXED_FILE.
        const buf = new Uint8Array(32);
        const read = io_uring_get_sqe(ring)!;
        io_uring_prep_read(read, 1, buf, 32, 0);
        io_uring_sqe_set_flags(read, IOSQE_FIXED_FILE);
        expect(waitOne(ring).res).toBe(11);
        expect(Buffer.from(buf.subarray(0, 11)).toString()).toBe('direct data');
        // IORING_FILE_INDEX_ALLOC picks the free slot, 0, and returns it; then the table is full: -ENFILE.
        io_uring_prep_openat_direct(io_uring_get_sqe(ring)!, dfd, 'data', O_RDONLY, 0, IORING_FILE_INDEX_ALLOC);
        expect(waitOne(ring).res).toBe(0);
        io_uring_prep_openat_direct(io_uring_get_sqe(ring)!, dfd, 'data', O_RDONLY, 0, IORING_FILE_INDEX_ALLOC);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENFILE'));
        // A slot past the table: -EINVAL.
        io_uring_prep_openat_direct(io_uring_get_sqe(ring)!, dfd, 'data', O_RDONLY, 0, 5);
        expect(waitOne(ring).res).toBe(-errnoNumber('EINVAL'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(dfd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_openat_direct, io_uring_register_files, newRing, O_RDONLY, tempDir }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      io_uring_register_files(ring, new Int32Array([-1, -1]), 2);
      writeFileSync(dir.file('data'), 'x');
      const dfd = openSync(dir.path, 'r');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, dfd, 'data', O_RDONLY, 0, 0] as Parameters<typeof io_uring_prep_openat_direct>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(dfd);
          dir.remove();
        },
      };
    },
    violations: {
      'dfd.relation': { args: { dfd: -1 } },
      'flags.relation': { args: { flags: (_, { O_CLOEXEC, O_RDONLY }) => O_RDONLY | O_CLOEXEC } },
    },
  },
});
