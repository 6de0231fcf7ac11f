import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_files',
  since: '0.1',
  category: 'register',
  summary: 'Register nr_files file descriptors as the ring\'s fixed-file table, for IOSQE_FIXED_FILE requests and direct descriptors.',
  description:
    'Slot i of the table holds files[i] (-1 leaves it empty). A request with IOSQE_FIXED_FILE then names a file by its slot ' +
    'instead of its fd, which saves the kernel a file reference per request. The table also receives direct descriptors ' +
    '(the *_direct prep helpers). The kernel takes its own reference: closing the fd afterwards does not affect the slot. One ' +
    'table per ring: unregister before registering anew, or update slots with io_uring_register_files_update.',
  man: 'io_uring_register_files(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'files',
      type: 'const int *',
      count: 'nr_files',
      countSource: 'io_uring_register_files(3): files is an array of nr_files file descriptors; kernel io_uring/rsrc.c io_sqe_files_register() reads nr_files ints',
      doc: 'The file descriptors, one per slot; -1 for an empty slot.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'files.subarray(0, nr_files).every((fd) => fd >= -1)', says: 'every fd must be a descriptor (>= 0) or -1 for an empty slot' },
          message: 'each entry must be an open file descriptor or -1 (an empty slot); other negative values are refused',
          source: 'io_uring_register(2) IORING_REGISTER_FILES ("the fd field in the array may be set to -1", man2/io_uring_register.2:228-249) and ERRORS EBADF (man2/io_uring_register.2:1064); kernel io_uring/rsrc.c io_sqe_files_register(); observed -EBADF for -2 and -5 on Linux 6.18',
          errno: 'EBADF',
        },
        {
          rule: { kind: 'relation', holds: 'ring.ring_fd < 0 || !files.subarray(0, nr_files).includes(ring.ring_fd)', says: 'the ring\'s own fd cannot be registered in its table' },
          message: 'files must not contain the ring\'s own fd: io_uring instances cannot be registered as fixed files (this holds for every ring fd; liburing-ts checks only this ring\'s)',
          source: 'kernel io_uring/rsrc.c io_sqe_files_register() ("Don\'t allow io_uring instances to be registered"); test/io_uring_register.c in liburing; observed -EBADF on Linux 6.18 for this ring\'s and another ring\'s fd',
          errno: 'EBADF',
        },
      ],
    },
    {
      name: 'nr_files',
      type: 'unsigned',
      doc: 'How many slots, from 1 to 1048576 (and within RLIMIT_NOFILE).',
      preconditions: [
        {
          rule: { kind: 'range', min: 1 },
          message: 'nr_files must be at least 1',
          source: 'io_uring_register(2) ERRORS EINVAL ("IORING_REGISTER_FILES was specified, but nr_args is 0", man2/io_uring_register.2:1092-1099); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'range', max: 1048576 },
          message: 'nr_files must not exceed 1048576 (IORING_MAX_FIXED_FILES); nor RLIMIT_NOFILE, which liburing tries to raise once',
          source: 'io_uring_register(2) ERRORS EMFILE (man2/io_uring_register.2:1125-1135); kernel io_uring/rsrc.c IORING_MAX_FIXED_FILES (1 << 20); observed -EMFILE for 1048577 on Linux 6.18',
          errno: 'EMFILE',
        },
      ],
    },
  ],
  bookkeeping: { kind: 'files-register', count: 'nr_files' },
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EBADF: 'an entry is neither an open fd nor -1, or is an io_uring fd',
    EBUSY: 'the ring already has a file table: call io_uring_unregister_files first, or update it',
    EINVAL: 'nr_files is 0',
    EMFILE: 'nr_files exceeds 1048576 or RLIMIT_NOFILE (liburing raised the soft limit once and retried)',
    ENOMEM: 'not enough memory for the table',
    ENXIO: 'the ring is being torn down or another registration is in progress',
  },
  quirks: [
    { text: 'on -EMFILE liburing raises the process\'s RLIMIT_NOFILE soft limit by nr_files (setrlimit, silently ignored when it fails) and retries once: a side effect on the whole process', source: 'liburing 2.9 src/register.c io_uring_register_files() and increase_rlimit_nofile()' },
    { text: 'the kernel takes its own reference to each file: closing the fd after registering does not empty the slot, and the file stays open until the slot is updated or the table unregistered', source: 'io_uring_register(2) IORING_REGISTER_FILES; observed on Linux 6.18' },
  ],
  test: {
    async effect({ catchError, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_register_files, io_uring_sqe_set_flags, IOSQE_FIXED_FILE, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync, readFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), 'read through slot 1');
      const fd = openSync(dir.file('data'), 'r');
      const ring = newRing(4);
      try {
        expect(io_uring_register_files(ring, Int32Array.of(-1, fd), 2)).toBe(0);
        expect(readFileSync(`/proc/self/fdinfo/${ring.ring_fd}`, 'utf8')).toMatch(/UserFiles:\s+2/);
        // The fd can be closed: the slot keeps the file.
        closeSync(fd);
        const buf = new Uint8Array(32);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_read(sqe, 1, buf, 19, 0);
        io_uring_sqe_set_flags(sqe, IOSQE_FIXED_FILE);
        expect(waitOne(ring).res).toBe(19);
        expect(Buffer.from(buf.subarray(0, 19)).toString()).toBe('read through slot 1');
        // Slot 0 is empty.
        const empty = io_uring_get_sqe(ring)!;
        io_uring_prep_read(empty, 0, buf, 4, 0);
        io_uring_sqe_set_flags(empty, IOSQE_FIXED_FILE);
        expect(waitOne(ring).res).toBe(-errnoNumber('EBADF'));
        // One table per ring.
        expect(catchError(() => io_uring_register_files(ring, Int32Array.of(-1), 1))).toMatchObject({ name: 'UringError', code: 'EBUSY' });
      } finally {
        io_uring_queue_exit(ring);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_register_files, newRing }) {
      const { openSync, closeSync } = await import('node:fs');
      const ring = newRing(4);
      const fd = openSync('/dev/null', 'r');
      const files = Int32Array.of(fd);
      const args = [ring, files, 1] as Parameters<typeof io_uring_register_files>;
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
      'files.relation': { args: { files: () => Int32Array.of(-2) } },
      'files.relation#2': { args: { files: ({ ring }) => Int32Array.of(ring.ring_fd) } },
      'files.count': { args: { nr_files: ({ files }) => files.length + 1 } },
      // The arrays hold nr_files entries (the count rule): the kernel refuses the size before it reads them.
      'nr_files.range#2': { args: { files: () => new Int32Array(1048577).fill(-1), nr_files: 1048577 } },
    },
  },
});
